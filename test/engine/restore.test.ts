import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config.ts';
import { bestSoFar, proposalCost, restoreFromRecord } from '../../src/engine/restore.ts';
import { Spend, Tally } from '../../src/engine/tally.ts';
import { Population } from '../../src/population/population.ts';
import type { ProgramRow } from '../../src/store/store.ts';

let nextId = 1;
function row(r: Partial<ProgramRow>): ProgramRow {
  return {
    id: nextId++,
    run_id: 'r',
    sample: null,
    parent_id: null,
    island: 0,
    generation: 0,
    operator: 'op',
    model: null,
    status: 'evaluated',
    language: 'javascript',
    code: 'c',
    code_hash: 'h',
    patch: null,
    change: null,
    inspirations_json: null,
    propose_ms: null,
    prompt: null,
    reply: null,
    cost: null,
    usage_json: null,
    correct: 1,
    score: 1,
    public_json: null,
    private_json: null,
    features_json: null,
    feedback: null,
    failure_class: null,
    error: null,
    stdout: null,
    stderr: null,
    evaluated_at: null,
    eval_ms: null,
    judge_ms: null,
    created_at: '2026-01-01T00:00:00Z',
    ...r,
  } as ProgramRow;
}

describe('restoring a run from its record', () => {
  it('rebuilds counters, population and pending programs as the loop left them', () => {
    nextId = 1;
    const rows = [
      row({ sample: 0, score: 1, evaluated_at: '2026-01-01T00:00:01Z' }),
      row({ sample: null, status: 'migrant', island: 1, parent_id: 1, score: 1 }),
      row({ sample: 1, parent_id: 1, score: 3, evaluated_at: '2026-01-01T00:00:03Z', cost: 0.5 }),
      row({ sample: 2, parent_id: 1, status: 'failed', correct: 0, score: null, evaluated_at: '2026-01-01T00:00:02Z', cost: 0.25 }),
      row({ sample: 3, parent_id: 1, status: 'rejected', correct: null, score: null, cost: 0.125 }),
      row({ sample: 4, parent_id: 3, status: 'evaluated', correct: 0, failure_class: 'violation', evaluated_at: '2026-01-01T00:00:04Z' }),
      row({ sample: 6, parent_id: 3, status: 'pending', correct: null, score: null }),
    ];
    const population = new Population(configSchema.parse({ islands: { count: 2 } }));
    const tally = new Tally();
    const pending = restoreFromRecord(rows, population, tally, 3);
    expect(pending.map((r) => r.id)).toEqual([7]);
    expect(tally).toMatchObject({ nextSample: 7, evaluated: 4, failed: 2, rejected: 1, violations: 1, seedScore: 1 });
    expect(tally.best?.id).toBe(3);
    expect(population.island(0).map((m) => m.id)).toEqual([1, 3, 4]);
    expect(population.island(1).map((m) => m.id)).toEqual([2]);
    // Children counted against their parents: the evaluated, failed, quarantined and pending ones, not the rejected.
    expect(population.get(1)?.children).toBe(2);
    expect(population.get(3)?.children).toBe(2);
    // In finish order: program 4 (failed) finished before program 3.
    expect(tally.curve).toEqual([
      [1, 1],
      [3, 3],
    ]);
    expect(proposalCost(rows)).toBe(0.875);
  });

  it('replays the best-so-far curve in the order evaluations finished, ties by id', () => {
    nextId = 1;
    const rows = [
      row({ score: 5, evaluated_at: 'b' }),
      row({ score: 2, evaluated_at: 'a' }),
      row({ score: 7, evaluated_at: 'b' }),
      row({ status: 'pending', score: 9 }),
    ];
    expect(bestSoFar(rows)).toEqual([
      [1, 2],
      [2, 5],
      [3, 7],
    ]);
  });
});

describe('spend', () => {
  it('lets a model call start only while what is spent and what calls in flight will likely cost fit the budget', async () => {
    const saved: number[] = [];
    const spend = new Spend({ proposals: 0.5, extra: 0.1 }, async (t) => void saved.push(t));
    expect(spend.spent).toBeCloseTo(0.6);
    spend.begin();
    spend.end(0.4);
    expect(spend.mayCall(undefined)).toBe(true);
    // Mean per call so far: 1.0 / 1; one more call would reach 2.0.
    expect(spend.mayCall(2.0)).toBe(false);
    expect(spend.mayCall(2.01)).toBe(true);
    spend.begin();
    expect(spend.mayCall(3.0)).toBe(false);
    spend.abandon();
    expect(spend.mayCall(3.0)).toBe(true);
    await spend.addExtra(0.2);
    await spend.addExtra(0);
    expect(saved).toEqual([expect.closeTo(0.3)]);
    expect(spend.spent).toBeCloseTo(1.2);
  });
});
