// ChatModel over the AI SDK's generateText: one deadline per call (retries included), exponential backoff with jitter
// on transient failures only, a circuit breaker per model, usage and cost on every answer.
import { generateText, jsonSchema, type ModelMessage, type ToolSet, tool } from 'ai';
import { KaizenError } from '../errors.ts';
import { type BreakerOptions, CircuitBreaker } from './breaker.ts';
import { classifyError } from './classify.ts';
import { ModelError } from './errors.ts';
import { defaultPricing, type Pricing } from './pricing.ts';
import { languageModelFor, type RegistryOptions } from './registry.ts';
import { type ModelEntry, parseModelSpec } from './spec.ts';
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse, ModelSpec, ToolChatRequest, ToolMessage, ToolSpec, Usage } from './types.ts';

export interface RetryOptions {
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface ChatModelOptions extends RegistryOptions {
  pricing?: Pricing;
  /** Deadline of a call, retries included, when the request gives none. */
  timeoutMs?: number;
  /** Deadline of one attempt (a hung attempt is then retried while the call's deadline allows). */
  attemptTimeoutMs?: number;
  retry?: RetryOptions;
  /** A breaker to share, or options for this model's own. */
  breaker?: CircuitBreaker | BreakerOptions;
  /** Source of randomness for jitter and temperature choice (seedable in tests). */
  random?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 180_000;

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** System messages go to `instructions` (v7 rejects them inside `messages` by default). */
function toPrompt(request: ChatRequest | ToolChatRequest): { instructions?: string; messages: ModelMessage[] } {
  const all: (ChatMessage | ToolMessage)[] = request.messages;
  const system = all.filter((m): m is ChatMessage => m.role === 'system').map((m) => m.content);
  const messages = all.filter((m) => m.role !== 'system').map(toModelMessage);
  return { ...(system.length ? { instructions: system.join('\n\n') } : {}), messages };
}

function toModelMessage(m: ChatMessage | ToolMessage): ModelMessage {
  if (m.role === 'tool') {
    return {
      role: 'tool',
      content: m.results.map((r) => ({ type: 'tool-result', toolCallId: r.id, toolName: r.name, output: { type: 'text', value: r.output } })),
    };
  }
  if ('toolCalls' in m) {
    const calls = m.toolCalls.map((c) => ({ type: 'tool-call' as const, toolCallId: c.id, toolName: c.name, input: c.input }));
    return { role: 'assistant', content: m.content ? [{ type: 'text', text: m.content }, ...calls] : calls };
  }
  return { role: m.role, content: m.content } as ModelMessage;
}

/** Tools without `execute`: the SDK returns the model's calls and the caller runs them. */
function toToolSet(tools: readonly ToolSpec[]): ToolSet {
  return Object.fromEntries(tools.map((t) => [t.name, tool({ description: t.description, inputSchema: jsonSchema(t.parameters as never) })]));
}

/** One line per SDK warning (their shapes differ by type). */
function describeWarning(w: object): string {
  const o = w as { type?: string; feature?: string; details?: string; message?: string };
  return o.message ?? [o.type, o.feature, o.details].filter(Boolean).join(': ');
}

export function createChatModel(entry: ModelSpec | ModelEntry, options: ChatModelOptions = {}): ChatModel {
  const spec = typeof entry === 'object' && 'provider' in entry ? entry : parseModelSpec(entry);
  const pricing = options.pricing ?? defaultPricing;
  const random = options.random ?? Math.random;
  const maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 4);
  const baseDelayMs = options.retry?.baseDelayMs ?? 1000;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const breaker = options.breaker instanceof CircuitBreaker ? options.breaker : new CircuitBreaker(options.breaker);

  // Equal jitter: half the exponential step fixed, half random, so concurrent retries spread out. A server's
  // retry-after is a floor.
  const backoff = (attempt: number, retryAfter: number | undefined) => {
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    const jittered = step / 2 + (random() * step) / 2;
    return Math.max(jittered, retryAfter ?? 0);
  };

  async function attempt(request: ChatRequest | ToolChatRequest, signal: AbortSignal): Promise<Omit<ChatResponse, 'latencyMs'>> {
    const temperature = request.temperature ?? spec.temperatures[Math.floor(random() * spec.temperatures.length)];
    const result = await generateText({
      model: languageModelFor(spec, options),
      ...toPrompt(request),
      ...('tools' in request && request.tools.length ? { tools: toToolSet(request.tools) } : {}),
      ...('seed' in request && request.seed !== undefined ? { seed: request.seed } : {}),
      temperature,
      maxOutputTokens: request.maxTokens ?? spec.maxTokens,
      maxRetries: 0, // retries are ours: they share the call's deadline and feed the breaker
      abortSignal: signal,
    });
    const toolCalls = result.toolCalls.map((c) => ({ id: c.toolCallId, name: c.toolName, input: c.input }));
    if (!result.text && toolCalls.length === 0) throw new ModelError('bad-response', spec.id, `empty reply (finish reason: ${result.finishReason})`);
    const usage: Usage = {
      inputTokens: result.usage.inputTokens ?? 0,
      outputTokens: result.usage.outputTokens ?? 0,
      cachedInputTokens: result.usage.inputTokenDetails?.cacheReadTokens ?? 0,
    };
    const warnings = (result.warnings ?? []).map(describeWarning);
    return {
      text: result.text,
      usage,
      ...pricing.priceOf(spec.id, usage),
      model: spec.id,
      finishReason: result.finishReason,
      ...(warnings.length ? { warnings } : {}),
      ...(toolCalls.length ? { toolCalls } : {}),
    };
  }

  async function chat(request: ChatRequest | ToolChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    if (!breaker.tryAcquire()) {
      throw new ModelError(
        'circuit-open',
        spec.id,
        `resting after ${breaker.failureThreshold} consecutive failures; next try in ${Math.ceil(breaker.remainingMs / 1000)} s`,
      );
    }
    const started = Date.now();
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('deadline', 'TimeoutError')), timeoutMs);
    const callSignal = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
    // Why the call stopped, when it was cut off from outside the SDK.
    const cutOff = (): ModelError | undefined => {
      if (signal?.aborted) return new ModelError('aborted', spec.id, 'cancelled by the caller', { cause: signal.reason });
      if (deadline.signal.aborted) return new ModelError('timeout', spec.id, `no reply within ${timeoutMs} ms`);
      return undefined;
    };
    try {
      for (let n = 1; ; n++) {
        const attemptSignal = options.attemptTimeoutMs ? AbortSignal.any([callSignal, AbortSignal.timeout(options.attemptTimeoutMs)]) : callSignal;
        try {
          const r = await attempt(request, attemptSignal);
          breaker.success();
          return { ...r, latencyMs: Date.now() - started };
        } catch (raw) {
          const err = cutOff() ?? classifyError(spec, raw);
          if (!err.retryable || n >= maxAttempts) throw err;
          const wait = backoff(n, err.retryAfterMs);
          if (Date.now() + wait >= started + timeoutMs) throw err; // waiting would overrun the deadline anyway
          try {
            await sleep(wait, callSignal);
          } catch {
            throw cutOff() ?? err;
          }
        }
      }
    } catch (e) {
      // Failures that say nothing about the model's health (the caller cancelled, the request itself was bad, e.g.
      // too long) must not rest a healthy model; a 404 (no such model) does count.
      const neutral = e instanceof ModelError && (e.kind === 'aborted' || (e.kind === 'bad-request' && e.status !== 404));
      if (neutral) breaker.release();
      else breaker.failure();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  return { spec, chat, chatWithTools: chat };
}

/** One ChatModel per spec, keyed by spec id (each with its own breaker unless `options.breaker` is shared). */
export function createChatModels(entries: (ModelSpec | ModelEntry)[], options: ChatModelOptions = {}): Map<string, ChatModel> {
  const models = new Map<string, ChatModel>();
  for (const e of entries) {
    const m = createChatModel(e, options);
    if (models.has(m.spec.id)) throw new KaizenError(`Model spec "${m.spec.id}" is listed twice`);
    models.set(m.spec.id, m);
  }
  return models;
}
