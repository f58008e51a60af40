import type { LoadedTask } from '../config/load.ts';
import type { ChampionRule, JudgeResult, ObjectiveSpec } from '../config/task.ts';
import { applyObjectives } from './objectives.ts';
import type { CaseTask } from '../cases/case-task.ts';
import type { CaseResult, CasesOutcome } from '../cases/run.ts';
import { caseFeedback, caseMetrics } from '../cases/summary.ts';
import type { Sandbox, SandboxResult } from '../sandbox/types.ts';
import type { ProgramRow, Store } from '../store/store.ts';
import type { Evaluation } from './evaluate.ts';
import { type Executed, executed } from './execute.ts';

/** The secret purpose the hidden cases' seeds are derived for (see Store.runSecret). */
export const HIDDEN_CASES_SECRET = 'hidden-cases';

export interface CaseEvaluatorParts {
  caseTask: CaseTask;
  loaded: LoadedTask;
  sandbox: Sandbox;
  store: Store;
  runId: string;
  /** Every program of the run so far (the cascade ranks a candidate among its island's). */
  rows: () => readonly ProgramRow[];
}

/**
 * The execute stage of a multi-case task: the public cases through the cascade, answers stored by digest, the case
 * results kept with the program; and, for the promotion gate only, the hidden cases.
 */
export class CaseEvaluator {
  private readonly p: CaseEvaluatorParts;
  /** Case scores of earlier programs, parsed once. */
  private readonly scoresOf = new Map<number, number[]>();

  constructor(parts: CaseEvaluatorParts) {
    this.p = parts;
  }

  async execute(row: ProgramRow): Promise<Executed> {
    const { caseTask, sandbox, store } = this.p;
    const outcome = await caseTask.runPublic(sandbox, row.code, row.language, (stage, mean) => this.qualifies(row, stage, mean));
    await store.putOutputs(outcome.outputs);
    const { objectives, champion } = this.p.loaded.task;
    const reference = outcome.results.length < caseTask.publicRefs.length ? this.reference(row) : null;
    return executedCases(row, outcome, caseTask, reference, objectives ? { objectives, champion } : undefined);
  }

  /**
   * What a stopped candidate's score is estimated from: its parent if that ran every public case, else the best
   * program of its island that did.
   */
  private reference(row: ProgramRow): { id: number; results: CaseResult[] } | null {
    const total = this.p.caseTask.publicRefs.length;
    const full = (r: ProgramRow | undefined) =>
      r?.status === 'evaluated' && r.correct === 1 && r.cases_json !== null && r.stage === this.p.caseTask.stages.length;
    const rows = this.p.rows();
    const parent = row.parent_id !== null ? rows.find((r) => r.id === row.parent_id) : undefined;
    let best: ProgramRow | undefined = full(parent) ? parent : undefined;
    if (!best) {
      for (const r of rows) if (r.island === row.island && full(r) && (!best || (r.score ?? 0) > (best.score ?? 0))) best = r;
    }
    if (!best) return null;
    const results = JSON.parse(best.cases_json ?? '[]') as CaseResult[];
    return results.length === total ? { id: best.id, results } : null;
  }

  /** The hidden cases' results of a program: run once, then read from its row. Null when the run has no secret here. */
  async hidden(row: ProgramRow): Promise<{ results: CaseResult[]; ran: boolean } | null> {
    if (row.hidden_json) return { results: JSON.parse(row.hidden_json) as CaseResult[], ran: false };
    const secret = this.p.store.runSecret(this.p.runId, HIDDEN_CASES_SECRET);
    if (!secret) return null;
    const { caseTask, sandbox, store } = this.p;
    const outcome = await caseTask.runAll(sandbox, row.code, row.language, caseTask.hiddenRefs(secret));
    await store.putOutputs(outcome.outputs);
    // Hidden seeds are not written anywhere: the case index and the run's secret give them back.
    return { results: outcome.results.map((r) => ({ ...r, seed: null })), ran: true };
  }

  /** How many cascade stages the public cases have. */
  get stages(): number {
    return this.p.caseTask.stages.length;
  }

  /**
   * A program's score on the hidden cases: their aggregate (sum or mean); `public` scales it to the public case count,
   * comparable with the search score.
   */
  hiddenScore(results: readonly CaseResult[], scale: 'hidden' | 'public' = 'hidden'): number {
    const { caseTask } = this.p;
    return caseTask.score(results, scale === 'public' ? caseTask.publicRefs.length : results.length);
  }

