// The outer loop of recursive self-improvement: evolve the improver, keep a variant only when it wins on held-out
// tasks. Selection follows the Darwin Gödel Machine; every improver is archived with its results (stepping stones);
// every inner run is an ordinary, sandboxed, ledgered run in the improve database; the outer loop is a run of its
// own there (task `improve:<suite>`), so `kaizen verify` checks its chained, signed events too. An interrupted outer
// run is resumed by re-running the same command: its record is replayed and nothing already done is redone
// (record.ts; inner runs cut short are redone from scratch, see runInner).
//
// Scores. A task's raw scores are not comparable (sum of radii, a distance, Core War points), so one inner run is
// scored by its relative improvement over its own seed program, in percent: 100 · (best − seed) / scale, with scale
// = the suite's `scale` for the task or |seed score|. An improver's score on a task set for one seed is the mean of
// that over the tasks; over seeds we report mean ± sd. The held-out gate compares the variant with the current
// default on the same seeds: promote only if mean difference > 2 × pooled standard error (√(sd₁²/n + sd₂²/n)) and > 0.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KaizenConfigInput } from '../config/config.ts';
import { deepMerge, loadTask } from '../config/load.ts';
import { evolve } from '../engine/evolve.ts';
import { createChatModel } from '../models/client.ts';
import type { ChatModel } from '../models/types.ts';
import type { ModelEntry } from '../models/spec.ts';
import { Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { Rng } from '../util/rng.ts';
import { median, sigmoid } from '../util/stats.ts';
import { defaultImprover, type Improver, improverDiff, POLICY_FIELDS, getPath, policyConfig, validateVariant } from './improver.ts';
import { OuterRecord, type ResumeMode } from './record.ts';
import type { Suite, SuiteTask } from './suite.ts';

export interface InnerResult {
  task: string;
  dir: string;
  seed: number;
  runId: string;
  seedScore: number | null;
  bestScore: number | null;
  /** 100 · (best − seed) / scale. */
  normalised: number;
  lessons?: string;
}

export interface Stats {
  /** One score per seed (the mean over the task set). */
  perSeed: number[];
  mean: number;
  sd: number;
  runs: InnerResult[];
}

export interface ArchiveEntry {
  improver: Improver;
  generation: number;
  children: number;
  training: Stats;
  heldOut?: Stats;
  status: 'default' | 'archived' | 'promoted' | 'overfit' | 'within-noise';
  gate?: Gate;
}

export interface Gate {
  against: string;
  diff: number;
  se: number;
  promote: boolean;
  reason: string;
}

export interface ImproveOptions {
  suite: Suite;
  /** The improve database (default: SUITE/.kaizen/improve.db). */
  out?: string;
  generations?: number;
  seeds?: number;
  innerBudget?: number;
  /** Models: the improver is then edited by a model, and inner runs use the models too. */
  models?: ModelEntry[];
  /** Sharpness of the DGM parent-selection sigmoid (scores are in percent). */
  k?: number;
  /** Seed of the outer loop's RNG (parent selection, offline mutations). */
  seed?: number;
  /** Evaluations in flight in each inner run. */
  concurrency?: number;
  /** Which variants are run on the held-out tasks: those that beat the default on training (default), or all (every one gated and recorded). */
  heldOutFor?: 'training-winners' | 'all';
  /** Settings for inner runs that no improver may change (e.g. llm.timeoutMs in tests). */
  innerConfig?: KaizenConfigInput;
  /** `auto` (default): continue the suite's unfinished improve run if its settings are the same; `never`: start afresh; `required`: fail if there is none. */
  resume?: ResumeMode;
  /** Stops the loop: the inner run in flight is abandoned (redone on resume), the run is left resumable. */
  signal?: AbortSignal;
  onGeneration?: (line: GenerationLine) => void;
  onNotice?: (message: string) => void;
}

export interface GenerationLine {
  generation: number;
  parent: string | null;
  improver: string | null;
  origin: string;
  training: Stats | null;
  heldOut: Stats | null;
  status: string;
  bestTraining: number;
  bestInner: number;
  defaultId: string;
  /** Re-derived from the record of an earlier session (nothing was run for it now). */
  restored: boolean;
}

export interface CurvePoint {
  generation: number;
  /** Best training mean of any improver archived so far. */
  bestTraining: number;
  /** Best single inner-run normalised result so far. */
  bestInner: number;
  defaultId: string;
}

export interface ImproveResult {
  runId: string;
  db: string;
  suite: string;
  /** `interrupted`: stopped before its last generation; re-running the same command resumes it. */
  status: 'completed' | 'interrupted';
  /** Why an interrupted run stopped. */
  stopped?: string;
  resumed: boolean;
  /** Sessions this run took (1 + times it was resumed). */
  sessions: number;
  /** Inner runs done in this session, and those restored from the record of earlier ones. */
  innerRuns: { run: number; restored: number };
  archive: ArchiveEntry[];
  rejected: { generation: number; origin: string; reasons: string[]; forbidden: string[] }[];
  curve: CurvePoint[];
  initialDefault: string;
  finalDefault: string;
  verdict: 'promoted' | 'none';
  verdictText: string;
  /** Working time over all sessions. */
  durationMs: number;
  options: { generations: number; seeds: number; innerBudget: number; k: number; seed: number; models: string[] };
  reportPath?: string;
}

const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const sdOf = (xs: number[]) => {
  if (xs.length < 2) return 0;
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};

/** DGM parent weights: sigmoid(k · (score − mid)) · 1/(1 + children), mid = the archive's median score. */
export function dgmWeights(entries: { score: number; children: number }[], k: number): number[] {
  const mid = median(entries.map((e) => e.score));
  return entries.map((e) => sigmoid(k * (e.score - mid)) / (1 + e.children));
}

export function selectParentIndex(entries: { score: number; children: number }[], k: number, rng: Rng): number {
  return rng.weighted(dgmWeights(entries, k));
}

/** The held-out gate: variant beats the default by more than twice the pooled standard error over seeds. */
export function heldOutGate(variant: Stats, current: Stats, currentId: string): Gate {
  const diff = variant.mean - current.mean;
  const se = Math.sqrt(variant.sd ** 2 / Math.max(1, variant.perSeed.length) + current.sd ** 2 / Math.max(1, current.perSeed.length));
  const promote = diff > 0 && diff > 2 * se;
  const reason = promote
    ? `held-out mean ${fmt(variant.mean)} beats ${fmt(current.mean)} by ${fmt(diff)} > 2·SE (${fmt(2 * se)})`
    : diff <= 0
      ? `held-out mean ${fmt(variant.mean)} does not beat ${fmt(current.mean)} (difference ${fmt(diff)})`
      : `held-out difference ${fmt(diff)} is within noise (2·SE = ${fmt(2 * se)})`;
  return { against: currentId, diff, se, promote, reason };
}

export const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));

