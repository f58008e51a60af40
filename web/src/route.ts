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

/**
 * Rewrites the address's hash query (`#/path?query`; no `?` for an empty one) without a new history entry: a view's
 * choices stay in the address, so Back to it, a reload or a shared link restores them.
 */
export function replaceHashQuery(query: string): void {
  const [path] = location.hash.split('?');
  const hash = query ? `${path}?${query}` : path;
  if (hash !== location.hash) history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
}

export const go = (path: string) => {
  location.hash = `#/${path}`;
};
