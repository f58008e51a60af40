// The LLM mutation operators: ask a model for an edit of the parent, apply it, and hand the child to the engine.
//
// Failure contract:
// - `null`: nothing was spent (no model call), e.g. `cross` without an inspiration. The engine tries another operator.
// - a thrown `LlmOperatorError`: a model was called and no usable child came of it (the model failed or timed out,
//   or every reply was unusable after the retries). It carries the reason, the transcript, tokens and cost, so the
//   caller can record the spend and the failure; the engine must catch it and count a rejected proposal.
// Never a hang: every call runs under a deadline (`timeoutMs`) on top of the model layer's own.

import type { ChatMessage, ChatModel, Usage } from '../../models/types.ts';
import { assemble } from '../../corewar/assembler/index.ts';
import { parseBundle, isBundle } from '../../program/bundle.ts';
import { frozenChange } from '../evolve-blocks.ts';
import { isJsLike, syntaxError } from '../offline/syntax.ts';
import type { Operator, OperatorInput, OperatorOutput } from '../operator.ts';
import { type MutationContext, mutationPrompt, PromptSet, type PromptTask, retryPrompt, type ShownProgram } from './prompts.ts';
import { applyRewrite, extractCode, jsonAnswer } from './rewrite.ts';
import { applySearchReplace, parseSearchReplace } from './search-replace.ts';

export type LlmKind = 'diff' | 'full' | 'cross' | 'fix';

export interface LlmOperatorOptions {
  kind: LlmKind;
  /** Chooses the model (and temperature) for one proposal, e.g. the bandit's pick. */
  pickModel: (input: OperatorInput) => { model: ChatModel; temperature: number };
  task: PromptTask;
  /** Prompt files (default: the built-in ones). */
  prompts?: PromptSet;
  /** The current lessons scratchpad; `OperatorInput.lessons` wins when given. */
  lessons?: () => string | undefined | Promise<string | undefined>;
  /** Further model calls after an unusable reply (unmatched SEARCH blocks, no code, a syntax error). Default 2. */
  maxRetries?: number;
  maxTokens?: number;
  /** Deadline of one model call, in ms (default 300 000). */
  timeoutMs?: number;
  /** A longer reply is refused (`reply-too-long`): never sent back in a retry, kept cut (default 256 kB). */
  maxReplyBytes?: number;
  /** A longer prompt loses its inspirations, then its lessons; still too long, it is not sent (`prompt-too-long`). Default 512 kB. */
  maxPromptBytes?: number;
  signal?: AbortSignal;
  /** Operator name (default `llm-KIND`). */
  name?: string;
}

/** The engine records a failure as the rejection `llm-REASON`. `prompt-too-long` called no model (and began no pull). */
export type LlmFailureReason = 'model-error' | 'timeout' | 'aborted' | 'unusable-reply' | 'reply-too-long' | 'prompt-too-long';

export const DEFAULT_MAX_REPLY_BYTES = 256 * 1024;
export const DEFAULT_MAX_PROMPT_BYTES = 512 * 1024;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const messagesBytes = (messages: readonly ChatMessage[]) => messages.reduce((sum, m) => sum + bytes(m.content), 0);

/** The first `max` bytes of an over-long reply and a marker saying so: what the record keeps of it. */
export function cutReply(text: string, max: number): string {
  const head = Buffer.from(text.slice(0, max), 'utf8')
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return `${head}\n[… reply cut here: it was ${bytes(text)} bytes, over the cap of ${max} (llm.maxReplyBytes)]`;
}

export class LlmOperatorError extends Error {
  override readonly name = 'LlmOperatorError';
  readonly reason: LlmFailureReason;
  readonly operator: string;
  readonly model: string;
  readonly prompt: string;
  readonly reply: string;
  readonly usage: Usage;
  readonly cost: number;
  readonly attempts: number;

