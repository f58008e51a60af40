// Each provider path over real HTTP with the real AI SDK providers: the request they send, and usage and cost equal
// to what the server reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatModel, createChatModels, createPricing, ModelError, priceOf } from '../../src/models/index.ts';
import { llmEnv, TEST_KEY } from '../support/llm-env.ts';
import { type LlmServer, startLlmServer } from '../support/llm-server.ts';

let server: LlmServer;
beforeAll(async () => {
  server = await startLlmServer({ respond: (req) => ({ text: `reply from ${req.model} via ${req.api}` }) });
});
afterAll(() => server.close());

const messages = [
  { role: 'system' as const, content: 'You improve programs.' },
  { role: 'user' as const, content: 'Make this faster please' },
];

describe('provider paths', () => {
  it('openai uses Chat Completions with a Bearer key; usage and cost match the server', async () => {
    const m = createChatModel('openai:gpt-4.1-mini', { env: llmEnv(server) });
    const before = server.requests.length;
    const r = await m.chat({ messages, temperature: 0.3 });
    const req = server.requests[before];
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.hasApiKey).toBe(true);
    expect(JSON.stringify(req.headers)).not.toContain(TEST_KEY);
    expect(req.body).toMatchObject({
      model: 'gpt-4.1-mini',
      temperature: 0.3,
      messages: [{ role: 'system' }, { role: 'user', content: 'Make this faster please' }],
    });
    expect(r.text).toBe('reply from gpt-4.1-mini via openai-chat');
    expect(r.usage).toEqual(req.usage);
    expect(r.usage).toEqual({ inputTokens: 7, outputTokens: 5, cachedInputTokens: 0 });
    expect(r.priced).toBe(true);
    expect(r.cost).toBeCloseTo((7 * 0.4 + 5 * 1.6) / 1e6, 12);
    expect(r.model).toBe('openai:gpt-4.1-mini');
    expect(r.finishReason).toBe('stop');
  });

  it('openai cached input tokens are priced at the cached rate', async () => {
    const s = await startLlmServer({ replies: [{ text: 'done', inputTokens: 1000, cachedInputTokens: 800, outputTokens: 200 }] });
    try {
      const r = await createChatModel('openai:gpt-5-mini', { env: llmEnv(s) }).chat({ messages });
      expect(r.usage).toEqual({ inputTokens: 1000, outputTokens: 200, cachedInputTokens: 800 });
      expect(r.cost).toBeCloseTo((200 * 0.25 + 800 * 0.025 + 200 * 2) / 1e6, 12);
      expect(r.cost).toBe(priceOf('openai:gpt-5-mini', r.usage).cost);
      // Reasoning models take no temperature: the SDK drops it and says so.
      expect(r.warnings?.join('\n')).toMatch(/temperature/);
    } finally {
      await s.close();
    }
  });

  it('anthropic uses the Messages API with x-api-key; cache reads are counted in input', async () => {
    const s = await startLlmServer({ replies: [{ text: 'patched', inputTokens: 500, cachedInputTokens: 300, outputTokens: 40 }] });
    try {
      const r = await createChatModel('anthropic:claude-sonnet-4-5-20250929', { env: llmEnv(s) }).chat({ messages, maxTokens: 123 });
      const req = s.requests[0];
      expect(req.path).toBe('/v1/messages');
      expect(req.hasApiKey).toBe(true);
      expect(req.headers['anthropic-version']).toBeTruthy();
      expect(req.body).toMatchObject({ model: 'claude-sonnet-4-5-20250929', max_tokens: 123, system: [{ text: 'You improve programs.' }] });
      expect(r.text).toBe('patched');
      expect(r.usage).toEqual({ inputTokens: 500, outputTokens: 40, cachedInputTokens: 300 });
      // The dated name is priced as claude-sonnet-4-5.
      expect(r.cost).toBeCloseTo((200 * 3 + 300 * 0.3 + 40 * 15) / 1e6, 12);
    } finally {
      await s.close();
    }
  });

  it('google uses generateContent with x-goog-api-key', async () => {
    const r = await createChatModel('google:gemini-2.5-flash', { env: llmEnv(server) }).chat({ messages });
    const req = server.requests.at(-1)!;
    expect(req.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(req.hasApiKey).toBe(true);
    expect(req.body).toMatchObject({ systemInstruction: { parts: [{ text: 'You improve programs.' }] } });
    expect(r.text).toBe('reply from gemini-2.5-flash via google-generate');
    expect(r.usage).toEqual(req.usage);
    expect(r.cost).toBeCloseTo((r.usage.inputTokens * 0.3 + r.usage.outputTokens * 2.5) / 1e6, 12);
  });

  it('ollama goes through the OpenAI-compatible endpoint, without a key, and costs 0', async () => {
    const r = await createChatModel('ollama:qwen2.5-coder:7b', { env: llmEnv(server) }).chat({ messages });
    const req = server.requests.at(-1)!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.hasApiKey).toBe(false);
    expect(req.model).toBe('qwen2.5-coder:7b');
    expect(r.text).toBe('reply from qwen2.5-coder:7b via openai-chat');
    expect(r.usage).toEqual(req.usage);
    expect(r).toMatchObject({ cost: 0, priced: true });
  });

  it('openai-compatible takes its base URL from the spec; unpriced unless overridden', async () => {
    const id = `openai-compatible:my-coder@${server.url}/v1`;
    const r = await createChatModel(id, { env: {} }).chat({ messages });
    expect(server.requests.at(-1)!.path).toBe('/v1/chat/completions');
    expect(server.requests.at(-1)!.hasApiKey).toBe(false);
    expect(r).toMatchObject({ text: 'reply from my-coder via openai-chat', cost: 0, priced: false });
    const pricing = createPricing({ overrides: { [id]: { input: 1, output: 2 } } });
    const r2 = await createChatModel(id, { env: { OPENAI_COMPATIBLE_API_KEY: 'k' }, pricing }).chat({ messages });
    expect(server.requests.at(-1)!.hasApiKey).toBe(true);
    expect(r2).toMatchObject({ priced: true });
    expect(r2.cost).toBeCloseTo((r2.usage.inputTokens * 1 + r2.usage.outputTokens * 2) / 1e6, 12);
  });

  it('a missing key is an auth error naming the variable, and no request is sent', async () => {
    const before = server.requests.length;
    const env = llmEnv(server, { ANTHROPIC_API_KEY: undefined });
    const err = await createChatModel('anthropic:claude-haiku-4-5', { env })
      .chat({ messages })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ModelError);
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('ANTHROPIC_API_KEY is not set');
    expect(server.requests.length).toBe(before);
  });

  it('createChatModels builds one model per spec and rejects duplicates', async () => {
    const models = createChatModels(['openai:gpt-4o', 'ollama:llama3'], { env: llmEnv(server) });
    expect([...models.keys()]).toEqual(['openai:gpt-4o', 'ollama:llama3']);
    expect((await models.get('ollama:llama3')!.chat({ messages })).text).toBe('reply from llama3 via openai-chat');
    expect(() => createChatModels(['openai:gpt-4o', 'openai:gpt-4o'])).toThrow(/listed twice/);
  });

  it('temperatures are drawn from the spec when the request sets none', async () => {
    const m = createChatModel({ id: 'openai:gpt-4o', temperatures: [0.2, 1.1] }, { env: llmEnv(server), random: () => 0.99 });
    await m.chat({ messages });
    expect(server.requests.at(-1)!.body).toMatchObject({ temperature: 1.1, max_tokens: 8192 });
  });
});
