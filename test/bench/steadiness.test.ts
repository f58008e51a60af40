// The Core War benchmark's verdict on the machine's steadiness (bench/processes.ts), on pMARS's own turn times from
// real bench runs: four steady runs on the morning of 2026-12-07 and an earlier, unsteady one.
import { describe, expect, it } from 'vitest';
import { spread, steadinessLine } from '../../bench/processes.ts';

// pMARS's five round-robin turns (s), two processes at a time.
const STEADY_ROBIN = [16.02, 16.05, 16.02, 16.23, 15.82];
const UNSTEADY_ROBIN = [21.06, 23.73, 19.28, 20.6, 21.5];

describe('machine steadiness', () => {
  it('is the spread of a reference’s own times: (slowest - fastest) / median', () => {
    expect(spread(STEADY_ROBIN)).toBeCloseTo(0.41 / 16.02, 6);
    expect(spread(UNSTEADY_ROBIN)).toBeCloseTo(4.45 / 21.06, 6);
    expect(spread([5, 5, 5])).toBe(0);
  });

  it('calls a run steady when the round robin and the pairs’ median stay within 5%, whatever one pair’s outlier', () => {
    const line = steadinessLine([0.016, 0.031, 0.092, 0.025, 0.03], spread(STEADY_ROBIN));
    expect(line).toContain('round robin 2.6%');
    expect(line).toContain('pairs median 3.0% (1.6%–9.2%)');
    expect(line).toMatch(/: steady \(within 5\.0%\)$/);
  });

  it('calls a run unsteady when the round robin moved, or the pairs did', () => {
    expect(steadinessLine([0.02, 0.03, 0.04], spread(UNSTEADY_ROBIN))).toContain('round robin 21.1%, ');
    expect(steadinessLine([0.02, 0.03, 0.04], spread(UNSTEADY_ROBIN))).toContain('UNSTEADY');
    expect(steadinessLine([0.06, 0.08, 0.07], spread(STEADY_ROBIN))).toContain('UNSTEADY');
  });

  it('judges the pairs alone when there was no round robin', () => {
    expect(steadinessLine([0.01, 0.02], undefined)).toBe(
      "machine steadiness, pMARS's own times over its turns ((slowest - fastest) / median): pairs median 1.5% (1.0%–2.0%): steady (within 5.0%)",
    );
  });
});
