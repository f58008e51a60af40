import { useEffect, useState } from 'preact/hooks';
import { get } from './api.ts';

/** Fetches `path` (again when it or `tick` changes). */
export function useData<T>(path: string | null, tick = 0): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null });
  useEffect(() => {
    if (!path) return;
    let live = true;
    get<T>(path).then(
      (data) => live && setState({ data, error: null }),
      (e: Error) => live && setState({ data: null, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  return state;
}
