import { useEffect, useState } from 'preact/hooks';

/** Hash routes: #/ (runs), #/run/ID[/tab], #/program/ID, #/compare/A/B, #/battle?... */
/** A path segment decoded; one whose escapes are malformed (`%E0%A4%A`) as typed, so that the page names it. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The route in the address bar: its hash's path segments, decoded. */
export const currentRoute = (): string[] => (location.hash.replace(/^#\/?/, '').split('?')[0] ?? '').split('/').filter(Boolean).map(decodeSegment);

export function useRoute(): string[] {
  const read = currentRoute;
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
