// What a run's figures mean, defined once: `kaizen status`, `kaizen report` and the dashboard all count with these.
//
// - samples: programs evaluated by the search (status evaluated or failed, the initial program included, copies
//   between islands not). This is what `budget.samples` counts, so a finished run shows N/N. Proposals rejected
//   before they ran are counted apart, as `rejected`.
// - improvement: an evaluated proposal (not the initial program) that is correct and scores strictly above its
//   parent, or that is correct where its parent was not (a repair). The parent is the row its parent id names,
//   a migrant copy included (a copy carries its source's score).
// - stage reached (multi-case tasks): the cascade stage (1-based) an evaluated program stopped at, counted over
//   samples only (a migrant copy carries its source's stage and is not counted again).
// - hidden score: the champion's score on the hidden cases at its promotion (`champion.changed`'s holdout), read
//   from the ledger; hidden results are summarised (count, mean, verdicts), their seeds never shown.
// - island membership: the programs the island's population holds: those evaluated on it, failed or not, and the
//   copies it received, less programs quarantined for a violation (never selected as parents).

import type { Selectable } from 'kysely';
import type { CaseResult } from '../cases/run.ts';
import { verdictCounts } from '../cases/summary.ts';
import type { ProgramsTable } from './schema.ts';

/** The columns the figures read. */
export type FigureRow = Pick<
  Selectable<ProgramsTable>,
  | 'id'
  | 'parent_id'
  | 'sample'
  | 'island'
  | 'status'
  | 'correct'
  | 'score'
  | 'failure_class'
  | 'cost'
  | 'operator'
  | 'model'
  | 'created_at'
  | 'evaluated_at'
  | 'usage_json'
>;

/** A new column here needs a new index as well (migrations.ts 0009 covers these; test/store/queries.test.ts checks it). */
export const FIGURE_COLUMNS = [
  'id',
  'parent_id',
  'sample',
  'island',
  'status',
  'correct',
  'score',
  'failure_class',
  'cost',
  'operator',
  'model',
  'created_at',
  'evaluated_at',
  'usage_json',
] as const;

/** The proposals (rows with a sample number, migrants have none) in sample order: the per-sample curves' points. */
export function proposalsOf(rows: readonly FigureRow[]): FigureRow[] {
  return rows.filter((r) => r.sample !== null).sort((a, b) => a.sample! - b.sample! || a.id - b.id);
}

export const isEvaluated = (r: Pick<FigureRow, 'status'>): boolean => r.status === 'evaluated' || r.status === 'failed';

export const isIslandMember = (r: Pick<FigureRow, 'status' | 'failure_class'>): boolean =>
  (isEvaluated(r) || r.status === 'migrant') && r.failure_class !== 'violation';

const correctScore = (r: Pick<FigureRow, 'correct' | 'score'> | undefined): number | null => (r && r.correct === 1 && r.score !== null ? r.score : null);

/** Why an evaluated program is not a success: its failure class, or `incorrect` when it ran and the judge said so; null if correct. */
export function failureOf(r: Pick<FigureRow, 'status' | 'correct' | 'failure_class'>): string | null {
  if (!isEvaluated(r) || (r.status === 'evaluated' && r.correct === 1 && r.failure_class === null)) return null;
  return r.failure_class ?? 'incorrect';
}

export function isImprovement(child: FigureRow, parent: FigureRow | undefined): boolean {
  if (child.sample === 0 || child.sample === null || !isEvaluated(child)) return false;
  const score = correctScore(child);
  if (score === null) return false;
  const floor = correctScore(parent);
  return floor === null || score > floor;
}

/** Evaluated programs in the order their evaluations finished (ties by id): the order the engine replays. */
export function finishOrder<T extends Pick<FigureRow, 'id' | 'status' | 'evaluated_at'>>(rows: readonly T[]): T[] {
  return rows.filter(isEvaluated).sort((a, b) => (a.evaluated_at ?? '').localeCompare(b.evaluated_at ?? '') || a.id - b.id);
}