/** A seeded mutation of the numeric policy and operator mix (1–3 whitelisted fields). */
export function mutatePolicy(parent: Improver, rng: Rng, withModels: boolean): Record<string, unknown> {
  const paths = Object.keys(POLICY_FIELDS).filter((p) => (withModels ? !p.startsWith('operators.offline') : !p.startsWith('llm.mix')));
  const changes: Record<string, unknown> = {};
  const n = rng.int(1, 3);
  for (const path of rng.sample(paths, n)) {
    const kind = POLICY_FIELDS[path]!;
    const cur = getPath(parent.policy, path);
    let next: unknown;
    if (kind.type === 'enum') next = rng.pick(kind.values.filter((v) => v !== cur));
    else if (kind.type === 'int') {
      const step = rng.pick([-2, -1, 1, 2]) * Math.max(1, Math.round(Math.abs(Number(cur)) * 0.25));
      next = Math.min(kind.max, Math.max(kind.min, Number(cur) + step));
    } else {
      const base = Number(cur) > 0 ? Number(cur) : (kind.max - kind.min) / 10;
      const v = base * Math.exp(0.5 * rng.normal());
      next = Math.min(kind.max, Math.max(kind.min, Number(v.toPrecision(4))));
    }
    if (next === cur) continue;
    const parts = path.split('.');
    let obj = changes;
    for (const p of parts.slice(0, -1)) {
      if (typeof obj[p] !== 'object' || obj[p] === null) obj[p] = {};
      obj = obj[p] as Record<string, unknown>;
    }
    obj[parts[parts.length - 1]!] = next;
  }
  return { policy: changes, note: `offline mutation of ${Object.keys(POLICY_FIELDS).filter((p) => getPath(changes, p) !== undefined).join(', ')}` };
}

const IMPROVER_MARKER = 'You improve the improver';

