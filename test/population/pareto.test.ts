import { describe, expect, it } from 'vitest';
import {
  championOf,
  compareUnderRule,
  crowdingDistance,
  dominates,
  hypervolume,
  nonDominatedSort,
  type Objective,
  type ParetoPoint,
  paretoFront,
  paretoSelect,
  paretoSelectionProbabilities,
  scalarize,
} from '../../src/population/pareto.ts';
import { Rng } from '../../src/util/rng.ts';

const pt = (id: number, values: Record<string, number>): ParetoPoint => ({ id, values });
const ids = (points: readonly ParetoPoint[]) => points.map((p) => p.id);

/** Brute-force dominance written independently of the module: oriented so higher is better. */
function bruteDominates(a: ParetoPoint, b: ParetoPoint, objectives: readonly Objective[]): boolean {
  const s = (o: Objective) => (o.direction === 'min' ? -1 : 1);
  const ge = objectives.every((o) => s(o) * a.values[o.name] >= s(o) * b.values[o.name]);
  const gt = objectives.some((o) => s(o) * a.values[o.name] > s(o) * b.values[o.name]);
  return ge && gt;
}

describe('dominance', () => {
  const objs: Objective[] = [
    { name: 'a', direction: 'max' },
    { name: 'b', direction: 'min' },
  ];
  it('respects directions', () => {
    expect(dominates(pt(1, { a: 2, b: 1 }), pt(2, { a: 1, b: 2 }), objs)).toBe(true);
    expect(dominates(pt(2, { a: 1, b: 2 }), pt(1, { a: 2, b: 1 }), objs)).toBe(false);
    // Higher b is worse: (2, 3) does not dominate (1, 2).
    expect(dominates(pt(1, { a: 2, b: 3 }), pt(2, { a: 1, b: 2 }), objs)).toBe(false);
    // Weakly better in one, equal in the other: dominates.
    expect(dominates(pt(1, { a: 2, b: 2 }), pt(2, { a: 1, b: 2 }), objs)).toBe(true);
  });
  it('equal points do not dominate each other; incomplete points take no part', () => {
    expect(dominates(pt(1, { a: 1, b: 1 }), pt(2, { a: 1, b: 1 }), objs)).toBe(false);
    expect(dominates(pt(1, { a: 9 }), pt(2, { a: 1, b: 1 }), objs)).toBe(false);
    expect(dominates(pt(1, { a: 9, b: 0 }), pt(2, { a: 1, b: Number.NaN }), objs)).toBe(false);
    expect(dominates(pt(1, { a: Number.POSITIVE_INFINITY, b: 0 }), pt(2, { a: 1, b: 1 }), objs)).toBe(false);
  });
});

