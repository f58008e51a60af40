import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { overviewFigures } from '../../src/server/runs.ts';
import { Store } from '../../src/store/store.ts';
import { sha256 } from '../../src/util/hash.ts';
import { tempDir } from '../support/tmp.ts';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe("the overview's cost column", () => {
  it('is the running sum of the samples’ costs without binary noise', async () => {
    store = await Store.open(join(tempDir(), 'kaizen.db'));
    const run = await store.createRun({
      id: 'run-c',
      task_name: 't',
      task_dir: '/t',
      task_hash: 'h',
      config_json: '{}',
      seed: 1,
      status: 'running',
      pid: null,
    });
    // 0.0004 three times sums to 0.0012000000000000001 in floating point; 0.1 + 0.2 to 0.30000000000000004.
    const costs = [0.0004, 0.0004, 0.0004, 0.1, 0.2, 0, 1e-12];
    for (const [sample, cost] of costs.entries()) {
      const code = `program ${sample}`;
      const id = await store.insertProgram(
        {
          run_id: run.id,
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
        run.id,
        id,
        { status: 'evaluated', correct: 1, score: sample, evaluated_at: new Date().toISOString() },
        { type: 'evaluation.completed', data: { correct: true, score: sample } },
      );
    }
    const { curve } = await overviewFigures(store, run);
    expect(curve.cost).toEqual([0.0004, 0.0008, 0.0012, 0.1012, 0.3012, 0.3012, 0.3012]);
    expect(JSON.stringify(curve.cost)).toBe('[0.0004,0.0008,0.0012,0.1012,0.3012,0.3012,0.3012]');
  });
});