/** The request that asks a model to edit the improver, given the inner runs' summaries and lessons. */
export function improverPrompt(parent: ArchiveEntry, suite: Suite): string {
  const runs = parent.training.runs.map((r) => `- ${r.task} (seed ${r.seed}): seed program ${r.seedScore ?? 'invalid'} → best ${r.bestScore ?? 'none'} (${fmt(r.normalised)}% better)`).join('\n');
  const lessons = [...new Set(parent.training.runs.map((r) => r.lessons).filter((l): l is string => !!l))].slice(0, 3).join('\n---\n');
  const fields = Object.entries(POLICY_FIELDS)
    .map(([p, k]) => `- ${p}: ${k.type === 'enum' ? k.values.join(' | ') : `${k.type} in [${k.min}, ${k.max}]`} (now ${JSON.stringify(getPath(parent.improver.policy, p))})`)
    .join('\n');
  return [
    `${IMPROVER_MARKER}: the prompts and search policy that an evolutionary coding system uses to improve programs.`,
    `Suite "${suite.name}": its training tasks are scored by how much the evolved program beats its seed program, in percent.`,
    `The current improver (${parent.improver.id}) scored ${fmt(parent.training.mean)} ± ${fmt(parent.training.sd)} on training. Its inner runs:`,
    runs,
    lessons ? `Lessons the inner runs distilled:\n${lessons}` : 'The inner runs distilled no lessons.',
    `Policy fields you may change (nothing else: budgets, sandbox, judges and held-out tasks are fixed):\n${fields}`,
    `Prompt templates you may rewrite: ${Object.keys(parent.improver.prompts).join(', ')}. The current diff.md:\n\`\`\`markdown\n${parent.improver.prompts['diff.md'] ?? ''}\n\`\`\``,
    'Answer with one JSON object in a ```json fence: {"note": "what you changed and why", "policy": { …changed fields only… }, "prompts": { "NAME.md": "the full new text" }}. Keep every {{placeholder}} of a template you rewrite.',
  ].join('\n\n');
}

/** The JSON object of a model's reply (a ```json fence, else the outermost braces). */
export function parseImproverReply(text: string): unknown {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(text)?.[1];
  const body = fenced ?? text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  return JSON.parse(body);
}

/** The outer loop's settings, with the suite's defaults filled in. */
interface Settings {
  generations: number;
  seeds: number;
  innerBudget: number;
  k: number;
  outerSeed: number;
  models: ModelEntry[];
  db: string;
  workDir: string;
  /** The settings as results and the ledger show them. */
  summary: ImproveResult['options'];
}

function resolveSettings(options: ImproveOptions): Settings {
  const suite = options.suite;
  const generations = options.generations ?? suite.defaults.generations ?? 5;
  const seeds = options.seeds ?? suite.defaults.seeds ?? 2;
  const innerBudget = options.innerBudget ?? suite.defaults.innerBudget ?? 16;
  const k = options.k ?? 1;
  const outerSeed = options.seed ?? 0;
  const models = options.models ?? [];
  const db = resolve(options.out ?? join(suite.dir, '.kaizen', 'improve.db'));
  const summary = { generations, seeds, innerBudget, k, seed: outerSeed, models: models.map((m) => (typeof m === 'string' ? m : m.id)) };
  return { generations, seeds, innerBudget, k, outerSeed, models, db, workDir: join(db, '..', 'improvers'), summary };
}

/**
 * What a resumed run must share with the recorded one: the suite file, every task's definition, program and search
 * settings (not its budget or concurrency, as `kaizen run`), and the outer loop's settings. Concurrency may change.
 */
async function identityOf(options: ImproveOptions, s: Settings): Promise<Record<string, unknown>> {
  const tasks = [...options.suite.training, ...options.suite.heldOut];
  const loaded = await Promise.all(tasks.map((t) => loadTask(t.dir)));
  const taskIds = loaded.map(({ identity, programCode, config: { budget: _b, concurrency: _c, ...search } }) => [identity, programCode, search]);
  return {
    suite: sha256(options.suite.text),
    tasks: sha256(JSON.stringify(taskIds)),
    ...s.summary,
    heldOutFor: options.heldOutFor ?? 'training-winners',
    innerConfig: options.innerConfig ?? null,
  };
}

