// The outer loop of recursive self-improvement: evolve the improver, keep a variant only when it wins on held-out
// tasks. Selection follows the Darwin Gödel Machine; every improver is archived with its results (stepping stones);
// every inner run is an ordinary, sandboxed, ledgered run in the improve database; the outer loop is a run of its
// own there (task `improve:<suite>`), so `kaizen verify` checks its chained, signed events too.
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
import type { Suite } from './suite.ts';

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
  archive: ArchiveEntry[];
  rejected: { generation: number; origin: string; reasons: string[]; forbidden: string[] }[];
  curve: CurvePoint[];
  initialDefault: string;
  finalDefault: string;
  verdict: 'promoted' | 'none';
  verdictText: string;
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

export async function improve(options: ImproveOptions): Promise<ImproveResult> {
  const suite = options.suite;
  const generations = options.generations ?? suite.defaults.generations ?? 5;
  const seeds = options.seeds ?? suite.defaults.seeds ?? 2;
  const innerBudget = options.innerBudget ?? suite.defaults.innerBudget ?? 16;
  const k = options.k ?? 1;
  const outerSeed = options.seed ?? 0;
  const models = options.models ?? [];
  const db = resolve(options.out ?? join(suite.dir, '.kaizen', 'improve.db'));
  const workDir = join(db, '..', 'improvers');
  const started = performance.now();
  const rng = new Rng(outerSeed, 7);
  const chat: ChatModel | null = models.length ? createChatModel(models[0]!) : null;
  const optionsRecord = { generations, seeds, innerBudget, k, seed: outerSeed, models: models.map((m) => (typeof m === 'string' ? m : m.id)) };

  const store = await Store.open(db);
  const runId = `improve-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${sha256(`${Math.random()}${process.pid}`).slice(0, 6)}`;
  const taskName = `improve:${suite.name}`;
  try {
    await store.createRun({
      id: runId,
      task_name: taskName,
      task_dir: suite.dir,
      task_hash: sha256(JSON.stringify([suite.text, optionsRecord])),
      config_json: JSON.stringify(optionsRecord),
      seed: outerSeed,
      status: 'running',
      pid: process.pid,
    });
    await store.appendEvent(runId, 'run.started', null, { task: taskName, suite: suite.file, training: suite.training.map((t) => t.dir), heldOut: suite.heldOut.map((t) => t.dir), ...optionsRecord });

    const innerRun = async (improver: Improver, task: Suite['training'][number], seed: number): Promise<InnerResult> => {
      const promptsDir = join(workDir, improver.id, 'prompts');
      mkdirSync(promptsDir, { recursive: true });
      for (const [name, text] of Object.entries(improver.prompts)) writeFileSync(join(promptsDir, name), text);
      // The improver's policy, then what no improver may set: budget, seed, concurrency, models, its prompts folder.
      const fixed: KaizenConfigInput = { budget: { samples: innerBudget }, seed, models, llm: { prompts: promptsDir }, ...(options.concurrency ? { concurrency: options.concurrency } : {}) };
      const overrides = deepMerge(deepMerge(policyConfig(improver), options.innerConfig ?? {}), fixed) as KaizenConfigInput;
      const loaded = await loadTask(task.dir, overrides);
      const r = await evolve({ task: loaded, out: db, resume: 'never', signal: options.signal, onNotice: () => {} });
      const seedScore = r.seedScore;
      const best = r.bestScore ?? seedScore;
      const scale = task.scale ?? (seedScore !== null && seedScore !== 0 ? Math.abs(seedScore) : 1);
      const normalised = seedScore !== null && best !== null ? (100 * (best - seedScore)) / scale : 0;
      const innerStore = store;
      const lessons = (await innerStore.getState<{ text: string }>(r.runId, 'lessons'))?.text;
      return { task: loaded.task.name, dir: task.dir, seed, runId: r.runId, seedScore, bestScore: r.bestScore, normalised, ...(lessons ? { lessons } : {}) };
    };

    const evaluateOn = async (improver: Improver, tasks: Suite['training']): Promise<Stats> => {
      const runs: InnerResult[] = [];
      const perSeed: number[] = [];
      for (let s = 0; s < seeds; s++) {
        const rs: InnerResult[] = [];
        for (const t of tasks) rs.push(await innerRun(improver, t, 1000 + s));
        runs.push(...rs);
        perSeed.push(meanOf(rs.map((r) => r.normalised)));
      }
      return { perSeed, mean: meanOf(perSeed), sd: sdOf(perSeed), runs };
    };
    const statsEvent = (s: Stats) => ({ mean: s.mean, sd: s.sd, perSeed: s.perSeed, runs: s.runs.map(({ lessons: _l, ...r }) => r) });

    const archive: ArchiveEntry[] = [];
    const rejected: ImproveResult['rejected'] = [];
    const curve: CurvePoint[] = [];
    const archiveEvent = (e: ArchiveEntry, parent: Improver | null) => {
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
    };

    // Generation 0: the default improver, on training and held-out.
    const root = defaultImprover();
    const rootEntry: ArchiveEntry = { improver: root, generation: 0, children: 0, training: await evaluateOn(root, suite.training), status: 'default' };
    rootEntry.heldOut = await evaluateOn(root, suite.heldOut);
    archive.push(rootEntry);
    await store.appendEvent(runId, 'improver.archived', null, archiveEvent(rootEntry, null));
    await store.appendEvent(runId, 'improver.evaluated', null, { id: root.id, training: statsEvent(rootEntry.training), heldOut: statsEvent(rootEntry.heldOut) });
    let current = rootEntry;
    const bestInner = () => Math.max(...archive.flatMap((e) => e.training.runs.map((r) => r.normalised)));
    const bestTraining = () => Math.max(...archive.map((e) => e.training.mean));
    curve.push({ generation: 0, bestTraining: bestTraining(), bestInner: bestInner(), defaultId: current.improver.id });
    await store.appendEvent(runId, 'improve.generation', null, curve[0]);
    options.onGeneration?.({ generation: 0, parent: null, improver: root.id, origin: 'default', training: rootEntry.training, heldOut: rootEntry.heldOut, status: 'default', bestTraining: curve[0]!.bestTraining, bestInner: curve[0]!.bestInner, defaultId: root.id });

    for (let g = 1; g <= generations && !options.signal?.aborted; g++) {
      const pIndex = selectParentIndex(archive.map((e) => ({ score: e.training.mean, children: e.children })), k, rng);
      const parent = archive[pIndex]!;
      await store.appendEvent(runId, 'improver.selected', null, { generation: g, parent: parent.improver.id, weights: dgmWeights(archive.map((e) => ({ score: e.training.mean, children: e.children })), k) });
      let variant: Improver | null = null;
      if (chat) {
        const origin = `llm:${chat.spec.id}`;
        try {
          const reply = await chat.chat({ messages: [{ role: 'user', content: improverPrompt(parent, suite) }], timeoutMs: options.innerConfig?.llm?.timeoutMs ?? 180_000 });
          let changes: unknown;
          try {
            changes = parseImproverReply(reply.text);
          } catch (e) {
            changes = null;
            rejected.push({ generation: g, origin, reasons: [`the reply holds no JSON object: ${(e as Error).message}`], forbidden: [] });
            await store.appendEvent(runId, 'improver.rejected', null, { generation: g, parent: parent.improver.id, origin, reasons: rejected.at(-1)!.reasons, forbidden: [], reply: reply.text.slice(0, 4000), cost: reply.cost });
          }
          if (changes !== null) {
            const v = validateVariant(parent.improver, changes, origin);
            if (v.ok) {
              variant = v.improver;
              await store.appendEvent(runId, 'improver.proposed', null, { generation: g, parent: parent.improver.id, origin, id: v.improver.id, reply: reply.text.slice(0, 4000), cost: reply.cost });
            }
            else {
              rejected.push({ generation: g, origin, reasons: v.reasons, forbidden: v.forbidden });
              await store.appendEvent(runId, 'improver.rejected', null, { generation: g, parent: parent.improver.id, origin, reasons: v.reasons, forbidden: v.forbidden, reply: reply.text.slice(0, 4000), cost: reply.cost });
            }
          }
        } catch (e) {
          rejected.push({ generation: g, origin, reasons: [`model call failed: ${(e as Error).message}`], forbidden: [] });
          await store.appendEvent(runId, 'improver.rejected', null, { generation: g, parent: parent.improver.id, origin, reasons: rejected.at(-1)!.reasons, forbidden: [] });
        }
      }
      // Offline (or after an unusable model reply): a seeded mutation of the policy, never a duplicate of an archived one.
      for (let attempt = 0; !variant && attempt < 8; attempt++) {
        const v = validateVariant(parent.improver, mutatePolicy(parent.improver, rng, models.length > 0), 'offline-mutation');
        if (v.ok && !archive.some((e) => e.improver.id === v.improver.id)) variant = v.improver;
      }
      if (variant && archive.some((e) => e.improver.id === variant!.id)) variant = null;
      if (!variant) {
        await store.appendEvent(runId, 'improve.generation', null, { generation: g, skipped: 'no new variant' });
        continue;
      }
      parent.children++;
      const entry: ArchiveEntry = { improver: variant, generation: g, children: 0, training: await evaluateOn(variant, suite.training), status: 'archived' };
      archive.push(entry);
      await store.appendEvent(runId, 'improver.archived', null, archiveEvent(entry, parent.improver));
      await store.appendEvent(runId, 'improver.evaluated', null, { id: variant.id, training: statsEvent(entry.training) });
      // Promotion needs a win on training first, then a win on the held-out tasks beyond the seed-to-seed spread.
      const trainingWin = entry.training.mean > current.training.mean;
      if (trainingWin || options.heldOutFor === 'all') {
        entry.heldOut = await evaluateOn(variant, suite.heldOut);
        await store.appendEvent(runId, 'improver.evaluated', null, { id: variant.id, heldOut: statsEvent(entry.heldOut) });
        const heldOut = heldOutGate(entry.heldOut, current.heldOut!, current.improver.id);
        const gate: Gate = trainingWin ? heldOut : { ...heldOut, promote: false, reason: `no training win (${fmt(entry.training.mean)} ≤ ${fmt(current.training.mean)}); ${heldOut.reason}` };
        entry.gate = gate;
        await store.appendEvent(runId, 'gate.checked', null, { id: variant.id, training: entry.training.mean, currentTraining: current.training.mean, trainingWin, ...gate });
        if (gate.promote) {
          entry.status = 'promoted';
          await store.appendEvent(runId, 'improver.promoted', null, { id: variant.id, replaces: current.improver.id, ...gate });
          current = entry;
        } else if (trainingWin && gate.diff <= 0) {
          entry.status = 'overfit';
          await store.appendEvent(runId, 'overfit', null, {
            id: variant.id,
            training: entry.training.mean,
            currentTraining: current.training.mean,
            heldOut: entry.heldOut.mean,
            currentHeldOut: current.heldOut!.mean,
            reason: gate.reason,
          });
        } else if (trainingWin) entry.status = 'within-noise';
      }
      const point: CurvePoint = { generation: g, bestTraining: bestTraining(), bestInner: bestInner(), defaultId: current.improver.id };
      curve.push(point);
      await store.appendEvent(runId, 'improve.generation', null, point);
      options.onGeneration?.({ generation: g, parent: parent.improver.id, improver: variant.id, origin: variant.origin, training: entry.training, heldOut: entry.heldOut ?? null, status: entry.status, bestTraining: point.bestTraining, bestInner: point.bestInner, defaultId: current.improver.id });
    }

    const promoted = current.improver.id !== root.id;
    const verdictText = promoted
      ? `improver ${current.improver.id} beat the default ${root.id} on the held-out tasks beyond the seed-to-seed spread (${current.gate?.reason})`
      : `no variant beat the default improver ${root.id} on the held-out tasks beyond the seed-to-seed spread`;
    await store.appendEvent(runId, 'improve.verdict', null, { verdict: promoted ? 'promoted' : 'none', default: current.improver.id, initial: root.id, text: verdictText });
    const result: ImproveResult = {
      runId,
      db,
      suite: suite.name,
      archive,
      rejected,
      curve,
      initialDefault: root.id,
      finalDefault: current.improver.id,
      verdict: promoted ? 'promoted' : 'none',
      verdictText,
      durationMs: performance.now() - started,
      options: optionsRecord,
    };
    const stopped = options.signal?.aborted;
    await store.setRunStatus(runId, stopped ? 'interrupted' : 'completed');
    await store.updateRun(runId, { pid: null });
    await store.appendEvent(runId, stopped ? 'run.interrupted' : 'run.completed', null, { verdict: result.verdict, default: current.improver.id, improvers: archive.length });
    return result;
  } catch (e) {
    await store.setRunStatus(runId, 'failed').catch(() => {});
    await store.appendEvent(runId, 'run.failed', null, { error: (e as Error).message }).catch(() => {});
    throw e;
  } finally {
    await store.close();
  }
}
