import type { CaseScore } from 'kaizen';
import { judgeOutput } from '../lib/output.ts';
import { CaseRng } from '../lib/rng.ts';

/** One case: a depot (point 0) and N customers (points 1..N) on a grid, each customer with a prize; a route-length limit L. */
export interface CourierInput {
  n: number;
  limit: number;
  /** x[0], y[0] is the depot; x[i], y[i] is customer i (1..N). */
  x: number[];
  y: number[];
  /** prize[i] of customer i (prize[0] = 0 for the depot). */
  prize: number[];
}

export const LIMITS = { nMin: 50, nMax: 400, coordMax: 10_000, prizeMin: 1, prizeMax: 100 } as const;

/** The exact integer square root floor(sqrt(s)) of a safe non-negative integer. */
export function isqrt(s: number): number {
  let r = Math.floor(Math.sqrt(s));
  while (r * r > s) r--;
  while ((r + 1) * (r + 1) <= s) r++;
  return r;
}

/** Length of the leg between two grid points: ceil(sqrt(dx² + dy²)), exact (dx² + dy² ≤ 2·10^8 is a safe integer). */
export function legLength(x1: number, y1: number, x2: number, y2: number): number {
  const dx = x1 - x2;
  const dy = y1 - y2;
  const s = dx * dx + dy * dy;
  const r = isqrt(s);
  return r * r === s ? r : r + 1;
}

/** Length of depot → route[0] → … → route[K-1] → depot (0 for an empty route). */
export function routeLength(inst: CourierInput, route: readonly number[]): number {
  let length = 0;
  let prev = 0;
  for (const c of route) {
    length += legLength(inst.x[prev], inst.y[prev], inst.x[c], inst.y[c]);
    prev = c;
  }
  return length + legLength(inst.x[prev], inst.y[prev], inst.x[0], inst.y[0]);
}

/**
 * The input of the case with this seed. Customers are a mix of uniform noise with small prizes and 2..8 square-ish
 * clusters, each with its own richness (rich clusters hold prizes up to 100). L is the length of a greedy walk that
 * collects a seed-dependent 25%..45% of the total prize, so good routes collect roughly 30%..80% of it.
 */
export function generate(seed: number): string {
  const rng = new CaseRng(seed);
  const n = rng.int(LIMITS.nMin, LIMITS.nMax);
  const max = LIMITS.coordMax;
  const clamp = (v: number) => Math.min(max, Math.max(0, v));
  const x = [rng.int(0, max)];
  const y = [rng.int(0, max)];
  const prize = [0];

  const clusterCount = rng.int(2, 8);
  const clusters = Array.from({ length: clusterCount }, () => ({
    cx: rng.int(500, max - 500),
    cy: rng.int(500, max - 500),
    radius: rng.int(200, 1500),
    richness: rng.int(0, 100),
  }));
  const clusterShare = rng.int(30, 85);
  const noisePrizeMax = rng.int(10, 40);
  for (let i = 1; i <= n; i++) {
    if (rng.int(1, 100) <= clusterShare) {
      const c = rng.pick(clusters);
      // The mean of two uniforms: a triangular spread, denser at the centre.
      x.push(clamp(c.cx + Math.floor((rng.int(-c.radius, c.radius) + rng.int(-c.radius, c.radius)) / 2)));
      y.push(clamp(c.cy + Math.floor((rng.int(-c.radius, c.radius) + rng.int(-c.radius, c.radius)) / 2)));
      const lo = 1 + Math.floor((c.richness * 60) / 100);
      const hi = 20 + Math.floor((c.richness * 80) / 100);
      prize.push(rng.int(lo, hi));
    } else {
      x.push(rng.int(0, max));
      y.push(rng.int(0, max));
      prize.push(rng.int(LIMITS.prizeMin, noisePrizeMax));
    }
  }

  const inst: CourierInput = { n, limit: 0, x, y, prize };
  const limit = greedyWalkLength(inst, rng.int(25, 45));
  const lines = [`${n} ${limit}`, `${x[0]} ${y[0]}`];
  for (let i = 1; i <= n; i++) lines.push(`${x[i]} ${y[i]} ${prize[i]}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Length of a greedy walk from the depot that always goes next to the unvisited customer with the best
 * prize / (leg + 1) (exact integer comparison, ties: lowest index) until it holds `percent`% of the total prize,
 * plus the leg back to the depot. Sets L: a better route than this walk collects more than `percent`%.
 */
function greedyWalkLength(inst: CourierInput, percent: number): number {
  let total = 0;
  for (let i = 1; i <= inst.n; i++) total += inst.prize[i];
  const visited = new Uint8Array(inst.n + 1);
  let cur = 0;
  let length = 0;
  let collected = 0;
  while (collected * 100 < total * percent) {
    let best = -1;
    let bestP = 0;
    let bestD = 1;
    for (let c = 1; c <= inst.n; c++) {
      if (visited[c]) continue;
      const d = legLength(inst.x[cur], inst.y[cur], inst.x[c], inst.y[c]) + 1;
      if (best < 0 || inst.prize[c] * bestD > bestP * d) {
        best = c;
        bestP = inst.prize[c];
        bestD = d;
      }
    }
    visited[best] = 1;
    length += bestD - 1;
    collected += bestP;
    cur = best;
  }
  return Math.max(1, length + legLength(inst.x[cur], inst.y[cur], inst.x[0], inst.y[0]));
}

/** Parses a generated input (trusted text: no validation beyond the shape). */
export function parseInput(input: string): CourierInput {
  const v = input.trim().split(/\s+/).map(Number);
  let k = 0;
  const n = v[k++];
  const limit = v[k++];
  const x = [v[k++]];
  const y = [v[k++]];
  const prize = [0];
  for (let i = 1; i <= n; i++) {
    x.push(v[k++]);
    y.push(v[k++]);
    prize.push(v[k++]);
  }
  return { n, limit, x, y, prize };
}

/**
 * Scores one answer "K c_1 … c_K": distinct customers in 1..N, route length ≤ L.
 * Score floor(10^6 · collected / total prize) + 1, the quotient taken in BigInt so it is exact; an empty route scores 1.
 */
export function score(input: string, output: string): CaseScore {
  const inst = parseInput(input);
  return judgeOutput(output, (t) => {
    const count = t.int('the number of visits K', 0, inst.n);
    const route: number[] = [];
    const seen = new Uint8Array(inst.n + 1);
    for (let q = 0; q < count; q++) {
      const c = t.int(`visit ${q + 1}`, 1, inst.n);
      if (seen[c]) return { score: 0, verdict: 'wrong-answer', feedback: `visit ${q + 1}: customer ${c} is visited twice` };
      seen[c] = 1;
      route.push(c);
    }
    t.end();
    const length = routeLength(inst, route);
    if (length > inst.limit) return { score: 0, verdict: 'wrong-answer', feedback: `route length ${length} exceeds the limit L = ${inst.limit}` };
    let collected = 0;
    let total = 0;
    for (const c of route) collected += inst.prize[c];
    for (let i = 1; i <= inst.n; i++) total += inst.prize[i];
    const value = Number((1_000_000n * BigInt(collected)) / BigInt(total)) + 1;
    return { score: value, verdict: 'ok', feedback: `collected ${collected} of ${total} prize, route length ${length} of ${inst.limit}` };
  });
}
