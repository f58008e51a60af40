import type { ChampionRule } from '../config/task.ts';
import { type RunVerification, verifyRun } from '../engine/reexecute.ts';
import { bestSoFar, failureOf, finishOrder, type RunCases, type RunFigures, runFigures } from '../store/figures.ts';
import type { RunFront } from '../store/queries.ts';
import type { ProgramRow, Run, Store } from '../store/store.ts';

/**
 * What a run report says, gathered from the record: what was tried and how it went, failures and rejections as
 * results in their own right, the safeguards' findings, the spend, and how the champion came to be.
 */

export interface Example {
  programId: number;
  text: string;
}

export interface Group {
  name: string;
  count: number;
  examples: Example[];
}

export interface LineageStep {
  id: number;
  operator: string;
  model: string | null;
  island: number;
  score: number | null;
  correct: boolean;
  change: string | null;
  patch: string | null;
}

export interface ReportData {
  run: Run;
  /** Samples are the programs evaluated; improvements and islands as store/figures.ts defines them. */
  counts: { programs: number; evaluated: number; correct: number; failed: number; incorrect: number; rejected: number; migrants: number; improvements: number };
  islands: RunFigures['islands'];
  operators: RunFigures['operators'];
  /** Every evaluation in the order it finished: [index, score] for correct ones; and the best-so-far steps. */
  samples: [number, number][];
  best: [number, number][];
  failures: Group[];
  rejections: { category: string; reasons: Group[]; count: number }[];
  /** Safeguard events (violation, overfit, drift.warning…) by type, with their records. */
  safeguards: { type: string; count: number; examples: { eventId: number; programId: number | null; data: string }[] }[];
  eventCounts: Record<string, number>;
  cost: { total: number; proposals: number; other: number; byModel: CostRow[]; byOperator: CostRow[] };
  lineage: LineageStep[];
  /** Multi-case tasks (null otherwise): the champion's case results, samples by stage, the hidden score over the run. */
  cases: RunCases | null;
  /** Multi-objective tasks (null otherwise): the run's Pareto front (store.read.runFront) and its champion rule. */
  front: ReportFront | null;
  ledger: RunVerification;
}

export interface ReportFront extends RunFront {
  /** The rule the run declared (run.started), or the default: the first objective is primary. */
  champion: ChampionRule;
  championDeclared: boolean;
}

export interface CostRow {
  name: string;
  proposals: number;
  cost: number;
}

export const SAFEGUARD_EVENTS = ['violation', 'overfit', 'drift.warning'];

