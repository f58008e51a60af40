import { describe, expect, it } from 'vitest';
import { gateVariant, heldOutGate, winsTraining } from '../../src/improve/gate.ts';
import type { Stats } from '../../src/improve/types.ts';
import { mean, sampleSd } from '../../src/util/stats.ts';

const stats = (perSeed: number[]): Stats => ({ perSeed, mean: mean(perSeed), sd: sampleSd(perSeed), runs: [] });
const improver = (training: number[], heldOut: number[]) => ({ training: stats(training), heldOut: stats(heldOut) });

describe('held-out gate', () => {
  it('uses the pooled standard error over seeds: √(sd₁²/n₁ + sd₂²/n₂)', () => {
    const g = heldOutGate(stats([10, 12]), stats([5, 6, 7]), 'd');
    expect(g.diff).toBeCloseTo(5, 12);
    expect(g.se).toBeCloseTo(Math.sqrt(2 / 2 + 1 / 3), 12);
    expect(g).toMatchObject({ against: 'd', promote: true });
    expect(g.reason).toBe(`held-out mean 11.000 beats 6.000 by 5.000 > 2·SE (${(2 * g.se).toFixed(3)})`);
  });

  it('a difference of exactly 2·SE is not enough; nor is any difference between single seeds of equal scores', () => {
    // sd 1 on both sides, n = 2: SE = 1, so a difference of 2 sits on the boundary.
    const sd1 = (m: number): Stats => ({ perSeed: [m - Math.SQRT1_2, m + Math.SQRT1_2], mean: m, sd: 1, runs: [] });
    const edge = heldOutGate(sd1(2), sd1(0), 'd');
    expect(edge.diff).toBe(2 * edge.se);
    expect(edge.promote).toBe(false);
    expect(edge.reason).toMatch(/within noise/);
    expect(heldOutGate(sd1(2 + 1e-9), sd1(0), 'd').promote).toBe(true);
    expect(heldOutGate(stats([3]), stats([3]), 'd')).toMatchObject({
      diff: 0,
      promote: false,
      reason: 'held-out mean 3.000 does not beat 3.000 (difference 0.000)',
    });
  });
});

describe('gateVariant', () => {
  const current = improver([5, 5, 5], [5, 6, 7]);

  it('promotes a variant that wins on training and on held-out beyond the noise', () => {
    const r = gateVariant(improver([6, 6, 6], [10, 11, 12]), current, 'd');
    expect(r).toMatchObject({ trainingWin: true, status: 'promoted', gate: { promote: true, against: 'd' } });
  });

  it('calls a training winner that does not beat the default on held-out an overfit', () => {
    const r = gateVariant(improver([9, 9, 9], [1, 2, 3]), current, 'd');
    expect(r).toMatchObject({ trainingWin: true, status: 'overfit', gate: { promote: false } });
    expect(r.gate.diff).toBeLessThan(0);
  });

  it('keeps a training winner whose held-out lead is within noise archived as within-noise', () => {
    const r = gateVariant(improver([9, 9, 9], [6, 12, 3]), current, 'd');
    expect(r).toMatchObject({ trainingWin: true, status: 'within-noise', gate: { promote: false } });
    expect(r.gate.diff).toBeGreaterThan(0);
  });

  it('never promotes without a training win, whatever held-out says (and says why)', () => {
    const r = gateVariant(improver([5, 5, 5], [10, 11, 12]), current, 'd');
    expect(r.trainingWin).toBe(false);
    expect(r.status).toBe('archived');
    expect(r.gate.promote).toBe(false);
    expect(r.gate.reason).toBe(`no training win (5.000 ≤ 5.000); ${heldOutGate(stats([10, 11, 12]), current.heldOut, 'd').reason}`);
  });

  it('a training win is a strictly higher training mean', () => {
    expect(winsTraining(improver([5.1], []), current)).toBe(true);
    expect(winsTraining(improver([5], []), current)).toBe(false);
  });
});
