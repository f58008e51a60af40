// Baseline for setup-scheduling: a set-up-aware dispatch rule, then a short random descent (relocate / swap jobs).
// Deterministic: its own xorshift32 generator with a fixed seed, and a move budget rather than a clock (the clock only
// guards the time limit). Reads the case on stdin, prints one line per machine: "k j_1 ... j_k".
import { readFileSync } from 'node:fs';

const TIME_LIMIT_MS = Number(process.env.KAIZEN_TIME_LIMIT_MS) || 1000;

const data = readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
let at = 0;
const N = data[at++];
const M = data[at++];
const F = data[at++];
const S0 = data.slice(at, at + F);
at += F;
const S = [];
for (let a = 0; a < F; a++, at += F) S.push(data.slice(at, at + F));
const P = [];
const D = [];
const W = [];
const FAM = [];
for (let j = 0; j < N; j++) {
  P.push(data[at++]);
  D.push(data[at++]);
  W.push(data[at++]);
  FAM.push(data[at++]);
}

// EVOLVE-BLOCK-START
// Dispatch: slack is measured in units of URGENCY_SCALE mean processing times; a set-up counts SETUP_WEIGHT times its length.
const URGENCY_SCALE = 2.0;
const SETUP_WEIGHT = 1.0;
// Descent: SEARCH_FRACTION of the time limit (ms) times MOVES_PER_MS random moves, SWAP_PERCENT of them swaps.
const SEARCH_FRACTION = 0.05;
const MOVES_PER_MS = 1000;
const SWAP_PERCENT = 50;
// Stop searching at this share of the time limit whatever the move budget.
const SAFETY_FRACTION = 0.8;

function machineCost(seq) {
  let time = 0;
  let prev = -1;
  let cost = 0;
  for (let q = 0; q < seq.length; q++) {
    const j = seq[q];
    const fam = FAM[j];
    time += (prev < 0 ? S0[fam] : S[prev][fam]) + P[j];
    prev = fam;
    if (time > D[j]) cost += W[j] * (time - D[j]);
  }
  return cost;
}

function dispatch() {
  let sumP = 0;
  for (let j = 0; j < N; j++) sumP += P[j];
  const meanP = sumP / N;
  const machines = Array.from({ length: M }, () => []);
  const ready = new Array(M).fill(0);
  const last = new Array(M).fill(-1);
  const done = new Array(N).fill(false);
  for (let step = 0; step < N; step++) {
    let i = 0;
    for (let k = 1; k < M; k++) if (ready[k] < ready[i]) i = k;
    let best = -1;
    let bestPriority = -1;
    for (let j = 0; j < N; j++) {
      if (done[j]) continue;
      const s = last[i] < 0 ? S0[FAM[j]] : S[last[i]][FAM[j]];
      const slack = Math.max(0, D[j] - P[j] - s - ready[i]);
      const priority = W[j] / (P[j] + SETUP_WEIGHT * s + 1) / (1 + slack / (URGENCY_SCALE * meanP));
      if (priority > bestPriority) {
        bestPriority = priority;
        best = j;
      }
    }
    done[best] = true;
    machines[i].push(best);
    ready[i] += (last[i] < 0 ? S0[FAM[best]] : S[last[i]][FAM[best]]) + P[best];
    last[i] = FAM[best];
  }
  return machines;
}

function solve() {
  const machines = dispatch();
  const cost = machines.map(machineCost);
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
    if ((move & 255) === 0 && performance.now() > deadline) break;
    const a = rand(M);
    const b = rand(M);
    if (machines[a].length === 0) continue;
    const i = rand(machines[a].length);
    const before = a === b ? cost[a] : cost[a] + cost[b];
    if (rand(100) < SWAP_PERCENT) {
      if (machines[b].length === 0) continue;
      const k = rand(machines[b].length);
      [machines[a][i], machines[b][k]] = [machines[b][k], machines[a][i]];
      const ca = machineCost(machines[a]);
      const cb = a === b ? ca : machineCost(machines[b]);
      if ((a === b ? ca : ca + cb) <= before) {
        cost[a] = ca;
        cost[b] = cb;
      } else {
        [machines[a][i], machines[b][k]] = [machines[b][k], machines[a][i]];
      }
    } else {
      const job = machines[a].splice(i, 1)[0];
      const k = rand(machines[b].length + 1);
      machines[b].splice(k, 0, job);
      const ca = machineCost(machines[a]);
      const cb = a === b ? ca : machineCost(machines[b]);
      if ((a === b ? ca : ca + cb) <= before) {
        cost[a] = ca;
        cost[b] = cb;
      } else {
        machines[b].splice(k, 1);
        machines[a].splice(i, 0, job);
      }
    }
  }
  return machines;
}
// EVOLVE-BLOCK-END

const answer = solve();
process.stdout.write(`${answer.map((seq) => [seq.length, ...seq].join(' ')).join('\n')}\n`);
