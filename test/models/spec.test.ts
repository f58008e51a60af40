// Spec parsing and validation, base-URL resolution, and the price table.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KaizenError } from '../../src/errors.ts';
import {
  banditConfigSchema,
  createPricing,
  DEFAULT_BANDIT,
  loadPriceOverrides,
  modelEntrySchema,
  parseModelSpec,
  parseModelSpecs,
  priceOf,
  priceOverridesSchema,
  resolveBaseURL,
} from '../../src/models/index.ts';
import { tempDir } from '../support/tmp.ts';

describe('model specs', () => {
  it('parses every provider form', () => {
    expect(parseModelSpec('openai:gpt-5-mini')).toEqual({
      id: 'openai:gpt-5-mini',
      provider: 'openai',
      model: 'gpt-5-mini',
      temperatures: [0.7],
      maxTokens: 8192,
      weight: 1,
    });
    expect(parseModelSpec('anthropic:claude-sonnet-4-5')).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5' });
    expect(parseModelSpec('google:gemini-2.5-flash')).toMatchObject({ provider: 'google', model: 'gemini-2.5-flash' });
    expect(parseModelSpec('ollama:qwen2.5-coder:7b')).toMatchObject({ provider: 'ollama', model: 'qwen2.5-coder:7b' });
    expect(parseModelSpec('openai-compatible:my-model@http://10.0.0.5:8000/v1/')).toMatchObject({
      provider: 'openai-compatible',
      model: 'my-model',
      baseURL: 'http://10.0.0.5:8000/v1',
    });
    expect(parseModelSpec('openai:gpt-4o@https://proxy.example/v1')).toMatchObject({ model: 'gpt-4o', baseURL: 'https://proxy.example/v1' });
  });

  it('takes config entries with sampling settings and a prior weight', () => {
    expect(parseModelSpec({ id: 'openai:gpt-4.1', temperatures: [0, 1], maxTokens: 2000, weight: 3 })).toMatchObject({
      temperatures: [0, 1],
      maxTokens: 2000,
      weight: 3,
    });
  });

  it('rejects bad specs with messages naming them', () => {
    const bad: [Parameters<typeof parseModelSpec>[0], RegExp][] = [
      ['gpt-5-mini', /Model spec "gpt-5-mini": expected "provider:model"/],
      ['azure:gpt-4o', /Model spec "azure:gpt-4o": unknown provider "azure"/],
      ['openai:', /the model name is empty/],
      ['openai-compatible:foo', /needs a base URL/],
      ['openai-compatible:foo@http://', /not a valid URL/],
      [{ id: 'openai:gpt-4o', temperatures: [] }, /temperatures must be a non-empty list/],
      [{ id: 'openai:gpt-4o', temperatures: [3] }, /temperatures/],
      [{ id: 'openai:gpt-4o', maxTokens: 1.5 }, /maxTokens must be a positive integer/],
      [{ id: 'openai:gpt-4o', weight: 0 }, /weight must be a positive number/],
      [42 as never, /Model entry 42/],
    ];
    for (const [entry, msg] of bad) {
      expect(() => parseModelSpec(entry)).toThrow(KaizenError);
      expect(() => parseModelSpec(entry)).toThrow(msg);
    }
    expect(() => parseModelSpecs(['openai:gpt-4o', 'openai:gpt-4o'])).toThrow(/listed twice/);
  });

  it('resolves base URLs: spec, then env override, then default', () => {
    const env = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OLLAMA_BASE_URL: 'http://gpu-box:11434/v1' };
    expect(resolveBaseURL(parseModelSpec('openai:gpt-4o'), env)).toBe('http://127.0.0.1:9/v1');
    expect(resolveBaseURL(parseModelSpec('openai:gpt-4o@http://a:1/v1'), env)).toBe('http://a:1/v1');
    expect(resolveBaseURL(parseModelSpec('anthropic:claude-haiku-4-5'), env)).toBeUndefined();
    expect(resolveBaseURL(parseModelSpec('ollama:llama3'), env)).toBe('http://gpu-box:11434/v1');
    expect(resolveBaseURL(parseModelSpec('ollama:llama3'), {})).toBe('http://127.0.0.1:11434/v1');
    expect(() => resolveBaseURL(parseModelSpec('openai:gpt-4o'), { OPENAI_BASE_URL: 'nope' })).toThrow(/not a valid URL/);
  });
});

describe('pricing', () => {
  const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 0 };

  it('prices known models, dated variants and base-URL variants', () => {
    expect(priceOf('openai:gpt-4o', usage)).toEqual({ cost: 12.5, priced: true });
    expect(priceOf('openai:gpt-4o-mini', usage).cost).toBeCloseTo(0.75, 10); // not gpt-4o's price
    expect(priceOf('openai:gpt-4o-2024-08-06', usage).cost).toBeCloseTo(12.5, 10);
    expect(priceOf('anthropic:claude-sonnet-4-5-20250929', usage).cost).toBeCloseTo(18, 10);
    expect(priceOf('openai:gpt-5-mini@http://proxy/v1', usage).cost).toBeCloseTo(2.25, 10);
  });

  it('local models cost 0; unknown ones are unpriced', () => {
    expect(priceOf('ollama:qwen2.5-coder:7b', usage)).toEqual({ cost: 0, priced: true });
    expect(priceOf('openai:some-future-model', usage)).toEqual({ cost: 0, priced: false });
  });

  it('user overrides win and extend the table, from an object or a JSON file', () => {
    const dir = tempDir();
    const file = join(dir, 'prices.json');
    writeFileSync(file, JSON.stringify({ 'openai:gpt-4o': { input: 1, output: 1 }, 'openai:some-future-model': { input: 2, output: 4, cachedInput: 1 } }));
    const p = createPricing({ overrides: loadPriceOverrides(file) });
    expect(p.priceOf('openai:gpt-4o', usage).cost).toBeCloseTo(2, 10);
    expect(p.priceOf('openai:some-future-model', { inputTokens: 100, outputTokens: 10, cachedInputTokens: 50 }).cost).toBeCloseTo(
      (50 * 2 + 50 * 1 + 10 * 4) / 1e6,
      15,
    );
    writeFileSync(file, JSON.stringify({ 'openai:x': { input: 'cheap' } }));
    expect(() => loadPriceOverrides(file)).toThrow(/openai:x.*expected \{ input, output/);
    writeFileSync(file, '{ nope');
    expect(() => loadPriceOverrides(file)).toThrow(/Price file/);
  });
});

describe('config schema pieces', () => {
  it('validates model entries with the spec parser and fills bandit defaults', () => {
    expect(modelEntrySchema.parse('ollama:qwen2.5-coder:7b')).toBe('ollama:qwen2.5-coder:7b');
    expect(modelEntrySchema.parse({ id: 'openai:gpt-4o', weight: 2 })).toEqual({ id: 'openai:gpt-4o', weight: 2 });
    const bad = modelEntrySchema.safeParse('azure:gpt-4o');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/unknown provider "azure"/);
    expect(modelEntrySchema.safeParse({ id: 'openai:gpt-4o', temp: 1 }).success).toBe(false);
    expect(banditConfigSchema.parse({})).toEqual(DEFAULT_BANDIT);
    expect(banditConfigSchema.safeParse({ epsilon: 2 }).success).toBe(false);
    expect(priceOverridesSchema.safeParse({ 'openai:x': { input: 1, output: 2 } }).success).toBe(true);
  });
});
