import { describe, expect, it } from 'vitest';
import { dgmWeights, selectParentIndex } from '../../src/improve/select.ts';
import { Rng } from '../../src/util/rng.ts';

describe('dgmWeights', () => {
  it('an improver at the median score with no children weighs sigmoid(0) = 1/2', () => {
    const w = dgmWeights(
      [
        { score: 1, children: 0 },
        { score: 3, children: 0 },
        { score: 9, children: 0 },
      ],
      2,
    );
    expect(w[1]).toBe(0.5);
    expect(w[0]).toBeCloseTo(1 / (1 + Math.exp(4)), 12);
    expect(w[2]).toBeCloseTo(1 / (1 + Math.exp(-12)), 12);
  });

  it('divides by 1 + children: a parent of many is drawn less, so stepping stones keep being explored', () => {
    const w = dgmWeights(
      [
        { score: 2, children: 0 },
        { score: 2, children: 1 },
        { score: 2, children: 4 },
      ],
      1,
    );
    expect(w).toEqual([0.5, 0.25, 0.1]);
  });

  it('k = 0 ignores the scores', () => {
    expect(
      dgmWeights(
        [
          { score: -50, children: 0 },
          { score: 50, children: 0 },
        ],
        0,
      ),
    ).toEqual([0.5, 0.5]);
  });
});

describe('selectParentIndex', () => {
  const entries = [
    { score: 0, children: 0 },
    { score: 5, children: 2 },
    { score: 9, children: 0 },
  ];

  it('is a function of the RNG: the same seed draws the same parents', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed, 7);
      return Array.from({ length: 20 }, () => selectParentIndex(entries, 1, rng));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(new Set(draw(3)).size).toBeGreaterThan(1);
  });

  it('the only improver of a fresh archive is always the parent', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) expect(selectParentIndex([{ score: 0, children: i }], 1, rng)).toBe(0);
  });
});
