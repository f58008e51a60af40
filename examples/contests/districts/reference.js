// Districts — reference solver: balanced sequential growth, then simulated annealing on boundary-cell moves with
// exact connectivity (a local ring test, backed by a bounded flood fill when the ring test is inconclusive).
import { readFileSync } from 'node:fs';

const TIME_LIMIT_MS = Number(process.env.KAIZEN_TIME_LIMIT_MS) || 1000;
const data = readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
const H = data[0];
const W = data[1];
const K = data[2];
const POP = data.slice(3, 3 + H * W);

const TIME_FRACTION = 0.8;
// Annealing temperature, in cut edges, falling geometrically over the run.
const T_START = 2.0;
const T_END = 0.2;

const n = H * W;
let total = 0;
for (let i = 0; i < n; i++) total += POP[i];
const LO = Math.ceil((9 * total) / (10 * K));
const HI = Math.floor((11 * total) / (10 * K));

// 4-neighbours (up, down, left, right) and the ring of 8 cells (N, NE, E, SE, S, SW, W, NW) of each cell; -1 outside.
const NB = new Int32Array(n * 4).fill(-1);
const RING = new Int32Array(n * 8).fill(-1);
for (let r = 0; r < H; r++) {
  for (let c = 0; c < W; c++) {
    const i = r * W + c;
    const up = r > 0;
    const down = r < H - 1;
    const left = c > 0;
    const right = c < W - 1;
    NB[i * 4] = up ? i - W : -1;
    NB[i * 4 + 1] = down ? i + W : -1;
    NB[i * 4 + 2] = left ? i - 1 : -1;
    NB[i * 4 + 3] = right ? i + 1 : -1;
    const ring = [
      up ? i - W : -1,
      up && right ? i - W + 1 : -1,
      right ? i + 1 : -1,
      down && right ? i + W + 1 : -1,
      down ? i + W : -1,
      down && left ? i + W - 1 : -1,
      left ? i - 1 : -1,
      up && left ? i - W - 1 : -1,
    ];
    for (let t = 0; t < 8; t++) RING[i * 8 + t] = ring[t];
  }
}

let seed = 0x9e3779b9;
function rand() {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed;
}

// True when the 4-neighbours of i labelled `label` are joined through the ring of 8 cells around i (then taking i out
// of a connected set with that label leaves it connected).
function locallySimple(i, label, id) {
  let edges = 0;
  let joins = 0;
  const base = i * 8;
  for (let t = 0; t < 8; t += 2) {
    const a = RING[base + t];
    if (a < 0 || id[a] !== label) continue;
    edges++;
    const b = RING[base + t + 1];
    const nx = RING[base + ((t + 2) & 7)];
    if (b >= 0 && id[b] === label && nx >= 0 && id[nx] === label) joins++;
  }
  if (edges === 0) return false;
  return edges - joins <= 1 || (edges === 4 && joins === 4);
}

// Exact test for when the ring test is inconclusive: does district `label` (of `size` cells) stay connected without i?
// A flood fill from one neighbour of i must reach the other size − 1 cells.
const mark = new Int32Array(n);
let stamp = 0;
const stack = new Int32Array(n);
function stillConnected(i, label, id, size) {
  stamp++;
  mark[i] = stamp;
  let start = -1;
  for (let t = 0; t < 4 && start < 0; t++) {
    const j = NB[i * 4 + t];
    if (j >= 0 && id[j] === label) start = j;
  }
  if (start < 0) return false;
  let top = 0;
  stack[top++] = start;
  mark[start] = stamp;
  let reached = 0;
  while (top > 0) {
    const v = stack[--top];
    reached++;
    for (let t = 0; t < 4; t++) {
      const j = NB[v * 4 + t];
      if (j >= 0 && id[j] === label && mark[j] !== stamp) {
        mark[j] = stamp;
        stack[top++] = j;
      }
    }
  }
  return reached === size - 1;
}