  constructor(
    message: string,
    d: {
      reason: LlmFailureReason;
      operator: string;
      model: string;
      prompt: string;
      reply: string;
      usage: Usage;
      cost: number;
      attempts: number;
      cause?: unknown;
    },
  ) {
    super(message, d.cause === undefined ? undefined : { cause: d.cause });
    this.reason = d.reason;
    this.operator = d.operator;
    this.model = d.model;
    this.prompt = d.prompt;
    this.reply = d.reply;
    this.usage = d.usage;
    this.cost = d.cost;
    this.attempts = d.attempts;
  }
}

/** What one reply made of the current base: a child, or a report to send back (with a partly edited base). */
type Outcome = { ok: true; code: string } | { ok: false; report: string; base?: string };

/** The conversation as one text, for the record. */
export function transcript(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `### ${m.role}\n${m.content.trimEnd()}`).join('\n\n');
}

/** The model's one-line summary (`CHANGE: …`), if it gave one. */
export function changeLine(reply: string): string | null {
  const json = jsonAnswer(reply);
  if (json?.name || json?.thought) return [json.name, json.thought].filter(Boolean).join(': ').slice(0, 300);
  const m = /^[\s>*_#-]*CHANGE\s*[:：]\s*\**\s*(.+?)\s*\**\s*$/im.exec(reply);
  return m ? m[1].slice(0, 300) : null;
}

export class LlmOperator implements Operator {
  readonly name: string;
  private readonly o: LlmOperatorOptions;
  private readonly prompts: PromptSet;

  constructor(options: LlmOperatorOptions) {
    this.o = options;
    this.name = options.name ?? `llm-${options.kind}`;
    this.prompts = options.prompts ?? new PromptSet();
  }

  /** Any language a model can write; syntax is checked only where a checker exists (JS/TS, Redcode). */
  supports(_language: string): boolean {
    return true;
  }

  async propose(input: OperatorInput): Promise<OperatorOutput | null> {
    const kind = this.o.kind;
    if (kind === 'cross' && input.inspirations.length === 0) return null;
    const calls = Math.min((this.o.maxRetries ?? 2) + 1, input.maxModelCalls ?? Number.POSITIVE_INFINITY);
    if (calls < 1) return null;
    const shown = (p: OperatorInput['inspirations'][number]): ShownProgram => ({
      id: p.id,
      code: p.code,
      score: p.score,
      metrics: p.metrics,
      feedback: p.feedback,
    });
    const partner = kind === 'cross' ? input.rng.pick(input.inspirations) : undefined;
    const ctx: MutationContext = {
      parent: { code: input.code, score: input.parentScore, metrics: input.parentMetrics, feedback: input.parentFeedback },
      error: input.parentError,
      partner: partner && shown(partner),
      inspirations: kind === 'cross' ? [] : input.inspirations.map(shown),
      guidance: input.guidance,
    };
    const lessons = input.lessons ?? (await this.o.lessons?.());
    const messages = this.fittedPrompt(input.language, lessons, ctx);
    const { model, temperature } = this.o.pickModel(input);
    const usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
    let cost = 0;
    let modelId = model.spec.id;
    let base = input.code;
    let summary: string | null = null;
    const maxReply = this.o.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
    const maxPrompt = this.o.maxPromptBytes ?? DEFAULT_MAX_PROMPT_BYTES;
    for (let attempt = 1; ; attempt++) {
      const fail = (reason: LlmFailureReason, message: string, reply: string, cause?: unknown) =>
        new LlmOperatorError(message, {
          reason,
          operator: this.name,
          model: modelId,
          prompt: transcript(messages),
          reply,
          usage: { ...usage },
          cost,
          attempts: attempt,
          cause,
        });
      let text: string;
      try {
        const r = await this.call(model, messages, temperature);
        text = r.text;
        usage.inputTokens += r.usage.inputTokens;
        usage.outputTokens += r.usage.outputTokens;
        usage.cachedInputTokens += r.usage.cachedInputTokens;
        cost += r.cost;
        modelId = r.model || modelId;
      } catch (e) {
        const reason: LlmFailureReason = e instanceof DeadlineError ? 'timeout' : this.o.signal?.aborted ? 'aborted' : 'model-error';
        throw fail(reason, `${this.name}: ${model.spec.id} failed: ${(e as Error).message}`, '', e);
      }
      const replyBytes = bytes(text);
      if (replyBytes > maxReply) {
        // Refused whole: sent back in a retry it would make every later prompt as long, and it is kept only cut.
        throw fail(
          'reply-too-long',
          `${this.name}: the reply was ${replyBytes} bytes, over the cap of ${maxReply} (llm.maxReplyBytes)`,
          cutReply(text, maxReply),
        );
      }
      summary = changeLine(text) ?? summary;
      const outcome = this.check(input, this.apply(base, text), input.language);
      if (outcome.ok) {
        const why = summary ?? (kind === 'diff' ? 'SEARCH/REPLACE edit' : `${kind} rewrite`);
        const change = kind === 'cross' && partner ? `${why} (crossed with program ${partner.id})` : why;
        return { code: outcome.code, change, model: modelId, prompt: transcript(messages), reply: text, usage, cost, attempts: attempt };
      }
      if (attempt >= calls) throw fail('unusable-reply', `${this.name}: no usable edit after ${attempt} replies: ${outcome.report.split('\n')[0]}`, text);
      if (outcome.base !== undefined) base = outcome.base;
      const retry: ChatMessage[] = [
        { role: 'assistant', content: text },
        { role: 'user', content: retryPrompt(this.prompts, input.language, outcome.report, base !== input.code ? base : undefined) },
      ];
      const retryBytes = messagesBytes(messages) + messagesBytes(retry);
      if (retryBytes > maxPrompt) {
        const why = `${this.name}: no retry: its prompt would be ${retryBytes} bytes, over the cap of ${maxPrompt} (llm.maxPromptBytes): ${outcome.report.split('\n')[0]}`;
        throw fail('unusable-reply', why, text);
      }
      messages.push(...retry);
    }
  }

  /**
   * The first prompt, under `maxPromptBytes`: cut at a fixed place, the inspirations dropped first, then the lessons
   * (the parent, the task and a crossover's partner are what the question is about). Still too long, nothing is sent.
   */
  private fittedPrompt(language: string, lessons: string | undefined, ctx: MutationContext): ChatMessage[] {
    const max = this.o.maxPromptBytes ?? DEFAULT_MAX_PROMPT_BYTES;
    const tries: [string | undefined, MutationContext][] = [
      [lessons, ctx],
      [lessons, { ...ctx, inspirations: [] }],
      [undefined, { ...ctx, inspirations: [] }],
    ];
    let size = 0;
    for (const [l, c] of tries) {
      const { system, user } = mutationPrompt(this.prompts, this.o.kind, this.o.task, language, l, c);
      const messages: ChatMessage[] = [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ];
      size = messagesBytes(messages);
      if (size <= max) return messages;
    }
    const message = `${this.name}: not sent: the prompt is ${size} bytes without inspirations or lessons, over the cap of ${max} (llm.maxPromptBytes)`;
    const none = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
    throw new LlmOperatorError(message, {
      reason: 'prompt-too-long',
      operator: this.name,
      model: '',
      prompt: '',
      reply: '',
      usage: none,
      cost: 0,
      attempts: 0,
    });
  }

  /** Turns one reply into a child of `base`, or a report of what went wrong. */
  private apply(base: string, reply: string): Outcome {
    if (this.o.kind !== 'diff') {
      const r = applyRewrite(base, reply);
      return r.ok ? { ok: true, code: r.code } : { ok: false, report: r.error };
    }
    const parsed = parseSearchReplace(reply);
    if (parsed.blocks.length === 0) {
      if (parsed.malformed.length) return { ok: false, report: parsed.malformed.join('\n') };
      // Weaker models often answer a diff request with the whole program; with its markers it is still usable. A task
      // whose prompts ask for a JSON answer ({ thought, name, code }) gets the block's new contents that way.
      const code = extractCode(reply);
      if ('code' in code && (/EVOLVE-BLOCK-START|^==> .+ <==$/m.test(code.code) || jsonAnswer(reply))) {
        const r = applyRewrite(base, reply);
        if (r.ok) return { ok: true, code: r.code };
      }
      return { ok: false, report: 'the reply has no <<<<<<< SEARCH / ======= / >>>>>>> REPLACE blocks' };
    }
    const r = applySearchReplace(base, parsed.blocks);
    if (r.failures.length === 0 && parsed.malformed.length === 0) return { ok: true, code: r.code };
    const head = `${r.applied} of ${parsed.blocks.length + parsed.malformed.length} blocks applied; these were not:`;
    return { ok: false, report: [head, ...r.failures.map((f) => f.report), ...parsed.malformed].join('\n\n'), base: r.code };
  }

  /** The child must differ from the parent, keep its frozen code, and parse where a parser is at hand. */
  private check(input: OperatorInput, outcome: Outcome, language: string): Outcome {
    if (!outcome.ok) return outcome;
    const { code } = outcome;
    if (code === input.code) return { ok: false, report: 'the edit leaves the program exactly as it was; change something inside the EVOLVE blocks' };
    // The engine's screen applies the same rule; here it becomes feedback the model can act on in its next reply.
    const frozen = frozenChange(input.code, code);
    if (frozen?.reason === 'outside-evolve-block') {
      return { ok: false, report: 'the edit changes code outside the EVOLVE blocks (or their markers); change only the code between them' };
    }
    if (frozen?.reason === 'files') return { ok: false, report: `${frozen.detail}; keep every "==> PATH <==" header line as it is and add no new one` };
    if (frozen) return { ok: false, report: `the EVOLVE markers are broken: ${frozen.detail}` };
    const error = this.syntaxError(code, language);
    if (error)
      return { ok: false, report: `the edited program does not ${language === 'redcode' ? 'assemble' : 'parse'}: ${error}\nNone of these edits were kept.` };
    return outcome;
  }

  private syntaxError(code: string, language: string): string | null {
    if (isBundle(code)) {
      // Each file by its own extension: a JSON data file beside a JavaScript module is not JavaScript.
      for (const file of parseBundle(code)) {
        if (file.frozen) continue;
        const lang = /\.(m|c)?ts$/.test(file.path) ? 'typescript' : /\.(m|c)?js$/.test(file.path) ? 'javascript' : null;
        const error = lang ? syntaxError(file.content, lang) : null;
        if (error) return `${file.path}: ${error}`;
      }
      return null;
    }
    if (isJsLike(language)) return syntaxError(code, language);
    if (language === 'redcode' && this.o.task.redcode) {
      const r = assemble(code, this.o.task.redcode);
      if (!r.ok)
        return r.errors
          .slice(0, 3)
          .map((e) => `line ${e.line}: ${e.message}`)
          .join('; ');
      if (r.warrior.instructions.length > this.o.task.redcode.maxLength)
        return `${r.warrior.instructions.length} instructions, more than the hill's ${this.o.task.redcode.maxLength}`;
    }
    return null;
  }

  /** One model call under a deadline that holds even if the model ignores its abort signal. */
  private async call(model: ChatModel, messages: ChatMessage[], temperature: number) {
    const ms = this.o.timeoutMs ?? 300_000;
    const controller = new AbortController();
    const outer = this.o.signal;
    const onAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) onAbort();
    outer?.addEventListener('abort', onAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort(new DeadlineError(ms));
        reject(new DeadlineError(ms));
      }, ms);
    });
    // Rejects with the abort's reason, so a deadline reads as a timeout and a caller's abort as an abort.
    const reason = () => (controller.signal.reason instanceof Error ? controller.signal.reason : new Error('aborted'));
    const aborted = new Promise<never>((_, reject) => {
      if (controller.signal.aborted) reject(reason());
      controller.signal.addEventListener('abort', () => reject(reason()), { once: true });
    });
    aborted.catch(() => {});
    try {
      return await Promise.race([
        model.chat({ messages: [...messages], temperature, maxTokens: this.o.maxTokens, timeoutMs: ms }, controller.signal),
        deadline,
        aborted,
      ]);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }
}

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}
