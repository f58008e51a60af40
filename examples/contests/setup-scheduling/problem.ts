import type { CaseScore } from 'kaizen';
import { judgeOutput } from '../lib/output.ts';
import { CaseRng } from '../lib/rng.ts';

/** One case: N jobs on M identical machines, F job families with sequence-dependent set-up times. */
export interface SchedulingInput {
  n: number;
  m: number;
  f: number;
  /** Set-up time before the first job of a machine, by the job's family. */
  initialSetup: number[];
  /** setup[a][b]: set-up time from family a to family b (0 on the diagonal). */
  setup: number[][];
  processing: number[];
  due: number[];
  weight: number[];
  family: number[];
}

export const LIMITS = { mMin: 2, mMax: 8, nMin: 30, nMax: 200, fMin: 3, fMax: 10, pMax: 100, setupMax: 200, dueMax: 100_000, wMax: 10 } as const;

/** The input of the case with this seed: sizes, processing times, set-ups and due-date tightness all vary with the seed. */
export function generate(seed: number): string {
  const rng = new CaseRng(seed);
  const m = rng.int(LIMITS.mMin, LIMITS.mMax);
  const n = rng.int(Math.max(LIMITS.nMin, 10 * m), LIMITS.nMax);
  const f = rng.int(LIMITS.fMin, LIMITS.fMax);

  const pLo = rng.int(1, 20);
  const pHi = rng.int(Math.max(pLo + 10, 40), LIMITS.pMax);
  const processing = Array.from({ length: n }, () => rng.int(pLo, pHi));
  const sumP = processing.reduce((a, b) => a + b, 0);
  const meanP = Math.floor(sumP / n);

  // Set-ups: a mean of 25%..100% of the mean processing time; families sit on a line, so nearby families switch faster.
  const meanSetup = Math.max(2, Math.floor((meanP * rng.int(25, 100)) / 100));
  const position = Array.from({ length: f }, () => rng.int(0, 100));
  const setup = Array.from({ length: f }, (_, a) =>
    Array.from({ length: f }, (_, b) => {
      if (a === b) return 0;
      const gap = Math.abs(position[a] - position[b]);
      const s = Math.floor((meanSetup * (40 + gap + rng.int(0, 40))) / 100);
      return Math.min(LIMITS.setupMax, Math.max(1, s));
    }),
  );
  const initialSetup = Array.from({ length: f }, () => rng.int(0, meanSetup));
  const family = Array.from({ length: n }, () => rng.int(0, f - 1));
  const weight = Array.from({ length: n }, () => rng.int(1, LIMITS.wMax));

  // Due dates from a hidden plan: jobs dealt to machines, each machine running its families in a few batches; a job is
  // due at its completion time in that plan plus noise in [-early, late], so a good schedule exists but must be found.
  const early = Math.floor((meanP * rng.int(0, 150)) / 100);
  const late = Math.floor((meanP * rng.int(0, 150)) / 100);
  const runsPerFamily = rng.int(1, 3);
  const due = new Array<number>(n);
  const order = rng.shuffle(Array.from({ length: n }, (_, j) => j));
  for (let i = 0; i < m; i++) {
    const jobs = order.filter((_, q) => q % m === i);
    const batch = jobs.map((j) => family[j] * runsPerFamily + rng.int(0, runsPerFamily - 1));
    const rank = rng.shuffle(Array.from({ length: f * runsPerFamily }, (_, b) => b));
    const planned = jobs.map((j, q) => ({ j, key: rank[batch[q]] })).sort((x, y) => x.key - y.key || x.j - y.j);
    let time = 0;
    let prev = -1;
    for (const { j } of planned) {
      time += (prev < 0 ? initialSetup[family[j]] : setup[prev][family[j]]) + processing[j];
      prev = family[j];
      due[j] = Math.min(LIMITS.dueMax, Math.max(processing[j], time + rng.int(-early, late)));
    }
  }

  const lines = [`${n} ${m} ${f}`, initialSetup.join(' '), ...setup.map((row) => row.join(' '))];
  for (let j = 0; j < n; j++) lines.push(`${processing[j]} ${due[j]} ${weight[j]} ${family[j]}`);
  return `${lines.join('\n')}\n`;
}

