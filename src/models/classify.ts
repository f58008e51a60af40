// Turns whatever the AI SDK (or fetch) threw into a ModelError whose kind decides retrying and whose message says
// what to fix.
import {
  APICallError,
  EmptyResponseBodyError,
  InvalidResponseDataError,
  JSONParseError,
  LoadAPIKeyError,
  NoContentGeneratedError,
  TypeValidationError,
} from 'ai';
import { ModelError } from './errors.ts';
import { API_KEY_ENV } from './registry.ts';
import type { ModelSpec } from './types.ts';

/** The first `code` (ECONNREFUSED, ENOTFOUND, …) along an error's cause chain. */
function errnoCode(e: unknown): string | undefined {
  for (let c = e, i = 0; c && typeof c === 'object' && i < 6; c = (c as { cause?: unknown }).cause, i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** `retry-after` (seconds or HTTP date) or `retry-after-ms`, in ms. */
export function retryAfterMs(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] && Number.isFinite(ms)) return Math.max(0, ms);
  const ra = headers['retry-after'];
  if (!ra) return undefined;
  const s = Number(ra);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function firstLine(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

function fromStatus(spec: ModelSpec, e: APICallError): ModelError {
  const status = e.statusCode!;
  const detail = firstLine(e.message);
  const opts = { status, cause: e };
  if (status === 429) {
    return new ModelError('rate-limit', spec.id, `rate limited (HTTP 429): ${detail}`, { ...opts, retryAfterMs: retryAfterMs(e.responseHeaders) });
  }
  if (status === 401 || status === 403) {
    const key = API_KEY_ENV[spec.provider].name;
    return new ModelError('auth', spec.id, `authentication failed (HTTP ${status}): check ${key}. Provider said: ${detail}`, opts);
  }
  if (status === 404) return new ModelError('bad-request', spec.id, `model "${spec.model}" not found at ${e.url} (HTTP 404): ${detail}`, opts);
  if (status === 408) return new ModelError('timeout', spec.id, `the provider timed out (HTTP 408): ${detail}`, opts);
  if (status >= 500) return new ModelError('server', spec.id, `provider error (HTTP ${status}): ${detail}`, opts);
  if (status >= 200 && status < 300) {
    // A body cut off by the network (the SDK marks it retryable) is transient; a body that arrived whole but is
    // not what the API promises is not.
    if (e.isRetryable && errnoCode(e)) return new ModelError('network', spec.id, `connection lost while reading the response (${errnoCode(e)})`, opts);
    return new ModelError('bad-response', spec.id, `unreadable response (HTTP ${status}): ${detail}`, opts);
  }
  return new ModelError('bad-request', spec.id, `request rejected (HTTP ${status}): ${detail}`, opts);
}

export function classifyError(spec: ModelSpec, e: unknown): ModelError {
  if (e instanceof ModelError) return e;
  if (APICallError.isInstance(e)) {
    if (e.statusCode !== undefined) return fromStatus(spec, e);
    const code = errnoCode(e);
    if (code === 'ECONNREFUSED')
      return new ModelError('network', spec.id, `cannot connect to ${e.url}: connection refused (is the server running?)`, { cause: e });
    if (code === 'ENOTFOUND') return new ModelError('network', spec.id, `cannot resolve the host of ${e.url} (check the base URL)`, { cause: e });
    return new ModelError('network', spec.id, `cannot reach ${e.url}: ${firstLine(e.message)}`, { cause: e });
  }
  if (LoadAPIKeyError.isInstance(e)) return new ModelError('auth', spec.id, firstLine(e.message), { cause: e });
  if (
    InvalidResponseDataError.isInstance(e) ||
    JSONParseError.isInstance(e) ||
    TypeValidationError.isInstance(e) ||
    EmptyResponseBodyError.isInstance(e) ||
    NoContentGeneratedError.isInstance(e)
  ) {
    return new ModelError('bad-response', spec.id, `unusable response: ${firstLine(e.message)}`, { cause: e });
  }
  const name = (e as { name?: string } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new ModelError('timeout', spec.id, 'the request was cut off before an answer', { cause: e });
  if (e instanceof TypeError && errnoCode(e)) return new ModelError('network', spec.id, `network error: ${errnoCode(e)}`, { cause: e });
  return new ModelError('bad-response', spec.id, `unexpected error: ${firstLine(e instanceof Error ? e.message : String(e))}`, { cause: e });
}
