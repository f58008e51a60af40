// The journal's view of the record: each evaluated child as a trial, with its paired difference from its parent when
// both are correct. For multi-case tasks the difference is taken case by case over the cases both ran and divided by
// the parent's mean score on those cases; otherwise it is the score difference divided by the parent's score. Either
// way effects are relative (0.05 = 5% better), so comparisons from weak and strong parents pool.

import { mean } from '../util/stats.ts';

/** The fields of a program row the journal reads (store ProgramRow has them all). */
export interface JournalRow {
  id: number;
  sample: number | null;
  parent_id: number | null;
  operator: string;
  change: string | null;
  status: string;
  correct: number | null;
  score: number | null;
  failure_class: string | null;
  public_json: string | null;
  cases_json?: string | null;
  evaluated_at: string | null;
}

/** CPU use of a multi-case child and its parent (public metrics `cpu_ms_mean`, `cpu_limit_ms`, `time_limit_rate`). */
export interface CpuUse {
  child: number;
  parent: number;
  limit: number | null;
  /** Share of the child's cases stopped by the time limit, and how many cases it ran. */
  timeLimitRate: number;
  cases: number;
}

export interface Trial {
  child: number;
  operator: string;
  change: string;
  correct: boolean;
  /** Why the child failed (`incorrect` when the judge said so without a class); null when correct. */
  failureClass: string | null;
  /** The relative paired difference child − parent; null unless both are correct and the parent's score is not 0. */
  diff: number | null;
  cpu: CpuUse | null;
}

interface CaseScore {
  set?: string;
  case: number;
  score: number;
}

function parse<T>(json: string | null | undefined): T | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
}

const caseKey = (c: CaseScore) => `${c.set ?? 'public'}:${c.case}`;

/** Child − parent relative to the parent: per case over the cases both ran when both have them, else by score. */
export function relativeDiff(child: JournalRow, parent: JournalRow): number | null {
  const mine = parse<CaseScore[]>(child.cases_json);
  const theirs = parse<CaseScore[]>(parent.cases_json);
  if (Array.isArray(mine) && Array.isArray(theirs)) {
    const byKey = new Map(theirs.map((c) => [caseKey(c), c.score]));
    const pairs = mine.flatMap((c) => (byKey.has(caseKey(c)) ? [[c.score, byKey.get(caseKey(c)) ?? 0] as const] : []));
    if (pairs.length) {
      const base = Math.abs(mean(pairs.map(([, p]) => p)));
      return base === 0 ? null : mean(pairs.map(([c, p]) => c - p)) / base;
    }
  }
  if (child.score === null || parent.score === null || parent.score === 0) return null;
  return (child.score - parent.score) / Math.abs(parent.score);
}

function cpuUse(child: JournalRow, parent: JournalRow): CpuUse | null {
  type Metrics = { cpu_ms_mean?: number; cpu_limit_ms?: number; time_limit_rate?: number; cases?: number };
  const c = parse<Metrics>(child.public_json);
  const p = parse<Metrics>(parent.public_json);
  if (typeof c?.cpu_ms_mean !== 'number' || typeof p?.cpu_ms_mean !== 'number') return null;
  return {
    child: c.cpu_ms_mean,
    parent: p.cpu_ms_mean,
    limit: typeof c.cpu_limit_ms === 'number' ? c.cpu_limit_ms : null,
    timeLimitRate: typeof c.time_limit_rate === 'number' ? c.time_limit_rate : 0,
    cases: typeof c.cases === 'number' ? c.cases : 0,
  };
}

/** Every evaluated (or failed) child of the run, oldest first. The initial program and rejected proposals are left out. */
export function trials(rows: readonly JournalRow[]): Trial[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows
    .filter((r) => (r.status === 'evaluated' || r.status === 'failed') && r.sample !== 0)
    .sort((a, b) => (a.evaluated_at ?? '').localeCompare(b.evaluated_at ?? '') || a.id - b.id)
    .map((r) => {
      const parent = r.parent_id !== null ? byId.get(r.parent_id) : undefined;
      const correct = r.correct === 1;
      return {
        child: r.id,
        operator: r.operator,
        change: r.change ?? '',
        correct,
        failureClass: correct ? null : (r.failure_class ?? 'incorrect'),
        diff: correct && parent?.correct === 1 ? relativeDiff(r, parent) : null,
        cpu: parent ? cpuUse(r, parent) : null,
      };
    });
}
