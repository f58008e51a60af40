// The built front end (web/, built by Vite into dist/web): files sent precompressed when the browser accepts it, and
// cached by name: Vite's hashed assets for a year, index.html revalidated on every load.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** assets/ holds only names with a content hash (index-AbC123.js): what one names never changes. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The siblings web/vite.config.ts writes at build time, best first. */
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;

/** Whether an Accept-Encoding header admits `coding` (named, or by `*`, with a q-value above 0). */
export function accepts(header: string | undefined, coding: string): boolean {
  const offers = (header ?? '').split(',').map((part) => {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return { name, ok: q === undefined || Number(q.slice(2)) > 0 };
  });
  const offer = offers.find((o) => o.name === coding) ?? offers.find((o) => o.name === '*');
  return offer?.ok ?? false;
}

/** Answers a GET for a file of the front end in `web` (any other path: index.html, whose hash routes do the rest). */
export function serveFrontEnd(c: Context, web: string | null): Response {
  if (!web || !existsSync(join(web, 'index.html'))) return c.text('the front end is not built: run `npm run build`\n', 503);
  const rel = normalize(decodeURIComponent(c.req.path)).replace(/^(\.\.[/\\])+/, '');
  const asked = join(web, rel);
  const found = asked.startsWith(web) && rel !== '/' && !!extname(asked) && existsSync(asked) && statSync(asked).isFile();
  const inAssets = asked.startsWith(join(web, 'assets'));
  // A stale page asking for an asset of an older build must not get index.html under a script's name.
  if (!found && inAssets) return c.text('no such asset (rebuilt since this page loaded? reload it)\n', 404);
  const file = found ? asked : join(web, 'index.html');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const headers: Record<string, string> = { 'content-type': type, 'cache-control': found && inAssets ? IMMUTABLE : 'no-cache' };
  const packed = ENCODINGS.find((e) => accepts(c.req.header('accept-encoding'), e.coding) && existsSync(file + e.suffix));
  if (TYPES[extname(file)]) headers.vary = 'Accept-Encoding';
  if (packed) headers['content-encoding'] = packed.coding;
  return c.body(readFileSync(packed ? file + packed.suffix : file), 200, headers);
}
