// Facts: every number a paper may print, each derived from the signed record by a named rule, so that `kaizen paper
// verify` can derive it again from the database by the same rule and compare. A fact names the event it is read from
// (its run, chain position and hash): a figure read from one event cites that event; a figure counted over a run's
// programs cites the run's ledger head it was counted at (the arm run's head the study recorded, for a study).
//
// Rules also cross-check what they read against the rest of the record, so that one changed byte anywhere a fact
// rests on names that fact: a champion's score against its program row, a study's arm value against the arm run's
// last champion, a study's means, spreads and verdicts against the arm values they summarise.

import { KaizenError } from '../errors.ts';
import { eventHash } from '../ledger/chain.ts';
import { eventData } from '../ledger/events.ts';
import { isEvaluated, isImprovement, type RunFigures, runFigures } from '../store/figures.ts';
import { currentStatus } from '../store/run-owner.ts';
import type { EventRow, ProgramRow, Run, Store } from '../store/store.ts';
import { mean, sampleSd } from '../util/stats.ts';
import type { Fact, FactsFile, StudyPlan, StudyResultData, Verdict } from './types.ts';

export type Subject = FactsFile['subject'];
type Source = Fact['source'];
type Args = Fact['args'];

/** A fact's rule could not read what it rests on, or found the record inconsistent with itself. */
export class FactError extends KaizenError {}

/** What a rule reads off the record: the value, where it comes from, and for means/comparisons n, sd and verdict. */
export interface Derived {
  value: number;
  source: Source;
  verdict?: Verdict;
  n?: number;
  sd?: number;
}

/** The record as rules read it, each run's rows loaded once. */
export class RecordReader {
  readonly store: Store;
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(store: Store) {
    this.store = store;
  }

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.cache.set(key, p);
    }
    return p;
  }

  run(runId: string): Promise<Run> {
    return this.once(`run:${runId}`, async () => {
      const run = await this.store.getRun(runId);
      if (!run) throw new FactError(`run ${runId} is not in the store ${this.store.path}`);
      return run;
    });
  }

  events(runId: string): Promise<EventRow[]> {
    return this.once(`events:${runId}`, () => this.store.ledgerEvents(runId));
  }

  programs(runId: string): Promise<ProgramRow[]> {
    return this.once(`programs:${runId}`, () => this.store.programs(runId));
  }

  figures(runId: string): Promise<RunFigures> {
    return this.once(`figures:${runId}`, async () => runFigures(await this.programs(runId)));
  }

  async ofType(runId: string, type: string): Promise<EventRow[]> {
    return (await this.events(runId)).filter((e) => e.type === type);
  }

  async eventAt(runId: string, seq: number): Promise<EventRow> {
    const e = (await this.events(runId)).find((x) => x.seq === seq);
    if (!e) throw new FactError(`run ${runId} has no event #${seq}`);
    return e;
  }
}

export function sourceOf(e: EventRow): Source {
  if (e.seq === null || e.hash === null) throw new FactError(`event ${e.id} of run ${e.run_id} is not chained (recorded before the ledger)`);
  return { runId: e.run_id, seq: e.seq, hash: e.hash };
}

const str = (args: Args, name: string): string => {
  const v = args[name];
  if (typeof v !== 'string') throw new FactError(`argument ${name} must be a string, got ${JSON.stringify(v)}`);
  return v;
};
const int = (args: Args, name: string): number => {
  const v = args[name];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new FactError(`argument ${name} must be an integer, got ${JSON.stringify(v)}`);
  return v;
};

// ── counting ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * What a count rule counts in one run (the definitions of store/figures.ts, as `kaizen status` counts):
 * `samples`, `correct`, `failed`, `incorrect`, `rejected`, `improvements` (proposals scoring above their parent),
 * `failing` (evaluated programs with a failure class or judged incorrect), `stalled` (correct proposals not above
 * their parent), `failure:CLASS`, `rejection:REASON`, `event:TYPE` (events up to the head counted at),
 * `operator:NAME:proposals` and `operator:NAME:improvements`.
 */
export async function countIn(r: RecordReader, runId: string, what: string, upTo: number): Promise<number> {
  const f = await r.figures(runId);
  const [kind, name, field] = what.split(':');
  switch (kind) {
    case 'samples':
    case 'correct':
    case 'failed':
    case 'incorrect':
    case 'rejected':
    case 'improvements':
      return f[kind];
    case 'failing':
      return Object.values(f.failures).reduce((a, b) => a + b, 0);
    case 'stalled': {
      const programs = await r.programs(runId);
      const byId = new Map(programs.map((p) => [p.id, p]));
      return programs.filter(
        (p) =>
          p.sample !== null && p.sample > 0 && isEvaluated(p) && p.correct === 1 && !isImprovement(p, p.parent_id !== null ? byId.get(p.parent_id) : undefined),
      ).length;
    }
    case 'failure':
      return f.failures[name ?? ''] ?? 0;
    case 'rejection':
      return f.rejections[name ?? ''] ?? 0;
    case 'event':
      return (await r.events(runId)).filter((e) => e.type === name && e.seq !== null && e.seq <= upTo).length;
    case 'operator': {
      const g = f.operators[name ?? ''];
      if (field !== 'proposals' && field !== 'improvements') throw new FactError(`unknown operator count "${what}"`);
      return g?.[field] ?? 0;
    }
    default:
      throw new FactError(`unknown count "${what}"`);
  }
}

// ── the rules ─────────────────────────────────────────────────────────────────────────────────────────

/** A champion's score as its champion.changed event recorded it, checked against its program row. */
async function championScore(r: RecordReader, e: EventRow): Promise<number> {
  const data = eventData(e, 'champion.changed');
  if (e.program_id !== null) {
    const row = (await r.programs(e.run_id)).find((p) => p.id === e.program_id);
    if (!row) throw new FactError(`program ${e.program_id}, the champion named by event #${e.seq} of run ${e.run_id}, is missing`);
    if (row.correct !== 1 || row.score !== data.score) {
      throw new FactError(`program ${row.id}'s score ${row.score} is not the ${data.score} that event #${e.seq} of run ${e.run_id} recorded for it`);
    }
  }
  return data.score;
}

async function seedChampion(r: RecordReader, runId: string): Promise<EventRow> {
  const first = (await r.ofType(runId, 'champion.changed'))[0];
  if (!first) throw new FactError(`run ${runId} has no champion`);
  const row = (await r.programs(runId)).find((p) => p.id === first.program_id);
  if (row?.sample !== 0) throw new FactError(`run ${runId}: its first champion (program ${first.program_id}) is not the initial program`);
  return first;
}

async function lastChampion(r: RecordReader, runId: string): Promise<EventRow> {
  const last = (await r.ofType(runId, 'champion.changed')).at(-1);
  if (!last) throw new FactError(`run ${runId} has no champion`);
  return last;
}

