// `kaizen doctor` for models: one small call per configured model (and the embedder) so a bad key, a wrong URL or a
// misspelt model name shows up before a run, not an hour into it.
import { createChatModel } from './client.ts';
import { createEmbedder } from './embeddings.ts';
import { ModelError } from './errors.ts';
import type { RegistryOptions } from './registry.ts';
import { type ModelEntry, parseModelSpec } from './spec.ts';
import type { ModelSpec } from './types.ts';

export interface ModelCheck {
  id: string;
  /** 'chat' for language models, 'embedding' for the embedder. */
  role: 'chat' | 'embedding';
  ok: boolean;
  latencyMs: number;
  error?: string;
  kind?: ModelError['kind'];
  /** Information that is not a failure (e.g. the local embedding fallback is in use). */
  note?: string;
}

export interface DoctorOptions extends RegistryOptions {
  /** Embedding model to check too; without one the report says the local fallback is in use. */
  embedder?: ModelSpec | ModelEntry;
  timeoutMs?: number;
}

function describeFailure(e: unknown): { error: string; kind?: ModelError['kind'] } {
  if (e instanceof ModelError) return { error: e.message, kind: e.kind };
  return { error: e instanceof Error ? e.message : String(e) };
}

export async function checkModels(entries: (ModelSpec | ModelEntry)[], options: DoctorOptions = {}): Promise<ModelCheck[]> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const chats = entries.map(async (entry): Promise<ModelCheck> => {
    const started = Date.now();
    let id = typeof entry === 'string' ? entry : entry.id;
    try {
      const spec = typeof entry === 'object' && 'provider' in entry ? entry : parseModelSpec(entry);
      id = spec.id;
      // No retries: the doctor reports the first problem as it is.
      const model = createChatModel(spec, { ...options, retry: { maxAttempts: 1 }, timeoutMs });
      // Room for reasoning models, which spend output tokens thinking before they answer.
      await model.chat({ messages: [{ role: 'user', content: 'Reply with the word OK.' }], maxTokens: 1024, temperature: 0 });
      return { id, role: 'chat', ok: true, latencyMs: Date.now() - started };
    } catch (e) {
      // An empty answer still proves the key, URL and model name work.
      if (e instanceof ModelError && e.kind === 'bad-response' && /empty reply/.test(e.message)) {
        return { id, role: 'chat', ok: true, latencyMs: Date.now() - started, note: 'reachable, but the test prompt got an empty reply' };
      }
      return { id, role: 'chat', ok: false, latencyMs: Date.now() - started, ...describeFailure(e) };
    }
  });
  const checks = [...chats];
  if (options.embedder === undefined) {
    const local = createEmbedder();
    checks.push(
      Promise.resolve({
        id: local.id,
        role: 'embedding',
        ok: true,
        latencyMs: 0,
        note: 'no embedding model configured: novelty filtering uses the local hashed n-gram embedding',
      }),
    );
  } else {
    const entry = options.embedder;
    checks.push(
      (async (): Promise<ModelCheck> => {
        const started = Date.now();
        const id = typeof entry === 'string' ? entry : entry.id;
        try {
          await createEmbedder(entry, { ...options, maxRetries: 0 }).embed(['kaizen doctor'], AbortSignal.timeout(timeoutMs));
          return { id, role: 'embedding', ok: true, latencyMs: Date.now() - started };
        } catch (e) {
          return { id, role: 'embedding', ok: false, latencyMs: Date.now() - started, ...describeFailure(e) };
        }
      })(),
    );
  }
  return Promise.all(checks);
}