export async function improve(options: ImproveOptions): Promise<ImproveResult> {
  const s = resolveSettings(options);
  const suite = options.suite;
  const chat = s.models.length ? createChatModel(s.models[0]!) : null;
  const store = await Store.open(s.db);
  try {
    const record = await OuterRecord.open(store, {
      taskName: `improve:${suite.name}`,
      suiteDir: suite.dir,
      settings: await identityOf(options, s),
      seed: s.outerSeed,
      mode: options.resume ?? 'auto',
      started: { task: `improve:${suite.name}`, suite: suite.file, training: suite.training.map((t) => t.dir), heldOut: suite.heldOut.map((t) => t.dir), ...s.summary },
    });
    if (record.resumed) options.onNotice?.(`resuming improve run ${record.runId} (session ${record.sessions}): replaying ${record.remaining} recorded events; recorded inner runs and model replies are not redone`);
    return await new OuterLoop(options, s, record, chat).execute();
  } finally {
    await store.close();
  }
}

/** Thrown where the outer loop stops before its end (Ctrl-C, failing models): the record stays resumable. */
class Interrupted extends Error {}

/** An inner run as the outer ledger records it: the improver and task set it counts for, and its result. */
interface InnerEvent extends Omit<InnerResult, 'lessons'> {
  improver: string;
  set: TaskSet;
}

type TaskSet = 'training' | 'heldOut';

/** A model's answer to the improver prompt, or why there is none. */
type Reply = { text: string; cost: number } | { error: string };

const statsEvent = (s: Stats) => ({ mean: s.mean, sd: s.sd, perSeed: s.perSeed, runs: s.runs.map(({ lessons: _l, ...r }) => r) });

function archiveEvent(e: ArchiveEntry, parent: Improver | null) {
  const d = improverDiff(parent, e.improver);
  return {
    id: e.improver.id,
    parent: e.improver.parent,
    generation: e.generation,
    origin: e.improver.origin,
    note: e.improver.note,
    policy: e.improver.policy,
    prompts: Object.fromEntries(Object.entries(e.improver.prompts).map(([n, t]) => [n, sha256(t)])),
    diff: { policy: d.policy, prompts: d.prompts.map((p) => ({ name: p.name, to: p.to })) },
  };
}

/**
 * One session of an improve run. Every step's outcome is recorded as an event before the loop acts on it, and the
 * only inputs that are not a function of the settings (inner-run results, model replies) are read back from those
 * events on resume (see record.ts), so a resumed session rebuilds the state of the interrupted one exactly.
 */
class OuterLoop {
  private readonly archive: ArchiveEntry[] = [];
  private readonly rejected: ImproveResult['rejected'] = [];
  private readonly curve: CurvePoint[] = [];
  private readonly root = defaultImprover();
  private current: ArchiveEntry | null = null;
  private readonly rng: Rng;
  private readonly chat: ChatModel | null;
  private readonly suite: Suite;
  private innerRunsDone = 0;
  private innerRunsRestored = 0;
  private readonly options: ImproveOptions;
  private readonly s: Settings;
  private readonly record: OuterRecord;

  constructor(options: ImproveOptions, s: Settings, record: OuterRecord, chat: ChatModel | null) {
    this.options = options;
    this.s = s;
    this.record = record;
    this.chat = chat;
    this.suite = options.suite;
    this.rng = new Rng(s.outerSeed, 7);
  }

  async execute(): Promise<ImproveResult> {
    let stopped: string | null;
    try {
      stopped = await this.loop();
      if (!stopped) await this.recordVerdict();
    } catch (e) {
      // A record that does not replay stays as it was (resumable once the cause is gone, or replaced with --new).
      await this.record.finish(this.record.replaying ? 'interrupted' : 'failed', { error: (e as Error).message }).catch(() => {});
      throw e;
    }
    const result = this.result(stopped);
    await this.record.finish(stopped ? 'interrupted' : 'completed', { verdict: result.verdict, default: result.finalDefault, improvers: this.archive.length, ...(stopped ? { stopped } : {}) });
    return result;
  }

  /** Generation 0, then the variants; returns why it stopped early, or null once every generation is done. */
  private async loop(): Promise<string | null> {
    try {
      await this.generationZero();
      for (let g = 1; g <= this.s.generations; g++) {
        if (this.options.signal?.aborted) return 'aborted';
        await this.generation(g);
      }
      return null;
    } catch (e) {
      if (e instanceof Interrupted) return e.message;
      throw e;
    }
  }

