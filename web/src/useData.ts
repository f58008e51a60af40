import { useEffect, useState } from 'preact/hooks';
import { arrived, get } from './api.ts';

/** Fetches `path` (again when it or `tick` changes); while a new path loads, nothing of the old one is returned. */
export function useData<T>(path: string | null, tick = 0): { data: T | null; error: string | null } {
  // An answer asked for early that has already come is drawn by the first render, not after a frame of "Loading…".
  const [state, setState] = useState<{ path: string | null; data: T | null; error: string | null }>(() => ({
    path,
    data: (path ? arrived<T>(path) : undefined) ?? null,
    error: null,
  }));
  useEffect(() => {
    if (!path) return;
    let live = true;
    get<T>(path).then(
      (data) => live && setState({ path, data, error: null }),
      (e: Error) => live && setState({ path, data: null, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  return state.path === path ? state : { data: null, error: null };
}
