// Reference for strip-packing: a lowest-gap skyline decoder driven by simulated annealing over the rectangles' order,
// for ~80% of the time limit. The decoder repeatedly takes the lowest stretch of the skyline and fills it with the first
// rectangle in the order that fits there (either way round, exact fits first), set against the taller neighbour; when
// none fits, the stretch is raised to its lower neighbour. Not evolved; it shows how much better a solver can do.
import { readFileSync } from 'node:fs';

const TIME_LIMIT_MS = Number(process.env.KAIZEN_TIME_LIMIT_MS) || 1000;
const deadline = 0.8 * TIME_LIMIT_MS;
// The annealed cost is the height plus ALPHA times the area wasted under the skyline over W (a tie-breaker between
// orders of equal height); the temperature falls from START_TEMP × LB to END_TEMP.
const ALPHA = 0.5;
const START_TEMP = 0.01;
const END_TEMP = 0.05;

const data = readFileSync(0, 'utf8').trim().split(/\s+/).map(Number);
const N = data[0];
const W = data[1];
const RW = new Int32Array(N);
const RH = new Int32Array(N);
let area = 0;
let tallest = 0;
for (let i = 0; i < N; i++) {
  RW[i] = data[2 + 2 * i];
  RH[i] = data[3 + 2 * i];
  area += RW[i] * RH[i];
  tallest = Math.max(tallest, Math.min(RW[i], RH[i]));
}
const LB = Math.max(Math.ceil(area / W), tallest);
const BIG = 0x3fffffff;

let state = 88172645;
function rand(bound) {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % bound;
}

// The skyline: segments [sx, sx + sw) at height sy, left to right, covering [0, W); neighbours differ in height.
const cap = 2 * N + 8;
const sx = new Int32Array(cap);
const sy = new Int32Array(cap);
const sw = new Int32Array(cap);
let S = 0;

// Replaces segment i by [x, x + w) at height top and the rest of it at its old height, merging equal neighbours.
function fill(i, x, w, top) {
  const y = sy[i];
  const rest = sw[i] - w;
  if (rest > 0) {
    // Open one slot after i.
    sx.copyWithin(i + 2, i + 1, S);
    sy.copyWithin(i + 2, i + 1, S);
    sw.copyWithin(i + 2, i + 1, S);
    S++;
    if (x === sx[i]) {
      sy[i] = top;
      sw[i] = w;
      sx[i + 1] = x + w;
      sy[i + 1] = y;
      sw[i + 1] = rest;
    } else {
      sw[i] = rest;
      sx[i + 1] = x;
      sy[i + 1] = top;
      sw[i + 1] = w;
      i++;
    }
  } else sy[i] = top;
  // Merge i with its neighbours when level with them.
  if (i + 1 < S && sy[i + 1] === sy[i]) {
    sw[i] += sw[i + 1];
    sx.copyWithin(i + 1, i + 2, S);
    sy.copyWithin(i + 1, i + 2, S);
    sw.copyWithin(i + 1, i + 2, S);
    S--;
  }
  if (i > 0 && sy[i - 1] === sy[i]) {
    sw[i - 1] += sw[i];
    sx.copyWithin(i, i + 1, S);
    sy.copyWithin(i, i + 1, S);
    sw.copyWithin(i, i + 1, S);
    S--;
  }
}

const outX = new Int32Array(N);
const outY = new Int32Array(N);
const outR = new Int32Array(N);
const nextPos = new Int32Array(N + 1);
const prevPos = new Int32Array(N + 1);
let waste = 0;