/** The best-so-far curve in finish order: [evaluations so far, best score] at each improvement of the best. */
export function bestSoFar(rows: readonly FigureRow[]): [number, number][] {
  const curve: [number, number][] = [];
  finishOrder(rows).forEach((r, i) => {
    const score = correctScore(r);
    const last = curve.at(-1);
    if (score !== null && (!last || score > last[1])) curve.push([i + 1, score]);
  });
  return curve;
}

export interface GroupFigures {
  /** Proposals made (rejected ones included; the initial program and copies are not proposals). */
  proposals: number;
  improvements: number;
  cost: number;
  inputTokens: number;
  outputTokens: number;
}

export interface RunFigures {
  samples: number;
  correct: number;
  /** Failed in the sandbox (timeouts, crashes, denials…). */
  failed: number;
  /** Ran, and the judge said incorrect. */
  incorrect: number;
  rejected: number;
  pending: number;
  migrants: number;
  violations: number;
  /** Evaluated programs that failed or were judged incorrect, by class (see failureOf). */
  failures: Record<string, number>;
  /** Rejected proposals by reason. */
  rejections: Record<string, number>;
  improvements: number;
  islands: { island: number; programs: number; best: number | null }[];
  operators: Record<string, GroupFigures>;
  /** By model id (proposals of offline operators have no model: see `operators`). */
  models: Record<string, GroupFigures>;
  /** What the proposals' model calls cost (copies cost nothing). */
  proposalCost: number;
}

export function runFigures(rows: readonly FigureRow[]): RunFigures {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const f: RunFigures = {
    samples: 0,
    correct: 0,
    failed: 0,
    incorrect: 0,
    rejected: 0,
    pending: 0,
    migrants: 0,
    violations: 0,
    failures: {},
    rejections: {},
    improvements: 0,
    islands: [],
    operators: {},
    models: {},
    proposalCost: 0,
  };
  const islands = new Map<number, RunFigures['islands'][number]>();
  const add = (groups: Record<string, GroupFigures>, key: string, r: FigureRow, improved: boolean) => {
    const g = groups[key] ?? { proposals: 0, improvements: 0, cost: 0, inputTokens: 0, outputTokens: 0 };
    groups[key] = g;
    const usage = r.usage_json ? (JSON.parse(r.usage_json) as { inputTokens?: number; outputTokens?: number }) : null;
    g.proposals++;
    g.cost += r.cost ?? 0;
    g.inputTokens += usage?.inputTokens ?? 0;
    g.outputTokens += usage?.outputTokens ?? 0;
    if (improved) g.improvements++;
  };
  for (const r of rows) {
    if (r.status !== 'migrant') f.proposalCost += r.cost ?? 0;
    if (r.status === 'migrant') f.migrants++;
    else if (r.status === 'rejected') {
      f.rejected++;
      const reason = r.failure_class ?? 'unknown';
      f.rejections[reason] = (f.rejections[reason] ?? 0) + 1;
    } else if (r.status === 'pending') f.pending++;
    else if (isEvaluated(r)) {
      f.samples++;
      if (r.status === 'failed') f.failed++;
      else if (r.correct === 1) f.correct++;
      else f.incorrect++;
      const failure = failureOf(r);
      if (failure) f.failures[failure] = (f.failures[failure] ?? 0) + 1;
    }
    if (r.failure_class === 'violation') f.violations++;
    if (isIslandMember(r)) {
      const isl = islands.get(r.island) ?? { island: r.island, programs: 0, best: null };
      isl.programs++;
      const s = correctScore(r);
      if (s !== null && (isl.best === null || s > isl.best)) isl.best = s;
      islands.set(r.island, isl);
    }
    if (r.sample !== null && r.sample > 0) {
      const improved = isImprovement(r, r.parent_id !== null ? byId.get(r.parent_id) : undefined);
      if (improved) f.improvements++;
      add(f.operators, r.operator, r, improved);
      if (r.model !== null) add(f.models, r.model, r, improved);
    }
  }
  f.islands = [...islands.values()].sort((a, b) => a.island - b.island);
  return f;
}

// ── multi-case tasks ────────────────────────────────────────────────────────────────────────────────────────────

