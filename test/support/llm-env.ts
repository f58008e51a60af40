// Shared set-up for model-layer tests: an environment that points every real provider at a local LLM server.
import { Rng } from '../../src/util/rng.ts';
import type { LlmServer } from './llm-server.ts';

// The SDK logs a console warning for unsupported settings (e.g. temperature on reasoning models); keep test output clean.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

export const TEST_KEY = 'test-key-not-secret';

/** Env with keys for every provider and base URLs at `server` (Google uses its v1beta path). */
export function llmEnv(server: LlmServer, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    OPENAI_API_KEY: TEST_KEY,
    ANTHROPIC_API_KEY: TEST_KEY,
    GOOGLE_GENERATIVE_AI_API_KEY: TEST_KEY,
    OPENAI_BASE_URL: `${server.url}/v1`,
    ANTHROPIC_BASE_URL: `${server.url}/v1`,
    GOOGLE_GENERATIVE_AI_BASE_URL: `${server.url}/v1beta`,
    OLLAMA_BASE_URL: `${server.url}/v1`,
    ...extra,
  };
}

/** A seeded source of [0, 1) numbers, from the project's own Rng. */
export function seeded(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}
