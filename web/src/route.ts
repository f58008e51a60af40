import { useEffect, useState } from 'preact/hooks';

/** Hash routes: #/ (runs), #/run/ID[/tab], #/program/ID, #/compare/A/B, #/battle?... */
export function useRoute(): string[] {
  const read = () => (location.hash.replace(/^#\/?/, '').split('?')[0] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    addEventListener('hashchange', on);
    on(); // the hash may have changed between the first render and this effect, with nobody listening yet
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

export function hashQuery(): URLSearchParams {
  return new URLSearchParams(location.hash.split('?')[1] ?? '');
}

export const go = (path: string) => {
  location.hash = `#/${path}`;
};
