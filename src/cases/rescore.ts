import type { CaseRef } from './case-set.ts';
import type { CaseTask } from './case-task.ts';
import { type CaseResult, scoreCase, sha256 } from './run.ts';

export interface RescoreTarget {
  id: number;
  score: number | null;
  correct: number | null;
  cases_json: string | null;
  hidden_json: string | null;
}

/**
 * Re-scores a program's stored answers: each answer must be in the store under its digest and hash to it, the
 * scorer must give it the recorded score and verdict again, and the recorded program score must follow from them.
 * `hidden` lists the hidden cases (from the run's secret); without it hidden results cannot be re-scored.
 */
export function rescore(
  caseTask: CaseTask,
  target: RescoreTarget,
  outputs: ReadonlyMap<string, string>,
  hidden: CaseRef[] | null,
  /** The cases of the program a stopped candidate's score was estimated from (public_json.estimated_from). */
  reference: CaseResult[] | null = null,
): { problems: string[]; rescored: number; skipped: string | null } {
  const problems: string[] = [];
  let rescored = 0;
  let skipped: string | null = null;
  const check = (results: CaseResult[], refs: CaseRef[]) => {
    for (const r of results) {
      if (!r.digest) continue;
      const where = `program ${target.id}, ${r.set} case ${r.case}`;
      const ref = refs[r.case];
      const output = outputs.get(r.digest);
      if (!ref) problems.push(`${where}: no such case in the task`);
      else if (output === undefined) problems.push(`${where}: the answer ${r.digest.slice(0, 12)}… is not in the store`);
      else if (sha256(output) !== r.digest) problems.push(`${where}: the stored answer does not hash to its digest`);
      else {
        const { input, key } = caseTask.inputs.case(ref);
        const again = scoreCase(caseTask.spec, input, output, key);
        rescored++;
        if (again.verdict !== r.verdict || again.score !== r.score) {
          problems.push(`${where}: re-scored ${again.verdict} ${again.score}, recorded ${r.verdict} ${r.score}`);
        }
      }
    }
  };
  if (target.cases_json) {
    const results = JSON.parse(target.cases_json) as CaseResult[];
    check(results, caseTask.publicRefs);
    const correct = results.some((r) => r.verdict === 'ok');
    const score = correct ? caseTask.score(results, caseTask.publicRefs.length, reference) : 0;
    if (target.score !== null && Math.abs(score - target.score) > 1e-9 * Math.max(1, Math.abs(score))) {
      problems.push(`program ${target.id}: its cases give score ${score}, recorded ${target.score}`);
    }
  }
  if (target.hidden_json) {
    if (hidden) check(JSON.parse(target.hidden_json) as CaseResult[], hidden);
    else skipped = `program ${target.id}: hidden cases not re-scored (the run's key is not here)`;
  }
  return { problems, rescored, skipped };
}
