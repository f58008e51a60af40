// Lamps — reference solver: the greedy start of the baseline, then simulated annealing on single-lamp moves (to a
// nearby cell, into the row or column of a dark cell, or anywhere), with O(segment) incremental updates.
import { readFileSync } from 'node:fs';

const TIME_LIMIT_MS = Number(process.env.KAIZEN_TIME_LIMIT_MS) || 1000;
// performance.now() counts from process start, so the deadline includes Node's start-up.
const TIME_FRACTION = 0.75;
// Temperature in units of cell value, falling geometrically over the run.
const T_START = 4.0;
const T_END = 0.15;

const LINES = readFileSync(0, 'utf8').split('\n');
const [H, W, K] = LINES[0].trim().split(/\s+/).map(Number);
const N = H * W;
const VALUE = new Int32Array(N);
for (let r = 0; r < H; r++) {
  for (let c = 0; c < W; c++) {
    const ch = LINES[1 + r].charCodeAt(c);
    VALUE[r * W + c] = ch >= 48 && ch <= 57 ? ch - 48 : 0;
  }
}

// Row and column segments (maximal runs of floor cells): a lamp lights exactly its row segment and its column segment.
const ROW_SEG = new Int32Array(N).fill(-1);
const COL_SEG = new Int32Array(N).fill(-1);
const rowLists = [];
const colLists = [];
for (let i = 0; i < N; i++) {
  if (VALUE[i] === 0) continue;
  if (i % W > 0 && VALUE[i - 1] > 0) ROW_SEG[i] = ROW_SEG[i - 1];
  else ROW_SEG[i] = rowLists.push([]) - 1;
  rowLists[ROW_SEG[i]].push(i);
}
for (let c = 0; c < W; c++) {
  for (let r = 0; r < H; r++) {
    const i = r * W + c;
    if (VALUE[i] === 0) continue;
    if (r > 0 && VALUE[i - W] > 0) COL_SEG[i] = COL_SEG[i - W];
    else COL_SEG[i] = colLists.push([]) - 1;
    colLists[COL_SEG[i]].push(i);
  }
}
const ROW_CELLS = rowLists.map((cells) => Int32Array.from(cells));
const COL_CELLS = colLists.map((cells) => Int32Array.from(cells));
const FLOOR = [];
for (let i = 0; i < N; i++) if (VALUE[i] > 0) FLOOR.push(i);

const rowLamps = new Int32Array(ROW_CELLS.length);
const colLamps = new Int32Array(COL_CELLS.length);
const rowDark = new Int32Array(ROW_CELLS.length);
const colDark = new Int32Array(COL_CELLS.length);
let dark = 0;
for (const i of FLOOR) {
  rowDark[ROW_SEG[i]] += VALUE[i];
  colDark[COL_SEG[i]] += VALUE[i];
  dark += VALUE[i];
}

function gain(p) {
  const a = ROW_SEG[p];
  const b = COL_SEG[p];
  return rowDark[a] + colDark[b] - (rowLamps[a] === 0 && colLamps[b] === 0 ? VALUE[p] : 0);
}
function add(p) {
  const a = ROW_SEG[p];
  const b = COL_SEG[p];
  if (rowLamps[a]++ === 0) {
    for (const i of ROW_CELLS[a]) {
      if (colLamps[COL_SEG[i]] !== 0) continue;
      const v = VALUE[i];
      dark -= v;
      rowDark[a] -= v;
      colDark[COL_SEG[i]] -= v;
    }
  }
  if (colLamps[b]++ === 0) {
    for (const i of COL_CELLS[b]) {
      if (rowLamps[ROW_SEG[i]] !== 0) continue;
      const v = VALUE[i];
      dark -= v;
      rowDark[ROW_SEG[i]] -= v;
      colDark[b] -= v;
    }
  }
}
function remove(p) {
  const a = ROW_SEG[p];
  const b = COL_SEG[p];
  if (--rowLamps[a] === 0) {
    for (const i of ROW_CELLS[a]) {
      if (colLamps[COL_SEG[i]] !== 0) continue;
      const v = VALUE[i];
      dark += v;
      rowDark[a] += v;
      colDark[COL_SEG[i]] += v;
    }
  }
  if (--colLamps[b] === 0) {
    for (const i of COL_CELLS[b]) {
      if (rowLamps[ROW_SEG[i]] !== 0) continue;
      const v = VALUE[i];
      dark += v;
      rowDark[ROW_SEG[i]] += v;
      colDark[b] += v;
    }
  }
}
const isDark = (i) => rowLamps[ROW_SEG[i]] === 0 && colLamps[COL_SEG[i]] === 0;

// Greedy start.
const lamps = [];
const hasLamp = new Uint8Array(N);
while (lamps.length < K && dark > 0) {
  let best = -1;
  let bestGain = 0;
  for (const p of FLOOR) {
    if (hasLamp[p]) continue;
    const g = gain(p);
    if (g > bestGain) {
      best = p;
      bestGain = g;
    }
  }
  if (best < 0) break;
  add(best);
  hasLamp[best] = 1;
  lamps.push(best);
}

let seed = 0x2545f491;
function rand() {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed;
}

let best = lamps.slice();
let bestDark = dark;
const deadline = TIME_FRACTION * TIME_LIMIT_MS;
const t0 = performance.now();
let temp = T_START;
// A random dark floor cell (by sampling), or -1 when none is found quickly.
function darkCell() {
  for (let tries = 0; tries < 40; tries++) {
    const i = FLOOR[rand() % FLOOR.length];
    if (isDark(i)) return i;
  }
  return -1;
}
if (lamps.length > 0 && dark > 0) {
  for (let it = 0; ; it++) {
    if ((it & 511) === 0) {
      const now = performance.now();
      if (now > deadline) break;
      temp = T_START * (T_END / T_START) ** ((now - t0) / Math.max(1, deadline - t0));
    }
    const j = rand() % lamps.length;
    const p = lamps[j];
    let q;
    const kind = rand() % 8;
    if (kind < 4) {
      // Nearby: within 1..3 rows and columns.
      const radius = 1 + (kind % 3);
      const r = Math.floor(p / W) + (rand() % (2 * radius + 1)) - radius;
      const c = (p % W) + (rand() % (2 * radius + 1)) - radius;
      if (r < 0 || r >= H || c < 0 || c >= W) continue;
      q = r * W + c;
    } else if (kind < 7) {
      // Into the row or column segment of a dark cell.
      const d = darkCell();
      if (d < 0) continue;
      const cells = rand() & 1 ? ROW_CELLS[ROW_SEG[d]] : COL_CELLS[COL_SEG[d]];
      q = cells[rand() % cells.length];
    } else {
      q = FLOOR[rand() % FLOOR.length];
    }
    if (VALUE[q] === 0 || hasLamp[q]) continue;
    const before = dark;
    remove(p);
    add(q);
    const delta = before - dark; // value gained
    if (delta >= 0 || delta > temp * Math.log((rand() + 1) / 4294967297)) {
      hasLamp[p] = 0;
      hasLamp[q] = 1;
      lamps[j] = q;
      if (dark < bestDark) {
        bestDark = dark;
        best = lamps.slice();
        if (dark === 0) break;
      }
    } else {
      remove(q);
      add(p);
    }
  }
}

const out = [String(best.length)];
for (const p of best) out.push(`${Math.floor(p / W)} ${p % W}`);
process.stdout.write(`${out.join('\n')}\n`);
