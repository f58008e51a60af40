// The broker: the only way a sandboxed agent reaches a model. It runs in the trusted process and holds the model
// client (and with it the keys); the agent sends JSON lines, the broker checks each request, enforces the task's
// limits on calls, tokens and dollars, calls the model with the real SDK, and records every call and every tool
// call it can see (the model's requests, and the agent's answers to them in the next request) — outside the agent,
// so an agent that deletes its own logging changes nothing in the record.
import { z } from 'zod';
import type { ChatModel, ChatResponse, ToolCall } from '../models/types.ts';

export interface BrokerLimits {
  /** Model calls per task. */
  calls: number;
  /** Input + output tokens per task. */
  tokens: number;
  /** US dollars per task. */
  dollars: number;
  /** Requests refused for a spent budget before the broker stops answering and has the agent killed. */
  refusalsBeforeKill: number;
}

export const DEFAULT_BROKER_LIMITS: BrokerLimits = { calls: 40, tokens: 400_000, dollars: 1, refusalsBeforeKill: 5 };

/** Caps on what an agent may send (a request beyond them is refused, not forwarded). */
const MAX_MESSAGES = 400;
const MAX_TEXT = 200_000;
const MAX_TOOLS = 24;

const Text = z.string().max(MAX_TEXT);
const Call = z.strictObject({ id: z.string().max(200), name: z.string().max(100), input: z.unknown() });
const Message = z.union([
  z.strictObject({ role: z.enum(['system', 'user']), content: Text }),
  z.strictObject({ role: z.literal('assistant'), content: Text.optional(), toolCalls: z.array(Call).max(32).optional() }),
  z.strictObject({
    role: z.literal('tool'),
    results: z.array(z.strictObject({ id: z.string().max(200), name: z.string().max(100), output: Text })).max(32),
  }),
]);
const ChatLine = z.strictObject({
  t: z.literal('chat'),
  messages: z.array(Message).min(1).max(MAX_MESSAGES),
  tools: z
    .array(
      z.strictObject({ name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/), description: z.string().max(4000), parameters: z.record(z.string(), z.unknown()) }),
    )
    .max(MAX_TOOLS),
});
const DoneLine = z.strictObject({ t: z.literal('done'), submitted: z.boolean().optional() });

/** One model call as the broker saw it. */
export interface BrokerCall {
  turn: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencyMs: number;
  /** Tools the model asked for. */
  toolCalls: { name: string; input: string }[];
  text: string;
  error?: string;
}

/** A tool call and the agent's answer to it, as the broker saw them in the conversation. */
export interface ToolEvent {
  turn: number;
  name: string;
  input: string;
  /** Characters of the result the agent sent back (null: the agent never answered the call). */
  outputChars: number | null;
  output: string | null;
}

export interface BrokerRecord {
  calls: BrokerCall[];
  tools: ToolEvent[];
  /** Requests refused, and why (budget spent, malformed request). */
  refusals: string[];
  /** The agent said it was done (and whether it submitted), if it did. */
  done: { submitted: boolean } | null;
  spent: { calls: number; tokens: number; dollars: number };
  /** The last conversation the agent sent (for diagnosis). */
  lastMessages: unknown[];
}

