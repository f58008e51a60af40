// The test server itself: standalone mode with a JSON script (for CLI end-to-end tests), recording, faults.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { countTokens, startLlmServer } from '../support/llm-server.ts';
import { REPO, tempDir } from '../support/tmp.ts';

const chat = (url: string, body: object, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('llm server', () => {
  it('answers in OpenAI shape with deterministic usage, and records requests without key values', async () => {
    const s = await startLlmServer({ replies: ['one two three'] });
    try {
      const res = await chat(s.url, { model: 'm', messages: [{ role: 'user', content: 'a b c d' }] }, { authorization: 'Bearer sk-secret' });
      const json = (await res.json()) as { choices: { message: { content: string } }[]; usage: Record<string, unknown> };
      expect(json.choices[0].message.content).toBe('one two three');
      expect(json.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 3, total_tokens: 7, prompt_tokens_details: { cached_tokens: 0 } });
      expect(s.requests[0]).toMatchObject({ api: 'openai-chat', model: 'm', hasApiKey: true, usage: { inputTokens: 4, outputTokens: 3 } });
      expect(JSON.stringify(s.requests)).not.toContain('sk-secret');
      expect(countTokens('  x  y ')).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('sends retry-after with 429 and 404 for unknown routes', async () => {
    const s = await startLlmServer({ replies: [{ fault: 'rate-limit', retryAfter: 7 }] });
    try {
      const r = await chat(s.url, { model: 'm', messages: [] });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('7');
      expect((await fetch(`${s.url}/v1/nothing`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await s.close();
    }
  });

  it('runs standalone from a JSON script and prints its URL', async () => {
    const dir = tempDir();
    const script = join(dir, 'script.json');
    writeFileSync(script, JSON.stringify({ replies: ['first'], byModel: { special: 'special reply' }, fallback: 'later' }));
    const child = spawn(process.execPath, [join(REPO, 'test/support/llm-server.ts'), '--script', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const text = async (model: string) =>
        ((await (await chat(url, { model, messages: [] })).json()) as { choices: { message: { content: string } }[] }).choices[0].message.content;
      expect(await text('m')).toBe('first');
      expect(await text('special')).toBe('special reply');
      expect(await text('m')).toBe('later');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
