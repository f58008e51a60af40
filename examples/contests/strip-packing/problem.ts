import type { CaseScore } from 'kaizen';
import { judgeOutput } from '../lib/output.ts';
import { CaseRng } from '../lib/rng.ts';

/** One case: a strip of width W and N rectangles (w_i, h_i), each of which may be turned by 90°. */
export interface StripInput {
  n: number;
  width: number;
  w: number[];
  h: number[];
}

/** Where the answer places rectangle i: lower-left corner (x, y), turned when r = 1 (then it is h_i wide and w_i tall). */
export interface Placement {
  x: number;
  y: number;
  r: number;
}

export const LIMITS = { nMin: 20, nMax: 300, wMin: 100, wMax: 1000, yMax: 1_000_000_000 } as const;

/** The input of the case with this seed: the strip width, the count and the shape family of the rectangles vary with it. */
export function generate(seed: number): string {
  const rng = new CaseRng(seed);
  const width = rng.int(LIMITS.wMin, LIMITS.wMax);
  const n = rng.int(LIMITS.nMin, LIMITS.nMax);
  const family = rng.int(0, 3);
  const rects =
    family === 0
      ? uniformRects(rng, n, width)
      : family === 1
        ? guillotineRects(rng, n, width)
        : family === 2
          ? mixedRects(rng, n, width)
          : barRects(rng, n, width);
  const lines = [`${n} ${width}`];
  for (const [a, b] of rects) lines.push(rng.int(0, 1) === 0 ? `${a} ${b}` : `${b} ${a}`);
  return `${lines.join('\n')}\n`;
}

/** Sides uniform in [lo, hi], hi between 15% and 60% of the width. */
function uniformRects(rng: CaseRng, n: number, width: number): [number, number][] {
  const hi = Math.max(2, Math.floor((width * rng.int(15, 60)) / 100));
  const lo = rng.int(1, Math.max(1, Math.floor(hi / 3)));
  return Array.from({ length: n }, () => [rng.int(lo, hi), rng.int(lo, hi)] as [number, number]);
}

/**
 * A W × H0 block cut by straight cuts into n pieces, so a perfect packing of height H0 exists. Pieces longer than W are
 * cut across their long side first; otherwise a piece is drawn with probability proportional to its area and cut across
 * a side drawn with probability proportional to its length, at a position in its middle 80%.
 */
function guillotineRects(rng: CaseRng, n: number, width: number): [number, number][] {
  const height = Math.max(1, Math.floor((width * rng.int(50, 200)) / 100));
  const pieces: [number, number][] = [[width, height]];
  while (pieces.length < n) {
    let k = pieces.findIndex(([a, b]) => Math.max(a, b) > width);
    let side: 0 | 1;
    if (k >= 0) side = pieces[k][0] > width ? 0 : 1;
    else {
      // Only pieces with a side of 2 or more can be cut; 1 × 1 pieces weigh nothing.
      let total = 0;
      for (const [a, b] of pieces) if (a >= 2 || b >= 2) total += a * b;
      let ticket = rng.int(0, total - 1);
      k = 0;
      for (; k < pieces.length; k++) {
        const [a, b] = pieces[k];
        if (a < 2 && b < 2) continue;
        if (ticket < a * b) break;
        ticket -= a * b;
      }
      const [a, b] = pieces[k];
      if (a < 2) side = 1;
      else if (b < 2) side = 0;
      else side = rng.int(0, a + b - 1) < a ? 0 : 1;
    }
    const [a, b] = pieces[k];
    const len = side === 0 ? a : b;
    const margin = Math.floor(len / 10);
    const cut = rng.int(Math.max(1, margin), Math.min(len - 1, len - margin));
    if (side === 0) pieces.splice(k, 1, [cut, b], [a - cut, b]);
    else pieces.splice(k, 1, [a, cut], [a, b - cut]);
  }
  return rng.shuffle(pieces);
}

/** A few big rectangles (30%–80% of the width) among many small ones (up to 15%). */
function mixedRects(rng: CaseRng, n: number, width: number): [number, number][] {
  const big = rng.int(Math.max(2, Math.floor(n / 20)), Math.max(3, Math.floor(n / 6)));
  const smallHi = Math.max(2, Math.floor((width * rng.int(5, 15)) / 100));
  const bigLo = Math.floor((width * 30) / 100);
  const bigHi = Math.floor((width * 80) / 100);
  return Array.from(
    { length: n },
    (_, i) => (i < big ? [rng.int(bigLo, bigHi), rng.int(bigLo, bigHi)] : [rng.int(1, smallHi), rng.int(1, smallHi)]) as [number, number],
  );
}

