// Token prices, USD per million tokens. The bundled table is a convenience, not an oracle: providers change prices,
// so users override or extend it (`createPricing({ overrides })`, `loadPriceOverrides(file)`).
import { readFileSync } from 'node:fs';
import { KaizenError } from '../errors.ts';
import type { Usage } from './types.ts';

export interface Price {
  input: number;
  output: number;
  /** Cached input reads; defaults to `input` when the provider has no discount. */
  cachedInput?: number;
}

/** Standard (non-batch) list prices; Google's are the ≤200k-token-prompt tier. Overridable. */
export const DEFAULT_PRICES: Record<string, Price> = {
  // OpenAI
  'openai:gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'openai:gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'openai:gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'openai:gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'openai:gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'openai:gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'openai:o3': { input: 2, cachedInput: 0.5, output: 8 },
  'openai:o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
  'openai:text-embedding-3-small': { input: 0.02, output: 0 },
  'openai:text-embedding-3-large': { input: 0.13, output: 0 },
  // Anthropic (cache reads at 10% of input; cache writes are billed as plain input here)
  'anthropic:claude-opus-4-1': { input: 15, cachedInput: 1.5, output: 75 },
  'anthropic:claude-opus-4': { input: 15, cachedInput: 1.5, output: 75 },
  'anthropic:claude-sonnet-4-5': { input: 3, cachedInput: 0.3, output: 15 },
  'anthropic:claude-sonnet-4': { input: 3, cachedInput: 0.3, output: 15 },
  'anthropic:claude-haiku-4-5': { input: 1, cachedInput: 0.1, output: 5 },
  'anthropic:claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, output: 4 },
  // Google
  'google:gemini-2.5-pro': { input: 1.25, cachedInput: 0.31, output: 10 },
  'google:gemini-2.5-flash': { input: 0.3, cachedInput: 0.075, output: 2.5 },
  'google:gemini-2.5-flash-lite': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'google:gemini-2.0-flash': { input: 0.1, cachedInput: 0.025, output: 0.4 },
};

export interface PriceResult {
  cost: number;
  priced: boolean;
}

export interface Pricing {
  /** Price of one call. `modelId` is a spec id (`openai:gpt-5-mini`); dated variants match their base name. */
  priceOf(modelId: string, usage: Usage): PriceResult;
  lookup(modelId: string): Price | undefined;
}

function validate(key: string, p: unknown): Price {
  const o = p as Partial<Price>;
  const ok = (x: unknown) => typeof x === 'number' && x >= 0 && Number.isFinite(x);
  if (!o || typeof o !== 'object' || !ok(o.input) || !ok(o.output) || (o.cachedInput !== undefined && !ok(o.cachedInput))) {
    throw new KaizenError(`Price for "${key}": expected { input, output, cachedInput? } in USD per million tokens, got ${JSON.stringify(p)}`);
  }
  return { input: o.input!, output: o.output!, ...(o.cachedInput !== undefined ? { cachedInput: o.cachedInput } : {}) };
}

/** Overrides are keyed by spec id (`openai:gpt-5-mini`, `openai-compatible:my-model@http://…`) and win over the table. */
export function createPricing(opts: { overrides?: Record<string, Price>; table?: Record<string, Price> } = {}): Pricing {
  const table = new Map<string, Price>(Object.entries(opts.table ?? DEFAULT_PRICES));
  for (const [k, v] of Object.entries(opts.overrides ?? {})) table.set(k, validate(k, v));

  const lookup = (modelId: string): Price | undefined => {
    const exact = table.get(modelId);
    if (exact) return exact;
    // A base-URL suffix (`openai:gpt-5-mini@http://proxy/v1`) does not change the model's price.
    modelId = modelId.replace(/@https?:\/\/.*$/, '');
    if (table.has(modelId)) return table.get(modelId);
    // Longest key that prefixes the id at a `-` boundary: `claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`.
    let best: string | undefined;
    for (const k of table.keys()) {
      if (modelId.startsWith(`${k}-`) && (!best || k.length > best.length)) best = k;
    }
    return best ? table.get(best) : undefined;
  };

  return {
    lookup,
    priceOf(modelId, usage) {
      const p = lookup(modelId);
      if (!p) {
        // Local models run for free; anything else unknown is reported unpriced rather than guessed.
        return { cost: 0, priced: modelId.startsWith('ollama:') };
      }
      const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
      const cost = ((usage.inputTokens - cached) * p.input + cached * (p.cachedInput ?? p.input) + usage.outputTokens * p.output) / 1e6;
      return { cost, priced: true };
    },
  };
}

/** Reads `{ "provider:model": { input, output, cachedInput? } }` from a JSON file. */
export function loadPriceOverrides(file: string): Record<string, Price> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KaizenError(`Price file ${file}: ${(e as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new KaizenError(`Price file ${file}: expected an object of model id → price`);
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, validate(`${file}: ${k}`, v)]));
}

export const defaultPricing: Pricing = createPricing();

export function priceOf(modelId: string, usage: Usage): PriceResult {
  return defaultPricing.priceOf(modelId, usage);
}
