import { describe, expect, it } from 'vitest';
import { judgePacking } from '../examples/circle-packing/judge.ts';

/** A valid packing of n circles on an 8 × 8 grid: r = 1/16 and centres (2k + 1)/16 are exact binary fractions. */
function grid(n: number) {
  const side = 8;
  const r = 1 / 16;
  const centers: number[][] = [];
  for (let i = 0; i < n; i++) centers.push([r + 2 * r * (i % side), r + 2 * r * Math.floor(i / side)]);
  return { centers, radii: centers.map(() => r) };
}

describe('circle packing judge (zero tolerance)', () => {
  it('accepts a valid packing and scores the sum of radii', () => {
    const p = grid(26);
    const res = judgePacking(p, 26);
    expect(res.correct).toBe(true);
    expect(res.score).toBe(26 / 16);
    expect(res.features?.smallest_radius).toBe(1 / 16);
  });

  it('accepts circles that touch exactly', () => {
    const res = judgePacking(
      {
        centers: [
          [0.25, 0.5],
          [0.75, 0.5],
        ],
        radii: [0.25, 0.25],
      },
      2,
    );
    expect(res.correct).toBe(true);
    expect(res.score).toBe(0.5);
  });

  it('rejects an overlap of one ulp and says which circles', () => {
    const touching = {
      centers: [
        [0.375, 0.5],
        [0.625, 0.5],
      ],
      radii: [0.125, 0.125],
    };
    expect(judgePacking(touching, 2).correct).toBe(true);
    const res = judgePacking({ ...touching, radii: [0.125 + 2 ** -54, 0.125] }, 2);
    expect(res.correct).toBe(false);
    expect(res.feedback).toMatch(/circles 0 and 1 overlap/);
  });

  it('rejects a circle outside the square and says by how much', () => {
    const res = judgePacking({ centers: [[0.1, 0.5]], radii: [0.1000001] }, 1);
    expect(res.correct).toBe(false);
    expect(res.feedback).toMatch(/circle 0 .* sticks out of the square by [0-9.e-]+$/);
  });

  it('rejects NaN, Infinity and negative radii', () => {
    const base = grid(3);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -0.01]) {
      const res = judgePacking({ centers: base.centers, radii: [bad, base.radii[1], base.radii[2]] }, 3);
      expect(res.correct).toBe(false);
      expect(res.feedback).toMatch(/radius 0 must be a finite number/);
    }
    const res = judgePacking({ centers: [[Number.NaN, 0.5], ...base.centers.slice(1)], radii: base.radii }, 3);
    expect(res.correct).toBe(false);
    expect(res.feedback).toMatch(/center 0 must be \[x, y\]/);
  });

  it('rejects outputs of the wrong shape with a reason', () => {
    expect(judgePacking(null, 26).feedback).toMatch(/must be an object/);
    expect(judgePacking([1, 2, 3], 26).feedback).toMatch(/arrays "centers" and "radii"/);
    expect(judgePacking({ centers: [], radii: [] }, 26).feedback).toMatch(/expected 26 centers and 26 radii, got 0 and 0/);
    expect(judgePacking({ centers: [[0.5, 0.5, 1]], radii: [0.1] }, 1).feedback).toMatch(/center 0/);
    expect(judgePacking({ centers: [[0.5, 0.5]], radii: ['0.1'] }, 1).feedback).toMatch(/radius 0/);
  });
});
