import { describe, expect, it } from 'vitest';
import { buildClaims } from '../../src/journal/claims.ts';
import { relativeDiff, trials } from '../../src/journal/trials.ts';
import { rowMaker } from './rows.ts';

const cases = (...scores: number[]) => JSON.stringify(scores.map((score, i) => ({ set: 'public', case: i, seed: i, score, verdict: 'ok', cpuMs: 5 })));

describe('per-case paired effects', () => {
  it('pairs a multi-case child with its parent case by case, over the cases both ran, relative to the parent mean', () => {
    const { add, child } = rowMaker();
    const parent = add({ sample: 0, score: 30, cases_json: cases(10, 20) });
    // The child ran a third case the parent did not: it is left out (its total score would say +30%).
    const c = child(parent, 'llm-diff', 'better moves', 39, { cases_json: cases(12, 22, 5) });
    expect(relativeDiff(c, parent)).toBeCloseTo(2 / 15);
    // Without case results, the scores are compared.
    expect(relativeDiff({ ...c, cases_json: null }, parent)).toBeCloseTo(0.3);
    // A case the child lost to the time limit counts as its 0.
    const slow = child(parent, 'llm-diff', 'slower', 10, { cases_json: cases(0, 20) });
    expect(relativeDiff(slow, parent)).toBeCloseTo(-10 / 2 / 15);
  });

  it('pools the relative per-case differences of children of parents of different strength', () => {
    const { rows, add, child } = rowMaker();
    const weak = add({ sample: 0, score: 20, cases_json: cases(10, 10) });
    const strong = child(weak, 'seed-copy', 'copy', 200, { cases_json: cases(100, 100) });
    child(weak, 'numeric', 'constants line 3: 1 → 2', 22, { cases_json: cases(11, 11) });
    child(strong, 'numeric', 'constants line 3: 2 → 3', 220, { cases_json: cases(105, 115) });
    expect(trials(rows).map((t) => t.diff)).toEqual([9, expect.closeTo(0.1), expect.closeTo(0.1)]);
    const op = buildClaims(rows).find((c) => c.id === 'operator:numeric')!;
    expect(op.effect).toBeCloseTo(0.1);
    expect(op.se).toBeCloseTo(0);
    expect(op.status).toBe('supported');
  });
});
