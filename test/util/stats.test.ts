import { describe, expect, it } from 'vitest';
import { mad, mean, median, sampleSd } from '../../src/util/stats.ts';

describe('stats', () => {
  it('mean: the arithmetic mean; 0 for no values', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(mean([-1.5])).toBe(-1.5);
    expect(mean([])).toBe(0);
  });

  it('sampleSd: n − 1 in the denominator; 0 for fewer than two values', () => {
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleSd([5, 6, 7])).toBe(1);
    expect(sampleSd([3, 3, 3])).toBe(0);
    expect(sampleSd([4])).toBe(0);
    expect(sampleSd([])).toBe(0);
  });

  it('median and MAD', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
  });
});