const FREE = -1;
function grow(id) {
  let cum = 0;
  let scan = 0;
  for (let d = 0; d < K - 1; d++) {
    const target = (d + 1) * total;
    let anchor = -1;
    for (let j = scan; j < n; j++) {
      const i = (j % H) * W + Math.floor(j / H);
      if (id[i] === FREE && locallySimple(i, FREE, id)) {
        anchor = i;
        break;
      }
    }
    if (anchor < 0) return false;
    const ar = Math.floor(anchor / W);
    const ac = anchor % W;
    const heap = [anchor];
    while (K * cum < target) {
      let i = -1;
      while (heap.length > 0) {
        const cand = heapPop(heap) % 4096;
        if (id[cand] === FREE && (cand === anchor || locallySimple(cand, FREE, id))) {
          i = cand;
          break;
        }
      }
      if (i < 0) return false;
      id[i] = d;
      cum += POP[i];
      for (let t = 0; t < 4; t++) {
        const j = NB[i * 4 + t];
        if (j < 0 || id[j] !== FREE) continue;
        const dr = Math.floor(j / W) - ar;
        const dc = (j % W) - ac;
        heapPush(heap, (dr * dr + dc * dc) * 4096 + j);
      }
    }
    while (scan < n && id[(scan % H) * W + Math.floor(scan / H)] !== FREE) scan++;
  }
  for (let i = 0; i < n; i++) if (id[i] === FREE) id[i] = K - 1;
  return true;
}

function snake(id) {
  let cum = 0;
  let d = 0;
  for (let r = 0; r < H; r++) {
    for (let t = 0; t < W; t++) {
      const i = r * W + (r % 2 === 0 ? t : W - 1 - t);
      id[i] = d;
      cum += POP[i];
      if (d < K - 1 && K * cum >= (d + 1) * total) d++;
    }
  }
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

function cutOf(id) {
  let cut = 0;
  for (let i = 0; i < n; i++) {
    const r = NB[i * 4 + 1];
    const c = NB[i * 4 + 3];
    if (r >= 0 && id[r] !== id[i]) cut++;
    if (c >= 0 && id[c] !== id[i]) cut++;
  }
  return cut;
}

const id = new Int32Array(n).fill(FREE);
if (!grow(id)) snake(id);
const sum = new Array(K).fill(0);
const size = new Array(K).fill(0);
for (let i = 0; i < n; i++) {
  sum[id[i]] += POP[i];
  size[id[i]]++;
}
let cut = cutOf(id);
let bestCut = cut;
const best = Int32Array.from(id);

// The limit is on CPU time (start-up included), so the clock is the process's CPU time, not the wall clock.
function cpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
const deadline = TIME_FRACTION * TIME_LIMIT_MS;
const t0 = cpuMs();
const span = Math.max(1, deadline - t0);
let temp = T_START;
const accept = [1, 0, 0, 0, 0];
const cand = [0, 0, 0, 0];
for (let it = 0; ; it++) {
  if ((it & 1023) === 0) {
    const now = cpuMs();
    if (now > deadline) break;
    const f = (now - t0) / span;
    temp = T_START * (T_END / T_START) ** f;
    for (let dlt = 1; dlt <= 4; dlt++) accept[dlt] = Math.floor(Math.exp(-dlt / temp) * 4294967296);
  }
  const i = rand() % n;
  const d = id[i];
  let same = 0;
  let nc = 0;
  for (let t = 0; t < 4; t++) {
    const j = NB[i * 4 + t];
    if (j < 0) continue;
    const e = id[j];
    if (e === d) same++;
    else cand[nc++] = e;
  }
  if (nc === 0 || same === 0) continue;
  const e = cand[rand() % nc];
  let cnt = 0;
  for (let t = 0; t < nc; t++) if (cand[t] === e) cnt++;
  const delta = same - cnt;
  if (delta > 0 && rand() >= accept[delta]) continue;
  const p = POP[i];
  if (sum[d] - p < LO || sum[e] + p > HI) continue;
  // The flood fill is only worth its cost on small districts.
  if (!locallySimple(i, d, id) && (size[d] > 400 || !stillConnected(i, d, id, size[d]))) continue;
  id[i] = e;
  sum[d] -= p;
  sum[e] += p;
  size[d]--;
  size[e]++;
  cut += delta;
  if (cut < bestCut) {
    bestCut = cut;
    best.set(id);
  }
}

const lines = [];
for (let r = 0; r < H; r++) lines.push(Array.from(best.subarray(r * W, (r + 1) * W)).join(' '));
process.stdout.write(`${lines.join('\n')}\n`);