export interface BrokerOptions {
  model: ChatModel;
  limits: BrokerLimits;
  /** Sampling seed passed to the model (the stand-in's draws; providers that honour `seed`). */
  seed: number;
  /** Called after every model call (the loop appends it to the ledger). */
  onCall?: (call: BrokerCall) => void | Promise<void>;
  /** Asked to kill the agent (budget flood, malformed traffic). */
  kill: (why: string) => void;
  timeoutMs?: number;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export class Broker {
  readonly record: BrokerRecord = { calls: [], tools: [], refusals: [], done: null, spent: { calls: 0, tokens: 0, dollars: 0 }, lastMessages: [] };
  private readonly options: BrokerOptions;
  private chain: Promise<void> = Promise.resolve();
  /** Tool calls the model asked for that the agent has not answered yet. */
  private pending = new Map<string, ToolEvent>();
  private readonly abort = new AbortController();

  constructor(options: BrokerOptions) {
    this.options = options;
  }

  /** Handles one line from the agent; `reply` sends a line back. Lines are handled one at a time, in order. */
  handle(line: string, reply: (line: string) => void): void {
    this.chain = this.chain.then(() => this.handleOne(line, reply)).catch(() => {});
  }

  /** Waits for the request in flight (after the agent ended). */
  async settle(): Promise<void> {
    this.abort.abort();
    await this.chain;
  }

  private refuse(reason: string, reply: (line: string) => void): void {
    this.record.refusals.push(reason);
    reply(JSON.stringify({ t: 'refused', reason }));
    if (this.record.refusals.length > this.options.limits.refusalsBeforeKill)
      this.options.kill(`the agent kept calling the broker after ${this.record.refusals.length} refusals`);
  }

  private async handleOne(line: string, reply: (line: string) => void): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return this.refuse('malformed request: not JSON', reply);
    }
    const done = DoneLine.safeParse(raw);
    if (done.success) {
      this.record.done = { submitted: done.data.submitted === true };
      return;
    }
    const parsed = ChatLine.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return this.refuse(`malformed request: ${issue.path.join('.') || '(top)'}: ${issue.message}`, reply);
    }
    const { limits } = this.options;
    const spent = this.record.spent;
    if (spent.calls >= limits.calls) return this.refuse(`budget: ${limits.calls} model calls used`, reply);
    if (spent.tokens >= limits.tokens) return this.refuse(`budget: ${spent.tokens} of ${limits.tokens} tokens used`, reply);
    if (spent.dollars >= limits.dollars) return this.refuse(`budget: $${spent.dollars.toFixed(4)} of $${limits.dollars} used`, reply);
    const turn = spent.calls + 1;
    this.noteToolResults(parsed.data.messages);
    this.record.lastMessages = parsed.data.messages;
    spent.calls++;
    let response: ChatResponse;
    try {
      if (!this.options.model.chatWithTools) throw new Error(`model ${this.options.model.spec.id} cannot call tools`);
      response = await this.options.model.chatWithTools(
        { messages: parsed.data.messages as never, tools: parsed.data.tools, seed: this.options.seed, timeoutMs: this.options.timeoutMs },
        this.abort.signal,
      );
    } catch (e) {
      const call: BrokerCall = {
        turn,
        model: this.options.model.spec.id,
        inputTokens: 0,
        outputTokens: 0,
        cost: 0,
        latencyMs: 0,
        toolCalls: [],
        text: '',
        error: clip((e as Error).message, 500),
      };
      this.record.calls.push(call);
      await this.options.onCall?.(call);
      reply(JSON.stringify({ t: 'error', reason: call.error }));
      return;
    }
    spent.tokens += response.usage.inputTokens + response.usage.outputTokens;
    spent.dollars += response.cost;
    const toolCalls = response.toolCalls ?? [];
    for (const c of toolCalls)
      this.pending.set(c.id, { turn, name: c.name, input: clip(JSON.stringify(c.input ?? null), 2000), outputChars: null, output: null });
    const call: BrokerCall = {
      turn,
      model: response.model,
      inputTokens: response.usage.inputTokens,
      outputTokens: response.usage.outputTokens,
      cost: response.cost,
      latencyMs: response.latencyMs,
      toolCalls: toolCalls.map((c) => ({ name: c.name, input: clip(JSON.stringify(c.input ?? null), 2000) })),
      text: clip(response.text, 2000),
    };
    this.record.calls.push(call);
    await this.options.onCall?.(call);
    reply(JSON.stringify({ t: 'reply', text: response.text, toolCalls: toolCalls satisfies ToolCall[] }));
  }

  /** The agent's answers to the tool calls of earlier replies, as they appear in its next request. */
  private noteToolResults(messages: z.infer<typeof Message>[]): void {
    for (const m of messages) {
      if (m.role !== 'tool') continue;
      for (const r of m.results) {
        const event = this.pending.get(r.id);
        if (!event) continue;
        this.pending.delete(r.id);
        event.outputChars = r.output.length;
        event.output = clip(r.output, 4000);
        this.record.tools.push(event);
      }
    }
  }

  /** Tool calls never answered (the agent stopped after them): recorded too. */
  finish(): BrokerRecord {
    for (const event of this.pending.values()) this.record.tools.push(event);
    this.pending.clear();
    this.record.tools.sort((a, b) => a.turn - b.turn);
    return this.record;
  }
}
