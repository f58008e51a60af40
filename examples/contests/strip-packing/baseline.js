// Baseline for strip-packing: shelf packing of the rectangles sorted by size, then a short random descent over the
// order and the turns, still packed on shelves. Deterministic: its own xorshift32 generator with a fixed seed, and a
// move budget rather than a clock (the clock only guards the time limit). Reads the case on stdin, prints "x y r" per rectangle.
import { readFileSync } from 'node:fs';

const TIME_LIMIT_MS = Number(process.env.KAIZEN_TIME_LIMIT_MS) || 1000;

const data = readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
const N = data[0];
const W = data[1];
const RW = [];
const RH = [];
for (let i = 0; i < N; i++) {
  RW.push(data[2 + 2 * i]);
  RH.push(data[3 + 2 * i]);
}

// EVOLVE-BLOCK-START
// Rectangles go in decreasing order of height × width^SORT_WIDTH_POWER (1: by area; 0: by height, as in NFDH).
const SORT_WIDTH_POWER = 1;
// A rectangle is turned to lie flat when its height exceeds LAY_FLAT_RATIO times its width.
const LAY_FLAT_RATIO = 1.5;
// Each rectangle tries the SHELF_LOOKBACK newest shelves, newest first (1 = next fit), before opening a new shelf.
const SHELF_LOOKBACK = 1;
// Descent: SEARCH_FRACTION of the time limit (ms) times MOVES_PER_MS random moves, SWAP_PERCENT of them swaps in the
// order and the rest turns of one rectangle; a move is kept when the height does not grow.
const SEARCH_FRACTION = 0.05;
const MOVES_PER_MS = 20;
const SWAP_PERCENT = 70;
// Stop searching at this share of the time limit whatever the move budget.
const SAFETY_FRACTION = 0.8;

// Packs the rectangles in `order` on shelves (turned where rot[i] = 1); fills xs, ys; returns the height used.
function shelfPack(order, rot, xs, ys) {
  const base = [];
  const tall = [];
  const used = [];
  for (let k = 0; k < N; k++) {
    const i = order[k];
    const w = rot[i] ? RH[i] : RW[i];
    const h = rot[i] ? RW[i] : RH[i];
    let s = -1;
    const newest = base.length - 1;
    for (let t = newest; t >= 0 && t > newest - SHELF_LOOKBACK; t--) {
      // Only the newest shelf may grow taller: nothing lies on it yet.
      if (used[t] + w <= W && (t === newest || h <= tall[t])) {
        s = t;
        break;
      }
    }
    if (s < 0) {
      const last = base.length - 1;
      base.push(last < 0 ? 0 : base[last] + tall[last]);
      tall.push(h);
      used.push(0);
      s = base.length - 1;
    }
    if (s === base.length - 1 && h > tall[s]) tall[s] = h;
    xs[i] = used[s];
    ys[i] = base[s];
    used[s] += w;
  }
  const last = base.length - 1;
  return base[last] + tall[last];
}

function solve() {
  const rot = new Array(N);
  for (let i = 0; i < N; i++) rot[i] = RH[i] > RW[i] * LAY_FLAT_RATIO ? 1 : 0;
  const height = (i) => (rot[i] ? RW[i] : RH[i]);
  const width = (i) => (rot[i] ? RH[i] : RW[i]);
  const order = Array.from({ length: N }, (_, i) => i);
  const key = (i) => height(i) * width(i) ** SORT_WIDTH_POWER;
  order.sort((a, b) => key(b) - key(a) || width(b) - width(a) || a - b);

  const xs = new Array(N).fill(0);
  const ys = new Array(N).fill(0);
  let best = shelfPack(order, rot, xs, ys);
  let state = 2463534242;
  const rand = (bound) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % bound;
  };
  const moves = Math.floor(SEARCH_FRACTION * TIME_LIMIT_MS * MOVES_PER_MS);
  const deadline = SAFETY_FRACTION * TIME_LIMIT_MS;
  for (let move = 0; move < moves; move++) {
    if ((move & 63) === 0 && performance.now() > deadline) break;
    if (rand(100) < SWAP_PERCENT) {
      const a = rand(N);
      const b = rand(N);
      [order[a], order[b]] = [order[b], order[a]];
      const h = shelfPack(order, rot, xs, ys);
      if (h <= best) best = h;
      else [order[a], order[b]] = [order[b], order[a]];
    } else {
      const i = rand(N);
      rot[i] ^= 1;
      const h = shelfPack(order, rot, xs, ys);
      if (h <= best) best = h;
      else rot[i] ^= 1;
    }
  }
  shelfPack(order, rot, xs, ys);
  return { xs, ys, rot };
}
// EVOLVE-BLOCK-END

const { xs, ys, rot } = solve();
const lines = [];
for (let i = 0; i < N; i++) lines.push(`${xs[i]} ${ys[i]} ${rot[i]}`);
process.stdout.write(`${lines.join('\n')}\n`);
