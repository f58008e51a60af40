import { join } from 'node:path';
import type { CaseResult } from '../../src/cases/run.ts';
import type { ProgramUpdate } from '../../src/store/store.ts';
import { Store } from '../../src/store/store.ts';
import { sha256 } from '../../src/util/hash.ts';
import { tempDir } from './tmp.ts';

/** A secret-looking seed written into a hidden result on purpose: no view may ever show it. */
export const LEAKED_HIDDEN_SEED = 3_141_592_653;

export interface MultiCaseRun {
  dir: string;
  db: string;
  runId: string;
  /** Program ids: the seed (first champion), one stopped at stage 1, the champion, a crash on every case, one refused by the hidden gate, a migrant copy, a rejected proposal. */
  ids: { seed: number; early: number; champion: number; broken: number; refused: number; migrant: number; rejected: number };
}

const pub = (i: number, score: number, over: Partial<CaseResult> = {}): CaseResult => ({
  set: 'public',
  case: i,
  seed: i,
  file: null,
  score,
  verdict: 'ok',
  cpuMs: 10 * (i + 1),
  wallMs: 12 * (i + 1),
  digest: sha256(`answer ${i} ${score}`),
  feedback: null,
  ...over,
});

const hid = (i: number, score: number, over: Partial<CaseResult> = {}): CaseResult => ({
  set: 'hidden',
  case: i,
  seed: null,
  file: null,
  score,
  verdict: 'ok',
  cpuMs: 20,
  wallMs: 25,
  digest: sha256(`hidden ${i} ${score}`),
  feedback: null,
  ...over,
});

/**
 * A small multi-case run written by hand through the Store API, as the engine records one: four public cases in a
 * two-stage cascade (stage 1: two cases), three hidden cases run by the promotion gate, two promotions.
 */
export async function multiCaseRun(): Promise<MultiCaseRun> {
  const dir = tempDir('kaizen-cases-');
  const db = join(dir, '.kaizen', 'kaizen.db');
  const store = await Store.open(db);
  try {
    const run = await store.createRun({
      id: 'run-cases',
      task_name: 'contest',
      task_dir: dir,
      task_hash: 'h',
      config_json: JSON.stringify({ budget: { samples: 5 } }),
      seed: 1,
      status: 'completed',
      pid: null,
    });
    const base = { run_id: run.id, island: 0, generation: 0, operator: 'llm-diff', model: null, language: 'cpp', parent_id: null as number | null };
    const proposal = (sample: number, parent: number | null) => ({
      type: 'proposal.created' as const,
      data: { sample, parent, operator: 'llm-diff', change: `change ${sample}` },
    });
    let at = 0;
    const when = () => new Date(Date.parse('2026-01-01T00:00:00Z') + ++at * 1000).toISOString();
    const insert = (sample: number, parent: number | null, code: string) =>
      store.insertProgram({ ...base, sample, parent_id: parent, status: 'pending', code, code_hash: sha256(code), cost: 0.01 }, proposal(sample, parent));
    const evaluated = (id: number, cases: CaseResult[], stage: number, patch: ProgramUpdate = {}) => {
      const correct = cases.some((c) => c.verdict === 'ok');
      const score = correct ? cases.reduce((s, c) => s + c.score, 0) / cases.length : 0;
      return store.updateProgram(
        run.id,
        id,
        { status: 'evaluated', correct: correct ? 1 : 0, score, cases_json: JSON.stringify(cases), stage, evaluated_at: when(), ...patch },
        { type: 'evaluation.completed', data: { correct, score, cases: cases.length, stage } },
      );
    };
    const hiddenChecked = (id: number, hidden: CaseResult[], champion: number | null, promote: boolean) =>
      store.updateProgram(
        run.id,
        id,
        { hidden_json: JSON.stringify(hidden) },
        {
          type: 'hidden.checked',
          data: {
            cases: hidden.length,
            challengerMean: hidden.reduce((s, c) => s + c.score, 0) / hidden.length,
            championMean: null,
            champion,
            meanDiff: null,
            se: null,
            promote,
            reason: promote ? 'above two standard errors' : 'not above two standard errors',
          },
        },
      );

    // The seed: every public case ok; the first champion (hidden score: the mean of its hidden cases).
    const seed = await insert(0, null, 'int main() { return 0; }');
    await evaluated(seed, [pub(0, 10), pub(1, 20), pub(2, 30), pub(3, 40)], 2);
    await hiddenChecked(seed, [hid(0, 10), hid(1, 20), hid(2, 30)], null, true);
    await store.setChampion(run.id, seed, { score: 25, holdout: 20, evaluated: 1 });
    await store.updateRun(run.id, { seed_score: 25 });

    // Stopped at stage 1: weak on the first two cases.
    const early = await insert(1, seed, 'int main() { return 1; }');
    await evaluated(early, [pub(0, 1), pub(1, 0, { verdict: 'wrong-answer', feedback: 'line 3: expected 5 numbers' })], 1);

    // The champion: a time limit on case 2, better elsewhere; the gate checks it on the hidden cases.
    const champion = await insert(2, seed, 'int main() { return 2; }');
    await evaluated(
      champion,
      [pub(0, 50), pub(1, 60), pub(2, 0, { verdict: 'time-limit', cpuMs: 2000, digest: null, feedback: 'CPU limit 2000 ms exceeded\nkilled' }), pub(3, 70)],
      2,
    );
    // One hidden result carries a seed, as a careless writer might store it: the views must blank it.
    await hiddenChecked(
      champion,
      [hid(0, 40, { seed: LEAKED_HIDDEN_SEED }), hid(1, 50), hid(2, 0, { verdict: 'wrong-answer', feedback: 'bad tour' })],
      seed,
      true,
    );
    await store.setChampion(run.id, champion, { score: 45, holdout: 30, evaluated: 3 });

    // A crash on the first case, and no answer anywhere: failed.
    const broken = await insert(3, champion, 'int main() { abort(); }');
    await store.updateProgram(
      run.id,
      broken,
      {
        status: 'failed',
        correct: 0,
        score: null,
        failure_class: 'crash',
        error: 'no case answered; first: exit code 134',
        cases_json: JSON.stringify([pub(0, 0, { verdict: 'crash', cpuMs: null, digest: null, feedback: 'exit code 134' })]),
        stage: 1,
        evaluated_at: when(),
      },
      { type: 'evaluation.failed', data: { failure: 'crash', error: 'no case answered; first: exit code 134' } },
    );

    // Better on the search, refused by the hidden gate.
    const refused = await insert(4, champion, 'int main() { return 4; }');
    await evaluated(refused, [pub(0, 60), pub(1, 60), pub(2, 60), pub(3, 60)], 2);
    await hiddenChecked(refused, [hid(0, 5), hid(1, 5), hid(2, 5)], champion, false);

    // A migrant copy of the champion (carries its cases and stage; not a sample) and a rejected proposal.
    const { id: _id, created_at: _c, ...row } = (await store.getProgram(champion))!;
    const migrant = await store.insertProgram(
      { ...row, sample: null, parent_id: champion, island: 1, operator: 'migrate', status: 'migrant', cost: null },
      { type: 'migration', data: { from: 0, to: 1, source: champion } },
    );
    const rejected = await store.insertProgram(
      { ...base, sample: 5, parent_id: champion, status: 'rejected', failure_class: 'duplicate', code: 'int main() { return 2; }', code_hash: 'dup' },
      proposal(5, champion),
    );
    return { dir, db, runId: run.id, ids: { seed, early, champion, broken, refused, migrant, rejected } };
  } finally {
    await store.close();
  }
}