/** A setting as the run's first run.started event recorded its config (a dotted path). */
export function settingAt(config: unknown, key: string): unknown {
  let v: unknown = config;
  for (const part of key.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

async function startedConfig(r: RecordReader, runId: string): Promise<{ config: unknown; event: EventRow }> {
  const started = (await r.ofType(runId, 'run.started'))[0];
  if (!started) throw new FactError(`run ${runId} has no run.started event`);
  const data = JSON.parse(started.data_json) as { config?: unknown };
  return { config: data.config, event: started };
}

function numeric(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FactError(`${what} is not a number (${JSON.stringify(v)})`);
  return v;
}

// Studies.

interface StudyRecord {
  registered: EventRow;
  plan: StudyPlan;
  /** The last study.arm-run event of each arm × seed. */
  armRuns: Map<string, EventRow>;
  result: EventRow | null;
}

const pair = (arm: string, seed: number) => `${arm}\u0000${seed}`;

async function studyRecord(r: RecordReader, runId: string): Promise<StudyRecord> {
  const events = await r.events(runId);
  const registered = events.find((e) => e.type === 'study.registered');
  if (!registered) throw new FactError(`run ${runId} is not a study (it has no study.registered event)`);
  const plan = eventData(registered, 'study.registered').plan;
  const armRuns = new Map<string, EventRow>();
  for (const e of events) {
    if (e.type !== 'study.arm-run') continue;
    const d = eventData(e, 'study.arm-run');
    armRuns.set(pair(d.arm, d.seed), e);
  }
  return { registered, plan, armRuns, result: events.filter((e) => e.type === 'study.result').at(-1) ?? null };
}

function armRunEvent(s: StudyRecord, arm: string, seed: number): EventRow {
  const e = s.armRuns.get(pair(arm, seed));
  if (!e) throw new FactError(`study ${s.plan.name}: no study.arm-run event for arm ${arm}, seed ${seed}`);
  return e;
}

/** An arm × seed's value, checked against its evolution run: the head the study recorded, and its last champion then. */
async function armRunValue(r: RecordReader, s: StudyRecord, arm: string, seed: number): Promise<{ event: EventRow; value: number }> {
  const event = armRunEvent(s, arm, seed);
  const d = eventData(event, 'study.arm-run');
  const head = await r.eventAt(d.runId, d.headSeq);
  if (head.hash !== d.headHash) {
    throw new FactError(`arm ${arm}, seed ${seed}: run ${d.runId}'s event #${d.headSeq} is not the head the study recorded (hash differs)`);
  }
  const champion = (await r.ofType(d.runId, 'champion.changed')).filter((e) => e.seq !== null && e.seq <= d.headSeq).at(-1);
  if (!champion) throw new FactError(`arm ${arm}, seed ${seed}: run ${d.runId} had no champion at #${d.headSeq}`);
  const c = eventData(champion, 'champion.changed');
  const recorded = s.plan.metric === 'holdout-score' ? c.holdout : await championScore(r, champion);
  if (recorded !== d.value) {
    throw new FactError(
      `arm ${arm}, seed ${seed}: the study recorded ${d.value}, but run ${d.runId}'s champion (event #${champion.seq}) has ${s.plan.metric} ${recorded}`,
    );
  }
  return { event, value: d.value };
}

function studyResult(s: StudyRecord): { event: EventRow; data: StudyResultData } {
  if (!s.result) throw new FactError(`study ${s.plan.name} has no result yet (no study.result event)`);
  return { event: s.result, data: eventData(s.result, 'study.result') };
}

const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

/** The arm's values in the plan's seed order, each checked against its run. */
async function armValues(r: RecordReader, s: StudyRecord, arm: string): Promise<number[]> {
  const out: number[] = [];
  for (const seed of s.plan.seeds) out.push((await armRunValue(r, s, arm, seed)).value);
  return out;
}

function armFigures(data: StudyResultData, arm: string) {
  const a = data.arms.find((x) => x.arm === arm);
  if (!a) throw new FactError(`study.result has no figures for arm ${arm}`);
  return a;
}

export function pairedVerdict(meanDiff: number, se: number, threshold: number): Verdict {
  if (meanDiff > threshold * se) return 'better';
  if (meanDiff < -threshold * se) return 'worse';
  return 'within noise';
}

/** A numeric leaf of the plan by dotted path; `seeds.length`/`arms.length` count. */
function planNumber(plan: StudyPlan, key: string): number {
  if (key === 'seeds.length') return plan.seeds.length;
  if (key === 'arms.length') return plan.arms.length;
  return numeric(settingAt(plan, key), `the plan's ${key}`);
}

// Improve runs.

type ImproveSet = 'training' | 'heldOut';

/**
 * An improver's recorded statistics on a task set (its improver.evaluated event), checked against the inner.completed
 * events they summarise (a mean over tasks per seed, then mean and sd over seeds) and each inner run's best score
 * against that run's last champion and its program row.
 */
async function improverStats(
  r: RecordReader,
  runId: string,
  id: string,
  set: ImproveSet,
): Promise<{ event: EventRow; stats: { perSeed: number[]; mean: number; sd: number } }> {
  const event = (await r.ofType(runId, 'improver.evaluated')).find((e) => {
    const d = eventData(e, 'improver.evaluated');
    return d.id === id && d[set] !== undefined;
  });
  if (!event) throw new FactError(`improve run ${runId} has no ${set} evaluation of improver ${id}`);
  const stats = eventData(event, 'improver.evaluated')[set]!;
  const inner = (await r.ofType(runId, 'inner.completed'))
    .filter((e) => e.seq !== null && e.seq < (event.seq ?? 0))
    .map((e) => eventData(e, 'inner.completed'))
    .filter((d) => d.improver === id && d.set === set);
  const bySeed = new Map<number, number[]>();
  for (const d of inner) {
    bySeed.set(d.seed, [...(bySeed.get(d.seed) ?? []), d.normalised]);
    if (d.bestScore !== null) {
      const last = await lastChampion(r, d.runId);
      const score = await championScore(r, last);
      if (score !== d.bestScore)
        throw new FactError(`inner run ${d.runId}: inner.completed recorded best score ${d.bestScore}, its last champion has ${score}`);
    }
  }
  const perSeed = [...bySeed.values()].map((v) => mean(v));
  if (
    perSeed.length !== stats.perSeed.length ||
    perSeed.some((v, k) => !close(v, stats.perSeed[k]!)) ||
    !close(stats.mean, mean(perSeed)) ||
    !close(stats.sd, sampleSd(perSeed))
  ) {
    throw new FactError(
      `improver ${id}'s ${set} statistics (mean ${stats.mean}, sd ${stats.sd}, n ${stats.perSeed.length}) are not those of its inner runs (mean ${mean(perSeed)}, sd ${sampleSd(perSeed)}, n ${perSeed.length})`,
    );
  }
  return { event, stats };
}

async function improveVerdict(r: RecordReader, runId: string) {
  const verdict = (await r.ofType(runId, 'improve.verdict')).at(-1);
  if (!verdict) throw new FactError(`improve run ${runId} has no verdict (no improve.verdict event): write its paper when it has finished`);
  const root = (await r.ofType(runId, 'improver.archived')).find((e) => eventData(e, 'improver.archived').parent === null);
  if (!root) throw new FactError(`improve run ${runId} has no default improver (no improver.archived event without a parent)`);
  return { verdict, data: eventData(verdict, 'improve.verdict'), root: eventData(root, 'improver.archived').id };
}

type Rule = (r: RecordReader, args: Args) => Promise<Derived>;

/** Every rule by name: deriveFacts and recomputeFact both go through these. */
export const RULES: Record<string, Rule> = {
  /** The initial program's score: the first champion.changed (which must be sample 0). */
  'run.seed-score': async (r, a) => {
    const e = await seedChampion(r, str(a, 'run'));
    return { value: await championScore(r, e), source: sourceOf(e) };
  },
  /** The best score: the last champion.changed. */
  'run.best-score': async (r, a) => {
    const e = await lastChampion(r, str(a, 'run'));
    return { value: await championScore(r, e), source: sourceOf(e) };
  },
  /** Best − initial score, from the first and last champion.changed. */
  'run.gain': async (r, a) => {
    const run = str(a, 'run');
    const first = await seedChampion(r, run);
    const last = await lastChampion(r, run);
    return { value: (await championScore(r, last)) - (await championScore(r, first)), source: sourceOf(last) };
  },
  /** Promotions after the initial champion: champion.changed events but the first. */
  'run.promotions': async (r, a) => {
    const run = str(a, 'run');
    const all = await r.ofType(run, 'champion.changed');
    return { value: Math.max(0, all.length - 1), source: sourceOf(await lastChampion(r, run)) };
  },
  /** A count over the run's programs or events (see countIn), at the ledger head `upTo`. */
  'run.count': async (r, a) => {
    const run = str(a, 'run');
    const upTo = int(a, 'upTo');
    const head = await r.eventAt(run, upTo);
    return { value: await countIn(r, run, str(a, 'what'), upTo), source: sourceOf(head) };
  },
  /** Wall-clock seconds from the first run.started to the last run.completed. */
  'run.duration': async (r, a) => {
    const run = str(a, 'run');
    const started = (await r.ofType(run, 'run.started'))[0];
    const completed = (await r.ofType(run, 'run.completed')).at(-1);
    if (!started || !completed) throw new FactError(`run ${run} has not completed`);
    return { value: (Date.parse(completed.at) - Date.parse(started.at)) / 1000, source: sourceOf(completed) };
  },
  /** A numeric setting of the run's config, as its run.started event recorded it. */
  'run.setting': async (r, a) => {
    const { config, event } = await startedConfig(r, str(a, 'run'));
    return { value: numeric(settingAt(config, str(a, 'key')), `setting ${str(a, 'key')}`), source: sourceOf(event) };
  },
  /** A number of the registered plan (samples, test.threshold, seeds.K, seeds.length, arms.length). */
  'study.plan': async (r, a) => {
    const s = await studyRecord(r, str(a, 'run'));
    return { value: planNumber(s.plan, str(a, 'key')), source: sourceOf(s.registered) };
  },
  /** A number of an arm's registered config overrides. */
  'study.arm-config': async (r, a) => {
    const s = await studyRecord(r, str(a, 'run'));
    const arm = s.plan.arms.find((x) => x.name === str(a, 'arm'));
    if (!arm) throw new FactError(`the plan has no arm ${str(a, 'arm')}`);
    return { value: numeric(settingAt(arm.config ?? {}, str(a, 'key')), `arm ${arm.name}'s ${str(a, 'key')}`), source: sourceOf(s.registered) };
  },
  /** One arm × seed's value, from its study.arm-run event, checked against the arm run. */
  'study.arm-run': async (r, a) => {
    const s = await studyRecord(r, str(a, 'run'));
    const { event, value } = await armRunValue(r, s, str(a, 'arm'), int(a, 'seed'));
    return { value, source: sourceOf(event) };
  },
  /** An arm's mean, sd or n from study.result, checked against the arm values it summarises. */
  'study.arm': async (r, a) => {
    const s = await studyRecord(r, str(a, 'run'));
    const { event, data } = studyResult(s);
    const arm = str(a, 'arm');
    const fig = armFigures(data, arm);
    const values = await armValues(r, s, arm);
    const m = mean(values);
    const sd = sampleSd(values);
    if (fig.n !== values.length || !close(fig.mean, m) || !close(fig.sd, sd) || fig.values.some((v, k) => v !== values[k])) {
      throw new FactError(
        `study.result's figures for arm ${arm} (n ${fig.n}, mean ${fig.mean}, sd ${fig.sd}) are not those of its recorded runs (n ${values.length}, mean ${m}, sd ${sd})`,
      );
    }
    const field = str(a, 'field');
    if (field !== 'mean' && field !== 'sd' && field !== 'n') throw new FactError(`unknown arm figure "${field}"`);
    return { value: fig[field], source: sourceOf(event), ...(field === 'mean' ? { n: fig.n, sd: fig.sd } : {}) };
  },
  /** An arm's paired difference with the control (meanDiff, se, n) and its verdict, checked against the arm values. */
  'study.diff': async (r, a) => {
    const s = await studyRecord(r, str(a, 'run'));
    const { event, data } = studyResult(s);
    const arm = str(a, 'arm');
    const vs = armFigures(data, arm).vsControl;
    if (!vs) throw new FactError(`arm ${arm} is the control: it has no comparison`);
    const control = s.plan.arms[0]!.name;
    const mine = await armValues(r, s, arm);
    const theirs = await armValues(r, s, control);
    const diffs = mine.map((v, k) => v - theirs[k]!);
    const md = mean(diffs);
    const se = sampleSd(diffs) / Math.sqrt(diffs.length);
    const verdict = pairedVerdict(md, se, s.plan.test.threshold);
    if (vs.n !== diffs.length || !close(vs.meanDiff, md) || !close(vs.se, se) || vs.verdict !== verdict) {
      throw new FactError(
        `study.result's comparison of ${arm} with ${control} (n ${vs.n}, ${vs.meanDiff} ± ${vs.se}, ${vs.verdict}) is not that of the recorded runs (n ${diffs.length}, ${md} ± ${se}, ${verdict})`,
      );
    }
    const field = str(a, 'field');
    if (field !== 'meanDiff' && field !== 'se' && field !== 'n') throw new FactError(`unknown comparison figure "${field}"`);
    // The difference is a mean (of the paired differences): it carries n and sd; every comparison figure its verdict.
    return { value: vs[field], source: sourceOf(event), verdict: vs.verdict, ...(field === 'meanDiff' ? { n: vs.n, sd: vs.se * Math.sqrt(vs.n) } : {}) };
  },
  /** A count (see countIn) summed over an arm's runs, each at the head the study recorded; cites the arm's last arm-run event. */
  'study.arm-count': async (r, a) => {
    const s = await studyRecord(r, str(a, 'run'));
    const arm = str(a, 'arm');
    let total = 0;
    let last: EventRow | null = null;
    for (const seed of s.plan.seeds) {
      const e = armRunEvent(s, arm, seed);
      const d = eventData(e, 'study.arm-run');
      total += await countIn(r, d.runId, str(a, 'what'), d.headSeq);
      if (!last || (e.seq ?? 0) > (last.seq ?? 0)) last = e;
    }
    if (!last) throw new FactError(`arm ${arm} has no runs`);
    return { value: total, source: sourceOf(last) };
  },
  /** A numeric setting every run of the arm (or of the study, without `arm`) shared, from their run.started events. */
  'study.setting': async (r, a) => {
    const s = await studyRecord(r, str(a, 'run'));
    const key = str(a, 'key');
    const arms = typeof a.arm === 'string' ? [a.arm] : s.plan.arms.map((x) => x.name);
    let first: { value: number; event: EventRow } | null = null;
    for (const arm of arms) {
      for (const seed of s.plan.seeds) {
        const d = eventData(armRunEvent(s, arm, seed), 'study.arm-run');
        const { config, event } = await startedConfig(r, d.runId);
        const value = numeric(settingAt(config, key), `run ${d.runId}'s setting ${key}`);
        if (first && value !== first.value) throw new FactError(`setting ${key} differs between the runs (${first.value} and ${value} in run ${d.runId})`);
        first ??= { value, event };
      }
    }
    if (!first) throw new FactError('the study has no runs');
    return { value: first.value, source: sourceOf(first.event) };
  },
  /** An improver's training or held-out statistic (mean, sd, n) from its improver.evaluated event, checked against the inner runs. */
  'improve.stats': async (r, a) => {
    const run = str(a, 'run');
    const id = str(a, 'improver');
    const set = str(a, 'set');
    if (set !== 'training' && set !== 'heldOut') throw new FactError(`unknown task set "${set}"`);
    const { event, stats } = await improverStats(r, run, id, set);
    const field = str(a, 'field');
    if (field === 'mean') return { value: stats.mean, source: sourceOf(event), n: stats.perSeed.length, sd: stats.sd };
    if (field === 'sd') return { value: stats.sd, source: sourceOf(event) };
    if (field === 'n') return { value: stats.perSeed.length, source: sourceOf(event) };
    throw new FactError(`unknown improver statistic "${field}"`);
  },
  /** A generation's best training mean or best inner result so far, from its improve.generation event, checked against the evaluations before it. */
  'improve.generation': async (r, a) => {
    const run = str(a, 'run');
    const g = int(a, 'generation');
    const events = await r.events(run);
    const event = events.find((e) => e.type === 'improve.generation' && eventData(e, 'improve.generation').generation === g);
    if (!event) throw new FactError(`improve run ${run} has no improve.generation event for generation ${g}`);
    const d = eventData(event, 'improve.generation');
    if (!('bestTraining' in d)) throw new FactError(`generation ${g} of improve run ${run} was skipped (${d.skipped})`);
    const before = events.filter((e) => e.seq !== null && e.seq < (event.seq ?? 0));
    const trainingMeans = before.flatMap((e) => (e.type === 'improver.evaluated' ? [eventData(e, 'improver.evaluated').training?.mean ?? []].flat() : []));
    const inner = before.flatMap((e) =>
      e.type === 'inner.completed' && eventData(e, 'inner.completed').set === 'training' ? [eventData(e, 'inner.completed').normalised] : [],
    );
    if (!close(d.bestTraining, Math.max(...trainingMeans)) || !close(d.bestInner, Math.max(...inner))) {
      throw new FactError(
        `generation ${g}'s best (training ${d.bestTraining}, inner ${d.bestInner}) is not that of the evaluations recorded before it (training ${Math.max(...trainingMeans)}, inner ${Math.max(...inner)})`,
      );
    }
    const field = str(a, 'field');
    if (field !== 'generation' && field !== 'bestTraining' && field !== 'bestInner') throw new FactError(`unknown generation figure "${field}"`);
    return { value: d[field], source: sourceOf(event) };
  },
  /** A gate check's held-out difference or standard error, and its verdict, checked against both improvers' recorded statistics. */
  'improve.gate': async (r, a) => {
    const run = str(a, 'run');
    const id = str(a, 'improver');
    const event = (await r.ofType(run, 'gate.checked')).find((e) => eventData(e, 'gate.checked').id === id);
    if (!event) throw new FactError(`improve run ${run} has no gate.checked event for improver ${id}`);
    const d = eventData(event, 'gate.checked');
    const variant = await improverStats(r, run, id, 'heldOut');
    const current = await improverStats(r, run, d.against, 'heldOut');
    const variantTraining = await improverStats(r, run, id, 'training');
    const currentTraining = await improverStats(r, run, d.against, 'training');
    const diff = variant.stats.mean - current.stats.mean;
    const se = Math.sqrt(variant.stats.sd ** 2 / Math.max(1, variant.stats.perSeed.length) + current.stats.sd ** 2 / Math.max(1, current.stats.perSeed.length));
    const trainingWin = variantTraining.stats.mean > currentTraining.stats.mean;
    const promote = trainingWin && diff > 0 && diff > 2 * se;
    if (
      !close(d.diff, diff) ||
      !close(d.se, se) ||
      d.training !== variantTraining.stats.mean ||
      d.currentTraining !== currentTraining.stats.mean ||
      d.trainingWin !== trainingWin ||
      d.promote !== promote
    ) {
      throw new FactError(
        `gate.checked for improver ${id} (difference ${d.diff} ± ${d.se}, training win ${d.trainingWin}, promote ${d.promote}) is not what the recorded statistics give (${diff} ± ${se}, ${trainingWin}, ${promote})`,
      );
    }
    const field = str(a, 'field');
    if (field !== 'diff' && field !== 'se') throw new FactError(`unknown gate figure "${field}"`);
    // The held-out comparison's verdict by the gate's own threshold (2 SE); promotion also needs a training win.
    return { value: d[field], source: sourceOf(event), verdict: pairedVerdict(d.diff, d.se, 2) };
  },
  /** A numeric setting of the outer loop (generations, seeds, innerBudget, k, seed) as the improve run's first run.started event recorded it. */
  'improve.setting': async (r, a) => {
    const run = str(a, 'run');
    const started = (await r.ofType(run, 'run.started'))[0];
    if (!started) throw new FactError(`run ${run} has no run.started event`);
    const key = str(a, 'key');
    return { value: numeric(settingAt(JSON.parse(started.data_json), key), `setting ${key}`), source: sourceOf(started) };
  },
  /**
   * A count of the improve run's events of a type, of improver.rejected events giving a reason (`rejection:REASON`),
   * of `variants` (archived with a parent, or refused) or of `skipped-generations`, up to the head `upTo`.
   */
  'improve.count': async (r, a) => {
    const run = str(a, 'run');
    const upTo = int(a, 'upTo');
    const head = await r.eventAt(run, upTo);
    const what = str(a, 'what');
    const events = (await r.events(run)).filter((e) => e.seq !== null && e.seq <= upTo);
    const value =
      what === 'variants'
        ? events.filter((e) => e.type === 'improver.rejected' || (e.type === 'improver.archived' && eventData(e, 'improver.archived').parent !== null)).length
        : what === 'skipped-generations'
          ? events.filter((e) => e.type === 'improve.generation' && 'skipped' in eventData(e, 'improve.generation')).length
          : what.startsWith('rejection:')
            ? events.filter((e) => e.type === 'improver.rejected' && eventData(e, 'improver.rejected').reasons.includes(what.slice('rejection:'.length))).length
            : events.filter((e) => e.type === what).length;
    return { value, source: sourceOf(head) };
  },
  /** Promotions of a new default improver, from the improve.verdict event, checked against the improver.promoted events. */
  'improve.promotions': async (r, a) => {
    const run = str(a, 'run');
    const { verdict, data, root } = await improveVerdict(r, run);
    const promoted = (await r.ofType(run, 'improver.promoted')).map((e) => eventData(e, 'improver.promoted'));
    const final = promoted.at(-1)?.id ?? root;
    if (data.initial !== root || data.default !== final || data.verdict !== (promoted.length ? 'promoted' : 'none')) {
      throw new FactError(
        `improve.verdict (${data.verdict}, default ${data.default}, initial ${data.initial}) is not what the record gives (${promoted.length} promotions, default ${final}, initial ${root})`,
      );
    }
    return { value: promoted.length, source: sourceOf(verdict) };
  },
};

// ── deriving a subject's facts ────────────────────────────────────────────────────────────────────────

/** How to print a figure: decimals and unit, and what it is, in words. */
interface Spec {
  id: string;
  rule: string;
  args: Args;
  unit: string;
  decimals: number | 'score' | 'spread' | 'setting';
  description: string;
}

/** What the paper writer needs besides the facts: who is who, in the record's own words (names, never numbers). */
export type Outline = RunOutline | StudyOutline | ImproveOutline;

export interface RunOutline {
  kind: 'run';
  runId: string;
  task: string;
  status: string;
  seedCorrect: boolean;
  failureClasses: string[];
  rejectionReasons: string[];
  /** Safeguard events recorded (overfit, violation, drift.warning…), by type. */
  safeguards: string[];
  operators: string[];
}

export interface StudyOutline {
  kind: 'study';
  runId: string;
  plan: StudyPlan;
  registration: { seq: number; hash: string };
  /** Arm name → the slug its fact ids use. */
  slugs: Record<string, string>;
  runs: { arm: string; seed: number; runId: string }[];
  /** Per arm: failure classes and rejection reasons seen in its runs, and safeguard events. */
  armFailures: Record<string, { failureClasses: string[]; rejectionReasons: string[]; safeguards: string[] }>;
  operators: string[];
}

export interface ImproveOutline {
  kind: 'improve';
  runId: string;
  suite: string;
  /** The default improver the run started from, and the default it ended with. */
  initial: string;
  final: string;
  verdict: 'promoted' | 'none';
  /** Every improver archived, in order, with the task sets it was evaluated on. */
  improvers: { id: string; parent: string | null; generation: number; origin: string; sets: ('training' | 'heldOut')[] }[];
  gates: { id: string; against: string; trainingWin: boolean; promote: boolean }[];
  /** Generations that archived an improver, and those skipped (no new variant). */
  generations: number[];
  skipped: number[];
  rejectionReasons: string[];
  /** Task names of the training and held-out sets, as the inner runs recorded them. */
  training: string[];
  heldOut: string[];
  operators: string[];
}

export interface FactSet {
  facts: Fact[];
  used: FactsFile['used'];
  outline: Outline;
  /** Every run the facts rest on (the subject and, for a study, its arm runs). */
  runs: string[];
}

const SAFEGUARD_EVENTS = ['overfit', 'violation', 'drift.warning'];

/** The settings a Methods section may name, when the runs' records show them (a dotted path into the run config). */
const SETTING_KEYS = [
  'budget.samples',
  'concurrency',
  'seed',
  'islands.count',
  'islands.migrationInterval',
  'islands.migrants',
  'selection.strategy',
  'selection.lambda',
  'selection.alpha',
  'archive.size',
  'inspirations.topK',
  'inspirations.random',
  'mapElites.parentProbability',
  'operators.offline.numeric',
  'operators.offline.ast',
  'novelty.threshold',
  'sandbox.backend',
];

/** The settings of one run that its record shows mattered (strategy parameters only for the strategy used, …). */
function settingsOf(config: unknown, operators: readonly string[], models: readonly string[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  const strategy = settingAt(config, 'selection.strategy');
  for (const key of SETTING_KEYS) {
    if (key === 'selection.lambda' && strategy !== 'weighted') continue;
    if (key === 'selection.alpha' && strategy !== 'power-law') continue;
    if (key.startsWith('operators.offline.') && !operators.includes(key.split('.')[2]!)) continue;
    if (key === 'novelty.threshold' && models.length === 0) continue;
    const v = settingAt(config, key);
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[key] = v;
  }
  const features = settingAt(config, 'mapElites.features');
  if (Array.isArray(features)) out['mapElites.features'] = features.map((f) => String((f as { name?: unknown }).name)).join(', ');
  else delete out['mapElites.parentProbability'];
  return out;
}

/** Operators and models the runs' proposals show (not the seed, not migrant copies). */
async function proposalsUsed(r: RecordReader, runIds: readonly string[]): Promise<{ operators: string[]; models: string[] }> {
  const operators = new Set<string>();
  const models = new Set<string>();
  for (const id of runIds) {
    for (const p of await r.programs(id)) {
      if (p.sample === null || p.sample === 0 || p.status === 'migrant') continue;
      operators.add(p.operator);
      if (p.model) models.add(p.model);
    }
  }
  return { operators: [...operators].sort(), models: [...models].sort() };
}

/** Lower-case letters, digits and `-`: what a fact id may carry of a name. */
export function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}

function slugs(names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const taken = new Set<string>();
  for (const name of names) {
    let s = slug(name);
    for (let k = 2; taken.has(s); k++) s = `${slug(name)}-${k}`;
    taken.add(s);
    out[name] = s;
  }
  return out;
}

/** Decimals that show ~6 significant digits of the largest value. */
function scoreDecimals(values: readonly number[]): number {
  const m = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  if (m === 0) return 6;
  return Math.min(8, Math.max(0, 6 - (Math.floor(Math.log10(m)) + 1)));
}

/** Decimals that show 2 significant digits of the smallest non-zero value. */
function spreadDecimals(values: readonly number[]): number {
  const nz = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  if (nz.length === 0) return 0;
  return Math.min(8, Math.max(0, 1 - Math.floor(Math.log10(Math.min(...nz)))));
}

/** Decimals a setting needs to print exactly (at most 6). */
function exactDecimals(v: number): number {
  if (Number.isInteger(v)) return 0;
  for (let d = 1; d <= 6; d++) if (Number(v.toFixed(d)) === v) return d;
  return 6;
}

/** Derives every spec through its rule; the decimals of scores and spreads are chosen over the whole set. */
async function evaluate(r: RecordReader, specs: readonly Spec[]): Promise<Fact[]> {
  const derived: Derived[] = [];
  for (const s of specs) {
    const rule = RULES[s.rule];
    if (!rule) throw new FactError(`fact ${s.id}: unknown rule ${s.rule}`);
    try {
      derived.push(await rule(r, s.args));
    } catch (e) {
      if (e instanceof FactError) throw new FactError(`fact ${s.id}: ${e.message}`);
      throw e;
    }
  }
  const scoreD = scoreDecimals(specs.flatMap((s, i) => (s.decimals === 'score' ? [derived[i]!.value] : [])));
  const spreadD = Math.max(scoreD, spreadDecimals(specs.flatMap((s, i) => (s.decimals === 'spread' ? [derived[i]!.value] : []))));
  return specs.map((s, i) => {
    const d = derived[i]!;
    const decimals = s.decimals === 'score' ? scoreD : s.decimals === 'spread' ? spreadD : s.decimals === 'setting' ? exactDecimals(d.value) : s.decimals;
    return {
      id: s.id,
      value: d.value,
      unit: s.unit,
      decimals,
      description: s.description,
      rule: s.rule,
      args: s.args,
      source: d.source,
      ...(d.verdict !== undefined ? { verdict: d.verdict } : {}),
      ...(d.n !== undefined ? { n: d.n } : {}),
      ...(d.sd !== undefined ? { sd: d.sd } : {}),
    };
  });
}

/** A run's head: where counts over its programs are taken. */
async function head(r: RecordReader, runId: string): Promise<Source> {
  const last = (await r.events(runId)).at(-1);
  if (!last) throw new FactError(`run ${runId} has no events`);
  return sourceOf(last);
}

/** Specs for the counts of one run (`run.*`) or of one arm's runs (`study.arm.A.*`). */
function countSpecs(
  prefix: string,
  rule: string,
  base: Args,
  f: { failures: string[]; rejections: string[]; safeguards: string[]; operators: string[] },
  whose: string,
): Spec[] {
  const specs: Spec[] = [];
  const add = (id: string, what: string, unit: string, description: string) =>
    specs.push({ id: `${prefix}.${id}`, rule, args: { ...base, what }, unit, decimals: 0, description: `${description} ${whose}` });
  add('samples', 'samples', 'programs', 'programs evaluated (the initial program included, island copies not)');
  add('correct', 'correct', 'programs', 'evaluated programs judged correct');
  add('failing', 'failing', 'programs', 'evaluated programs that failed in the sandbox or were judged incorrect');
  add('rejected', 'rejected', 'proposals', 'proposals rejected before they ran');
  add('improvements', 'improvements', 'proposals', 'evaluated proposals that scored above their parent');
  add('stalled', 'stalled', 'proposals', 'correct proposals that did not score above their parent');
  for (const c of f.failures) add(`failure.${slug(c)}`, `failure:${c}`, 'programs', `evaluated programs of failure class ${c}`);
  for (const c of f.rejections) add(`rejection.${slug(c)}`, `rejection:${c}`, 'proposals', `proposals rejected for ${c}`);
  for (const t of f.safeguards) add(`events.${slug(t)}`, `event:${t}`, 'events', `${t} events`);
  for (const o of f.operators) {
    add(`operator.${slug(o)}.proposals`, `operator:${o}:proposals`, 'proposals', `proposals by the ${o} operator`);
    add(`operator.${slug(o)}.improvements`, `operator:${o}:improvements`, 'proposals', `proposals by the ${o} operator that scored above their parent`);
  }
  return specs;
}

/** Every fact a paper about `subject` may print, with what its Methods may name and the outline its writer follows. */
export async function deriveFacts(store: Store, subject: Subject): Promise<FactSet> {
  const r = new RecordReader(store);
  if (subject.kind === 'improve') return deriveImproveFacts(r, subject.id);
  return subject.kind === 'run' ? deriveRunFacts(r, subject.id) : deriveStudyFacts(r, subject.id);
}

/** The outer loop's settings a Methods section may name, as the improve run's run.started event recorded them. */
const IMPROVE_SETTINGS = ['generations', 'seeds', 'innerBudget', 'k', 'seed'];

async function deriveImproveFacts(r: RecordReader, runId: string): Promise<FactSet> {
  const run = await r.run(runId);
  if (!run.task_name.startsWith('improve:'))
    throw new FactError(`run ${runId} is not an improve run (task ${run.task_name}): write its paper with --run or --study`);
  await refuseUnfinished(r, run, 'improve run', `kaizen improve`);
  const { data: verdict, root } = await improveVerdict(r, runId);
  const events = await r.events(runId);
  const at = await head(r, runId);
  const specs: Spec[] = [];
  const improvers: ImproveOutline['improvers'] = [];
  for (const e of events) {
    if (e.type !== 'improver.archived') continue;
    const d = eventData(e, 'improver.archived');
    const sets = (['training', 'heldOut'] as const).filter((set) =>
      events.some((x) => x.type === 'improver.evaluated' && eventData(x, 'improver.evaluated').id === d.id && eventData(x, 'improver.evaluated')[set]),
    );
    improvers.push({ id: d.id, parent: d.parent, generation: d.generation, origin: d.origin, sets: [...sets] });
    for (const set of sets) {
      const what = set === 'training' ? 'training tasks' : 'held-out tasks';
      for (const field of ['mean', 'sd', 'n'] as const) {
        specs.push({
          id: `improve.improver.${slug(d.id)}.${set}.${field}`,
          rule: 'improve.stats',
          args: { run: runId, improver: d.id, set, field },
          unit: field === 'n' ? 'seeds' : 'points',
          decimals: field === 'n' ? 0 : 2,
          description: `improver ${d.id}: ${field === 'n' ? 'seeds' : field} of its normalised gain on the ${what} (improver.evaluated)`,
        });
      }
    }
  }
  const generations: number[] = [];
  const skipped: number[] = [];
  for (const e of events) {
    if (e.type !== 'improve.generation') continue;
    const d = eventData(e, 'improve.generation');
    if (!('bestTraining' in d)) {
      skipped.push(d.generation);
      continue;
    }
    generations.push(d.generation);
    for (const [field, name, what] of [
      ['generation', 'number', 'its number'],
      ['bestTraining', 'best-training', 'best training mean of any improver so far'],
      ['bestInner', 'best-inner', 'best single inner-run normalised gain so far'],
    ] as const) {
      specs.push({
        id: `improve.generation.${d.generation}.${name}`,
        rule: 'improve.generation',
        args: { run: runId, generation: d.generation, field },
        unit: field === 'generation' ? '' : 'points',
        decimals: field === 'generation' ? 0 : 2,
        description: `generation ${d.generation}: ${what} (improve.generation)`,
      });
    }
  }
  const gates: ImproveOutline['gates'] = [];
  for (const e of events) {
    if (e.type !== 'gate.checked') continue;
    const d = eventData(e, 'gate.checked');
    gates.push({ id: d.id, against: d.against, trainingWin: d.trainingWin, promote: d.promote });
    for (const [field, what] of [
      ['diff', `held-out mean difference, improver ${d.id} − ${d.against}`],
      ['se', 'pooled standard error of that difference'],
    ] as const) {
      specs.push({
        id: `improve.gate.${slug(d.id)}.${field}`,
        rule: 'improve.gate',
        args: { run: runId, improver: d.id, field },
        unit: 'points',
        decimals: 2,
        description: `${what} (gate.checked; carries the held-out verdict at 2 SE)`,
      });
    }
  }
  const rejections = [...new Set(events.flatMap((e) => (e.type === 'improver.rejected' ? eventData(e, 'improver.rejected').reasons : [])))].sort();
  const count = (id: string, what: string, unit: string, description: string) =>
    specs.push({ id: `improve.${id}`, rule: 'improve.count', args: { run: runId, what, upTo: at.seq }, unit, decimals: 0, description });
  count(
    'variants',
    'variants',
    'improvers',
    'variants proposed: those archived after the default, and those refused (improver.archived with a parent, improver.rejected)',
  );
  count('proposed', 'improver.proposed', 'improvers', 'variants a model proposed (improver.proposed events; offline mutations have none)');
  count('rejected', 'improver.rejected', 'improvers', 'variants refused before evaluation (improver.rejected events)');
  count('archived', 'improver.archived', 'improvers', 'improvers archived, the default included (improver.archived events)');
  count('gates', 'gate.checked', 'checks', 'held-out gate checks (gate.checked events)');
  count('inner-runs', 'inner.completed', 'runs', 'inner evolution runs completed (inner.completed events)');
  count('overfit', 'overfit', 'events', 'variants that won on training and lost on the held-out tasks (overfit events)');
  if (skipped.length)
    count('skipped', 'skipped-generations', 'generations', 'generations that produced no new variant (improve.generation events marked skipped)');
  for (const c of rejections) count(`rejection.${slug(c)}`, `rejection:${c}`, 'improvers', `variants refused for ${c}`);
  specs.push({
    id: 'improve.promotions',
    rule: 'improve.promotions',
    args: { run: runId },
    unit: 'promotions',
    decimals: 0,
    description: 'times a variant replaced the default improver (improver.promoted, checked against improve.verdict)',
  });
  const started = (await r.ofType(runId, 'run.started'))[0];
  if (!started) throw new FactError(`improve run ${runId} has no run.started event`);
  const startedData = JSON.parse(started.data_json) as unknown;
  const settings: Record<string, string | number | boolean> = {};
  for (const key of IMPROVE_SETTINGS) {
    const v = settingAt(startedData, key);
    if (typeof v !== 'number') continue;
    settings[key] = v;
    specs.push({
      id: `setting.${key}`,
      rule: 'improve.setting',
      args: { run: runId, key },
      unit: '',
      decimals: 'setting',
      description: `the outer loop's setting ${key} (the improve run's run.started event)`,
    });
  }
  let heldOutFor: unknown;
  try {
    heldOutFor = settingAt(JSON.parse(run.config_json), 'heldOutFor');
  } catch {
    heldOutFor = undefined;
  }
  if (typeof heldOutFor === 'string') settings.heldOutFor = heldOutFor;
  const innerRuns = [...new Set(events.flatMap((e) => (e.type === 'inner.completed' ? [eventData(e, 'inner.completed').runId] : [])))];
  const tasks = [
    ...new Set(
      events.flatMap((e) => (e.type === 'inner.completed' ? [`${eventData(e, 'inner.completed').set}\u0000${eventData(e, 'inner.completed').task}`] : [])),
    ),
  ];
  const { operators, models } = await proposalsUsed(r, innerRuns);
  return {
    facts: await evaluate(r, specs),
    used: { operators, models, settings },
    outline: {
      kind: 'improve',
      runId,
      suite: run.task_name.replace(/^improve:/, ''),
      initial: root,
      final: verdict.default,
      verdict: verdict.verdict,
      improvers,
      gates,
      generations,
      skipped,
      rejectionReasons: rejections,
      training: tasks.filter((t) => t.startsWith('training\u0000')).map((t) => t.split('\u0000')[1]!),
      heldOut: tasks.filter((t) => t.startsWith('heldOut\u0000')).map((t) => t.split('\u0000')[1]!),
      operators,
    },
    runs: [runId, ...innerRuns],
  };
}

/**
 * A run recorded as running is still running only while its owner lives (as `kaizen status` tells, run-owner.ts); one
 * whose process was killed is interrupted, and is named so, with how far it got and how to resume it.
 */
async function refuseUnfinished(r: RecordReader, run: Run, what: string, resume: string): Promise<void> {
  if (run.status !== 'running') return;
  if ((await currentStatus(r.store, run)) === 'running') throw new FactError(`${what} ${run.id} is still running: write its paper when it has finished`);
  const budget = (JSON.parse(run.config_json) as { budget?: { samples?: number } } | null)?.budget?.samples;
  const at = what === 'run' ? ` at ${(await r.figures(run.id)).samples}${budget ? ` of ${budget}` : ''} samples` : '';
  throw new FactError(`${what} ${run.id} was interrupted${at} (its process is gone): resume it with \`${resume}\`, then write its paper`);
}

async function deriveRunFacts(r: RecordReader, runId: string): Promise<FactSet> {
  const run = await r.run(runId);
  if ((await r.ofType(runId, 'study.registered')).length) throw new FactError(`run ${runId} is a study: write its paper with --study ${runId}`);
  if ((await r.ofType(runId, 'run.started')).length === 0) throw new FactError(`run ${runId} is not an evolution run (it has no run.started event)`);
  if (run.task_name.startsWith('improve:')) throw new FactError(`run ${runId} is an improve run: write its paper with --improve ${runId}`);
  await refuseUnfinished(r, run, 'run', `kaizen run ${run.task_dir}`);
  const at = await head(r, runId);
  const base = { run: runId, upTo: at.seq };
  const f = await r.figures(runId);
  const events = await r.events(runId);
  const { operators, models } = await proposalsUsed(r, [runId]);
  const safeguards = SAFEGUARD_EVENTS.filter((t) => events.some((e) => e.type === t));
  const champions = events.filter((e) => e.type === 'champion.changed');
  const programs = await r.programs(runId);
  const seedCorrect = champions.length > 0 && programs.find((p) => p.id === champions[0]!.program_id)?.sample === 0;
  const specs: Spec[] = [];
  const whose = 'in the run';
  if (seedCorrect)
    specs.push({
      id: 'run.seed-score',
      rule: 'run.seed-score',
      args: { run: runId },
      unit: 'score',
      decimals: 'score',
      description: "the initial program's score (the run's first champion.changed)",
    });
  if (champions.length) {
    specs.push({
      id: 'run.best-score',
      rule: 'run.best-score',
      args: { run: runId },
      unit: 'score',
      decimals: 'score',
      description: "the best program's score (the run's last champion.changed)",
    });
    specs.push({
      id: 'run.promotions',
      rule: 'run.promotions',
      args: { run: runId },
      unit: 'events',
      decimals: 0,
      description: 'times a new champion replaced the previous one',
    });
  }
  if (seedCorrect)
    specs.push({ id: 'run.gain', rule: 'run.gain', args: { run: runId }, unit: 'score', decimals: 'score', description: 'best score minus the initial score' });
  if (events.some((e) => e.type === 'run.completed')) {
    specs.push({
      id: 'run.duration',
      rule: 'run.duration',
      args: { run: runId },
      unit: 's',
      decimals: 1,
      description: 'wall-clock seconds from run.started to run.completed',
    });
  }
  specs.push(
    ...countSpecs(
      'run',
      'run.count',
      base,
      { failures: Object.keys(f.failures).sort(), rejections: Object.keys(f.rejections).sort(), safeguards, operators },
      whose,
    ),
  );
  const { config } = await startedConfig(r, runId);
  const settings = settingsOf(config, operators, models);
  for (const [key, v] of Object.entries(settings)) {
    if (typeof v === 'number')
      specs.push({
        id: `setting.${key}`,
        rule: 'run.setting',
        args: { run: runId, key },
        unit: '',
        decimals: 'setting',
        description: `setting ${key} of the run's config (its run.started event)`,
      });
  }
  if (events.some((e) => e.type === 'holdout.checked' || e.type === 'hidden.checked')) settings['holdout gate'] = true;
  return {
    facts: await evaluate(r, specs),
    used: { operators, models, settings },
    outline: {
      kind: 'run',
      runId,
      task: run.task_name,
      status: run.status,
      seedCorrect,
      failureClasses: Object.keys(f.failures).sort(),
      rejectionReasons: Object.keys(f.rejections).sort(),
      safeguards,
      operators,
    },
    runs: [runId],
  };
}

async function deriveStudyFacts(r: RecordReader, runId: string): Promise<FactSet> {
  await r.run(runId);
  const s = await studyRecord(r, runId);
  studyResult(s); // a study without its result has no paper yet
  const plan = s.plan;
  const names = plan.arms.map((a) => a.name);
  const sl = slugs(names);
  const control = names[0]!;
  const specs: Spec[] = [];
  const planSpec = (id: string, key: string, unit: string, description: string) =>
    specs.push({ id, rule: 'study.plan', args: { run: runId, key }, unit, decimals: 'setting', description: `${description} (the registered plan)` });
  planSpec('study.arms', 'arms.length', 'arms', 'arms compared, the control included');
  planSpec('study.seeds', 'seeds.length', 'seeds', 'seeds each arm ran');
  planSpec('study.samples', 'samples', 'programs', 'samples per run');
  planSpec('study.threshold', 'test.threshold', 'SE', "the test's threshold, in standard errors");
  for (let k = 0; k < plan.seeds.length; k++) planSpec(`study.seed.${k}`, `seeds.${k}`, '', `seed number ${k + 1} of the plan`);
  const runs: StudyOutline['runs'] = [];
  const armFailures: StudyOutline['armFailures'] = {};
  const runIds: string[] = [];
  for (const arm of plan.arms) {
    const a = sl[arm.name]!;
    for (const [key] of flatNumbers(arm.config ?? {})) {
      specs.push({
        id: `study.arm.${a}.config.${key}`,
        rule: 'study.arm-config',
        args: { run: runId, arm: arm.name, key },
        unit: '',
        decimals: 'setting',
        description: `arm ${arm.name}'s registered setting ${key}`,
      });
    }
    const fail = new Set<string>();
    const rej = new Set<string>();
    const safe = new Set<string>();
    const armRunIds: string[] = [];
    for (const seed of plan.seeds) {
      const d = eventData(armRunEvent(s, arm.name, seed), 'study.arm-run');
      runs.push({ arm: arm.name, seed, runId: d.runId });
      armRunIds.push(d.runId);
      const f = await r.figures(d.runId);
      for (const c of Object.keys(f.failures)) fail.add(c);
      for (const c of Object.keys(f.rejections)) rej.add(c);
      for (const t of SAFEGUARD_EVENTS) if ((await r.events(d.runId)).some((e) => e.type === t && e.seq !== null && e.seq <= d.headSeq)) safe.add(t);
      specs.push({
        id: `study.run.${a}.seed${seed}`,
        rule: 'study.arm-run',
        args: { run: runId, arm: arm.name, seed },
        unit: 'score',
        decimals: 'score',
        description: `arm ${arm.name}, seed ${seed}: its run's ${plan.metric} (study.arm-run)`,
      });
    }
    runIds.push(...armRunIds);
    for (const field of ['mean', 'sd', 'n'] as const) {
      specs.push({
        id: `study.arm.${a}.${field}`,
        rule: 'study.arm',
        args: { run: runId, arm: arm.name, field },
        unit: field === 'n' ? 'runs' : 'score',
        decimals: field === 'mean' ? 'score' : field === 'sd' ? 'spread' : 0,
        description: `arm ${arm.name}: ${field === 'n' ? 'runs' : field} of ${plan.metric} over its seeds (study.result)`,
      });
    }
    if (arm.name !== control) {
      for (const [field, id, unit, decimals, what] of [
        ['meanDiff', 'diff', 'score', 'spread', `mean paired difference ${arm.name} − ${control}`],
        ['se', 'se', 'score', 'spread', 'standard error of that difference'],
        ['n', 'pairs', 'pairs', 0, 'seeds paired'],
      ] as const) {
        specs.push({
          id: `study.arm.${a}.${id}`,
          rule: 'study.diff',
          args: { run: runId, arm: arm.name, field },
          unit,
          decimals,
          description: `${what} (study.result; carries the verdict)`,
        });
      }
    }
    const sorted = { failureClasses: [...fail].sort(), rejectionReasons: [...rej].sort(), safeguards: SAFEGUARD_EVENTS.filter((t) => safe.has(t)) };
    armFailures[arm.name] = sorted;
    const ops = await proposalsUsed(r, armRunIds);
    specs.push(
      ...countSpecs(
        `study.arm.${a}`,
        'study.arm-count',
        { run: runId, arm: arm.name },
        { failures: sorted.failureClasses, rejections: sorted.rejectionReasons, safeguards: sorted.safeguards, operators: ops.operators },
        `in the runs of arm ${arm.name}`,
      ),
    );
  }
  const { operators, models } = await proposalsUsed(r, runIds);
  // Settings every run shares are the study's; those that differ between arms are each arm's (the seed aside).
  const perArm: Record<string, Record<string, string | number | boolean>> = {};
  for (const arm of plan.arms) {
    const armRuns = runs.filter((x) => x.arm === arm.name);
    const all = await Promise.all(armRuns.map(async (x) => settingsOf((await startedConfig(r, x.runId)).config, operators, models)));
    perArm[arm.name] = Object.fromEntries(Object.entries(all[0] ?? {}).filter(([k, v]) => k !== 'seed' && all.every((o) => o[k] === v)));
  }
  const settings: Record<string, string | number | boolean> = {};
  const keys = new Set(Object.values(perArm).flatMap((o) => Object.keys(o)));
  for (const key of keys) {
    const values = names.map((n) => perArm[n]![key]);
    if (values.every((v) => v !== undefined && v === values[0])) {
      settings[key] = values[0]!;
      if (typeof values[0] === 'number')
        specs.push({
          id: `setting.${key}`,
          rule: 'study.setting',
          args: { run: runId, key },
          unit: '',
          decimals: 'setting',
          description: `setting ${key}, the same in every run (their run.started events)`,
        });
    } else {
      for (const n of names) {
        const v = perArm[n]![key];
        if (v === undefined) continue;
        settings[`${n}/${key}`] = v;
        if (typeof v === 'number')
          specs.push({
            id: `setting.${sl[n]}.${key}`,
            rule: 'study.setting',
            args: { run: runId, arm: n, key },
            unit: '',
            decimals: 'setting',
            description: `setting ${key} of arm ${n}'s runs (their run.started events)`,
          });
      }
    }
  }
  for (const id of runIds) {
    if ((await r.events(id)).some((e) => e.type === 'holdout.checked' || e.type === 'hidden.checked')) settings['holdout gate'] = true;
  }
  return {
    facts: await evaluate(r, specs),
    used: { operators, models, settings },
    outline: {
      kind: 'study',
      runId,
      plan,
      registration: { seq: sourceOf(s.registered).seq, hash: sourceOf(s.registered).hash },
      slugs: sl,
      runs,
      armFailures,
      operators,
    },
    runs: [runId, ...new Set(runIds)],
  };
}

/** Numeric leaves of a config object as dotted paths, in key order. */
function flatNumbers(value: unknown, prefix = ''): [string, number][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const out: [string, number][] = [];
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'number' && Number.isFinite(v)) out.push([key, v]);
    else out.push(...flatNumbers(v, key));
  }
  return out;
}

