import type { HoldoutSpec, Judge, JudgeResult, TaskDefinition } from '../config/task.ts';

/** The task's holdout as a spec, or null when it has none. */
export function holdoutOf(task: TaskDefinition): HoldoutSpec | null {
  if (!task.holdout) return null;
  return typeof task.holdout === 'function' ? { judge: task.holdout } : task.holdout;
}

export interface HoldoutResult {
  correct: boolean;
  /** The holdout judge's score; -Infinity when the candidate failed on the held-out instances. */
  score: number;
  feedback?: string;
  /** Which held-out instances (the seed they were drawn from), when the task generates them. */
  instanceSeed: number | null;
}

/**
 * Runs the holdout on a candidate: on fresh instances (its own arguments, drawn from `instanceSeed` when the task
 * generates them) in the sandbox, or on the search output again. The result is kept from the search: it never
 * reaches a prompt, and candidates cannot read the holdout's data (it lives in the trusted process).
 */
export async function runHoldout(
  spec: HoldoutSpec,
  programId: number,
  searchOutput: unknown,
  instanceSeed: number,
  /** Runs the candidate again, in the sandbox, on these arguments and judges the output with `judge`. */
  execute: (args: unknown[], judge: Judge) => Promise<{ judged?: JudgeResult; error?: string }>,
): Promise<HoldoutResult> {
  let judged: JudgeResult | undefined;
  let seedUsed: number | null = null;
  if (spec.args !== undefined) {
    const args = typeof spec.args === 'function' ? spec.args(instanceSeed) : spec.args;
    seedUsed = typeof spec.args === 'function' ? instanceSeed : null;
    const ev = await execute(args, spec.judge);
    judged = ev.judged;
    if (!judged) return { correct: false, score: Number.NEGATIVE_INFINITY, feedback: ev.error, instanceSeed: seedUsed };
  } else {
    judged = await spec.judge(searchOutput, { programId, stdout: '', stderr: '' });
  }
  return {
    correct: judged.correct,
    score: judged.correct && Number.isFinite(judged.score) ? judged.score : Number.NEGATIVE_INFINITY,
    feedback: judged.feedback,
    instanceSeed: seedUsed,
  };
}

export interface GateDecision {
  promote: boolean;
  reason: string;
}

/**
 * The promotion gate: a challenger that beats the champion on the search score becomes champion only if its holdout
 * score does not fall below the champion's by more than the tolerance, and its own search−holdout gap stays within
 * `maxGap`. Anything else is an overfit: a win on search that does not hold on held-out instances.
 */
export function gate(spec: HoldoutSpec, challenger: { search: number; holdout: HoldoutResult }, champion: { holdout: number } | null): GateDecision {
  const tolerance = spec.tolerance ?? 0;
  if (!challenger.holdout.correct) return { promote: false, reason: `fails the holdout (${challenger.holdout.feedback ?? 'incorrect'})` };
  if (champion && challenger.holdout.score < champion.holdout - tolerance) {
    return { promote: false, reason: `holdout score ${challenger.holdout.score} is below the champion's ${champion.holdout} by more than ${tolerance}` };
  }
  const gap = challenger.search - challenger.holdout.score;
  if (spec.maxGap !== undefined && gap > spec.maxGap) {
    return { promote: false, reason: `search score ${challenger.search} exceeds its holdout score ${challenger.holdout.score} by ${gap} > ${spec.maxGap}` };
  }
  return { promote: true, reason: 'holdout confirms' };
}