// Packs the rectangles with the order `seq`; returns the height (and fills outX/outY/outR, `waste`).
function decode(seq) {
  S = 1;
  sx[0] = 0;
  sy[0] = 0;
  sw[0] = W;
  // A circular list of the unplaced positions of seq, with head N.
  for (let k = 0; k <= N; k++) {
    nextPos[k] = k === N ? 0 : k + 1;
    prevPos[k] = k === 0 ? N : k - 1;
  }
  nextPos[N - 1] = N;
  prevPos[N] = N - 1;
  let left = N;
  let top = 0;
  waste = 0;
  while (left > 0) {
    let i = 0;
    for (let k = 1; k < S; k++) if (sy[k] < sy[i]) i = k;
    const g = sw[i];
    const y = sy[i];
    const hl = i > 0 ? sy[i - 1] - y : BIG;
    const hr = i + 1 < S ? sy[i + 1] - y : BIG;
    let bestK = -1;
    let bestFit = -1;
    let bestR = 0;
    for (let k = nextPos[N]; k !== N; k = nextPos[k]) {
      const it = seq[k];
      const a = RW[it];
      const b = RH[it];
      let fit = -1;
      let r = 0;
      if (a <= g) {
        fit = (a === g ? 2 : 0) + (b === hl || b === hr ? 1 : 0);
      }
      if (b <= g && b !== a) {
        const f = (b === g ? 2 : 0) + (a === hl || a === hr ? 1 : 0);
        // Between two equal fits, lie flat (the wider way).
        if (f > fit || (f === fit && b > a)) {
          fit = f;
          r = 1;
        }
      }
      if (fit > bestFit) {
        bestFit = fit;
        bestK = k;
        bestR = r;
        if (fit === 3) break;
      }
    }
    if (bestK < 0) {
      // Nothing fits: raise the stretch to its lower neighbour, wasting the space.
      const lift = Math.min(hl, hr);
      waste += lift * g;
      fill(i, sx[i], g, y + lift);
      continue;
    }
    const it = seq[bestK];
    nextPos[prevPos[bestK]] = nextPos[bestK];
    prevPos[nextPos[bestK]] = prevPos[bestK];
    left--;
    const w = bestR ? RH[it] : RW[it];
    const h = bestR ? RW[it] : RH[it];
    // Against the taller neighbour, or the one it is level with.
    const atLeft = h === hl || (h !== hr && hl >= hr);
    const x = atLeft ? sx[i] : sx[i] + g - w;
    outX[it] = x;
    outY[it] = y;
    outR[it] = bestR;
    fill(i, x, w, y + h);
    if (y + h > top) top = y + h;
  }
  return top;
}

function cost(top) {
  return top + (ALPHA * waste) / W;
}

function solve() {
  const seq = Array.from({ length: N }, (_, i) => i);
  seq.sort((a, b) => RW[b] * RH[b] - RW[a] * RH[a] || a - b);
  const curTop = decode(seq);
  let cur = cost(curTop);
  let best = curTop;
  let bestSeq = seq.slice();
  const t0 = performance.now();
  const span = Math.max(1, deadline - t0);
  const startTemp = Math.max(0.5, START_TEMP * LB);
  const endTemp = END_TEMP;
  let temp = startTemp;
  for (let iter = 0; best > LB; iter++) {
    if ((iter & 15) === 0) {
      const now = performance.now();
      if (now >= deadline) break;
      temp = startTemp * (endTemp / startTemp) ** ((now - t0) / span);
    }
    const a = rand(N);
    let b = rand(N);
    if (a === b) b = (b + 1) % N;
    const kind = rand(2);
    if (kind === 0) [seq[a], seq[b]] = [seq[b], seq[a]];
    else {
      const v = seq[a];
      seq.splice(a, 1);
      seq.splice(b, 0, v);
    }
    const top = decode(seq);
    const c = cost(top);
    if (c <= cur || rand(1_000_000) < 1_000_000 * Math.exp((cur - c) / temp)) {
      cur = c;
      if (top < best) {
        best = top;
        bestSeq = seq.slice();
      }
    } else if (kind === 0) [seq[a], seq[b]] = [seq[b], seq[a]];
    else {
      const v = seq[b];
      seq.splice(b, 1);
      seq.splice(a, 0, v);
    }
  }
  decode(bestSeq);
}

solve();
const lines = [];
for (let i = 0; i < N; i++) lines.push(`${outX[i]} ${outY[i]} ${outR[i]}`);
process.stdout.write(`${lines.join('\n')}\n`);