/** A set of case results at a glance. */
export interface CaseSummary {
  cases: number;
  /** Cases with the verdict `ok`. */
  ok: number;
  /** Cases by verdict, e.g. { ok: 18, 'time-limit': 2 }. */
  verdicts: Record<string, number>;
  /** The mean case score (a case not `ok` scores 0); 0 for no cases. */
  meanScore: number;
  /** CPU time per case over the cases where it was measured; null when none was. */
  cpuMsMean: number | null;
  cpuMsMax: number | null;
}

/** A program's case results, parsed from its row: the public cases it ran, and the hidden ones if the gate checked it. */
export interface ProgramCases {
  /** The cascade stage reached (1-based). */
  stage: number | null;
  results: CaseResult[];
  /** Null unless the promotion gate ran it on the hidden cases; seeds are always null here. */
  hidden: CaseResult[] | null;
  summary: CaseSummary;
  hiddenSummary: CaseSummary | null;
}

export type CaseColumns = Pick<Selectable<ProgramsTable>, 'cases_json' | 'hidden_json' | 'stage'>;

export const CASE_COLUMNS = ['cases_json', 'hidden_json', 'stage'] as const;

export function caseSummary(results: readonly CaseResult[]): CaseSummary {
  const verdicts = verdictCounts(results);
  const cpu = results.flatMap((r) => (r.cpuMs === null || r.cpuMs === undefined ? [] : [r.cpuMs]));
  return {
    cases: results.length,
    ok: verdicts.ok ?? 0,
    verdicts,
    meanScore: results.length ? results.reduce((s, r) => s + r.score, 0) / results.length : 0,
    cpuMsMean: cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : null,
    cpuMsMax: cpu.length ? Math.max(...cpu) : null,
  };
}

/** A program's cases from its row; null when it has none (a single-run task, or not evaluated yet). */
export function programCases(row: CaseColumns): ProgramCases | null {
  if (row.cases_json === null && row.hidden_json === null) return null;
  const results = row.cases_json ? (JSON.parse(row.cases_json) as CaseResult[]) : [];
  // Hidden seeds are never stored; blank them anyway, so no view can ever show one.
  const hidden = row.hidden_json ? (JSON.parse(row.hidden_json) as CaseResult[]).map((r) => ({ ...r, seed: null })) : null;
  return { stage: row.stage, results, hidden, summary: caseSummary(results), hiddenSummary: hidden ? caseSummary(hidden) : null };
}

/** One promotion of a multi-case run: the champion's score on the search (public cases) and on the hidden cases. */
export interface HiddenPoint {
  eventId: number;
  at: string;
  programId: number | null;
  /** Evaluations so far when it was promoted. */
  evaluated: number;
  /** Its search score (the public cases). */
  score: number;
  /** Its hidden-case score (the task's aggregate over the hidden cases); null when no hidden case was run. */
  hidden: number | null;
  /** Its mean case score on the hidden cases and how many there were (from its `hidden.checked`). */
  hiddenMean: number | null;
  hiddenCases: number | null;
}

export interface HiddenChecks {
  /** `hidden.checked` events: challengers run on the hidden cases. */
  checks: number;
  promoted: number;
  refused: number;
}

/** The events the hidden-case figures read (`champion.changed`, `hidden.checked`), oldest first. */
export interface CaseEvent {
  id: number;
  at: string;
  type: string;
  programId: number | null;
  data: unknown;
}

/** The champion's hidden score at each promotion, and the gate's checks, from the ledger. */
export function hiddenHistory(events: readonly CaseEvent[]): { history: HiddenPoint[]; checks: HiddenChecks } {
  const checks: HiddenChecks = { checks: 0, promoted: 0, refused: 0 };
  const lastCheck = new Map<number, { challengerMean: number; cases: number }>();
  const history: HiddenPoint[] = [];
  for (const e of events) {
    if (e.type === 'hidden.checked') {
      const d = e.data as { cases: number; challengerMean: number; promote: boolean };
      checks.checks++;
      if (d.promote) checks.promoted++;
      else checks.refused++;
      if (e.programId !== null) lastCheck.set(e.programId, { challengerMean: d.challengerMean, cases: d.cases });
    } else if (e.type === 'champion.changed') {
      const d = e.data as { score: number; holdout: number | null; evaluated: number };
      const check = e.programId !== null ? lastCheck.get(e.programId) : undefined;
      history.push({
        eventId: e.id,
        at: e.at,
        programId: e.programId,
        evaluated: d.evaluated,
        score: d.score,
        hidden: d.holdout ?? null,
        hiddenMean: check?.challengerMean ?? null,
        hiddenCases: check?.cases ?? null,
      });
    }
  }
  return { history, checks };
}