describe('non-dominated sort', () => {
  it('two objectives, mixed directions, duplicates and incomplete points (hand-computed fronts)', () => {
    const objs: Objective[] = [
      { name: 'a', direction: 'max' },
      { name: 'b', direction: 'min' },
    ];
    // 1 (5,1) and 4 (5,1) are duplicates: same front. 2 (3,0): best b. 9 (6,5): best a.
    // 3 (4,2) is dominated by 1 and 4; 6 (1,0) by 2 (a 3 > 1, b equal); nothing else dominates them → rank 1.
    // 5 (2,3) is dominated by 3 (4 ≥ 2, 2 ≤ 3), itself rank 1 → rank 2.
    // 7 lacks b, 8 has a NaN: on no front, reported.
    const points = [
      pt(9, { a: 6, b: 5 }),
      pt(5, { a: 2, b: 3 }),
      pt(4, { a: 5, b: 1 }),
      pt(8, { a: Number.NaN, b: 0 }),
      pt(3, { a: 4, b: 2 }),
      pt(6, { a: 1, b: 0 }),
      pt(1, { a: 5, b: 1 }),
      pt(7, { a: 10 }),
      pt(2, { a: 3, b: 0 }),
    ];
    const { fronts, invalid } = nonDominatedSort(points, objs);
    expect(fronts.map(ids)).toEqual([[1, 2, 4, 9], [3, 6], [5]]);
    expect(ids(invalid)).toEqual([7, 8]);
    expect(ids(paretoFront(points, objs))).toEqual([1, 2, 4, 9]);
  });

  it('three objectives, mixed directions (hand-computed fronts)', () => {
    const objs: Objective[] = [
      { name: 'x', direction: 'max' },
      { name: 'y', direction: 'min' },
      { name: 'z', direction: 'max' },
    ];
    // 5 (2,0,2) dominates 1..4 and 7; 6 (3,5,0) has the best x. 2, 3, 4 each improve on 1 in one objective and are
    // dominated only by 5 → rank 1. 1 (dominated by 2, 3, 4) and 7 (0,0,0; dominated by 3 and 5) → rank 2.
    const points = [
      pt(1, { x: 1, y: 1, z: 1 }),
      pt(2, { x: 2, y: 1, z: 1 }),
      pt(3, { x: 1, y: 0, z: 1 }),
      pt(4, { x: 1, y: 1, z: 2 }),
      pt(5, { x: 2, y: 0, z: 2 }),
      pt(6, { x: 3, y: 5, z: 0 }),
      pt(7, { x: 0, y: 0, z: 0 }),
    ];
    expect(nonDominatedSort(points, objs).fronts.map(ids)).toEqual([
      [5, 6],
      [2, 3, 4],
      [1, 7],
    ]);
  });

  it('agrees with a brute-force ranking on a random population', () => {
    const objs: Objective[] = [
      { name: 'p', direction: 'max' },
      { name: 'q', direction: 'min' },
      { name: 'r', direction: 'max' },
    ];
    const rng = new Rng(7);
    const points = Array.from({ length: 80 }, (_, i) => pt(i, { p: rng.int(0, 6), q: rng.int(0, 6), r: rng.int(0, 6) }));
    // Brute force: peel off the points no remaining point dominates.
    let rest = [...points];
    const expected: number[][] = [];
    while (rest.length) {
      const front = rest.filter((a) => !rest.some((b) => bruteDominates(b, a, objs)));
      expected.push(ids(front).sort((x, y) => x - y));
      rest = rest.filter((a) => !front.includes(a));
    }
    expect(nonDominatedSort(points, objs).fronts.map(ids)).toEqual(expected);
  });

  it('empty input: no fronts', () => {
    expect(nonDominatedSort([], [{ name: 'a', direction: 'max' }])).toEqual({ fronts: [], invalid: [] });
  });
});

