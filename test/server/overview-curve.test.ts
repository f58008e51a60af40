import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { overviewFigures } from '../../src/server/runs.ts';
import { Store } from '../../src/store/store.ts';
import { recordSample, testRun } from '../support/samples.ts';
import { tempDir } from '../support/tmp.ts';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe("the overview's cost column", () => {
  it('is the running sum of the samples’ costs without binary noise', async () => {
    store = await Store.open(join(tempDir(), 'kaizen.db'));
    const run = await store.createRun(testRun('run-c'));
    // 0.0004 three times sums to 0.0012000000000000001 in floating point; 0.1 + 0.2 to 0.30000000000000004.
    const costs = [0.0004, 0.0004, 0.0004, 0.1, 0.2, 0, 1e-12];
    for (const [sample, cost] of costs.entries()) await recordSample(store, run.id, sample, sample, cost);
    const { curve } = await overviewFigures(store, run);
    expect(curve.cost).toEqual([0.0004, 0.0008, 0.0012, 0.1012, 0.3012, 0.3012, 0.3012]);
    expect(JSON.stringify(curve.cost)).toBe('[0.0004,0.0008,0.0012,0.1012,0.3012,0.3012,0.3012]');
  });
});
