// Lamps — baseline solver. Reads one case on stdin, prints M then M lines "r c".
// Greedy: adds, one at a time, the lamp that lights the most dark value; then a short hill climb that moves single
// lamps to nearby cells when that does not leave more value dark.
import { readFileSync } from 'node:fs';

const TIME_LIMIT_MS = Number(process.env.KAIZEN_TIME_LIMIT_MS) || 1000;

const LINES = readFileSync(0, 'utf8').split('\n');
const [H, W, K] = LINES[0].trim().split(/\s+/).map(Number);
// VALUE[r * W + c]: 0 for a wall '#', 1..9 for a floor cell.
const VALUE = new Int32Array(H * W);
for (let r = 0; r < H; r++) {
  for (let c = 0; c < W; c++) {
    const ch = LINES[1 + r].charCodeAt(c);
    VALUE[r * W + c] = ch >= 48 && ch <= 57 ? ch - 48 : 0;
  }
}

// EVOLVE-BLOCK-START
// Improvement: SEARCH_MOVES_PER_LAMP · K tries, each moving one random lamp by at most NEIGHBOR_RADIUS rows and
// columns; a move that lights more value is kept, one that changes nothing is kept with PLATEAU_PERMILLE / 1000.
const SEARCH_MOVES_PER_LAMP = 20;
const NEIGHBOR_RADIUS = 2;
const PLATEAU_PERMILLE = 300;
const TIME_GUARD = 0.75; // share of the limit, counted from process start (performance.now())
const RNG_SEED = 12345;

function solve(h, w, k, value, timeLimitMs) {
  const n = h * w;
  // Row and column segments: maximal runs of floor cells. A lamp lights exactly its row segment and its column
  // segment; a cell is lit when some lamp shares its row segment or its column segment.
  const rowSeg = new Int32Array(n).fill(-1);
  const colSeg = new Int32Array(n).fill(-1);
  const rowCells = [];
  const colCells = [];
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
  // Lamps per segment, and the dark value of each segment (kept up to date as lamps come and go).
  const rowLamps = new Int32Array(rowCells.length);
  const colLamps = new Int32Array(colCells.length);
  const rowDark = new Int32Array(rowCells.length);
  const colDark = new Int32Array(colCells.length);
  for (let i = 0; i < n; i++) {
    if (value[i] === 0) continue;
    rowDark[rowSeg[i]] += value[i];
    colDark[colSeg[i]] += value[i];
  }
  const isDark = (i) => rowLamps[rowSeg[i]] === 0 && colLamps[colSeg[i]] === 0;
  // Value a new lamp at p would light.
  const gain = (p) => rowDark[rowSeg[p]] + colDark[colSeg[p]] - (isDark(p) ? value[p] : 0);
  // Adds a lamp at p; returns the value it newly lights.
  function add(p) {
    let lit = 0;
    const a = rowSeg[p];
    const b = colSeg[p];
    if (rowLamps[a]++ === 0) {
      for (const i of rowCells[a]) {
        if (colLamps[colSeg[i]] !== 0) continue;
        lit += value[i];
        rowDark[a] -= value[i];
        colDark[colSeg[i]] -= value[i];
      }
    }
    if (colLamps[b]++ === 0) {
      for (const i of colCells[b]) {
        if (rowLamps[rowSeg[i]] !== 0) continue;
        lit += value[i];
        rowDark[rowSeg[i]] -= value[i];
        colDark[b] -= value[i];
      }
    }
    return lit;
  }
  // Removes the lamp at p; returns the value that goes dark.
  function remove(p) {
    let dark = 0;
    const a = rowSeg[p];
    const b = colSeg[p];
    if (--rowLamps[a] === 0) {
      for (const i of rowCells[a]) {
        if (colLamps[colSeg[i]] !== 0) continue;
        dark += value[i];
        rowDark[a] += value[i];
        colDark[colSeg[i]] += value[i];
      }
    }
    if (--colLamps[b] === 0) {
      for (const i of colCells[b]) {
        if (rowLamps[rowSeg[i]] !== 0) continue;
        dark += value[i];
        rowDark[rowSeg[i]] += value[i];
        colDark[b] += value[i];
      }
    }
    return dark;
  }

  // Phase 1: greedy, the largest gain first (ties: the lowest cell index); stops early once everything is lit.
  const lamps = [];
  const hasLamp = new Uint8Array(n);
  while (lamps.length < k) {
    let best = -1;
    let bestGain = 0;
    for (let p = 0; p < n; p++) {
      if (value[p] === 0 || hasLamp[p]) continue;
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

  // Phase 2: hill climbing on single-lamp moves.
  let seed = RNG_SEED >>> 0;
  function rand() {
    seed ^= seed << 13;
    seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    return seed;
  }
  const deadline = TIME_GUARD * timeLimitMs;
  const moves = SEARCH_MOVES_PER_LAMP * lamps.length;
  const span = 2 * NEIGHBOR_RADIUS + 1;
  for (let it = 0; it < moves; it++) {
    if ((it & 255) === 0 && performance.now() > deadline) break;
    const j = rand() % lamps.length;
    const p = lamps[j];
    const r = Math.floor(p / w) + (rand() % span) - NEIGHBOR_RADIUS;
    const c = (p % w) + (rand() % span) - NEIGHBOR_RADIUS;
    if (r < 0 || r >= h || c < 0 || c >= w) continue;
    const q = r * w + c;
    if (value[q] === 0 || hasLamp[q]) continue;
    const delta = add(q) - remove(p);
    if (delta > 0 || (delta === 0 && rand() % 1000 < PLATEAU_PERMILLE)) {
      hasLamp[p] = 0;
      hasLamp[q] = 1;
      lamps[j] = q;
    } else {
      add(p);
      remove(q);
    }
  }
  return lamps;
}
// EVOLVE-BLOCK-END

const lamps = solve(H, W, K, VALUE, TIME_LIMIT_MS);
const out = [String(lamps.length)];
for (const p of lamps) out.push(`${Math.floor(p / W)} ${p % W}`);
process.stdout.write(`${out.join('\n')}\n`);
