// The doctor's one-call checks and the clarity of what it reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkModels } from '../../src/models/index.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmServer, startLlmServer } from '../support/llm-server.ts';

let server: LlmServer;
let hanging: LlmServer;
let closedUrl: string;
beforeAll(async () => {
  server = await startLlmServer({ apiKey: 'right-key', models: ['gpt-4o', 'claude-haiku-4-5', 'text-embedding-3-small'], fallback: 'OK' });
  hanging = await startLlmServer({ fallback: { fault: 'hang' } });
  const gone = await startLlmServer();
  closedUrl = gone.url;
  await gone.close();
});
afterAll(async () => {
  await server.close();
  await hanging.close();
});

describe('checkModels', () => {
  it('reports each model with a message saying what is wrong', async () => {
    const env = llmEnv(server, { OPENAI_API_KEY: 'right-key', ANTHROPIC_API_KEY: 'wrong-key', GOOGLE_GENERATIVE_AI_API_KEY: undefined });
    const checks = await checkModels(
      [
        'openai:gpt-4o',
        'openai:gpt-9-ultra',
        'anthropic:claude-haiku-4-5',
        'google:gemini-2.5-flash',
        `openai-compatible:local@${closedUrl}/v1`,
        `openai-compatible:slow@${hanging.url}/v1`,
      ],
      { env, embedder: 'openai:text-embedding-3-small', timeoutMs: 1000 },
    );
    const by = Object.fromEntries(checks.map((c) => [`${c.role}:${c.id}`, c]));
    expect(by['chat:openai:gpt-4o']).toMatchObject({ ok: true });
    expect(by['chat:openai:gpt-4o'].latencyMs).toBeGreaterThanOrEqual(0);
    expect(by['chat:openai:gpt-9-ultra']).toMatchObject({ ok: false, kind: 'bad-request' });
    expect(by['chat:openai:gpt-9-ultra'].error).toMatch(/model "gpt-9-ultra" not found at http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions \(HTTP 404\)/);
    expect(by['chat:anthropic:claude-haiku-4-5']).toMatchObject({ ok: false, kind: 'auth' });
    expect(by['chat:anthropic:claude-haiku-4-5'].error).toMatch(/authentication failed \(HTTP 401\): check ANTHROPIC_API_KEY/);
    expect(by['chat:google:gemini-2.5-flash'].error).toMatch(/GOOGLE_GENERATIVE_AI_API_KEY is not set/);
    expect(by[`chat:openai-compatible:local@${closedUrl}/v1`].error).toMatch(/cannot connect to .*: connection refused/);
    expect(by[`chat:openai-compatible:slow@${hanging.url}/v1`]).toMatchObject({ ok: false, kind: 'timeout' });
    expect(by[`chat:openai-compatible:slow@${hanging.url}/v1`].error).toMatch(/no reply within 1000 ms/);
    expect(by['embedding:openai:text-embedding-3-small']).toMatchObject({ ok: true });
    // Keys never leak into what the doctor reports.
    expect(JSON.stringify(checks)).not.toMatch(/right-key|wrong-key/);
  });

  it('an empty reply (a reasoning model out of tokens) still counts as reachable', async () => {
    const s = await startLlmServer({ fallback: { text: '' } });
    try {
      const [c] = await checkModels(['openai:gpt-5-nano'], { env: llmEnv(s) });
      expect(c).toMatchObject({ ok: true, note: 'reachable, but the test prompt got an empty reply' });
      expect(s.requests[0].body).toMatchObject({ max_completion_tokens: 1024 });
    } finally {
      await s.close();
    }
  });

  it('reports a malformed spec without calling anything', async () => {
    const [c, embedder] = await checkModels(['gpt-4o']);
    expect(c).toMatchObject({ id: 'gpt-4o', ok: false });
    expect(c.error).toMatch(/expected "provider:model"/);
    // Without an embedding model the report says novelty uses the local fallback.
    expect(embedder).toMatchObject({ role: 'embedding', ok: true, id: 'local:hashed-ngrams-512' });
    expect(embedder.note).toMatch(/local hashed n-gram embedding/);
  });
});
