import type { CaseScore } from 'kaizen';
import { judgeOutput } from '../lib/output.ts';
import { CaseRng } from '../lib/rng.ts';

/** One case: an H×W floor plan, each cell a wall (value 0 here) or a floor cell of value 1..9, and a lamp budget K. */
export interface LampsInput {
  h: number;
  w: number;
  k: number;
  /** value[r * w + c]: 0 for a wall, 1..9 for a floor cell. */
  value: number[];
}

export const LIMITS = { sizeMin: 20, sizeMax: 60, kMin: 5, valueMax: 9 } as const;

interface Rect {
  r0: number;
  c0: number;
  r1: number; // exclusive
  c1: number; // exclusive
}

/**
 * The input of the case with this seed. The plan is cut into rooms by recursive binary splitting: each split is a
 * wall line with one to three door gaps. Rooms get a few pillars and a richness that sets the range of their cell
 * values. K is a seed-dependent 75%..90% of the lamps the plain greedy needs to light every floor cell (at least 5).
 */
export function generate(seed: number): string {
  const rng = new CaseRng(seed);
  const h = rng.int(LIMITS.sizeMin, LIMITS.sizeMax);
  const w = rng.int(LIMITS.sizeMin, LIMITS.sizeMax);
  const roomMax = rng.int(5, 13);
  const pillarPermille = rng.int(0, 60);
  const doorMax = rng.int(1, 3);
  const wall = new Uint8Array(h * w);

  const rooms: Rect[] = [];
  const stack: Rect[] = [{ r0: 0, c0: 0, r1: h, c1: w }];
  while (stack.length > 0) {
    const room = stack.pop() as Rect;
    const rh = room.r1 - room.r0;
    const rw = room.c1 - room.c0;
    // A side can be split when both parts keep at least 3 cells: length ≥ 7 (3 + wall + 3).
    const splitRows = rh > roomMax && rh >= 7;
    const splitCols = rw > roomMax && rw >= 7;
    if (!splitRows && !splitCols) {
      rooms.push(room);
      continue;
    }
    const horizontal = splitRows && (!splitCols || rh > rw || (rh === rw && rng.int(0, 1) === 0));
    if (horizontal) {
      const r = rng.int(room.r0 + 3, room.r1 - 4);
      for (let c = room.c0; c < room.c1; c++) wall[r * w + c] = 1;
      for (let d = rng.int(1, doorMax); d > 0; d--) wall[r * w + rng.int(room.c0, room.c1 - 1)] = 0;
      stack.push({ r0: room.r0, c0: room.c0, r1: r, c1: room.c1 }, { r0: r + 1, c0: room.c0, r1: room.r1, c1: room.c1 });
    } else {
      const c = rng.int(room.c0 + 3, room.c1 - 4);
      for (let r = room.r0; r < room.r1; r++) wall[r * w + c] = 1;
      for (let d = rng.int(1, doorMax); d > 0; d--) wall[rng.int(room.r0, room.r1 - 1) * w + c] = 0;
      stack.push({ r0: room.r0, c0: room.c0, r1: room.r1, c1: c }, { r0: room.r0, c0: c + 1, r1: room.r1, c1: room.c1 });
    }
  }

  const value = new Array<number>(h * w).fill(0);
  for (const room of rooms) {
    const richness = rng.int(0, 8);
    const lo = 1 + Math.floor(richness / 2);
    const hi = 1 + richness;
    for (let r = room.r0; r < room.r1; r++) {
      for (let c = room.c0; c < room.c1; c++) {
        const i = r * w + c;
        if (wall[i]) continue;
        if (rng.int(0, 999) < pillarPermille) wall[i] = 1;
        else value[i] = rng.int(lo, hi);
      }
    }
  }
  // Door gaps (floor cells left in split lines) are worth 1.
  for (let i = 0; i < h * w; i++) if (!wall[i] && value[i] === 0) value[i] = 1;

  const k = Math.max(LIMITS.kMin, Math.floor((greedyCoverSize(h, w, value) * rng.int(75, 90)) / 100));
  const lines = [`${h} ${w} ${k}`];
  for (let r = 0; r < h; r++) {
    let line = '';
    for (let c = 0; c < w; c++) line += value[r * w + c] === 0 ? '#' : String(value[r * w + c]);
    lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The number of lamps the plain greedy needs to light every floor cell: it adds, one at a time, the lamp that lights the
 * most unlit value (ties: the lowest cell index). K is a share of it, so lighting everything takes a better plan than greedy.
 */
function greedyCoverSize(h: number, w: number, value: number[]): number {
  const inst: LampsInput = { h, w, k: 0, value };
  const seg = segments(inst);
  let unlit = 0;
  for (let i = 0; i < h * w; i++) unlit += value[i];
  const lamps: number[] = [];
  while (unlit > 0) {
    let best = -1;
    let bestGain = 0;
    for (let p = 0; p < h * w; p++) {
      if (value[p] === 0) continue;
      const gain = seg.gain(p);
      if (gain > bestGain) {
        best = p;
        bestGain = gain;
      }
    }
    seg.light(best);
    lamps.push(best);
    unlit -= bestGain;
  }
  return lamps.length;
}

/**
 * The row and column segments of the floor (maximal runs of floor cells between walls): a lamp lights exactly the union
 * of its row segment and its column segment. Keeps, per segment, the value of its unlit cells, so the gain of a new lamp
 * is O(1) and lighting one is O(segment length).
 */
function segments(inst: LampsInput) {
  const { h, w, value } = inst;
  const n = h * w;
  const rowSeg = new Int32Array(n).fill(-1);
  const colSeg = new Int32Array(n).fill(-1);
  const rowCells: number[][] = [];
  const colCells: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (value[i] === 0) continue;
    if (i % w > 0 && value[i - 1] > 0) rowSeg[i] = rowSeg[i - 1];
    else rowSeg[i] = rowCells.push([]) - 1;
    rowCells[rowSeg[i]].push(i);
  }
  for (let c = 0; c < w; c++) {
    for (let r = 0; r < h; r++) {
      const i = r * w + c;
      if (value[i] === 0) continue;
      if (r > 0 && value[i - w] > 0) colSeg[i] = colSeg[i - w];
      else colSeg[i] = colCells.push([]) - 1;
      colCells[colSeg[i]].push(i);
    }
  }
  const lit = new Uint8Array(n);
  const rowDark = rowCells.map((cells) => cells.reduce((a, i) => a + value[i], 0));
  const colDark = colCells.map((cells) => cells.reduce((a, i) => a + value[i], 0));
  const lightCell = (i: number) => {
    if (lit[i]) return;
    lit[i] = 1;
    rowDark[rowSeg[i]] -= value[i];
    colDark[colSeg[i]] -= value[i];
  };
  return {
    gain: (p: number) => rowDark[rowSeg[p]] + colDark[colSeg[p]] - (lit[p] ? 0 : value[p]),
    light: (p: number) => {
      for (const i of rowCells[rowSeg[p]]) lightCell(i);
      for (const i of colCells[colSeg[p]]) lightCell(i);
    },
  };
}

/** Parses a generated input (trusted text: no validation beyond the shape). */
export function parseInput(input: string): LampsInput {
  const lines = input.split('\n');
  const [h, w, k] = lines[0].trim().split(/\s+/).map(Number);
  const value = new Array<number>(h * w).fill(0);
  for (let r = 0; r < h; r++) {
    const line = lines[1 + r];
    for (let c = 0; c < w; c++) {
      const ch = line.charCodeAt(c);
      value[r * w + c] = ch >= 48 && ch <= 57 ? ch - 48 : 0;
    }
  }
  return { h, w, k, value };
}

/** Marks the cells a set of lamps lights: each lamp's own cell and the floor cells in the 4 directions up to a wall or the edge. */
export function litCells(inst: LampsInput, lamps: readonly number[]): Uint8Array {
  const { h, w, value } = inst;
  const lit = new Uint8Array(h * w);
  const steps: [number, number][] = [
    [-1, 0],
    [1, 0],
    [0, -1],
    [0, 1],
  ];
  for (const p of lamps) {
    lit[p] = 1;
    const r0 = Math.floor(p / w);
    const c0 = p % w;
    for (const [dr, dc] of steps) {
      let r = r0 + dr;
      let c = c0 + dc;
      while (r >= 0 && r < h && c >= 0 && c < w && value[r * w + c] > 0) {
        lit[r * w + c] = 1;
        r += dr;
        c += dc;
      }
    }
  }
  return lit;
}

/**
 * Scores one answer "M" then M lines "r c": at most K lamps, each on a distinct floor cell. With T the total value of
 * the floor and D the value of the cells left dark, the score is floor(10^6 · T / (T + 100 · D)): 10^6 when every cell
 * is lit, halved when 1% of the value stays dark, never below floor(10^6 / 101) (exact: T ≤ 9 · 3600).
 */
export function score(input: string, output: string): CaseScore {
  const inst = parseInput(input);
  const { h, w, k, value } = inst;
  return judgeOutput(output, (t) => {
    const m = t.int('the number of lamps M', 0, k);
    const lamps: number[] = [];
    const taken = new Uint8Array(h * w);
    for (let q = 1; q <= m; q++) {
      const r = t.int(`the row of lamp ${q}`, 0, h - 1);
      const c = t.int(`the column of lamp ${q}`, 0, w - 1);
      const i = r * w + c;
      if (value[i] === 0) return { score: 0, verdict: 'wrong-answer', feedback: `lamp ${q} at (${r}, ${c}) is on a wall` };
      if (taken[i]) return { score: 0, verdict: 'wrong-answer', feedback: `lamp ${q} at (${r}, ${c}) is on the same cell as an earlier lamp` };
      taken[i] = 1;
      lamps.push(i);
    }
    t.end();
    const lit = litCells(inst, lamps);
    let total = 0;
    let dark = 0;
    let darkCells = 0;
    for (let i = 0; i < h * w; i++) {
      total += value[i];
      if (value[i] > 0 && !lit[i]) {
        dark += value[i];
        darkCells++;
      }
    }
    const points = Math.floor((1_000_000 * total) / (total + 100 * dark));
    return { score: points, verdict: 'ok', feedback: `M = ${m}: ${darkCells} dark cells worth ${dark} of ${total}` };
  });
}
