// Retries, timeouts, the circuit breaker and unusable responses, against a server that misbehaves on cue.
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, createChatModel, ModelError } from '../../src/models/index.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmReply, type LlmServer, startLlmServer } from '../support/llm-server.ts';

const messages = [{ role: 'user' as const, content: 'improve this' }];
const fast = { retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 } };

async function withServer<T>(replies: (LlmReply | string)[], fn: (s: LlmServer) => Promise<T>): Promise<T> {
  const s = await startLlmServer({ replies, fallback: 'fine' });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

async function failure(p: Promise<unknown>): Promise<ModelError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ModelError);
  return e as ModelError;
}

describe('retries', () => {
  it('retries 429, 500 and 503, then succeeds', () =>
    withServer([{ fault: 'rate-limit' }, { fault: 'server-error' }, { fault: 'unavailable' }, 'recovered'], async (s) => {
      const r = await createChatModel('openai:gpt-4o', { env: llmEnv(s), ...fast }).chat({ messages });
      expect(r.text).toBe('recovered');
      expect(s.requests.map((q) => q.fault ?? 'ok')).toEqual(['rate-limit', 'server-error', 'unavailable', 'ok']);
    }));

  it('honours retry-after', () =>
    withServer([{ fault: 'rate-limit', retryAfter: 1 }, 'after the pause'], async (s) => {
      const t0 = Date.now();
      const r = await createChatModel('anthropic:claude-haiku-4-5', { env: llmEnv(s), ...fast }).chat({ messages });
      expect(r.text).toBe('after the pause');
      expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    }));

  it('gives up after maxAttempts with the last error', () =>
    withServer(Array(5).fill({ fault: 'server-error' }), async (s) => {
      const e = await failure(createChatModel('openai:gpt-4o', { env: llmEnv(s), ...fast }).chat({ messages }));
      expect(e.kind).toBe('server');
      expect(e.status).toBe(500);
      expect(s.requests).toHaveLength(4);
    }));

  it('does not retry 400 or 401', async () => {
    for (const [fault, kind] of [
      ['bad-request', 'bad-request'],
      ['unauthorized', 'auth'],
    ] as const) {
      await withServer([{ fault }, 'never reached'], async (s) => {
        const e = await failure(createChatModel('openai:gpt-4o', { env: llmEnv(s), ...fast }).chat({ messages }));
        expect(e.kind).toBe(kind);
        expect(e.retryable).toBe(false);
        expect(s.requests).toHaveLength(1);
      });
    }
  });

  it('retries a refused connection as a network error', async () => {
    const s = await startLlmServer();
    const env = llmEnv(s);
    await s.close();
    const e = await failure(createChatModel('openai:gpt-4o', { env, retry: { maxAttempts: 2, baseDelayMs: 5 } }).chat({ messages }));
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/connection refused|cannot reach/);
  });
});

describe('timeouts', () => {
  it('a server that never answers ends in a timeout within the deadline', () =>
    withServer([{ fault: 'hang' }, { fault: 'hang' }], async (s) => {
      const t0 = Date.now();
      const e = await failure(createChatModel('openai:gpt-4o', { env: llmEnv(s), ...fast }).chat({ messages, timeoutMs: 400 }));
      const elapsed = Date.now() - t0;
      expect(e.kind).toBe('timeout');
      expect(e.message).toContain('no reply within 400 ms');
      expect(elapsed).toBeGreaterThanOrEqual(390);
      expect(elapsed).toBeLessThan(1500);
    }));

  it('a hung attempt is retried when an attempt timeout is set', () =>
    withServer([{ fault: 'hang' }, 'second try'], async (s) => {
      const m = createChatModel('openai:gpt-4o', { env: llmEnv(s), ...fast, attemptTimeoutMs: 200 });
      const r = await m.chat({ messages, timeoutMs: 3000 });
      expect(r.text).toBe('second try');
      expect(s.requests).toHaveLength(2);
    }));

  it('a slow reply inside the deadline is fine', () =>
    withServer([{ text: 'slow but sure', delayMs: 150 }], async (s) => {
      const r = await createChatModel('openai:gpt-4o', { env: llmEnv(s) }).chat({ messages, timeoutMs: 2000 });
      expect(r.text).toBe('slow but sure');
      expect(r.latencyMs).toBeGreaterThanOrEqual(140);
    }));

  it('the caller can abort; that is not a timeout', () =>
    withServer([{ fault: 'hang' }], async (s) => {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const e = await failure(createChatModel('openai:gpt-4o', { env: llmEnv(s) }).chat({ messages, timeoutMs: 5000 }, ac.signal));
      expect(e.kind).toBe('aborted');
    }));
});