const clip = (s: string | null, n = 240) => {
  const t = (s ?? '').trim().replace(/\s+/g, ' ');
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

function group<T>(items: T[], key: (t: T) => string, example: (t: T) => Example, keep = 2): Group[] {
  const out = new Map<string, Group>();
  for (const item of items) {
    const k = key(item);
    const g = out.get(k) ?? { name: k, count: 0, examples: [] };
    g.count++;
    if (g.examples.length < keep) g.examples.push(example(item));
    out.set(k, g);
  }
  return [...out.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** Why a proposal was refused, in the categories a reader asks about. */
export function rejectionCategory(reason: string): string {
  if (reason === 'not-novel') return 'novelty';
  if (reason === 'duplicate') return 'duplicates';
  if (reason === 'outside-evolve-block' || reason === 'markers' || reason === 'no-change') return 'screening';
  if (reason.startsWith('llm-')) return 'model errors';
  if (reason === 'violation' || reason.startsWith('policy')) return 'policy violations';
  return 'other';
}

export async function gatherReport(store: Store, run: Run): Promise<ReportData> {
  const programs = await store.programs(run.id);
  const events = await store.ledgerEvents(run.id);
  const byId = new Map(programs.map((p) => [p.id, p]));
  const own = programs.filter((p) => p.status !== 'migrant');

  const figures = runFigures(programs);
  // Evaluations in the order they finished, as the engine replays its curve.
  const done = finishOrder(own);
  const samples: [number, number][] = [];
  done.forEach((p, i) => {
    if (p.correct === 1 && p.score !== null) samples.push([i + 1, p.score]);
  });
  const best = bestSoFar(own);

  const failedOnes = done.filter((p) => failureOf(p) !== null);
  const failures = group(
    failedOnes,
    (p) => failureOf(p) ?? 'incorrect',
    (p) => ({ programId: p.id, text: clip(p.error ?? p.feedback) }),
  );
  const rejected = own.filter((p) => p.status === 'rejected');
  const byCategory = new Map<string, ProgramRow[]>();
  for (const p of rejected) {
    const c = rejectionCategory(p.failure_class ?? 'unknown');
    byCategory.set(c, [...(byCategory.get(c) ?? []), p]);
  }
  const rejections = [...byCategory].map(([category, rows]) => ({
    category,
    count: rows.length,
    reasons: group(
      rows,
      (p) => p.failure_class ?? 'unknown',
      (p) => ({ programId: p.id, text: clip(p.error) }),
    ),
  }));
  rejections.sort((a, b) => b.count - a.count);

  const eventCounts: Record<string, number> = {};
  for (const e of events) eventCounts[e.type] = (eventCounts[e.type] ?? 0) + 1;
  const safeguards = Object.keys(eventCounts)
    .filter((t) => SAFEGUARD_EVENTS.some((s) => t === s || t.startsWith(`${s}.`)))
    .map((type) => {
      const of = events.filter((e) => e.type === type);
      return { type, count: of.length, examples: of.slice(0, 5).map((e) => ({ eventId: e.id, programId: e.program_id, data: clip(e.data_json, 300) })) };
    });

  const costRows = (key: (p: ProgramRow) => string | null): CostRow[] => {
    const out = new Map<string, CostRow>();
    for (const p of own) {
      const k = key(p);
      if (k === null || p.sample === 0) continue;
      const r = out.get(k) ?? { name: k, proposals: 0, cost: 0 };
      r.proposals++;
      r.cost += p.cost ?? 0;
      out.set(k, r);
    }
    return [...out.values()].sort((a, b) => b.cost - a.cost || b.proposals - a.proposals);
  };
  const proposals = figures.proposalCost;
  const other = (await store.getState<number>(run.id, 'extra_cost')) ?? 0;

  // The champion's ancestry back to the seed; a migrant's parent is the program it copies.
  const lineage: LineageStep[] = [];
  const seen = new Set<number>();
  for (
    let p = run.best_program_id !== null ? byId.get(run.best_program_id) : undefined;
    p && !seen.has(p.id);
    p = p.parent_id !== null ? byId.get(p.parent_id) : undefined
  ) {
    seen.add(p.id);
    lineage.unshift({
      id: p.id,
      operator: p.operator,
      model: p.model,
      island: p.island,
      score: p.score,
      correct: p.correct === 1,
      change: p.change,
      patch: p.patch,
    });
  }

  return {
    run,
    counts: {
      programs: programs.length,
      evaluated: figures.samples,
      correct: figures.correct,
      failed: figures.failed,
      incorrect: figures.incorrect,
      rejected: figures.rejected,
      migrants: figures.migrants,
      improvements: figures.improvements,
    },
    islands: figures.islands,
    operators: figures.operators,
    samples,
    best,
    failures,
    rejections,
    safeguards,
    eventCounts,
    cost: {
      total: proposals + other,
      proposals,
      other,
      byModel: costRows((p) => p.model ?? '(none: offline operator)'),
      byOperator: costRows((p) => p.operator),
    },
    lineage,
    cases: await store.read.runCases(run.id),
    front: await reportFront(store, run, events),
    ledger: await verifyRun(store, run, { reexecute: false, allowUnsigned: true }),
  };
}

/** The run's front, with the champion rule its run.started event recorded (the first objective when none was declared). */
async function reportFront(store: Store, run: Run, events: { type: string; data_json: string }[]): Promise<ReportFront | null> {
  const front = await store.read.runFront(run.id);
  if (!front) return null;
  const started = events.find((e) => e.type === 'run.started');
  const declared = started ? (JSON.parse(started.data_json) as { champion?: ChampionRule }).champion : undefined;
  return { ...front, champion: declared ?? { primary: front.objectives[0].name }, championDeclared: declared !== undefined };
}
