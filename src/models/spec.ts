// Model specs as users write them (`provider:model[@baseURL]`) → validated ModelSpec, with clear errors.
import { KaizenError } from '../errors.ts';
import type { ModelSpec } from './types.ts';

export type Provider = ModelSpec['provider'];
export const PROVIDERS: readonly Provider[] = ['openai', 'anthropic', 'google', 'ollama', 'openai-compatible'];

/** A config entry: the spec string alone, or with sampling settings and a bandit prior. */
export type ModelEntry = string | { id: string; temperatures?: number[]; maxTokens?: number; weight?: number };

export const DEFAULT_TEMPERATURES = [0.7];
/** The model id of the stand-in that `kaizen run` starts itself (operators/standin.ts). */
export const STANDIN_MODEL = 'standin';
export const DEFAULT_MAX_TOKENS = 8192;
export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434/v1';

/** Env vars that point a provider elsewhere (a proxy, a local test server). */
export const BASE_URL_ENV: Record<Provider, string> = {
  openai: 'OPENAI_BASE_URL',
  anthropic: 'ANTHROPIC_BASE_URL',
  google: 'GOOGLE_GENERATIVE_AI_BASE_URL',
  ollama: 'OLLAMA_BASE_URL',
  'openai-compatible': 'OPENAI_COMPATIBLE_BASE_URL',
};

function fail(spec: string, why: string): never {
  throw new KaizenError(`Model spec "${spec}": ${why}`);
}

function checkUrl(spec: string, url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    fail(spec, `"${url}" is not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') fail(spec, `base URL "${url}" must be http(s)`);
  return url.replace(/\/+$/, '');
}

export function parseModelSpec(entry: ModelEntry): ModelSpec {
  const e = typeof entry === 'string' ? { id: entry } : entry;
  if (!e || typeof e !== 'object' || typeof e.id !== 'string') {
    throw new KaizenError(`Model entry ${JSON.stringify(entry)}: expected a string like "openai:gpt-5-mini" or { id: "…" }`);
  }
  const id = e.id.trim();
  // The stand-in (`kaizen run --model standin`): an OpenAI-compatible server the run starts on loopback itself.
  if (id === STANDIN_MODEL)
    return { id, provider: 'openai-compatible', model: id, temperatures: [...DEFAULT_TEMPERATURES], maxTokens: DEFAULT_MAX_TOKENS, weight: e.weight ?? 1 };
  const colon = id.indexOf(':');
  if (colon <= 0) fail(id, `expected "provider:model", provider one of ${PROVIDERS.join(', ')}`);
  const provider = id.slice(0, colon) as Provider;
  if (!PROVIDERS.includes(provider)) fail(id, `unknown provider "${provider}" (expected one of ${PROVIDERS.join(', ')})`);
  let model = id.slice(colon + 1);
  let baseURL: string | undefined;
  // `@http…` starts a base URL; a bare `@` elsewhere stays part of the model name.
  const at = model.search(/@https?:\/\//);
  if (at >= 0) {
    baseURL = checkUrl(id, model.slice(at + 1));
    model = model.slice(0, at);
  }
  if (!model) fail(id, 'the model name is empty');
  if (provider === 'openai-compatible' && !baseURL) fail(id, 'openai-compatible needs a base URL: "openai-compatible:NAME@http://host:port/v1"');

  const temperatures = e.temperatures ?? DEFAULT_TEMPERATURES;
  if (!Array.isArray(temperatures) || temperatures.length === 0 || !temperatures.every((t) => typeof t === 'number' && t >= 0 && t <= 2)) {
    fail(id, `temperatures must be a non-empty list of numbers in [0, 2], got ${JSON.stringify(e.temperatures)}`);
  }
  const maxTokens = e.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(maxTokens) || maxTokens <= 0) fail(id, `maxTokens must be a positive integer, got ${JSON.stringify(e.maxTokens)}`);
  const weight = e.weight ?? 1;
  if (typeof weight !== 'number' || !(weight > 0) || !Number.isFinite(weight)) fail(id, `weight must be a positive number, got ${JSON.stringify(e.weight)}`);

  return { id, provider, model, ...(baseURL ? { baseURL } : {}), temperatures: [...temperatures], maxTokens, weight };
}

/** Parses a list of entries; ids must be unique (they key the bandit and the store). */
export function parseModelSpecs(entries: ModelEntry[]): ModelSpec[] {
  const specs = entries.map(parseModelSpec);
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.id)) throw new KaizenError(`Model spec "${s.id}" is listed twice`);
    seen.add(s.id);
  }
  return specs;
}

/** The base URL to call: the spec's own, else the provider's env override, else the SDK default (undefined). */
export function resolveBaseURL(spec: ModelSpec, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (spec.baseURL) return spec.baseURL;
  const fromEnv = env[BASE_URL_ENV[spec.provider]];
  if (fromEnv) return checkUrl(spec.id, fromEnv);
  return spec.provider === 'ollama' ? OLLAMA_DEFAULT_BASE_URL : undefined;
}
