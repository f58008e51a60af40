// New variants of an improver: a model's edit when there is a model, else (or when its edit is unusable) a seeded
// mutation of the numeric policy and operator mix. Model replies are recorded whole, so that a resumed run re-derives
// the very same variant from the record instead of asking (and paying) again.

import type { ChatModel } from '../models/types.ts';
import type { Rng } from '../util/rng.ts';
import { effectivePaths, policyChanges, type SearchMode } from './effect.ts';
import { getPath, type Improver, type ImproverPolicy, POLICY_FIELDS, setPath, validateVariant } from './improver.ts';
import { improverPrompt, parseImproverReply } from './prompt.ts';
import type { OuterRecord } from './record.ts';
import type { Suite } from './suite.ts';
import { type ArchiveEntry, Interrupted, type Rejection } from './types.ts';

/**
 * A seeded mutation of 1–3 whitelisted fields, drawn among those the inner runs read in `mode` (effect.ts); a change
 * that the rest of the mutation makes moot (`selection.lambda` together with a switch away from `weighted`, a migration
 * interval moved between two values past the budget) is dropped, so every change left can have an effect.
 */
export function mutatePolicy(parent: Improver, rng: Rng, mode: SearchMode): Record<string, unknown> {
  const paths = effectivePaths(parent.policy, mode);
  const changes: Record<string, unknown> = {};
  const n = rng.int(1, 3);
  for (const path of rng.sample(paths, n)) {
    const next = mutateValue(POLICY_FIELDS[path]!, getPath(parent.policy, path), rng);
    if (next !== getPath(parent.policy, path)) setPath(changes, path, next);
  }
  const child = structuredClone(parent.policy) as unknown as Record<string, unknown>;
  for (const path of Object.keys(POLICY_FIELDS)) if (getPath(changes, path) !== undefined) setPath(child, path, getPath(changes, path));
  const kept: Record<string, unknown> = {};
  for (const c of policyChanges(parent.policy, child as unknown as ImproverPolicy, mode)) if (!c.ineffective) setPath(kept, c.path, c.to);
  const names = Object.keys(POLICY_FIELDS).filter((p) => getPath(kept, p) !== undefined);
  return { policy: kept, note: `offline mutation of ${names.join(', ')}` };
}

function mutateValue(kind: (typeof POLICY_FIELDS)[string], cur: unknown, rng: Rng): unknown {
  if (kind.type === 'enum') return rng.pick(kind.values.filter((v) => v !== cur));
  if (kind.type === 'int') {
    const step = rng.pick([-2, -1, 1, 2]) * Math.max(1, Math.round(Math.abs(Number(cur)) * 0.25));
    return Math.min(kind.max, Math.max(kind.min, Number(cur) + step));
  }
  const base = Number(cur) > 0 ? Number(cur) : (kind.max - kind.min) / 10;
  const v = base * Math.exp(0.5 * rng.normal());
  return Math.min(kind.max, Math.max(kind.min, Number(v.toPrecision(4))));
}

/**
 * Why a variant cannot score differently from its parent in `mode` (it changes only settings the inner runs do not
 * read, and no prompt), or null when it can: evaluating it would only measure noise.
 */
export function mootVariant(parent: Improver, child: Improver, mode: SearchMode): string[] | null {
  if (Object.keys(child.prompts).some((name) => child.prompts[name] !== parent.prompts[name])) return null;
  const changes = policyChanges(parent.policy, child.policy, mode);
  if (changes.length === 0 || changes.some((c) => !c.ineffective)) return null;
  return changes.map((c) => `${c.path}: has no effect here (${c.ineffective})`);
}

/** Offline mutations tried before a generation is skipped for want of a new variant. */
const MUTATION_ATTEMPTS = 8;

/** A model's answer to the improver prompt, or why there is none. */
type Reply = { text: string; cost: number } | { error: string };

export interface ProposerOptions {
  record: OuterRecord;
  /** The outer loop's RNG (shared with parent selection: the order of draws is part of the record's replay). */
  rng: Rng;
  chat: ChatModel | null;
  /** What the inner runs are: offline mutations change only the settings they read, and a model's edit must change one. */
  mode: SearchMode;
  suite: Suite;
  /** Deadline of one model call. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Proposes the variants of a run, and keeps the ones it refused. */
export class VariantProposer {
  readonly rejected: Rejection[] = [];
  private readonly o: ProposerOptions;

  constructor(options: ProposerOptions) {
    this.o = options;
  }

  /** A new variant of `parent` (never one `archived` already holds), or null when none could be made. */
  async propose(g: number, parent: ArchiveEntry, archived: (id: string) => boolean): Promise<Improver | null> {
    let variant = this.o.chat ? await this.byModel(g, parent, this.o.chat) : null;
    for (let attempt = 0; !variant && attempt < MUTATION_ATTEMPTS; attempt++) {
      const v = validateVariant(parent.improver, mutatePolicy(parent.improver, this.o.rng, this.o.mode), 'offline-mutation');
      if (v.ok && !archived(v.improver.id)) variant = v.improver;
    }
    return variant && !archived(variant.id) ? variant : null;
  }

  /** Asks the model, or on resume takes its recorded reply (a model is neither asked nor paid twice). */
  private async byModel(g: number, parent: ArchiveEntry, chat: ChatModel): Promise<Improver | null> {
    const origin = `llm:${chat.spec.id}`;
    const recorded = this.o.record.next(['improver.proposed', 'improver.rejected']);
    const reply: Reply = recorded
      ? 'error' in recorded && recorded.error !== undefined
        ? { error: recorded.error }
        : { text: recorded.reply ?? '', cost: recorded.cost ?? 0 }
      : await this.ask(parent, chat);
    const base = { generation: g, parent: parent.improver.id, origin };
    const reject = async (reasons: string[], forbidden: string[]) => {
      this.rejected.push({ generation: g, origin, reasons, forbidden });
      await this.o.record.emit('improver.rejected', {
        ...base,
        reasons,
        forbidden,
        ...('error' in reply ? { error: reply.error } : { reply: reply.text, cost: reply.cost }),
      });
      return null;
    };
    if ('error' in reply) return reject([`model call failed: ${reply.error}`], []);
    let changes: unknown;
    try {
      changes = parseImproverReply(reply.text);
    } catch (e) {
      return reject([`the reply holds no JSON object: ${(e as Error).message}`], []);
    }
    const v = validateVariant(parent.improver, changes, origin);
    if (!v.ok) return reject(v.reasons, v.forbidden);
    const moot = mootVariant(parent.improver, v.improver, this.o.mode);
    if (moot) return reject(moot, []);
    // The whole reply is recorded (not an excerpt) so that a resumed run re-derives the very same variant from it.
    await this.o.record.emit('improver.proposed', { ...base, id: v.improver.id, reply: reply.text, cost: reply.cost });
    return v.improver;
  }

  private async ask(parent: ArchiveEntry, chat: ChatModel): Promise<Reply> {
    try {
      const request = { messages: [{ role: 'user' as const, content: improverPrompt(parent, this.o.suite, this.o.mode) }], timeoutMs: this.o.timeoutMs };
      const r = await chat.chat(request, this.o.signal);
      return { text: r.text, cost: r.cost };
    } catch (e) {
      // Stopped by the user, not a failure of the model: nothing is recorded and the question is asked again on resume.
      if (this.o.signal?.aborted) throw new Interrupted('aborted');
      return { error: (e as Error).message };
    }
  }
}
