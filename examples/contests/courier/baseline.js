// Baseline for courier: greedy insertion by prize / extra length, then a short descent (random 2-opt and relocate
// moves that shorten the route), refilling the freed length greedily every REFILL_INTERVAL moves.
// Deterministic: its own xorshift32 generator with a fixed seed, and a move budget rather than a clock (the clock only
// guards the time limit). Reads the case on stdin, prints "K" and the K customers in visiting order.
import { readFileSync } from 'node:fs';

const TIME_LIMIT_MS = Number(process.env.KAIZEN_TIME_LIMIT_MS) || 1000;

const data = readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
const N = data[0];
const L = data[1];
const X = [data[2]];
const Y = [data[3]];
const P = [0];
for (let i = 1, at = 4; i <= N; i++, at += 3) {
  X.push(data[at]);
  Y.push(data[at + 1]);
  P.push(data[at + 2]);
}

// Leg length ceil(sqrt(dx² + dy²)), exact; D[a * V + b] for points 0 (depot) .. N.
const V = N + 1;
const D = new Int32Array(V * V);
for (let a = 0; a < V; a++) {
  for (let b = a; b < V; b++) {
    const dx = X[a] - X[b];
    const dy = Y[a] - Y[b];
    const s = dx * dx + dy * dy;
    let r = Math.floor(Math.sqrt(s));
    while (r * r > s) r--;
    while ((r + 1) * (r + 1) <= s) r++;
    D[a * V + b] = D[b * V + a] = r * r === s ? r : r + 1;
  }
}

// EVOLVE-BLOCK-START
// Greedy: insert the customer with the best PRIZE^PRIZE_POWER / (extra length + DIST_OFFSET) that still fits.
const PRIZE_POWER = 1.0;
const DIST_OFFSET = 1.0;
// Descent: SEARCH_FRACTION of the time limit (ms) times MOVES_PER_MS random moves, TWO_OPT_PERCENT of them 2-opt,
// the rest relocations; a greedy refill every REFILL_INTERVAL moves.
const SEARCH_FRACTION = 0.05;
const MOVES_PER_MS = 200;
const TWO_OPT_PERCENT = 50;
const REFILL_INTERVAL = 500;
// Stop searching at this share of the time limit whatever the move budget.
const SAFETY_FRACTION = 0.8;

const dist = (a, b) => D[a * V + b];

function routeLength(route) {
  let length = 0;
  let prev = 0;
  for (const c of route) {
    length += dist(prev, c);
    prev = c;
  }
  return length + dist(prev, 0);
}

// Greedy insertion into `route` (changed in place); each unvisited customer keeps its cheapest insertion place.
function refill(route, used) {
  const at = (i) => (i < 0 || i >= route.length ? 0 : route[i]);
  const pos = new Array(V).fill(0);
  const cost = new Array(V).fill(0);
  const cheapest = (c) => {
    pos[c] = 0;
    cost[c] = Number.POSITIVE_INFINITY;
    for (let i = 0; i <= route.length; i++) {
      const d = dist(at(i - 1), c) + dist(c, at(i)) - dist(at(i - 1), at(i));
      if (d < cost[c]) {
        cost[c] = d;
        pos[c] = i;
      }
    }
  };
  for (let c = 1; c <= N; c++) if (!used[c]) cheapest(c);
  let length = routeLength(route);
  for (;;) {
    let best = -1;
    let bestRatio = -1;
    for (let c = 1; c <= N; c++) {
      if (used[c] || length + cost[c] > L) continue;
      const ratio = P[c] ** PRIZE_POWER / (cost[c] + DIST_OFFSET);
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = c;
      }
    }
    if (best < 0) return;
    const p = pos[best];
    const a = at(p - 1);
    const b = at(p);
    route.splice(p, 0, best);
    used[best] = 1;
    length += cost[best];
    for (let c = 1; c <= N; c++) {
      if (used[c]) continue;
      if (pos[c] === p) {
        cheapest(c);
        continue;
      }
      if (pos[c] > p) pos[c]++;
      const d1 = dist(a, c) + dist(c, best) - dist(a, best);
      if (d1 < cost[c]) {
        cost[c] = d1;
        pos[c] = p;
      }
      const d2 = dist(best, c) + dist(c, b) - dist(best, b);
      if (d2 < cost[c]) {
        cost[c] = d2;
        pos[c] = p + 1;
      }
    }
  }
}

function solve() {
  const route = [];
  const used = new Uint8Array(V);
  refill(route, used);
  let state = 2463534242;
  const rand = (bound) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % bound;
  };
  const node = (i) => (i < 0 || i >= route.length ? 0 : route[i]);
  const moves = Math.floor(SEARCH_FRACTION * TIME_LIMIT_MS * MOVES_PER_MS);
  const deadline = SAFETY_FRACTION * TIME_LIMIT_MS;
  for (let move = 1; move <= moves; move++) {
    if ((move & 255) === 0 && performance.now() > deadline) break;
    if (move % REFILL_INTERVAL === 0) refill(route, used);
    const k = route.length;
    if (k < 3) continue;
    if (rand(100) < TWO_OPT_PERCENT) {
      // Reverse route[i..j] when that shortens the route.
      let i = rand(k);
      let j = rand(k);
      if (i > j) [i, j] = [j, i];
      if (i === j) continue;
      const delta = dist(node(i - 1), route[j]) + dist(route[i], node(j + 1)) - dist(node(i - 1), route[i]) - dist(route[j], node(j + 1));
      if (delta < 0) for (let p = i, q = j; p < q; p++, q--) [route[p], route[q]] = [route[q], route[p]];
    } else {
      // Move the customer at i to before position j (in the route without it) when that shortens the route.
      const i = rand(k);
      const j = rand(k);
      const c = route[i];
      const saved = dist(node(i - 1), c) + dist(c, node(i + 1)) - dist(node(i - 1), node(i + 1));
      route.splice(i, 1);
      const added = dist(node(j - 1), c) + dist(c, node(j)) - dist(node(j - 1), node(j));
      route.splice(added < saved ? j : i, 0, c);
    }
  }
  refill(route, used);
  return route;
}
// EVOLVE-BLOCK-END

const route = solve();
process.stdout.write(`${route.length}\n${route.join(' ')}\n`);