  /** The default improver, on training and held-out tasks. */
  private async generationZero(): Promise<void> {
    const root = this.root;
    const entry: ArchiveEntry = { improver: root, generation: 0, children: 0, training: await this.evaluateOn(root, 'training'), status: 'default' };
    entry.heldOut = await this.evaluateOn(root, 'heldOut');
    this.archive.push(entry);
    this.current = entry;
    await this.record.emit('improver.archived', archiveEvent(entry, null));
    await this.record.emit('improver.evaluated', { id: root.id, training: statsEvent(entry.training), heldOut: statsEvent(entry.heldOut) });
    await this.endGeneration(entry, null);
  }

  private async generation(g: number): Promise<void> {
    const scores = this.archive.map((e) => ({ score: e.training.mean, children: e.children }));
    const parent = this.archive[selectParentIndex(scores, this.s.k, this.rng)]!;
    await this.record.emit('improver.selected', { generation: g, parent: parent.improver.id, weights: dgmWeights(scores, this.s.k) });
    const variant = await this.propose(g, parent);
    if (!variant) {
      await this.record.emit('improve.generation', { generation: g, skipped: 'no new variant' });
      return;
    }
    const entry: ArchiveEntry = { improver: variant, generation: g, children: 0, training: await this.evaluateOn(variant, 'training'), status: 'archived' };
    parent.children++;
    this.archive.push(entry);
    await this.record.emit('improver.archived', archiveEvent(entry, parent.improver));
    await this.record.emit('improver.evaluated', { id: variant.id, training: statsEvent(entry.training) });
    await this.gate(entry);
    await this.endGeneration(entry, parent);
  }

  /** Promotion needs a win on training first, then a win on the held-out tasks beyond the seed-to-seed spread. */
  private async gate(entry: ArchiveEntry): Promise<void> {
    const current = this.current!;
    const variant = entry.improver;
    const trainingWin = entry.training.mean > current.training.mean;
    if (!trainingWin && this.options.heldOutFor !== 'all') return;
    entry.heldOut = await this.evaluateOn(variant, 'heldOut');
    await this.record.emit('improver.evaluated', { id: variant.id, heldOut: statsEvent(entry.heldOut) });
    const heldOut = heldOutGate(entry.heldOut, current.heldOut!, current.improver.id);
    const gate: Gate = trainingWin ? heldOut : { ...heldOut, promote: false, reason: `no training win (${fmt(entry.training.mean)} ≤ ${fmt(current.training.mean)}); ${heldOut.reason}` };
    entry.gate = gate;
    await this.record.emit('gate.checked', { id: variant.id, training: entry.training.mean, currentTraining: current.training.mean, trainingWin, ...gate });
    if (gate.promote) {
      entry.status = 'promoted';
      await this.record.emit('improver.promoted', { id: variant.id, replaces: current.improver.id, ...gate });
      this.current = entry;
    } else if (trainingWin && gate.diff <= 0) {
      entry.status = 'overfit';
      await this.record.emit('overfit', {
        id: variant.id,
        training: entry.training.mean,
        currentTraining: current.training.mean,
        heldOut: entry.heldOut.mean,
        currentHeldOut: current.heldOut!.mean,
        reason: gate.reason,
      });
    } else if (trainingWin) entry.status = 'within-noise';
  }

  private async endGeneration(entry: ArchiveEntry, parent: ArchiveEntry | null): Promise<void> {
    const point: CurvePoint = { generation: entry.generation, bestTraining: this.bestTraining(), bestInner: this.bestInner(), defaultId: this.current!.improver.id };
    this.curve.push(point);
    const restored = this.record.replaying;
    await this.record.emit('improve.generation', point);
    this.options.onGeneration?.({
      generation: entry.generation,
      parent: parent?.improver.id ?? null,
      improver: entry.improver.id,
      origin: entry.improver.origin,
      training: entry.training,
      heldOut: entry.heldOut ?? null,
      status: entry.status,
      bestTraining: point.bestTraining,
      bestInner: point.bestInner,
      defaultId: point.defaultId,
      restored,
    });
  }

  private bestInner(): number {
    return Math.max(...this.archive.flatMap((e) => e.training.runs.map((r) => r.normalised)));
  }

  private bestTraining(): number {
    return Math.max(...this.archive.map((e) => e.training.mean));
  }

