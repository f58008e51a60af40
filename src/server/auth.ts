import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const TOKEN_COOKIE = 'kaizen_token';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every request must carry the token: `?token=` (then remembered in an HttpOnly cookie, as Jupyter does), the cookie,
 * or an `Authorization: Bearer` header.
 */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const query = c.req.query('token');
    const header = c.req.header('authorization')?.replace(/^Bearer\s+/i, '');
    const given = query ?? header ?? getCookie(c, TOKEN_COOKIE);
    if (!given || !same(given, token)) return c.text('kaizen ui: a valid token is required (use the URL printed by `kaizen ui`)\n', 403);
    if (query) setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
    await next();
  };
}

/** A wildcard bind address: the server answers on every interface of the machine. */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
}

/** `name:port` as it appears in a Host header: lower-case, IPv6 addresses in brackets. */
function authority(name: string, port: number): string {
  const n = name.toLowerCase().replace(/^\[|\]$/g, '');
  return `${n.includes(':') ? `[${n}]` : n}:${port}`;
}

/**
 * The Host header values a server bound to `bound`:`port` answers to (a DNS-rebinding defence): the loopback names
 * (`localhost`, `127.0.0.1`, `[::1]`), the bound address itself, and, when it is a wildcard (0.0.0.0, ::), the machine's
 * hostname and every address of its interfaces. The wildcard address itself is not among them: a page that makes the
 * browser send `Host: 0.0.0.0` is the "0.0.0.0-day" way to reach local servers. `extra` adds names (a reverse proxy's);
 * one without a port is accepted at any port.
 */
export function allowedHosts(
  bound: string,
  port: number,
  extra: readonly string[] = [],
  machine: { hostname: string; addresses: string[] } = { hostname: '', addresses: [] },
): (host: string | undefined) => boolean {
  const names = ['localhost', '127.0.0.1', '::1'];
  if (isWildcard(bound)) names.push(machine.hostname, ...machine.addresses);
  else names.push(bound);
  const exact = new Set(names.filter(Boolean).map((n) => authority(n, port)));
  const anyPort = new Set<string>();
  for (const e of extra) {
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(e.trim());
    if (m) exact.add(authority(m[1]!, Number(m[2])));
    else
      anyPort.add(
        e
          .trim()
          .toLowerCase()
          .replace(/^\[|\]$/g, ''),
      );
  }
  return (host) => {
    if (!host) return false;
    const h = host.trim().toLowerCase();
    const m = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(h);
    if (!m) return false;
    const name = m[1]!.replace(/^\[|\]$/g, '');
    // A Host without a port means port 80 (browsers leave the default port out).
    return exact.has(authority(name, m[2] === undefined ? 80 : Number(m[2]))) || anyPort.has(name);
  };
}

/**
 * Refuses a request whose Host header the server was not started for, with 421 Misdirected Request and a short plain-text
 * reason. 421, not 403: the request reached a server that does not serve that authority (RFC 9110 §15.5.20), which is
 * what a rebound DNS name is; 403 stays the answer to a missing or wrong token, so the two failures are told apart.
 */
export function requireHost(allowed: (host: string | undefined) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    if (!allowed(host))
      return c.text(`kaizen ui: this server does not answer to Host ${JSON.stringify(host ?? '')} (use the URL printed by \`kaizen ui\`)\n`, 421);
    await next();
  };
}