describe('unusable responses', () => {
  for (const fault of ['malformed', 'truncated', 'empty-choices'] as const) {
    it(`${fault} → bad-response, not retried`, () =>
      withServer([{ fault }, 'unreached'], async (s) => {
        const e = await failure(createChatModel('openai:gpt-4o', { env: llmEnv(s), ...fast }).chat({ messages }));
        expect(e.kind).toBe('bad-response');
        expect(s.requests).toHaveLength(1);
      }));
  }

  it('a connection cut mid-body is a network error, retried', () =>
    withServer([{ fault: 'reset' }, 'whole this time'], async (s) => {
      const r = await createChatModel('openai:gpt-4o', { env: llmEnv(s), ...fast }).chat({ messages });
      expect(r.text).toBe('whole this time');
      expect(s.requests).toHaveLength(2);
    }));

  it('anthropic with no content blocks → bad-response', () =>
    withServer([{ fault: 'empty-choices' }], async (s) => {
      const e = await failure(createChatModel('anthropic:claude-haiku-4-5', { env: llmEnv(s), ...fast }).chat({ messages }));
      expect(e.kind).toBe('bad-response');
    }));
});

describe('circuit breaker', () => {
  it('opens after K consecutive failures, fails fast, then a probe closes it', () =>
    withServer([{ fault: 'server-error' }, { fault: 'server-error' }, 'healthy again'], async (s) => {
      const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 300 });
      const m = createChatModel('openai:gpt-4o', { env: llmEnv(s), retry: { maxAttempts: 1 }, breaker });
      expect((await failure(m.chat({ messages }))).kind).toBe('server');
      expect((await failure(m.chat({ messages }))).kind).toBe('server');
      expect(breaker.state).toBe('open');
      const t0 = Date.now();
      const e = await failure(m.chat({ messages }));
      expect(e.kind).toBe('circuit-open');
      expect(e.message).toContain('resting after 2 consecutive failures');
      expect(Date.now() - t0).toBeLessThan(200);
      expect(s.requests).toHaveLength(2); // nothing sent while open
      await new Promise((r) => setTimeout(r, 320));
      expect(breaker.state).toBe('half-open');
      expect((await m.chat({ messages })).text).toBe('healthy again');
      expect(breaker.state).toBe('closed');
    }));

  it('a failed probe re-opens it; only one probe at a time', () =>
    withServer([{ fault: 'server-error' }, { fault: 'server-error', delayMs: 100 }, 'ok'], async (s) => {
      const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 100 });
      const m = createChatModel('openai:gpt-4o', { env: llmEnv(s), retry: { maxAttempts: 1 }, breaker });
      await failure(m.chat({ messages }));
      await new Promise((r) => setTimeout(r, 120));
      const probe = failure(m.chat({ messages }));
      expect((await failure(m.chat({ messages }))).kind).toBe('circuit-open'); // the probe is in flight
      expect((await probe).kind).toBe('server');
      expect(breaker.state).toBe('open');
      await new Promise((r) => setTimeout(r, 120));
      expect((await m.chat({ messages })).text).toBe('ok');
    }));

  it('bad requests (400) do not rest a healthy model; 404 (no such model) does', () =>
    withServer([{ fault: 'bad-request' }, { fault: 'bad-request' }, { fault: 'not-found' }, { fault: 'not-found' }], async (s) => {
      const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 10_000 });
      const m = createChatModel('openai:gpt-4o', { env: llmEnv(s), retry: { maxAttempts: 1 }, breaker });
      await failure(m.chat({ messages }));
      await failure(m.chat({ messages }));
      expect(breaker.state).toBe('closed');
      await failure(m.chat({ messages }));
      await failure(m.chat({ messages }));
      expect(breaker.state).toBe('open');
    }));

  it('successes reset the count of consecutive failures', () =>
    withServer([{ fault: 'server-error' }, 'ok', { fault: 'server-error' }, 'ok'], async (s) => {
      const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 10_000 });
      const m = createChatModel('openai:gpt-4o', { env: llmEnv(s), retry: { maxAttempts: 1 }, breaker });
      await failure(m.chat({ messages }));
      await m.chat({ messages });
      await failure(m.chat({ messages }));
      expect(breaker.state).toBe('closed');
      expect((await m.chat({ messages })).text).toBe('ok');
    }));
});