/** Long bars: one side 30%–95% of the width, the other 3%–20% of it. */
function barRects(rng: CaseRng, n: number, width: number): [number, number][] {
  const longLo = Math.floor((width * 30) / 100);
  const longHi = Math.floor((width * 95) / 100);
  const shortLo = Math.max(1, Math.floor((width * 3) / 100));
  const shortHi = Math.floor((width * 20) / 100);
  return Array.from({ length: n }, () => [rng.int(longLo, longHi), rng.int(shortLo, shortHi)] as [number, number]);
}

/** Parses a generated input (trusted text: no validation beyond the shape). */
export function parseInput(input: string): StripInput {
  const v = input.trim().split(/\s+/).map(Number);
  const n = v[0];
  const width = v[1];
  const w: number[] = [];
  const h: number[] = [];
  for (let i = 0; i < n; i++) {
    w.push(v[2 + 2 * i]);
    h.push(v[3 + 2 * i]);
  }
  return { n, width, w, h };
}

/**
 * LB = max(ceil(total area / W), max_i min(w_i, h_i)): no packing is lower than the area over the width, nor than the
 * shorter side of any rectangle (every side is at most W, so every rectangle fits either way round).
 */
export function lowerBound(inst: StripInput): number {
  let area = 0;
  let tallest = 0;
  for (let i = 0; i < inst.n; i++) {
    area += inst.w[i] * inst.h[i];
    tallest = Math.max(tallest, Math.min(inst.w[i], inst.h[i]));
  }
  return Math.max(Math.ceil(area / inst.width), tallest);
}

/**
 * The first overlapping pair (i < j, by i then j) of placed rectangles, or null. Rectangles are half-open boxes
 * [x, x + w) × [y, y + h), so touching edges do not overlap. Pairs are checked in x order with an early stop: O(N²) at worst.
 */
export function findOverlap(xs: number[], ys: number[], ws: number[], hs: number[]): [number, number] | null {
  const n = xs.length;
  const byX = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b] || a - b);
  let best: [number, number] | null = null;
  for (let p = 0; p < n; p++) {
    const a = byX[p];
    for (let q = p + 1; q < n; q++) {
      const b = byX[q];
      if (xs[b] >= xs[a] + ws[a]) break;
      if (ys[a] < ys[b] + hs[b] && ys[b] < ys[a] + hs[a]) {
        const pair: [number, number] = a < b ? [a, b] : [b, a];
        if (!best || pair[0] < best[0] || (pair[0] === best[0] && pair[1] < best[1])) best = pair;
      }
    }
  }
  return best;
}

/** Scores one answer: N lines "x y r" in input order; score floor(10^6 · LB / H), at least 1. */
export function score(input: string, output: string): CaseScore {
  const inst = parseInput(input);
  return judgeOutput(output, (t) => {
    const xs: number[] = [];
    const ys: number[] = [];
    const ws: number[] = [];
    const hs: number[] = [];
    let top = 0;
    for (let i = 0; i < inst.n; i++) {
      const x = t.int(`x of rectangle ${i + 1}`, 0, inst.width - 1);
      const y = t.int(`y of rectangle ${i + 1}`, 0, LIMITS.yMax);
      const r = t.int(`r of rectangle ${i + 1}`, 0, 1);
      const w = r === 1 ? inst.h[i] : inst.w[i];
      const h = r === 1 ? inst.w[i] : inst.h[i];
      if (x + w > inst.width) {
        return {
          score: 0,
          verdict: 'wrong-answer',
          feedback: `rectangle ${i + 1} (line ${i + 1}): x + width = ${x} + ${w} exceeds the strip width ${inst.width}`,
        };
      }
      xs.push(x);
      ys.push(y);
      ws.push(w);
      hs.push(h);
      top = Math.max(top, y + h);
    }
    t.end();
    const clash = findOverlap(xs, ys, ws, hs);
    if (clash) {
      const [a, b] = clash;
      const box = (i: number) => `[${xs[i]}, ${xs[i] + ws[i]}) × [${ys[i]}, ${ys[i] + hs[i]})`;
      return { score: 0, verdict: 'wrong-answer', feedback: `rectangles ${a + 1} and ${b + 1} (lines ${a + 1} and ${b + 1}) overlap: ${box(a)} and ${box(b)}` };
    }
    // LB ≤ N · W ≤ 300,000 and H ≤ 10^9 + 1000: 10^6 · LB is a safe integer, so the quotient is exact.
    const lb = lowerBound(inst);
    const value = Math.max(1, Math.floor((1_000_000 * lb) / top));
    return { score: value, verdict: 'ok', feedback: `height ${top}, lower bound ${lb}` };
  });
}
