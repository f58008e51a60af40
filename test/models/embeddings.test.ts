// Embeddings through the AI SDK against the local server, and the deterministic local fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosine, createEmbedder, createLocalEmbedder, localEmbedding, ModelError } from '../../src/models/index.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmServer, startLlmServer } from '../support/llm-server.ts';

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer({ embeddingDims: 24 });
});
afterAll(() => server.close());

const norm = (v: number[]) => Math.hypot(...v);

describe('provider embeddings', () => {
  it('openai embeddings via embedMany: vectors, usage and cost from the server', async () => {
    const e = createEmbedder('openai:text-embedding-3-small', { env: llmEnv(server) });
    expect(e.id).toBe('openai:text-embedding-3-small');
    const r = await e.embed(['def f(x): return x', 'def g(y): return y * 2']);
    const req = server.requests.at(-1)!;
    expect(req.path).toBe('/v1/embeddings');
    expect(req.body).toMatchObject({ model: 'text-embedding-3-small', input: ['def f(x): return x', 'def g(y): return y * 2'] });
    expect(r.vectors).toHaveLength(2);
    expect(r.vectors[0]).toHaveLength(24);
    expect(r.usage.inputTokens).toBe(req.usage!.inputTokens);
    expect(r.cost).toBeCloseTo((req.usage!.inputTokens * 0.02) / 1e6, 15);
  });

  it('ollama embeddings through the OpenAI-compatible endpoint', async () => {
    const r = await createEmbedder('ollama:nomic-embed-text', { env: llmEnv(server) }).embed(['a b c']);
    expect(server.requests.at(-1)!.path).toBe('/v1/embeddings');
    expect(r.vectors[0]).toHaveLength(24);
    expect(r.cost).toBe(0);
  });

  it('google embeddings via batchEmbedContents', async () => {
    const r = await createEmbedder('google:gemini-embedding-001', { env: llmEnv(server) }).embed(['x y', 'z']);
    expect(server.requests.at(-1)!.path).toBe('/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(r.vectors).toHaveLength(2);
  });

  it('server errors become ModelErrors', async () => {
    const s = await startLlmServer({ replies: [{ fault: 'unauthorized' }] });
    try {
      const err = await createEmbedder('openai:text-embedding-3-small', { env: llmEnv(s), maxRetries: 0 })
        .embed(['x'])
        .catch((e) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect(err.kind).toBe('auth');
    } finally {
      await s.close();
    }
  });

  it('a hung embeddings server ends in a timeout', async () => {
    const s = await startLlmServer({ fallback: { fault: 'hang' } });
    try {
      const t0 = Date.now();
      const err = await createEmbedder('openai:text-embedding-3-small', { env: llmEnv(s), timeoutMs: 300 })
        .embed(['x'])
        .catch((e) => e);
      expect(err).toBeInstanceOf(ModelError);
      expect(err.kind).toBe('timeout');
      expect(Date.now() - t0).toBeLessThan(1500);
    } finally {
      await s.close();
    }
  });

  it('anthropic has no embedding models: a clear error', async () => {
    const err = await createEmbedder('anthropic:claude-haiku-4-5', { env: llmEnv(server) })
      .embed(['x'])
      .catch((e) => e);
    expect(err.message).toMatch(/no embedding models/);
  });
});

describe('local fallback', () => {
  it('is used when no embedding model is configured, deterministic and normalised', async () => {
    const e = createEmbedder();
    expect(e.id).toBe('local:hashed-ngrams-512');
    const a = await e.embed(['for (let i = 0; i < n; i++) total += xs[i];']);
    const b = await createLocalEmbedder().embed(['for (let i = 0; i < n; i++) total += xs[i];']);
    expect(a.vectors).toEqual(b.vectors);
    expect(a.vectors[0]).toHaveLength(512);
    expect(norm(a.vectors[0])).toBeCloseTo(1, 10);
    expect(a.cost).toBe(0);
  });

  it('similar programs are closer than unrelated text', () => {
    const p1 = 'function bestScore(xs) { let best = -Infinity; for (const x of xs) if (x > best) best = x; return best; }';
    const p2 = 'function bestScore(xs) { let best = -Infinity; for (const x of xs) { if (x >= best) best = x; } return best; }';
    const other = 'The quick brown fox jumps over the lazy dog near the riverbank at dawn.';
    const [v1, v2, v3] = [p1, p2, other].map((t) => localEmbedding(t));
    expect(cosine(v1, v2)).toBeGreaterThan(0.9);
    expect(cosine(v1, v3)).toBeLessThan(0.3);
    expect(cosine(v1, v1)).toBeCloseTo(1, 10);
  });

  it('cosine handles zero vectors and rejects mismatched lengths', () => {
    expect(cosine(localEmbedding(''), localEmbedding('x'))).toBe(0);
    expect(() => cosine([1, 0], [1, 0, 0])).toThrow(/different lengths/);
  });
});