  /** A model's edit when there is a model; else (or when it is unusable) a seeded mutation, never an archived one. */
  private async propose(g: number, parent: ArchiveEntry): Promise<Improver | null> {
    let variant = this.chat ? await this.proposeByModel(g, parent, this.chat) : null;
    for (let attempt = 0; !variant && attempt < 8; attempt++) {
      const v = validateVariant(parent.improver, mutatePolicy(parent.improver, this.rng, this.s.models.length > 0), 'offline-mutation');
      if (v.ok && !this.archived(v.improver.id)) variant = v.improver;
    }
    return variant && !this.archived(variant.id) ? variant : null;
  }

  private archived(id: string): boolean {
    return this.archive.some((e) => e.improver.id === id);
  }

  /** Asks the model, or on resume takes its recorded reply (a model is neither asked nor paid twice). */
  private async proposeByModel(g: number, parent: ArchiveEntry, chat: ChatModel): Promise<Improver | null> {
    const origin = `llm:${chat.spec.id}`;
    const recorded = this.record.next<{ reply?: string; cost?: number; error?: string }>(['improver.proposed', 'improver.rejected']);
    const reply: Reply = recorded ? (recorded.error !== undefined ? { error: recorded.error } : { text: recorded.reply ?? '', cost: recorded.cost ?? 0 }) : await this.askModel(parent, chat);
    const base = { generation: g, parent: parent.improver.id, origin };
    const reject = async (reasons: string[], forbidden: string[]) => {
      this.rejected.push({ generation: g, origin, reasons, forbidden });
      await this.record.emit('improver.rejected', { ...base, reasons, forbidden, ...('error' in reply ? { error: reply.error } : { reply: reply.text, cost: reply.cost }) });
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
    // The whole reply is recorded (not an excerpt) so that a resumed run re-derives the very same variant from it.
    await this.record.emit('improver.proposed', { ...base, id: v.improver.id, reply: reply.text, cost: reply.cost });
    return v.improver;
  }

  private async askModel(parent: ArchiveEntry, chat: ChatModel): Promise<Reply> {
    try {
      const request = { messages: [{ role: 'user' as const, content: improverPrompt(parent, this.suite) }], timeoutMs: this.options.innerConfig?.llm?.timeoutMs ?? 180_000 };
      const r = await chat.chat(request, this.options.signal);
      return { text: r.text, cost: r.cost };
    } catch (e) {
      // Stopped by the user, not a failure of the model: nothing is recorded and the question is asked again on resume.
      if (this.options.signal?.aborted) throw new Interrupted('aborted');
      return { error: (e as Error).message };
    }
  }

  private async evaluateOn(improver: Improver, set: TaskSet): Promise<Stats> {
    const tasks = set === 'training' ? this.suite.training : this.suite.heldOut;
    const runs: InnerResult[] = [];
    const perSeed: number[] = [];
    for (let s = 0; s < this.s.seeds; s++) {
      const rs: InnerResult[] = [];
      for (const t of tasks) rs.push(await this.innerRun(improver, set, t, 1000 + s));
      runs.push(...rs);
      perSeed.push(meanOf(rs.map((r) => r.normalised)));
    }
    return { perSeed, mean: meanOf(perSeed), sd: sdOf(perSeed), runs };
  }

  /** An inner run's result: from the record when an earlier session finished it, else by running it now. */
  private async innerRun(improver: Improver, set: TaskSet, task: SuiteTask, seed: number): Promise<InnerResult> {
    const recorded = this.record.next<InnerEvent>(['inner.completed']);
    const r = recorded ? await this.restoreInner(recorded) : await this.runInner(improver, task, seed);
    // Only a finished inner run is recorded, once, for the one (improver, set, task, seed) it counts for; replay
    // checks that the recorded one is for this very slot.
    const { lessons: _l, ...result } = r;
    await this.record.emit('inner.completed', { improver: improver.id, set, ...result } satisfies InnerEvent);
    return r;
  }

  private async restoreInner(e: InnerEvent): Promise<InnerResult> {
    this.innerRunsRestored++;
    const lessons = (await this.record.store.getState<{ text: string }>(e.runId, 'lessons'))?.text;
    return { task: e.task, dir: e.dir, seed: e.seed, runId: e.runId, seedScore: e.seedScore, bestScore: e.bestScore, normalised: e.normalised, ...(lessons ? { lessons } : {}) };
  }

  /**
   * One ordinary, sandboxed, ledgered run of `task` under `improver`. An inner run stopped before its budget (Ctrl-C,
   * kill, failing models) is not counted and is redone from scratch on resume rather than continued: a continued run
   * rebuilds its population and re-draws its proposals, so its score would depend on where it was cut, and every
   * improver must be scored under the same conditions for the gate's comparison to be fair. It costs at most one
   * inner run per interruption; the abandoned run stays in the database, referenced by no `inner.completed` event.
   */
  private async runInner(improver: Improver, task: SuiteTask, seed: number): Promise<InnerResult> {
    if (this.options.signal?.aborted) throw new Interrupted('aborted');
    const promptsDir = join(this.s.workDir, improver.id, 'prompts');
    mkdirSync(promptsDir, { recursive: true });
    for (const [name, text] of Object.entries(improver.prompts)) writeFileSync(join(promptsDir, name), text);
    // The improver's policy, then what no improver may set: budget, seed, concurrency, models, its prompts folder.
    const fixed: KaizenConfigInput = { budget: { samples: this.s.innerBudget }, seed, models: this.s.models, llm: { prompts: promptsDir }, ...(this.options.concurrency ? { concurrency: this.options.concurrency } : {}) };
    const overrides = deepMerge(deepMerge(policyConfig(improver), this.options.innerConfig ?? {}), fixed) as KaizenConfigInput;
    const loaded = await loadTask(task.dir, overrides);
    const r = await evolve({ task: loaded, out: this.s.db, resume: 'never', signal: this.options.signal, onNotice: () => {} });
    if (r.stoppedBy === 'aborted') throw new Interrupted('aborted');
    if (r.stoppedBy === 'models-failing') throw new Interrupted(`the models are failing in inner run ${r.runId}: ${(r.modelErrors ?? []).join('; ')}`);
    this.innerRunsDone++;
    this.record.touch();
    const seedScore = r.seedScore;
    const best = r.bestScore ?? seedScore;
    const scale = task.scale ?? (seedScore !== null && seedScore !== 0 ? Math.abs(seedScore) : 1);
    const normalised = seedScore !== null && best !== null ? (100 * (best - seedScore)) / scale : 0;
    const lessons = (await this.record.store.getState<{ text: string }>(r.runId, 'lessons'))?.text;
    return { task: loaded.task.name, dir: task.dir, seed, runId: r.runId, seedScore, bestScore: r.bestScore, normalised, ...(lessons ? { lessons } : {}) };
  }

  private verdictText(): string {
    const current = this.current;
    return current && current.improver.id !== this.root.id
      ? `improver ${current.improver.id} beat the default ${this.root.id} on the held-out tasks beyond the seed-to-seed spread (${current.gate?.reason})`
      : `no variant beat the default improver ${this.root.id} on the held-out tasks beyond the seed-to-seed spread`;
  }

  /** Only a finished run has a verdict in the ledger (an interrupted one is resumed, not judged). */
  private async recordVerdict(): Promise<void> {
    const finalId = this.current!.improver.id;
    await this.record.emit('improve.verdict', { verdict: finalId !== this.root.id ? 'promoted' : 'none', default: finalId, initial: this.root.id, text: this.verdictText() });
    this.record.assertReplayed();
  }

  private result(stopped: string | null): ImproveResult {
    const finalDefault = this.current?.improver.id ?? this.root.id;
    const generation = this.curve.at(-1)?.generation;
    return {
      runId: this.record.runId,
      db: this.s.db,
      suite: this.suite.name,
      status: stopped ? 'interrupted' : 'completed',
      ...(stopped ? { stopped } : {}),
      resumed: this.record.resumed,
      sessions: this.record.sessions,
      innerRuns: { run: this.innerRunsDone, restored: this.innerRunsRestored },
      archive: this.archive,
      rejected: this.rejected,
      curve: this.curve,
      initialDefault: this.root.id,
      finalDefault,
      verdict: finalDefault !== this.root.id ? 'promoted' : 'none',
      verdictText: stopped ? `interrupted (${stopped}) ${generation === undefined ? 'before generation 0 was done' : `after generation ${generation}`}; so far ${this.verdictText()}; re-run the same command to resume` : this.verdictText(),
      durationMs: this.record.activeMs(),
      options: this.s.summary,
    };
  }
}
