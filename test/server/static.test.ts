import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiServer, type UiServer } from '../../src/server/serve.ts';
import { accepts, IMMUTABLE } from '../../src/server/static.ts';
import { Store } from '../../src/store/store.ts';
import { tempDir } from '../support/tmp.ts';

const INDEX = `<!doctype html><title>Kaizen dashboard</title><div id="app"></div>${' '.repeat(2000)}`;
const SCRIPT = `console.log(${JSON.stringify('kaizen '.repeat(500))});\n`;

/** A built front end as web/vite.config.ts writes it: each text file with its .br and .gz siblings. */
function builtWeb(): string {
  const dir = tempDir('kaizen-web-');
  mkdirSync(join(dir, 'assets'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
  };
  write('index.html', INDEX);
  write('assets/index-abc123.js', SCRIPT);
  writeFileSync(join(dir, 'assets', 'tiny-def456.css'), 'p{}'); // too small to compress: no siblings
  return dir;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET over a real socket, the body as sent (fetch would decode it). */
function get(server: UiServer, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { authorization: `Bearer ${server.token}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the front end as served: compressed, cached by hash', () => {
  let server: UiServer;
  beforeAll(async () => {
    // The dashboard opens its database read-only, so it must exist: an empty run database.
    const db = join(tempDir('kaizen-static-'), 'kaizen.db');
    await (await Store.open(db)).close();
    server = await startUiServer({ db, webDir: builtWeb() });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends a hashed asset as brotli to a browser that takes it, cached for a year', async () => {
    const r = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toContain('text/javascript');
    expect(r.headers.vary).toContain('Accept-Encoding');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(r.body).toString()).toBe(SCRIPT);
    expect(r.body.length).toBeLessThan(SCRIPT.length / 4);
    // The security headers stay on a compressed file.
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('falls back to gzip, then to the plain file, as Accept-Encoding allows', async () => {
    const gz = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'br;q=0, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
    const plain = await get(server, '/assets/index-abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    const none = await get(server, '/assets/index-abc123.js');
    expect(none.body.toString()).toBe(SCRIPT);
    const small = await get(server, '/assets/tiny-def456.css', { 'accept-encoding': 'br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe('p{}');
    expect(small.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('has index.html revalidated on every load, compressed too, for / and for deep links', async () => {
    for (const path of ['/', '/index.html', '/run/x/lineage']) {
      const r = await get(server, path, { 'accept-encoding': 'gzip' });
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-type']).toContain('text/html');
      expect(gunzipSync(r.body).toString()).toBe(INDEX);
    }
  });

  it('answers 404 for an asset it does not have, not index.html under a script name', async () => {
    const r = await get(server, '/assets/index-old999.js', { 'accept-encoding': 'br' });
    expect(r.status).toBe(404);
    expect(r.headers['cache-control']).toBeUndefined();
    expect(r.body.toString()).toContain('no such asset');
  });

  it('still wants the token for every file', async () => {
    const r = await get(server, '/assets/index-abc123.js', { authorization: '' });
    expect(r.status).toBe(403);
  });
});

describe('accepts (Accept-Encoding)', () => {
  it('reads names, q-values and the wildcard', () => {
    expect(accepts('gzip, deflate, br', 'br')).toBe(true);
    expect(accepts('gzip, deflate', 'br')).toBe(false);
    expect(accepts('br;q=0, gzip', 'br')).toBe(false);
    expect(accepts('br;q=0.5', 'br')).toBe(true);
    expect(accepts('*', 'gzip')).toBe(true);
    expect(accepts('*;q=0, gzip', 'br')).toBe(false);
    expect(accepts('BR', 'br')).toBe(true);
    expect(accepts(undefined, 'gzip')).toBe(false);
  });
});
