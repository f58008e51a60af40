// What a run's figures mean, defined once: `kaizen status`, `kaizen report` and the dashboard all count with these.
//
// - samples: programs evaluated by the search (status evaluated or failed, the initial program included, copies
//   between islands not). This is what `budget.samples` counts, so a finished run shows N/N. Proposals rejected
//   before they ran are counted apart, as `rejected`.
// - improvement: an evaluated proposal (not the initial program) that is correct and scores strictly above its
//   parent, or that is correct where its parent was not (a repair). The parent is the row its parent id names,
//   a migrant copy included (a copy carries its source's score).
// - island membership: the programs the island's population holds: those evaluated on it, failed or not, and the
//   copies it received, less programs quarantined for a violation (never selected as parents).

import type { Selectable } from 'kysely';
import type { ProgramsTable } from './schema.ts';

/** The columns the figures read. */
export type FigureRow = Pick<
  Selectable<ProgramsTable>,
  'id' | 'parent_id' | 'sample' | 'island' | 'status' | 'correct' | 'score' | 'failure_class' | 'cost' | 'operator' | 'model' | 'evaluated_at' | 'usage_json'
>;

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
  'evaluated_at',
  'usage_json',
] as const;

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
