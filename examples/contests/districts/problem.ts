import type { CaseScore } from 'kaizen';
import { CaseRng } from '../lib/rng.ts';
import { judgeOutput, WrongAnswer } from '../lib/output.ts';

/**
 * Districts: split an H×W population grid into K 4-connected districts of nearly equal population, cutting as few
 * adjacent cell pairs as possible. Generation and scoring use integers only.
 */

export const MIN_SIDE = 20;
export const MAX_SIDE = 50;
export const MIN_K = 4;
export const MAX_K = 20;
export const MAX_POP = 999;
/** Every input has P ≥ POP_PER_DISTRICT · K, so the balance window (±10%) is wider than any single cell. */
export const POP_PER_DISTRICT = 10_000;

export interface DistrictsInput {
  h: number;
  w: number;
  k: number;
  /** Row-major populations, h·w entries. */
  pop: number[];
}

export function parseInput(input: string): DistrictsInput {
  const v = input.trim().split(/\s+/).map(Number);
  const [h, w, k] = v;
  return { h, w, k, pop: v.slice(3, 3 + h * w) };
}

export function generate(seed: number): string {
  const rng = new CaseRng(seed);
  const h = rng.int(MIN_SIDE, MAX_SIDE);
  const w = rng.int(MIN_SIDE, MAX_SIDE);
  const n = h * w;
  const pop = new Array<number>(n).fill(0);
  const empty = new Array<boolean>(n).fill(false);

  // Countryside: a sparse base level, with scattered empty cells.
  const rural = rng.int(30, 130);
  for (let i = 0; i < n; i++) {
    if (rng.int(0, 99) < 4) empty[i] = true;
    else pop[i] = rng.int(rural >> 1, rural + (rural >> 1));
  }
  // Lakes: round blobs of empty cells.
  const lakes = rng.int(0, 3);
  for (let l = 0; l < lakes; l++) {
    const cr = rng.int(0, h - 1);
    const cc = rng.int(0, w - 1);
    const r2 = rng.int(2, 12);
    forDisc(h, w, cr, cc, r2, (i) => {
      empty[i] = true;
      pop[i] = 0;
    });
  }
  // Cities: dense cores fading linearly in squared distance.
  const cities = rng.int(1, 5);
  for (let c = 0; c < cities; c++) {
    const cr = rng.int(0, h - 1);
    const cc = rng.int(0, w - 1);
    const radius = rng.int(2, 8);
    const r2 = radius * radius;
    const peak = rng.int(300, MAX_POP);
    forDisc(h, w, cr, cc, r2 - 1, (i, d2) => {
      if (empty[i]) return;
      const add = Math.floor((peak * (r2 - d2)) / r2) + rng.int(0, 60);
      pop[i] = Math.min(MAX_POP, pop[i] + add);
    });
  }
  // Top up small, sparse maps so that at least MIN_K districts fit.
  let total = pop.reduce((a, b) => a + b, 0);
  while (total < POP_PER_DISTRICT * MIN_K) {
    const i = rng.int(0, n - 1);
    if (empty[i]) continue;
    const next = Math.min(MAX_POP, pop[i] + rng.int(50, 300));
    total += next - pop[i];
    pop[i] = next;
  }
  const k = rng.int(MIN_K, Math.min(MAX_K, Math.floor(total / POP_PER_DISTRICT)));

  const lines = [`${h} ${w} ${k}`];
  for (let r = 0; r < h; r++) lines.push(pop.slice(r * w, (r + 1) * w).join(' '));
  return `${lines.join('\n')}\n`;
}

function forDisc(h: number, w: number, cr: number, cc: number, r2: number, visit: (i: number, d2: number) => void): void {
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const d2 = (r - cr) * (r - cr) + (c - cc) * (c - cc);
      if (d2 <= r2) visit(r * w + c, d2);
    }
  }
}

/** floor(sqrt(x)) for a non-negative safe integer, exactly. */
export function isqrt(x: number): number {
  let r = Math.floor(Math.sqrt(x));
  while (r * r > x) r--;
  while ((r + 1) * (r + 1) <= x) r++;
  return r;
}

/** The per-case scale: the cut length of K equal square districts tiling the map, 2·isqrt(K·H·W) − (H + W), at least 1. */
export function referenceCut(h: number, w: number, k: number): number {
  return Math.max(1, 2 * isqrt(k * h * w) - (h + w));
}

/** The allowed population range of one district: 10·|K·p − P| ≤ P. */
export function populationRange(total: number, k: number): [number, number] {
  return [Math.ceil((9 * total) / (10 * k)), Math.floor((11 * total) / (10 * k))];
}

export function score(input: string, output: string): CaseScore {
  const { h, w, k, pop } = parseInput(input);
  return judgeOutput(output, (t) => {
    const n = h * w;
    const id = new Array<number>(n);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) id[r * w + c] = t.int(`the district of cell (${r}, ${c})`, 0, k - 1);
    t.end();

    const total = pop.reduce((a, b) => a + b, 0);
    const [lo, hi] = populationRange(total, k);
    const size = new Array<number>(k).fill(0);
    const sum = new Array<number>(k).fill(0);
    const first = new Array<number>(k).fill(-1);
    for (let i = 0; i < n; i++) {
      const d = id[i];
      size[d]++;
      sum[d] += pop[i];
      if (first[d] < 0) first[d] = i;
    }
    for (let d = 0; d < k; d++) {
      if (size[d] === 0) throw new WrongAnswer(`district ${d} has no cells (exactly ${k} districts are required)`);
    }
    for (let d = 0; d < k; d++) {
      if (sum[d] < lo || sum[d] > hi) {
        throw new WrongAnswer(`district ${d} has population ${sum[d]}, outside the allowed range [${lo}, ${hi}] (total ${total}, K = ${k})`);
      }
    }
    // Connectivity: a flood fill from each district's first cell must reach all of its cells.
    const seen = new Uint8Array(n);
    const stack: number[] = [];
    for (let d = 0; d < k; d++) {
      let reached = 0;
      stack.push(first[d]);
      seen[first[d]] = 1;
      while (stack.length > 0) {
        const i = stack.pop() as number;
        reached++;
        const r = Math.floor(i / w);
        const c = i % w;
        for (const j of [r > 0 ? i - w : -1, r < h - 1 ? i + w : -1, c > 0 ? i - 1 : -1, c < w - 1 ? i + 1 : -1]) {
          if (j >= 0 && !seen[j] && id[j] === d) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
      if (reached !== size[d]) {
        let lost = first[d];
        while (seen[lost] || id[lost] !== d) lost++;
        const at = (i: number) => `(${Math.floor(i / w)}, ${i % w})`;
        throw new WrongAnswer(`district ${d} is not 4-connected: cell ${at(lost)} cannot reach cell ${at(first[d])} inside the district`);
      }
    }
    let cut = 0;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const i = r * w + c;
        if (c + 1 < w && id[i] !== id[i + 1]) cut++;
        if (r + 1 < h && id[i] !== id[i + w]) cut++;
      }
    }
    const ref = referenceCut(h, w, k);
    const value = Math.max(1, Math.floor((1_000_000 * ref) / cut));
    return { score: value, verdict: 'ok', feedback: `cut edges ${cut}, reference ${ref}, populations in [${lo}, ${hi}]` };
  });
}
