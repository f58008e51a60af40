import type { JudgeResult } from 'kaizen';

/**
 * The trusted judge of circle packing: zero tolerance. Every circle must lie inside the unit square
 * (x − r ≥ 0, x + r ≤ 1, same for y) and no two may overlap (hypot(dx, dy) ≥ rᵢ + rⱼ), in exact floating point.
 * The score is the sum of the radii.
 */
export function judgePacking(output: unknown, n: number): JudgeResult {
  const fail = (feedback: string): JudgeResult => ({ correct: false, score: 0, feedback, public: { valid: false } });
  if (typeof output !== 'object' || output === null) return fail('the output must be an object { centers, radii }');
  const { centers, radii } = output as { centers?: unknown; radii?: unknown };
  if (!Array.isArray(centers) || !Array.isArray(radii)) return fail('the output must have arrays "centers" and "radii"');
  if (centers.length !== n || radii.length !== n) return fail(`expected ${n} centers and ${n} radii, got ${centers.length} and ${radii.length}`);
  const xs: number[] = [];
  const ys: number[] = [];
  const rs: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = centers[i];
    const r = radii[i];
    if (!Array.isArray(c) || c.length !== 2 || !c.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return fail(`center ${i} must be [x, y] with two finite numbers, got ${JSON.stringify(c)?.slice(0, 60)}`);
    }
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0) return fail(`radius ${i} must be a finite number ≥ 0, got ${String(r)}`);
    xs.push(c[0]);
    ys.push(c[1]);
    rs.push(r);
  }
  for (let i = 0; i < n; i++) {
    const out = Math.max(rs[i] - xs[i], xs[i] + rs[i] - 1, rs[i] - ys[i], ys[i] + rs[i] - 1);
    if (out > 0) return fail(`circle ${i} at (${xs[i]}, ${ys[i]}) with radius ${rs[i]} sticks out of the square by ${out}`);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.hypot(xs[i] - xs[j], ys[i] - ys[j]);
      if (d < rs[i] + rs[j]) return fail(`circles ${i} and ${j} overlap by ${rs[i] + rs[j] - d} (distance ${d}, radii ${rs[i]} + ${rs[j]})`);
    }
  }
  const sum = rs.reduce((a, b) => a + b, 0);
  const mean = sum / n;
  const std = Math.sqrt(rs.reduce((a, r) => a + (r - mean) ** 2, 0) / n);
  const smallest = Math.min(...rs);
  return {
    correct: true,
    score: sum,
    public: { sum_of_radii: sum, smallest_radius: smallest, largest_radius: Math.max(...rs) },
    features: { radius_spread: std, smallest_radius: smallest },
    feedback: `valid packing; sum of radii ${sum.toFixed(6)} (best known for n=26: 2.635983); ${rs.filter((r) => r < mean / 3).length} circles are much smaller than average`,
  };
}
