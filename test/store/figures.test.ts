import { describe, expect, it } from 'vitest';
import { bestSoFar, type FigureRow, failureOf, isImprovement, proposalsOf, runFigures } from '../../src/store/figures.ts';

let id = 0;
const row = (r: Partial<FigureRow>): FigureRow => ({
  id: ++id,
  parent_id: null,
  sample: null,
  island: 0,
  status: 'evaluated',
  correct: 1,
  score: 1,
  failure_class: null,
  cost: null,
  operator: 'numeric',
  model: null,
  created_at: '2026-01-01T00:00:00Z',
  evaluated_at: null,
  usage_json: null,
  ...r,
});

describe('run figures, defined once', () => {
  it('counts a hand-built run as the README defines samples, improvements and islands', () => {
    id = 0;
    const seed = row({ sample: 0, score: 1, evaluated_at: 'a' }); // 1
    const copy = row({ status: 'migrant', island: 1, parent_id: 1, score: 1 }); // 2: island 1 member, not a sample
    const better = row({
      sample: 1,
      parent_id: 1,
      score: 2,
      evaluated_at: 'c',
      cost: 0.5,
      model: 'm',
      operator: 'llm-diff',
      usage_json: '{"inputTokens":10,"outputTokens":3}',
    }); // 3: improvement
    const worse = row({ sample: 2, parent_id: 3, score: 1.5, evaluated_at: 'b' }); // 4: not
    const fromCopy = row({ sample: 3, island: 1, parent_id: 2, score: 1.2, evaluated_at: 'd' }); // 5: above the copy's 1: improvement
    const failed = row({ sample: 4, parent_id: 1, status: 'failed', correct: 0, score: null, failure_class: 'timeout', evaluated_at: 'e' }); // 6
    const incorrect = row({ sample: 5, parent_id: 6, correct: 0, score: 0, evaluated_at: 'f' }); // 7: incorrect child of a failed parent: no
    const repaired = row({ sample: 6, parent_id: 6, score: 0.1, evaluated_at: 'g' }); // 8: correct child of a failed parent: a repair
    const quarantined = row({ sample: 7, parent_id: 1, status: 'failed', correct: 0, score: null, failure_class: 'violation', evaluated_at: 'h' }); // 9
    const rejected = row({
      sample: 8,
      parent_id: 1,
      status: 'rejected',
      correct: null,
      score: null,
      failure_class: 'duplicate',
      cost: 0.25,
      model: 'm',
      operator: 'llm-diff',
    }); // 10
    const pending = row({ sample: 9, parent_id: 1, status: 'pending', correct: null, score: null }); // 11
    const rows = [seed, copy, better, worse, fromCopy, failed, incorrect, repaired, quarantined, rejected, pending];
    const f = runFigures(rows);
    expect(f).toMatchObject({
      samples: 8,
      correct: 5,
      failed: 2,
      incorrect: 1,
      rejected: 1,
      pending: 1,
      migrants: 1,
      violations: 1,
      improvements: 3,
      proposalCost: 0.75,
    });
    expect(f.failures).toEqual({ timeout: 1, incorrect: 1, violation: 1 });
    expect(f.rejections).toEqual({ duplicate: 1 });
    // Island 0: seed, better, worse, failed, incorrect, repaired (the quarantined one is not a member); island 1: copy, fromCopy.
    expect(f.islands).toEqual([
      { island: 0, programs: 6, best: 2 },
      { island: 1, programs: 2, best: 1.2 },
    ]);
    expect(f.operators.numeric).toMatchObject({ proposals: 7, improvements: 2 });
    expect(f.operators['llm-diff']).toMatchObject({ proposals: 2, improvements: 1, cost: 0.75 });
    expect(f.models).toEqual({ m: { proposals: 2, improvements: 1, cost: 0.75, inputTokens: 10, outputTokens: 3 } });
    expect(isImprovement(seed, undefined)).toBe(false);
    expect(failureOf(better)).toBeNull();
    // Finish order: 1 (a), 4 (b), 3 (c), 5 (d)…
    expect(bestSoFar(rows)).toEqual([
      [1, 1],
      [2, 1.5],
      [3, 2],
    ]);
  });
});

describe('proposalsOf', () => {
  it('keeps the rows with a sample number, in sample order (ties by id), leaving migrants out', () => {
    id = 0;
    const rows = [row({ sample: 2 }), row({ sample: null, status: 'migrant' }), row({ sample: 0 }), row({ sample: 1 }), row({ sample: 1 })];
    expect(proposalsOf(rows).map((r) => [r.sample, r.id])).toEqual([
      [0, 3],
      [1, 4],
      [1, 5],
      [2, 1],
    ]);
  });
});