  /**
   * Whether a candidate goes on after `stage`: its mean reaches the stage's threshold, or it ranks within the stage's
   * top fraction among the programs of its island that ran this far. A stage without a rule lets everyone on.
   */
  private qualifies(row: ProgramRow, stage: number, mean: number): boolean {
    const rule = this.p.caseTask.stages[stage];
    const advance = rule?.advance;
    if (!advance || (advance.threshold === undefined && advance.topFraction === undefined)) return true;
    if (advance.threshold !== undefined && mean >= advance.threshold) return true;
    if (advance.topFraction === undefined) return false;
    const peers: number[] = [];
    for (const other of this.p.rows()) {
      if (other.id === row.id || other.island !== row.island || other.status !== 'evaluated' || !other.cases_json) continue;
      const scores = this.caseScores(other);
      if (scores.length >= rule.cases) peers.push(scores.slice(0, rule.cases).reduce((a, b) => a + b, 0) / rule.cases);
    }
    if (peers.length === 0) return true;
    const above = peers.filter((m) => m > mean).length;
    return above < advance.topFraction * peers.length;
  }

  private caseScores(row: ProgramRow): number[] {
    let scores = this.scoresOf.get(row.id);
    if (!scores) {
      scores = (JSON.parse(row.cases_json ?? '[]') as CaseResult[]).map((r) => r.score);
      this.scoresOf.set(row.id, scores);
    }
    return scores;
  }
}

/**
 * A multi-case task with objectives (config/task.ts CASE_OBJECTIVES): each is the case score or one of the public case
 * figures, recorded like a judge's objectives (the champion rule keeps the case score as the score).
 */
function withObjectives(judged: JudgeResult, o: { objectives: readonly ObjectiveSpec[]; champion?: ChampionRule }): JudgeResult {
  if (!judged.correct) return judged;
  const value = (name: string) => (name === 'score' ? judged.score : Number(judged.public?.[name]));
  return applyObjectives({ ...judged, objectives: Object.fromEntries(o.objectives.map((x) => [x.name, value(x.name)])) }, o.objectives, o.champion);
}

/**
 * How a multi-case evaluation is recorded: evaluated when any case produced an answer (correct when one scored `ok`),
 * failed when none did (a compile error, a crash on every case…), with the case results and the stage reached.
 */
export function executedCases(
  row: ProgramRow,
  outcome: CasesOutcome,
  caseTask: CaseTask,
  reference: { id: number; results: CaseResult[] } | null = null,
  objectives?: { objectives: readonly ObjectiveSpec[]; champion?: ChampionRule },
): Executed {
  const { results, stage, stages } = outcome;
  const answered = results.filter((r) => r.verdict === 'ok' || r.verdict === 'wrong-answer');
  const total = caseTask.publicRefs.length;
  const durationMs = results.reduce((s, r) => s + r.wallMs, 0);
  const stderr = outcome.failures.map((f) => `${f.error}\n${f.stderr}`).join('\n');
  const sandbox: SandboxResult = { ok: answered.length > 0, stdout: '', stderr, exitCode: null, signal: null, durationMs };
  let ev: Evaluation;
  if (outcome.judgeError) {
    ev = { sandbox, failure: 'judge-error', error: outcome.judgeError, judgeMs: 0 };
  } else if (outcome.compileError !== null) {
    ev = { sandbox: { ...sandbox, ok: false }, failure: 'compile-error', error: `compile error:\n${outcome.compileError}`, judgeMs: 0 };
  } else if (answered.length === 0) {
    const first = outcome.failures[0];
    ev = {
      sandbox: { ...sandbox, ok: false },
      failure: first?.failure ?? 'invalid-output',
      error: `no case answered; first: ${first?.error ?? 'no answer'}`,
      judgeMs: 0,
    };
  } else {
    const correct = results.some((r) => r.verdict === 'ok');
    const judged: JudgeResult = {
      correct,
      score: correct ? caseTask.score(results, total, reference?.results ?? null) : 0,
      public: { ...caseMetrics(results, stage, stages, caseTask.cpuMs), ...(reference ? { estimated_from: reference.id } : {}) },
      feedback: caseFeedback(results, stage, stages, total, caseTask.cpuMs),
    };
    ev = { sandbox, judged: objectives ? withObjectives(judged, objectives) : judged, judgeMs: 0 };
  }
  const x = executed(row, ev);
  x.update.cases_json = JSON.stringify(results);
  x.update.stage = stage;
  if (x.event.type === 'evaluation.completed') x.event = { type: 'evaluation.completed', data: { ...x.event.data, cases: results.length, stage } };
  return x;
}
