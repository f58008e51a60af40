import type { LoadedTask } from '../config/load.ts';
import type { EventPayloads } from '../ledger/events.ts';
import type { JudgeResult } from '../config/task.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { deniedInSandbox } from '../safeguards/policy.ts';
import type { ProgramRow, ProgramUpdate } from '../store/store.ts';
import { type Evaluation, evaluate, sandboxRequest } from './evaluate.ts';

/** A pending program's evaluation, and what the record makes of it. */
export interface Executed {
  evaluation: Evaluation;
  judged?: JudgeResult;
  correct: boolean;
  /** The sandbox denial that makes this candidate a violation (it tried to reach past its boundary), if any. */
  denial: string | null;
  update: ProgramUpdate;
  event:
    | { type: 'evaluation.failed'; data: { failure: Evaluation['failure']; error: string | undefined } }
    | { type: 'evaluation.completed'; data: EventPayloads['evaluation.completed'] };
}

/** The execute and judge stages: the candidate runs in the sandbox (untrusted), the task's judge scores its output. */
export async function execute(loaded: LoadedTask, sandbox: Sandbox, row: ProgramRow): Promise<Executed> {
  const request = sandboxRequest(loaded.task, row.code, loaded.language, loaded.programPath);
  return executed(row, await evaluate(loaded.task, sandbox, request, row.code, row.id));
}

/** How an evaluation is recorded. Every sandbox denial of a candidate (the initial program aside) is a violation. */
export function executed(row: ProgramRow, ev: Evaluation): Executed {
  const judged = ev.judged;
  const correct = judged?.correct === true;
  const failedInSandbox = !judged;
  const denial = failedInSandbox && row.sample !== 0 ? deniedInSandbox(`${ev.error ?? ''}\n${ev.sandbox.stderr}`) : null;
  const update: ProgramUpdate = {
    status: failedInSandbox ? 'failed' : 'evaluated',
    correct: judged ? (correct ? 1 : 0) : 0,
    score: judged && Number.isFinite(judged.score) ? judged.score : null,
    public_json: judged?.public ? JSON.stringify(judged.public) : null,
    private_json: judged?.private ? JSON.stringify(judged.private) : null,
    features_json: judged?.features ? JSON.stringify(judged.features) : null,
    ...(judged?.objectives ? { objectives_json: JSON.stringify(judged.objectives) } : {}),
    feedback: judged?.feedback ?? ev.error ?? null,
    failure_class: denial ? 'violation' : (ev.failure ?? null),
    error: denial ? `${ev.failure}: ${ev.error ?? ''} (sandbox denial: ${denial})` : (ev.error ?? null),
    stdout: ev.sandbox.stdout.slice(0, 4000),
    stderr: ev.sandbox.stderr.slice(0, 4000),
    evaluated_at: new Date().toISOString(),
    eval_ms: ev.sandbox.durationMs,
    judge_ms: ev.judgeMs,
  };
  const event: Executed['event'] = failedInSandbox
    ? { type: 'evaluation.failed', data: { failure: ev.failure, error: ev.error } }
    : { type: 'evaluation.completed', data: { correct, score: judged?.score } };
  return { evaluation: ev, judged, correct, denial, update, event };
}