describe('crowding distance', () => {
  const objs: Objective[] = [
    { name: 'f', direction: 'max' },
    { name: 'g', direction: 'min' },
  ];
  // A front (f up ⇒ g up, g minimised): 1 (0,0), 2 (1,4), 3 (3,5), 4 (6,6), 5 (10,20). Ranges: f 10, g 20.
  //   f: 2 → (3 − 0)/10 = 0.3, 3 → (6 − 1)/10 = 0.5, 4 → (10 − 3)/10 = 0.7
  //   g: 2 → (5 − 0)/20 = 0.25, 3 → (6 − 4)/20 = 0.1, 4 → (20 − 5)/20 = 0.75
  //   totals: 2 → 0.55, 3 → 0.6, 4 → 1.45; 1 and 5 are extremes → Infinity.
  const front = [pt(3, { f: 3, g: 5 }), pt(1, { f: 0, g: 0 }), pt(5, { f: 10, g: 20 }), pt(2, { f: 1, g: 4 }), pt(4, { f: 6, g: 6 })];

  it('matches the hand computation (aligned with the input order)', () => {
    const d = crowdingDistance(front, objs);
    expect(d[0]).toBeCloseTo(0.6, 12);
    expect(d[1]).toBe(Number.POSITIVE_INFINITY);
    expect(d[2]).toBe(Number.POSITIVE_INFINITY);
    expect(d[3]).toBeCloseTo(0.55, 12);
    expect(d[4]).toBeCloseTo(1.45, 12);
  });

  it('fronts of ≤ 2 points are all Infinity; a zero-range objective is skipped', () => {
    expect(crowdingDistance([pt(1, { f: 0, g: 0 }), pt(2, { f: 1, g: 1 })], objs)).toEqual([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(crowdingDistance([pt(1, { f: 0, g: 0 })], objs)).toEqual([Number.POSITIVE_INFINITY]);
    // g is 7 everywhere: only f counts. Sorted by f: 1 (0), 2 (1), 3 (4) → 2 gets (4 − 0)/4 = 1.
    const flat = [pt(1, { f: 0, g: 7 }), pt(2, { f: 1, g: 7 }), pt(3, { f: 4, g: 7 })];
    expect(crowdingDistance(flat, objs)).toEqual([Number.POSITIVE_INFINITY, 1, Number.POSITIVE_INFINITY]);
  });
});

describe('hypervolume', () => {
  it('2-D staircase, mixed directions (hand-computed area)', () => {
    const objs: Objective[] = [
      { name: 'a', direction: 'max' },
      { name: 'b', direction: 'min' },
    ];
    const ref = { a: 0, b: 10 };
    // Gains over the reference (a − 0, 10 − b): (1,6), (2,4), (3,1).
    // Staircase: 3·1 + 2·(4 − 1) + 1·(6 − 4) = 3 + 6 + 2 = 11.
    // Inclusion–exclusion: 6 + 8 + 3 − (1·4 + 1·1 + 2·1) + 1·1 = 17 − 7 + 1 = 11.
    const front = [pt(1, { a: 1, b: 4 }), pt(2, { a: 2, b: 6 }), pt(3, { a: 3, b: 9 })];
    expect(hypervolume(front, objs, ref)).toBe(11);
    // A dominated point, a duplicate, and points not strictly better than the reference add nothing.
    const more = [
      ...front,
      pt(4, { a: 1, b: 5 }),
      pt(5, { a: 2, b: 6 }),
      pt(6, { a: 50, b: 10 }),
      pt(7, { a: -1, b: 0 }),
      pt(8, { a: 100, b: 11 }),
      pt(9, { a: 100 }),
    ];
    expect(hypervolume(more, objs, ref)).toBe(11);
    expect(hypervolume([pt(6, { a: 50, b: 10 })], objs, ref)).toBe(0);
    expect(hypervolume([], objs, ref)).toBe(0);
  });

  it('3-D example (hand-computed volume), mixed directions', () => {
    const objs: Objective[] = [
      { name: 'x', direction: 'max' },
      { name: 'y', direction: 'min' },
      { name: 'z', direction: 'max' },
    ];
    const ref = { x: 1, y: 10, z: -2 };
    // Gains (x − 1, 10 − y, z + 2): A (3,1,1), B (1,3,1), C (1,1,3), D (2,2,2).
    // Slices in z: [0,1]: A, B, C, D in x–y → 3·1 + 2·(2 − 1) + 1·(3 − 2) = 6; [1,2]: C, D → 2·2 = 4; [2,3]: C → 1.
    // Total 6 + 4 + 1 = 11. Inclusion–exclusion: (3+3+3+8) − (1+1+1+2+2+2) + (1+1+1+1) − 1 = 17 − 9 + 4 − 1 = 11.
    const A = pt(1, { x: 4, y: 9, z: -1 });
    const B = pt(2, { x: 2, y: 7, z: -1 });
    const C = pt(3, { x: 2, y: 9, z: 1 });
    const D = pt(4, { x: 3, y: 8, z: 0 });
    expect(hypervolume([A, B, C, D], objs, ref)).toBe(11);
    // Duplicates, a dominated point (gains (1,1,1)) and a point on the reference's boundary change nothing.
    const dup = pt(5, { ...D.values });
    const dominated = pt(6, { x: 2, y: 9, z: -1 });
    const onBoundary = pt(7, { x: 100, y: 10, z: 100 });
    expect(hypervolume([D, A, dup, B, dominated, onBoundary, C, pt(8, { ...A.values })], objs, ref)).toBe(11);
    // One point alone: its box, 2·2·2 = 8.
    expect(hypervolume([D], objs, ref)).toBe(8);
  });

  it('1 objective: the best gain', () => {
    expect(hypervolume([pt(1, { c: 3 }), pt(2, { c: 1 })], [{ name: 'c', direction: 'min' }], { c: 5 })).toBe(4);
  });

  it('a missing reference value is an error', () => {
    expect(() => hypervolume([pt(1, { a: 1 })], [{ name: 'a', direction: 'max' }], {})).toThrow(/reference/);
  });

  /** Exact volume of integer points by counting the unit cells they dominate (independent of the sweep). */
  function cellCount(gains: number[][], dims: number, max: number): number {
    let count = 0;
    const cell = new Array<number>(dims).fill(0);
    const visit = (k: number): void => {
      if (k === dims) {
        if (gains.some((g) => g.every((x, i) => x >= cell[i] + 1))) count++;
        return;
      }
      for (let c = 0; c < max; c++) {
        cell[k] = c;
        visit(k + 1);
      }
    };
    visit(0);
    return count;
  }

  for (const dims of [2, 3, 4]) {
    it(`${dims}-D integer points with many ties: equals the count of dominated unit cells`, () => {
      const objs: Objective[] = Array.from({ length: dims }, (_, i) => ({ name: `o${i}`, direction: i % 2 ? 'min' : 'max' }));
      const ref = Object.fromEntries(objs.map((o) => [o.name, o.direction === 'min' ? 6 : 0]));
      for (let seed = 1; seed <= 5; seed++) {
        const rng = new Rng(seed);
        const points = Array.from({ length: 30 }, (_, id) => pt(id, Object.fromEntries(objs.map((o) => [o.name, rng.int(0, 6)]))));
        const gains = points
          .map((p) => objs.map((o) => (o.direction === 'min' ? ref[o.name] - p.values[o.name] : p.values[o.name] - ref[o.name])))
          .filter((g) => g.every((x) => x > 0));
        expect(hypervolume(points, objs, ref)).toBe(cellCount(gains, dims, 6));
      }
    });
  }

  it('random 3-objective front: agrees with a Monte-Carlo estimate within 4 standard errors', () => {
    const objs: Objective[] = [
      { name: 'f0', direction: 'max' },
      { name: 'f1', direction: 'min' },
      { name: 'f2', direction: 'max' },
    ];
    const ref = { f0: 0, f1: 1.2, f2: 0 };
    const rng = new Rng(2024);
    // Points on the unit sphere's positive octant (a true trade-off surface), plus dominated points and one outside.
    const points: ParetoPoint[] = [];
    for (let id = 0; id < 40; id++) {
      const v = [Math.abs(rng.normal()), Math.abs(rng.normal()), Math.abs(rng.normal())];
      const n = Math.hypot(...v);
      const s = id < 30 ? 1 : 0.5; // the last ten lie inside the front
      points.push(pt(id, { f0: (s * v[0]) / n, f1: 1.2 - (s * v[1]) / n, f2: (s * v[2]) / n }));
    }
    points.push(pt(99, { f0: 5, f1: 1.5, f2: 5 }));
    // Monte Carlo in value space over the box [0,1] × [0.2,1.2] × [0,1] (volume 1), which holds every box.
    const mc = new Rng(99);
    const N = 200_000;
    let hits = 0;
    for (let k = 0; k < N; k++) {
      const s0 = mc.next();
      const s1 = 0.2 + mc.next();
      const s2 = mc.next();
      if (points.some((p) => p.values.f1 < ref.f1 && p.values.f0 >= s0 && p.values.f1 <= s1 && p.values.f2 >= s2)) hits++;
    }
    const p = hits / N;
    const se = Math.sqrt((p * (1 - p)) / N);
    const hv = hypervolume(points, objs, ref);
    expect(p).toBeGreaterThan(0.2);
    expect(Math.abs(hv - p)).toBeLessThan(4 * se);
  });

  it('4 objectives × 300 points: fast enough', () => {
    const objs: Objective[] = ['a', 'b', 'c', 'd'].map((name) => ({ name, direction: 'max' as const }));
    const rng = new Rng(5);
    const points = Array.from({ length: 300 }, (_, id) => {
      const v = [0, 0, 0, 0].map(() => Math.abs(rng.normal()));
      const n = Math.hypot(...v);
      return pt(id, { a: v[0] / n, b: v[1] / n, c: v[2] / n, d: v[3] / n });
    });
    const t = performance.now();
    const hv = hypervolume(points, objs, { a: 0, b: 0, c: 0, d: 0 });
    expect(performance.now() - t).toBeLessThan(5_000);
    // Inside the unit ball's positive orthant (π²/32 ≈ 0.308) and above any single point's box.
    expect(hv).toBeLessThan(Math.PI ** 2 / 32);
    expect(hv).toBeGreaterThan(Math.max(...points.map((p) => p.values.a * p.values.b * p.values.c * p.values.d)));
  });
});

describe('parent selection from the front', () => {
  const objs: Objective[] = [
    { name: 'f', direction: 'max' },
    { name: 'g', direction: 'min' },
  ];
  // The crowding example's front (distances ∞, 0.55, 0.6, 1.45, ∞) plus two dominated points.
  const front = [pt(1, { f: 0, g: 0 }), pt(2, { f: 1, g: 4 }), pt(3, { f: 3, g: 5 }), pt(4, { f: 6, g: 6 }), pt(5, { f: 10, g: 20 })];
  const population = [...front, pt(6, { f: 2, g: 5 }), pt(7, { f: 5, g: 21 })];
  // Weights: ∞ → 2 × 1.45 = 2.9. Total 2.9 + 0.55 + 0.6 + 1.45 + 2.9 = 8.4.
  const expected = [2.9 / 8.4, 0.55 / 8.4, 0.6 / 8.4, 1.45 / 8.4, 2.9 / 8.4];

  it('probabilities ∝ crowding distance, extremes at twice the largest finite distance', () => {
    const probs = paretoSelectionProbabilities(population, objs);
    expect(ids(probs.map((x) => x.point))).toEqual([1, 2, 3, 4, 5]);
    probs.forEach((x, i) => {
      expect(x.probability).toBeCloseTo(expected[i], 12);
    });
  });

  it('favours the boundary points over many draws, never draws a dominated point', () => {
    const rng = new Rng(11);
    const draws = 40_000;
    const counts = new Map<number, number>();
    for (let k = 0; k < draws; k++) {
      const p = paretoSelect(population, objs, rng)!;
      counts.set(p.id, (counts.get(p.id) ?? 0) + 1);
    }
    expect(counts.get(6)).toBeUndefined();
    expect(counts.get(7)).toBeUndefined();
    for (const b of [1, 5]) for (const i of [2, 3, 4]) expect(counts.get(b)!).toBeGreaterThan(counts.get(i)!);
    expected.forEach((q, i) => {
      const se = Math.sqrt((q * (1 - q)) / draws);
      expect(Math.abs(counts.get(i + 1)! / draws - q)).toBeLessThan(4 * se);
    });
  });

  it('on a random population: only front points unless lower ranks are enabled', () => {
    const rng = new Rng(3);
    const pop = Array.from({ length: 60 }, (_, id) => pt(id, { f: rng.next(), g: rng.next() }));
    const front = new Set(pop.filter((p) => !pop.some((q) => bruteDominates(q, p, objs))));
    const onFront = (p: ParetoPoint) => front.has(p);
    expect(front.size).toBeLessThan(pop.length / 2);
    const draw = new Rng(4);
    for (let k = 0; k < 1000; k++) expect(onFront(paretoSelect(pop, objs, draw)!)).toBe(true);
    let off = 0;
    const n = 4000;
    for (let k = 0; k < n; k++) if (!onFront(paretoSelect(pop, objs, draw, { lowerRankProbability: 0.25 })!)) off++;
    expect(Math.abs(off / n - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / n));
  });

  it('no complete point: null; two points: both drawn', () => {
    expect(paretoSelect([pt(1, { f: 1 })], objs, new Rng(1))).toBeNull();
    expect(paretoSelect([], objs, new Rng(1))).toBeNull();
    const rng = new Rng(2);
    const seen = new Set<number>();
    for (let k = 0; k < 50; k++) seen.add(paretoSelect([pt(1, { f: 0, g: 0 }), pt(2, { f: 1, g: 1 })], objs, rng)!.id);
    expect([...seen].sort()).toEqual([1, 2]);
  });
});

describe('champion rule', () => {
  const objs: Objective[] = [
    { name: 'score', direction: 'max' },
    { name: 'time', direction: 'min' },
    { name: 'size', direction: 'min' },
  ];

  it('scalarize: primary (negated when minimised) and weighted sums', () => {
    expect(scalarize({ score: 3, time: 2, size: 9 }, objs, { primary: 'score' })).toBe(3);
    expect(scalarize({ score: 3, time: 2, size: 9 }, objs, { primary: 'time' })).toBe(-2);
    // 1·3 − 0.5·2 − 0.25·9 = 3 − 1 − 2.25 = −0.25; size without a weight counts 0.
    expect(scalarize({ score: 3, time: 2, size: 9 }, objs, { weights: { score: 1, time: 0.5, size: 0.25 } })).toBe(-0.25);
    expect(scalarize({ score: 3, time: 2, size: 9 }, objs, { weights: { score: 2, time: 1 } })).toBe(4);
    expect(scalarize({ score: 3, time: 2 }, objs, { primary: 'score' })).toBe(Number.NEGATIVE_INFINITY);
    expect(() => scalarize({ score: 3, time: 2, size: 9 }, objs, { primary: 'speed' })).toThrow(/unknown/);
    expect(() => scalarize({ score: 3, time: 2, size: 9 }, objs, { weights: { score: -1 } })).toThrow(/≥ 0/);
  });

  it('lexicographic: the primary decides, the others break ties in declaration order', () => {
    const a = { score: 5, time: 3, size: 1 };
    const b = { score: 5, time: 2, size: 9 };
    expect(compareUnderRule(a, b, objs, { primary: 'score' })).toBeLessThan(0); // tie on score, b is faster
    expect(compareUnderRule(a, b, objs, { primary: 'size' })).toBeGreaterThan(0);
    const points = [
      pt(1, { score: 4, time: 1, size: 1 }),
      pt(2, { score: 5, time: 3, size: 1 }),
      pt(3, { score: 5, time: 2, size: 9 }),
      pt(4, { score: 5, time: 2, size: 7 }), // ties 3 on score and time, smaller size
      pt(5, { score: 9 }), // incomplete: never champion
    ];
    expect(championOf(points, objs, { primary: 'score' })?.id).toBe(4);
    expect(championOf(points, objs, { primary: 'time' })?.id).toBe(1);
  });

  it('weighted: the best weighted sum on the front; a dominated point never wins a tie', () => {
    const points = [
      pt(1, { score: 10, time: 8, size: 5 }), // 10 − 8 = 2 under {score 1, time 1}
      pt(2, { score: 6, time: 1, size: 5 }), // 6 − 1 = 5
      pt(3, { score: 7, time: 3, size: 5 }), // 7 − 3 = 4
    ];
    expect(championOf(points, objs, { weights: { score: 1, time: 1 } })?.id).toBe(2);
    expect(championOf(points, objs, { weights: { score: 1, time: 0.1 } })?.id).toBe(1); // 9.2 vs 5.9 vs 6.7
    // 10 and 11 tie under {score: 1} but 10 is dominated by 11 (same score, larger time): 11 is the champion.
    const tie = [pt(10, { score: 5, time: 3, size: 1 }), pt(11, { score: 5, time: 1, size: 1 })];
    expect(championOf(tie, objs, { weights: { score: 1 } })?.id).toBe(11);
    // Two front points tie exactly: the smaller id.
    const exact = [pt(21, { score: 5, time: 1, size: 2 }), pt(20, { score: 5, time: 2, size: 1 })];
    expect(championOf(exact, objs, { weights: { score: 1 } })?.id).toBe(20);
    expect(championOf([pt(1, { score: 1 })], objs, { primary: 'score' })).toBeNull();
  });
});