/** Parses a generated input (trusted text: no validation beyond the shape). */
export function parseInput(input: string): SchedulingInput {
  const v = input.trim().split(/\s+/).map(Number);
  let k = 0;
  const n = v[k++];
  const m = v[k++];
  const f = v[k++];
  const initialSetup = v.slice(k, k + f);
  k += f;
  const setup: number[][] = [];
  for (let a = 0; a < f; a++, k += f) setup.push(v.slice(k, k + f));
  const processing: number[] = [];
  const due: number[] = [];
  const weight: number[] = [];
  const family: number[] = [];
  for (let j = 0; j < n; j++) {
    processing.push(v[k++]);
    due.push(v[k++]);
    weight.push(v[k++]);
    family.push(v[k++]);
  }
  return { n, m, f, initialSetup, setup, processing, due, weight, family };
}

/**
 * The case's scale R = max(1, floor(Σw · Σp / (5 · N))): the weighted tardiness of a schedule whose jobs are each late
 * by a fifth of the mean processing time. Scores are floor(10^6 · R / (R + T)).
 */
export function referenceScale(inst: SchedulingInput): number {
  const sumW = inst.weight.reduce((a, b) => a + b, 0);
  const sumP = inst.processing.reduce((a, b) => a + b, 0);
  return Math.max(1, Math.floor((sumW * sumP) / (5 * inst.n)));
}

/** Total weighted tardiness of machine sequences (job indices), exact integers. */
export function weightedTardiness(inst: SchedulingInput, machines: number[][]): number {
  let total = 0;
  for (const seq of machines) {
    let time = 0;
    let prev = -1;
    for (const j of seq) {
      const fam = inst.family[j];
      time += (prev < 0 ? inst.initialSetup[fam] : inst.setup[prev][fam]) + inst.processing[j];
      prev = fam;
      if (time > inst.due[j]) total += inst.weight[j] * (time - inst.due[j]);
    }
  }
  return total;
}

/** Scores one answer: M lines "k j_1 … j_k", every job exactly once; score floor(10^6 · R / (R + T)), at least 1. */
export function score(input: string, output: string): CaseScore {
  const inst = parseInput(input);
  return judgeOutput(output, (t) => {
    const machines: number[][] = [];
    const seen = new Uint8Array(inst.n);
    let placed = 0;
    for (let i = 0; i < inst.m; i++) {
      const count = t.int(`job count of machine ${i + 1}`, 0, inst.n - placed);
      const seq: number[] = [];
      for (let q = 0; q < count; q++) {
        const j = t.int(`job ${q + 1} of machine ${i + 1}`, 0, inst.n - 1);
        if (seen[j]) return { score: 0, verdict: 'wrong-answer', feedback: `machine ${i + 1}, position ${q + 1}: job ${j} is already scheduled` };
        seen[j] = 1;
        seq.push(j);
      }
      placed += count;
      machines.push(seq);
    }
    t.end();
    if (placed !== inst.n) {
      const missing = seen.indexOf(0);
      return { score: 0, verdict: 'wrong-answer', feedback: `${inst.n - placed} job(s) not scheduled, e.g. job ${missing}` };
    }
    // T ≤ Σw · (Σp + N · 200) ≤ 2000 · 60,000 is a safe integer; the quotient is taken in BigInt, so it is exact.
    const tardiness = weightedTardiness(inst, machines);
    const scale = referenceScale(inst);
    const value = Math.max(1, Number((1_000_000n * BigInt(scale)) / BigInt(scale + tardiness)));
    return { score: value, verdict: 'ok', feedback: `weighted tardiness ${tardiness}, scale R ${scale}` };
  });
}
