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
