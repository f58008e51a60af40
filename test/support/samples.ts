import type { Store } from '../../src/store/store.ts';
import { sha256 } from '../../src/util/hash.ts';

/** A run as the tests' stores hold it: the fields createRun needs, `running`. */
export const testRun = (id: string) => ({
  id,
  task_name: 't',
  task_dir: '/t',
  task_hash: 'h',
  config_json: '{}',
  seed: 1,
  status: 'running' as const,
  pid: null,
});

/**
 * Records proposal `sample` as a run's loop writes it (the program with its proposal event), then its evaluation,
 * correct with `score`; returns the program's id.
 */
export async function recordSample(store: Store, runId: string, sample: number, score: number, cost = 0): Promise<number> {
  const code = `program ${sample}`;
  const id = await store.insertProgram(
    {
      run_id: runId,
      island: 0,
      generation: 0,
      operator: 'op',
      model: null,
      language: 'js',
      parent_id: null,
      sample,
      status: 'pending',
      code,
      code_hash: sha256(code),
      cost,
    },
    { type: 'proposal.created', data: { sample, parent: null, operator: 'op', change: 'c' } },
  );
  await store.updateProgram(
    runId,
    id,
    { status: 'evaluated', correct: 1, score, evaluated_at: new Date().toISOString() },
    { type: 'evaluation.completed', data: { correct: true, score } },
  );
  return id;
}
