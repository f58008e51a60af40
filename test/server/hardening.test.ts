import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedHosts } from '../../src/server/auth.ts';
import { shownHost, startUiServer, type UiServer } from '../../src/server/serve.ts';
import { type MultiCaseRun, multiCaseRun } from '../support/multi-case-run.ts';
import { tempDir } from '../support/tmp.ts';

const INDEX = '<!doctype html><title>Kaizen dashboard</title><div id="app"></div>';

/** A stand-in for the built front end: index.html and one hashed asset. */
function fakeWeb(): string {
  const dir = tempDir('kaizen-web-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("kaizen");\n');
  return dir;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET over a real socket to 127.0.0.1:port with any Host header (fetch may not forge one). */
function get(port: number, path: string, host: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { ...headers, host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function expectSecurityHeaders(h: Headers | Reply['headers']): void {
  const header = (name: string) => (h instanceof Headers ? h.get(name) : (h[name] as string | undefined));
  const csp = header('content-security-policy') ?? '';
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toContain('unsafe-eval');
  expect(header('x-frame-options')).toBe('DENY');
  expect(header('x-content-type-options')).toBe('nosniff');
  expect(header('referrer-policy')).toBe('no-referrer');
  expect(header('strict-transport-security') ?? null).toBeNull();
}

let run: MultiCaseRun;
let web: string;
beforeAll(async () => {
  run = await multiCaseRun();
  web = fakeWeb();
});

describe('the dashboard on loopback', () => {
  let server: UiServer;
  let base: string;
  const auth = () => ({ authorization: `Bearer ${server.token}` });

  beforeAll(async () => {
    server = await startUiServer({ db: run.db, webDir: web, liveIntervalMs: 100 });
    base = server.url.replace(/\?token=.*/, '');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('prints the loopback URL with the token, as before', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  it('sends the security headers on index.html, the API, a static asset, the SSE stream, a 404, an error and a refusal', async () => {
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(await index.text()).toBe(INDEX);
    expectSecurityHeaders(index.headers);

    const api = await fetch(`${base}api/runs`, { headers: auth() });
    expect(api.status).toBe(200);
    expectSecurityHeaders(api.headers);

    const asset = await fetch(`${base}assets/index-abc123.js`, { headers: auth() });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expectSecurityHeaders(asset.headers);

    const missing = await fetch(`${base}api/no-such-thing`, { headers: auth() });
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing.headers);

    const noProgram = await fetch(`${base}api/programs/999999`, { headers: auth() });
    expect(noProgram.status).toBe(404);
    expectSecurityHeaders(noProgram.headers);

    const error = await fetch(`${base}api/runs/no-such-run`, { headers: auth() });
    expect(error.status).toBe(404);
    expectSecurityHeaders(error.headers);

    const noToken = await fetch(`${base}api/runs`);
    expect(noToken.status).toBe(403);
    expectSecurityHeaders(noToken.headers);

    const live = new AbortController();
    const sse = await fetch(`${base}api/runs/${run.runId}/live`, { headers: auth(), signal: live.signal });
    expect(sse.status).toBe(200);
    expect(sse.headers.get('content-type')).toContain('text/event-stream');
    expectSecurityHeaders(sse.headers);
    live.abort();
  });

  it('refuses a forged Host with 421 and a plain-text reason, serving nothing else', async () => {
    for (const host of [
      `evil.example:${server.port}`,
      'evil.example',
      `0.0.0.0:${server.port}`,
      `localhost.evil.example:${server.port}`,
      `localhost:${server.port + 1}`,
    ]) {
      const page = await get(server.port, `/?token=${server.token}`, host);
      expect(page.status, host).toBe(421);
      expect(page.headers['content-type']).toMatch(/^text\/plain/);
      expect(page.body).toMatch(/^kaizen ui: this server does not answer to Host/);
      expect(page.body).not.toContain('Kaizen dashboard');
      expect(page.headers['set-cookie']).toBeUndefined(); // refused before the token is even looked at
      expectSecurityHeaders(page.headers);

      const api = await get(server.port, '/api/runs', host, auth());
      expect(api.status, host).toBe(421);
      expect(api.body).not.toContain(run.runId);
    }
  });

  it('answers the loopback names at its port', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`]) {
      const r = await get(server.port, '/api/runs', host, auth());
      expect(r.status, host).toBe(200);
      expect(r.body).toContain(run.runId);
    }
  });
});

describe('the dashboard on 0.0.0.0', () => {
  let server: UiServer;

  beforeAll(async () => {
    server = await startUiServer({ db: run.db, webDir: web, host: '0.0.0.0', allowedHosts: ['kaizen.example.org'] });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('prints a URL another machine can reach, with the token, and it answers', async () => {
    const url = new URL(server.url);
    expect(url.hostname).not.toBe('0.0.0.0');
    expect(url.hostname).toBe(shownHost('0.0.0.0'));
    expect(url.searchParams.get('token')).toBe(server.token);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);
    expectSecurityHeaders(page.headers);
  });

  it("answers the machine's hostname and the allow-listed names, but not 0.0.0.0 or a forged name", async () => {
    const token = { authorization: `Bearer ${server.token}` };
    for (const host of [
      `localhost:${server.port}`,
      `${new URL(server.url).host}`,
      `${hostname()}:${server.port}`,
      'kaizen.example.org',
      'kaizen.example.org:8443',
    ]) {
      expect((await get(server.port, '/api/runs', host, token)).status, host).toBe(200);
    }
    for (const host of [`0.0.0.0:${server.port}`, `evil.example:${server.port}`]) {
      expect((await get(server.port, '/api/runs', host, token)).status, host).toBe(421);
    }
  });
});

describe('allowedHosts and shownHost', () => {
  it('matches Host headers by name and port, port 80 when the header has none', () => {
    const ok = allowedHosts('127.0.0.1', 80, ['proxy.example:8443']);
    expect(ok('localhost')).toBe(true);
    expect(ok('127.0.0.1:80')).toBe(true);
    expect(ok('[::1]')).toBe(true);
    expect(ok('proxy.example:8443')).toBe(true);
    expect(ok('proxy.example')).toBe(false);
    expect(ok('localhost:81')).toBe(false);
    expect(ok(undefined)).toBe(false);
    expect(ok('')).toBe(false);
    expect(ok('localhost:80:80')).toBe(false);
    expect(ok('::1')).toBe(false); // an IPv6 literal in a Host header is bracketed
  });

  it('accepts the bound address, and on a wildcard the machine names, never the wildcard itself', () => {
    expect(allowedHosts('192.0.2.7', 5000)('192.0.2.7:5000')).toBe(true);
    expect(allowedHosts('fd00::7', 5000)('[fd00::7]:5000')).toBe(true);
    const any = allowedHosts('::', 5000, [], { hostname: 'Box', addresses: ['192.0.2.7', 'fe80::1'] });
    expect(any('box:5000')).toBe(true);
    expect(any('192.0.2.7:5000')).toBe(true);
    expect(any('[fe80::1]:5000')).toBe(true);
    expect(any('[::]:5000')).toBe(false);
    expect(any('0.0.0.0:5000')).toBe(false);
  });

  it('shows the first external IPv4 address for a wildcard, else the hostname', () => {
    const lo = { address: '127.0.0.1', family: 'IPv4', internal: true };
    const v6 = { address: 'fd00::2', family: 'IPv6', internal: false };
    const v4 = { address: '192.0.2.2', family: 'IPv4', internal: false };
    expect(shownHost('0.0.0.0', [lo, v6, v4], 'box')).toBe('192.0.2.2');
    expect(shownHost('::', [lo, v6], 'box')).toBe('box');
    expect(shownHost('::', [lo], '')).toBe('127.0.0.1');
    expect(shownHost('127.0.0.1', [lo, v4], 'box')).toBe('127.0.0.1');
  });
});
