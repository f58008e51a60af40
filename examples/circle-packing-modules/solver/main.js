// The entry the sandbox imports: a starting layout, a search that improves it, the largest radii it allows.
import { maxRadii } from './geometry.js';
import { layout } from './layout.js';
import { relax } from './search.js';

/** Returns { centers: [[x, y], ...], radii: [...] } for n circles. */
export function pack(n) {
  const centers = layout(n);
  relax(centers);
  return { centers, radii: maxRadii(centers) };
}