/** A multi-case run at a glance: the champion's cases, programs by stage reached, and the hidden score over the run. */
export interface RunCases {
  championId: number | null;
  champion: ProgramCases | null;
  /** The champion's hidden-case score when it was promoted; null when it has none. */
  hiddenScore: number | null;
  /** Samples by the cascade stage they stopped at, stage order. */
  stages: { stage: number; programs: number }[];
  checks: HiddenChecks;
  history: HiddenPoint[];
}

/**
 * Spend outside proposals, by kind. Runs before the split kept one total (`extra_cost`); it is still written, and
 * when the split (`extra_cost_by_kind`) is missing or short of it, the rest counts as `other`.
 */
export const EXTRA_KINDS = ['embeddings', 'judge', 'lessons', 'prompts', 'other'] as const;
export type ExtraKind = (typeof EXTRA_KINDS)[number];
export type ExtraCosts = Record<ExtraKind, number>;
export const EXTRA_COST_STATE = 'extra_cost';
export const EXTRA_COST_BY_KIND_STATE = 'extra_cost_by_kind';

export function extraCosts(total: number | undefined, byKind: Partial<ExtraCosts> | undefined): ExtraCosts {
  const out = Object.fromEntries(EXTRA_KINDS.map((k) => [k, byKind?.[k] ?? 0])) as ExtraCosts;
  const known = EXTRA_KINDS.reduce((s, k) => s + out[k], 0);
  out.other += Math.max(0, (total ?? 0) - known);
  return out;
}

/** What novelty judging came to: judged (NOT_NOVEL verdicts among them), replies retried, and candidates let through undecided or over the spend cap. */
export interface NoveltyCounts {
  judged: number;
  notNovel: number;
  retried: number;
  undecided: number;
  overCap: number;
}
export const NOVELTY_COUNTS_STATE = 'novelty_counts';

// ── the champion ────────────────────────────────────────────────────────────────────────────────────────────────

/** One program on the champion's ancestry: what made it, its score and what it gained on its parent. */
export interface AncestryStep {
  id: number;
  sample: number | null;
  operator: string;
  /** Its score when correct, else null (an ancestor may have been a repair's broken parent). */
  score: number | null;
  /** Score minus the parent's, when both are correct; null for the initial program or a repair. */
  gain: number | null;
  improvement: boolean;
}

/**
 * How the champion was reached: its ancestry from the initial program down to it, each step with its operator and its
 * gain on its parent (`improvement` as the run's figures count it). A migrant copy is skipped to its source, whose
 * evaluation it repeats, so each step is a program the search made. Empty when there is no champion.
 */
export function championPath(rows: readonly FigureRow[], championId: number | null): AncestryStep[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chain: FigureRow[] = [];
  const seen = new Set<number>();
  for (let r = championId === null ? undefined : byId.get(championId); r && !seen.has(r.id); r = r.parent_id === null ? undefined : byId.get(r.parent_id)) {
    seen.add(r.id);
    if (r.status !== 'migrant') chain.push(r);
  }
  chain.reverse();
  return chain.map((r, i) => {
    const score = correctScore(r);
    const before = i > 0 ? correctScore(chain[i - 1]) : null;
    const parent = r.parent_id === null ? undefined : byId.get(r.parent_id);
    return {
      id: r.id,
      sample: r.sample,
      operator: r.operator,
      score,
      gain: score !== null && before !== null ? score - before : null,
      improvement: isImprovement(r, parent),
    };
  });
}
