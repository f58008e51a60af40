// Districts — baseline solver. Reads one case on stdin, prints H lines of W district ids.
// Grows the districts one at a time from the top-left of the unassigned area (each stops as soon as the running
// population total reaches its share, so every district is balanced), then moves boundary cells to shorten the cut.
import { readFileSync } from 'node:fs';

const TIME_LIMIT_MS = Number(process.env.KAIZEN_TIME_LIMIT_MS) || 1000;
const START = performance.now();

const data = readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
const H = data[0];
const W = data[1];
const K = data[2];
const POP = data.slice(3, 3 + H * W);

// EVOLVE-BLOCK-START
// Growth: a district takes the frontier cell with the smallest weighted squared distance to its anchor cell.
const ROW_WEIGHT = 1;
const COL_WEIGHT = 1;
// Improvement: random boundary-cell moves, SEARCH_MOVES_PER_CELL · H · W tries, stopped at TIME_GUARD of the limit.
const SEARCH_MOVES_PER_CELL = 4;
const PLATEAU_PERMILLE = 300; // chance (in 1/1000) to take a move that leaves the cut unchanged
const TIME_GUARD = 0.8;
const RNG_SEED = 12345;

function solve(h, w, k, pop, timeLimitMs, startMs) {
  const n = h * w;
  let total = 0;
  for (let i = 0; i < n; i++) total += pop[i];
  // A district's population p is allowed when 10·|k·p − total| ≤ total.
  const lo = Math.ceil((9 * total) / (10 * k));
  const hi = Math.floor((11 * total) / (10 * k));

  // The 8 cells around i in ring order (N, NE, E, SE, S, SW, W, NW); -1 outside the grid.
  const ring = new Int32Array(8);
  function fillRing(i) {
    const r = Math.floor(i / w);
    const c = i % w;
    const up = r > 0;
    const down = r < h - 1;
    const left = c > 0;
    const right = c < w - 1;
    ring[0] = up ? i - w : -1;
    ring[1] = up && right ? i - w + 1 : -1;
    ring[2] = right ? i + 1 : -1;
    ring[3] = down && right ? i + w + 1 : -1;
    ring[4] = down ? i + w : -1;
    ring[5] = down && left ? i + w - 1 : -1;
    ring[6] = left ? i - 1 : -1;
    ring[7] = up && left ? i - w - 1 : -1;
  }
  // True when the 4-neighbours of i labelled `label` are joined to each other through the ring around i, so taking i
  // out of a connected set with that label leaves it connected (a local, conservative test).
  function locallySimple(i, label, id) {
    fillRing(i);
    let edges = 0;
    let joins = 0;
    for (let t = 0; t < 8; t += 2) {
      const a = ring[t] >= 0 && id[ring[t]] === label;
      if (!a) continue;
      edges++;
      const b = ring[t + 1] >= 0 && id[ring[t + 1]] === label;
      const nx = ring[(t + 2) & 7];
      if (b && nx >= 0 && id[nx] === label) joins++;
    }
    if (edges === 0) return false;
    return edges - joins <= 1 || (edges === 4 && joins === 4);
  }

  const FREE = -1;
  const id = new Int32Array(n).fill(FREE);

  // Phase 1: sequential growth; the free area stays connected because a cell is only taken when it is locally simple.
  function grow() {
    let cum = 0;
    let scan = 0;
    for (let d = 0; d < k - 1; d++) {
      const target = (d + 1) * total; // district d stops once k·cum ≥ target
      let anchor = -1;
      for (let j = scan; j < n; j++) {
        const i = (j % h) * w + Math.floor(j / h); // column-major order
        if (id[i] === FREE && locallySimple(i, FREE, id)) {
          anchor = i;
          break;
        }
      }
      if (anchor < 0) return false;
      const ar = Math.floor(anchor / w);
      const ac = anchor % w;
      const heap = [anchor];
      while (k * cum < target) {
        let i = -1;
        while (heap.length > 0) {
          const key = heapPop(heap);
          const cand = key % 4096;
          if (id[cand] === FREE && (cand === anchor || locallySimple(cand, FREE, id))) {
            i = cand;
            break;
          }
        }
        if (i < 0) return false;
        id[i] = d;
        cum += pop[i];
        const r = Math.floor(i / w);
        const c = i % w;
        for (const j of [r > 0 ? i - w : -1, r < h - 1 ? i + w : -1, c > 0 ? i - 1 : -1, c < w - 1 ? i + 1 : -1]) {
          if (j < 0 || id[j] !== FREE) continue;
          const dr = Math.floor(j / w) - ar;
          const dc = (j % w) - ac;
          heapPush(heap, (ROW_WEIGHT * dr * dr + COL_WEIGHT * dc * dc) * 4096 + j);
        }
      }
      while (scan < n && id[(scan % h) * w + Math.floor(scan / h)] !== FREE) scan++;
    }
    for (let i = 0; i < n; i++) if (id[i] === FREE) id[i] = k - 1;
    return true;
  }

  // Fallback, always valid: cut the boustrophedon path through the rows at the running population shares.
  function snake() {
    let cum = 0;
    let d = 0;
    for (let r = 0; r < h; r++) {
      for (let t = 0; t < w; t++) {
        const i = r * w + (r % 2 === 0 ? t : w - 1 - t);
        id[i] = d;
        cum += pop[i];
        if (d < k - 1 && k * cum >= (d + 1) * total) d++;
      }
    }
  }

  if (!grow()) snake();

  // Phase 2: hill climbing on single boundary cells.
  const sum = new Array(k).fill(0);
  for (let i = 0; i < n; i++) sum[id[i]] += pop[i];
  let seed = RNG_SEED >>> 0;
  function rand() {
    seed ^= seed << 13;
    seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    seed >>>= 0;
    return seed;
  }
  const deadline = startMs + TIME_GUARD * timeLimitMs;
  const moves = SEARCH_MOVES_PER_CELL * n;
  const nb = [0, 0, 0, 0];
  for (let it = 0; it < moves; it++) {
    if ((it & 255) === 0 && performance.now() > deadline) break;
    const i = rand() % n;
    const d = id[i];
    const r = Math.floor(i / w);
    const c = i % w;
    nb[0] = r > 0 ? id[i - w] : -1;
    nb[1] = r < h - 1 ? id[i + w] : -1;
    nb[2] = c > 0 ? id[i - 1] : -1;
    nb[3] = c < w - 1 ? id[i + 1] : -1;
    let same = 0;
    let best = -1;
    let bestCount = 0;
    for (let t = 0; t < 4; t++) {
      const e = nb[t];
      if (e < 0) continue;
      if (e === d) {
        same++;
        continue;
      }
      let count = 0;
      for (let u = 0; u < 4; u++) if (nb[u] === e) count++;
      if (count > bestCount) {
        bestCount = count;
        best = e;
      }
    }
    if (best < 0 || same === 0) continue;
    const delta = same - bestCount; // change in the number of cut edges
    if (delta > 0) continue;
    if (delta === 0 && rand() % 1000 >= PLATEAU_PERMILLE) continue;
    if (sum[d] - pop[i] < lo || sum[best] + pop[i] > hi) continue;
    if (!locallySimple(i, d, id)) continue;
    id[i] = best;
    sum[d] -= pop[i];
    sum[best] += pop[i];
  }
  return id;
}

function heapPush(heap, v) {
  heap.push(v);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (heap[p] <= v) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = v;
}

function heapPop(heap) {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0) {
    let i = 0;
    for (;;) {
      let m = 2 * i + 1;
      if (m >= heap.length) break;
      if (m + 1 < heap.length && heap[m + 1] < heap[m]) m++;
      if (heap[m] >= last) break;
      heap[i] = heap[m];
      i = m;
    }
    heap[i] = last;
  }
  return top;
}
// EVOLVE-BLOCK-END

const id = solve(H, W, K, POP, TIME_LIMIT_MS, START);
const lines = [];
for (let r = 0; r < H; r++) lines.push(Array.from(id.subarray(r * W, (r + 1) * W)).join(' '));
process.stdout.write(`${lines.join('\n')}\n`);
