// Embedders for novelty filtering: a configured provider model through the AI SDK, or, when none is configured, a
// deterministic local embedding, so novelty filtering is never silently off.
import { embedMany } from 'ai';
import { classifyError } from './classify.ts';
import { ModelError } from './errors.ts';
import { defaultPricing, type Pricing } from './pricing.ts';
import { embeddingModelFor, type RegistryOptions } from './registry.ts';
import { type ModelEntry, parseModelSpec } from './spec.ts';
import type { Embedder, ModelSpec } from './types.ts';
import { fnv1a } from '../util/hash.ts';

export const LOCAL_EMBEDDING_DIMS = 512;

/**
 * Hashed features of code/text: identifier and number tokens, token bigrams (some order), and character trigrams
 * inside tokens (so `bestScore` and `best_score` are near). A feature's hash picks a dimension and a sign (the sign
 * keeps collisions from adding up); the vector is L2-normalised.
 */
export function localEmbedding(text: string, dims = LOCAL_EMBEDDING_DIMS): number[] {
  const v = new Array<number>(dims).fill(0);
  const add = (feature: string, w: number) => {
    const h = fnv1a(feature);
    v[h % dims] += h & 0x80000000 ? -w : w;
  };
  const tokens = text.toLowerCase().match(/[a-z_][a-z0-9_]*|\d+(?:\.\d+)?|[^\sa-z0-9_]/g) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    add(`u:${t}`, 1);
    if (i > 0) add(`b:${tokens[i - 1]} ${t}`, 0.7);
    if (t.length > 3) for (let j = 0; j + 3 <= t.length; j++) add(`c:${t.slice(j, j + 3)}`, 0.3);
  }
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

/** Cosine similarity; 0 when either vector is all zeros. */
export function cosine(a: number[], b: number[]): number {
  if (a.length !== b.length) throw new Error(`cosine: vectors of different lengths (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

export function createLocalEmbedder(dims = LOCAL_EMBEDDING_DIMS): Embedder {
  return {
    id: `local:hashed-ngrams-${dims}`,
    embed: async (texts) => ({
      vectors: texts.map((t) => localEmbedding(t, dims)),
      usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
      cost: 0,
    }),
  };
}

export interface EmbedderOptions extends RegistryOptions {
  pricing?: Pricing;
  /** The SDK's own retries (with backoff, honouring retry-after). */
  maxRetries?: number;
  /** Deadline of one `embed` call, retries included, so a hung server cannot stall novelty filtering. */
  timeoutMs?: number;
}

/** The configured embedding model, or the local one when `entry` is undefined. */
export function createEmbedder(entry?: ModelSpec | ModelEntry, options: EmbedderOptions = {}): Embedder {
  if (entry === undefined) return createLocalEmbedder();
  const spec = typeof entry === 'object' && 'provider' in entry ? entry : parseModelSpec(entry);
  const pricing = options.pricing ?? defaultPricing;
  return {
    id: spec.id,
    async embed(texts, signal) {
      if (texts.length === 0) return { vectors: [], usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 }, cost: 0 };
      const timeoutMs = options.timeoutMs ?? 60_000;
      const deadline = AbortSignal.timeout(timeoutMs);
      try {
        const r = await embedMany({
          model: embeddingModelFor(spec, options),
          values: texts,
          maxRetries: options.maxRetries ?? 2,
          abortSignal: signal ? AbortSignal.any([signal, deadline]) : deadline,
        });
        const usage = { inputTokens: r.usage.tokens ?? 0, outputTokens: 0, cachedInputTokens: 0 };
        if (r.embeddings.length !== texts.length) throw new Error(`got ${r.embeddings.length} vectors for ${texts.length} texts`);
        return { vectors: r.embeddings, usage, cost: pricing.priceOf(spec.id, usage).cost };
      } catch (e) {
        if (signal?.aborted) throw new ModelError('aborted', spec.id, 'cancelled by the caller', { cause: e });
        if (deadline.aborted) throw new ModelError('timeout', spec.id, `no embeddings within ${timeoutMs} ms`, { cause: e });
        throw classifyError(spec, e);
      }
    },
  };
}
