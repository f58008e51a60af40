// ModelSpec → AI SDK model objects. Keys come from the environment at call time and are passed straight to the
// provider: never stored on our objects, never logged.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModel, LanguageModel } from 'ai';
import { ModelError } from './errors.ts';
import { resolveBaseURL } from './spec.ts';
import type { ModelSpec } from './types.ts';

/** The env var holding each provider's key; `optional` ones may be unset (local servers). */
export const API_KEY_ENV: Record<ModelSpec['provider'], { name: string; optional: boolean }> = {
  openai: { name: 'OPENAI_API_KEY', optional: false },
  anthropic: { name: 'ANTHROPIC_API_KEY', optional: false },
  google: { name: 'GOOGLE_GENERATIVE_AI_API_KEY', optional: false },
  ollama: { name: 'OLLAMA_API_KEY', optional: true },
  'openai-compatible': { name: 'OPENAI_COMPATIBLE_API_KEY', optional: true },
};

export interface RegistryOptions {
  env?: NodeJS.ProcessEnv;
  /** A fetch to use instead of the global one (e.g. for tracing). */
  fetch?: typeof globalThis.fetch;
}

function apiKey(spec: ModelSpec, env: NodeJS.ProcessEnv): string | undefined {
  const { name, optional } = API_KEY_ENV[spec.provider];
  const key = env[name];
  if (!key && !optional) {
    throw new ModelError('auth', spec.id, `${name} is not set: export it (or use another model) to call ${spec.provider}`);
  }
  return key || undefined;
}

// One provider object per call: cheap, and it keeps the key's lifetime to the call.
function provider(spec: ModelSpec, opts: RegistryOptions) {
  const env = opts.env ?? process.env;
  const key = apiKey(spec, env);
  const baseURL = resolveBaseURL(spec, env);
  const common = { ...(baseURL ? { baseURL } : {}), ...(opts.fetch ? { fetch: opts.fetch } : {}) };
  switch (spec.provider) {
    case 'openai': {
      const p = createOpenAI({ ...common, apiKey: key });
      // Chat Completions explicitly: the provider's default is the Responses API, which compatible servers lack.
      return { language: () => p.chat(spec.model), embedding: () => p.embeddingModel(spec.model) };
    }
    case 'anthropic': {
      const p = createAnthropic({ ...common, apiKey: key });
      return { language: () => p.messages(spec.model), embedding: undefined };
    }
    case 'google': {
      const p = createGoogleGenerativeAI({ ...common, apiKey: key });
      return { language: () => p.chat(spec.model), embedding: () => p.embeddingModel(spec.model) };
    }
    case 'ollama':
    case 'openai-compatible': {
      const p = createOpenAICompatible({
        name: spec.provider,
        baseURL: baseURL!,
        ...(key ? { apiKey: key } : {}),
        ...(opts.fetch ? { fetch: opts.fetch } : {}),
        includeUsage: true,
      });
      return { language: () => p.chatModel(spec.model), embedding: () => p.embeddingModel(spec.model) };
    }
  }
}

export function languageModelFor(spec: ModelSpec, opts: RegistryOptions = {}): LanguageModel {
  return provider(spec, opts).language();
}

export function embeddingModelFor(spec: ModelSpec, opts: RegistryOptions = {}): EmbeddingModel {
  const make = provider(spec, opts).embedding;
  if (!make) throw new ModelError('bad-request', spec.id, `${spec.provider} has no embedding models; use an openai, google or openai-compatible embedder`);
  return make();
}
