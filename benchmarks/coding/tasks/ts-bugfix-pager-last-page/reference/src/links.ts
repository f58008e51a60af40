// The row of page links under a result list: 1 … 4 5 [6] 7 8 … 20
import { pageCount } from './paginate.ts';

export type Link = number | 'gap';

// First and last page, the current page with `radius` neighbours on each side, and 'gap' where pages are skipped.
export function pageLinks(current: number, total: number, radius = 2): Link[] {
  if (total === 0) return [];
  if (!Number.isInteger(current) || current < 1 || current > total) throw new RangeError(`no page ${current}`);
  const start = Math.max(1, current - radius);
  const end = Math.min(total, current + radius);
  const out: Link[] = [];
  if (start > 1) {
    out.push(1);
    if (start > 2) out.push('gap');
  }
  for (let p = start; p <= end; p++) out.push(p);
  if (end < total) {
    if (end < total - 1) out.push('gap');
    out.push(total);
  }
  return out;
}

export function linksFor(totalItems: number, pageSize: number, current: number): Link[] {
  return pageLinks(current, pageCount(totalItems, pageSize));
}

export function render(links: Link[], current: number): string {
  return links.map((l) => (l === 'gap' ? '…' : l === current ? `[${l}]` : String(l))).join(' ');
}