// ── printing ──────────────────────────────────────────────────────────────────────────────────────

/** A fact's value as printed: its decimals, never "-0". */
export function formatFact(f: Fact): string {
  if (!Number.isFinite(f.value)) return String(f.value);
  const s = f.value.toFixed(f.decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

export function verdictText(f: Fact, form: 'word' | 'relation'): string {
  if (form === 'word') return f.verdict ?? '';
  return f.verdict === 'better' ? 'above' : f.verdict === 'worse' ? 'below' : 'within noise of';
}

/** "n 8, sd 0.0123, verdict within noise" (what a fact carries beside its value); "—" when nothing. */
export function factExtras(f: Fact): string {
  const parts: string[] = [];
  if (f.n !== undefined) parts.push(`n ${f.n}`);
  if (f.sd !== undefined) parts.push(`sd ${Number.isFinite(f.sd) ? f.sd.toFixed(Math.max(f.decimals, 2)) : f.sd}`);
  if (f.verdict) parts.push(`verdict ${f.verdict}`);
  return parts.join(', ') || '—';
}

// ── recomputing ───────────────────────────────────────────────────────────────────────────────────────

export interface FactCheck {
  id: string;
  /** One line per mismatch, each naming the fact and the event. */
  problems: string[];
}

const eventName = (s: Source) => `run ${s.runId} event #${s.seq} (hash ${s.hash.slice(0, 12)}…)`;

/**
 * Derives a fact again from the database by its rule and compares: the value, n, sd and verdict, and where it comes
 * from; then checks that its source event is in its run's chain with that hash and that its content still hashes to
 * it. Pass one reader for many facts: each run is read once.
 */
export async function recomputeFact(store: Store, fact: Fact, reader: RecordReader = new RecordReader(store)): Promise<FactCheck> {
  const problems: string[] = [];
  const rule = RULES[fact.rule];
  if (!rule) return { id: fact.id, problems: [`fact ${fact.id}: unknown rule "${fact.rule}"`] };
  let now: Derived | null = null;
  try {
    now = await rule(reader, fact.args);
  } catch (e) {
    if (!(e instanceof KaizenError)) throw e;
    problems.push(`fact ${fact.id}: cannot be derived from the record: ${e.message} (it cites ${eventName(fact.source)})`);
  }
  if (now) {
    if (now.value !== fact.value) problems.push(`fact ${fact.id}: the record gives ${now.value}, the paper's facts ${fact.value} (${eventName(fact.source)})`);
    if (now.source.runId !== fact.source.runId || now.source.seq !== fact.source.seq || now.source.hash !== fact.source.hash) {
      problems.push(`fact ${fact.id}: it is now read from ${eventName(now.source)}, the paper's facts cite ${eventName(fact.source)}`);
    }
    if ((now.verdict ?? null) !== (fact.verdict ?? null))
      problems.push(
        `fact ${fact.id}: verdict ${now.verdict ?? 'none'} in the record, ${fact.verdict ?? 'none'} in the paper's facts (${eventName(fact.source)})`,
      );
    if ((now.n ?? null) !== (fact.n ?? null) || (now.sd ?? null) !== (fact.sd ?? null)) {
      problems.push(
        `fact ${fact.id}: n ${now.n ?? '—'}, sd ${now.sd ?? '—'} in the record, n ${fact.n ?? '—'}, sd ${fact.sd ?? '—'} in the paper's facts (${eventName(fact.source)})`,
      );
    }
  }
  const events = await reader.events(fact.source.runId).catch(() => [] as EventRow[]);
  const e = events.find((x) => x.seq === fact.source.seq);
  if (!e) problems.push(`fact ${fact.id}: its source, ${eventName(fact.source)}, is not in the record`);
  else if (e.hash !== fact.source.hash)
    problems.push(`fact ${fact.id}: its source, ${eventName(fact.source)}, now has hash ${e.hash?.slice(0, 12) ?? 'none'}…`);
  else if (
    eventHash({
      run_id: e.run_id,
      seq: e.seq as number,
      at: e.at,
      type: e.type,
      program_id: e.program_id,
      data_json: e.data_json,
      program_digest: e.program_digest,
      prev_hash: e.prev_hash,
    }) !== e.hash
  ) {
    problems.push(`fact ${fact.id}: its source, ${eventName(fact.source)}, was changed after it was recorded (its content no longer hashes to it)`);
  }
  return { id: fact.id, problems };
}

/** Every run a facts file rests on: the sources, the runs its rules read, and a study's arm runs. */
export async function citedRuns(store: Store, file: Pick<FactsFile, 'facts' | 'subject'>, reader: RecordReader = new RecordReader(store)): Promise<string[]> {
  const ids = new Set<string>([file.subject.id]);
  for (const f of file.facts) {
    ids.add(f.source.runId);
    if (typeof f.args.run === 'string') ids.add(f.args.run);
  }
  if (file.subject.kind === 'study') {
    try {
      const s = await studyRecord(reader, file.subject.id);
      for (const e of s.armRuns.values()) ids.add(eventData(e, 'study.arm-run').runId);
    } catch (e) {
      if (!(e instanceof KaizenError)) throw e;
    }
  }
  if (file.subject.kind === 'improve') {
    for (const e of await reader.ofType(file.subject.id, 'inner.completed')) ids.add(eventData(e, 'inner.completed').runId);
  }
  return [...ids];
}
