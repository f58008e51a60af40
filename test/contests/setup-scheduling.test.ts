import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseRng } from '../../examples/contests/lib/rng.ts';
import { generate, LIMITS, parseInput, score } from '../../examples/contests/setup-scheduling/problem.ts';
import { compileCpp, runSolver } from './solvers.ts';

const DIR = fileURLToPath(new URL('../../examples/contests/setup-scheduling/', import.meta.url));

// The statement's example.
const EXAMPLE = '4 2 2\n3 5\n0 4\n6 0\n5 9 2 0\n4 6 1 1\n3 8 3 0\n6 20 1 1\n';
// Three jobs with loose due dates: a zero-tardiness answer exists.
const LOOSE = '3 2 2\n1 1\n0 2\n2 0\n3 100 1 0\n4 100 2 1\n5 100 3 0\n';

const GOLDEN = [
  'ae33b26e429ac244820775d851463d1549d47db9daa5ed85325663e8e9631741',
  '064185d7796a19dfdc0661af65a295731240e6dcf6a3a62b0f0610acfbe263f8',
  '4678f12dac75417deffa04e28c01fb06f91fc9550d0c7e0480daa5ff66d8c580',
  '97d4281000a9c906a2004a608a4a0b12dace81ae1329fc9c6625ffcbf3191a96',
  'd7e34914efc6714382f4acd366494793bd619f17f13ded3efccb8bfec0fa4da4',
  '34ac849024b29f1c55225a6561d3d23e37d38d89978d565348f3a6f806f659d4',
  '2bf83cd8feb5a489335816f607cf2399a01328079b2490fbbdce9002fbbc462a',
  'c6776f9227a486e57c0c979d085be3b5bdc70f54ad029915191c1764cde05771',
  'b3d309820ed9046f1c646a276d86170613ce2ca6b6548f5d66a812eb316f91be',
  '13fed618bbae690b1579f2a0d6b508df7eadcd83cbded6f0b37a26878949a3db',
];

describe('setup-scheduling generator', () => {
  it('gives the golden bytes for seeds 0-9', () => {
    for (let seed = 0; seed < 10; seed++) expect(createHash('sha256').update(generate(seed)).digest('hex'), `seed ${seed}`).toBe(GOLDEN[seed]);
  });

  it('keeps every case within the stated constraints and under 50 KB', () => {
    for (let seed = 0; seed < 200; seed++) {
      const text = generate(seed);
      expect(text.endsWith('\n')).toBe(true);
      expect(text.length).toBeLessThan(50_000);
      const c = parseInput(text);
      expect(c.m).toBeGreaterThanOrEqual(LIMITS.mMin);
      expect(c.m).toBeLessThanOrEqual(LIMITS.mMax);
      expect(c.n).toBeGreaterThanOrEqual(Math.max(LIMITS.nMin, 10 * c.m));
      expect(c.n).toBeLessThanOrEqual(LIMITS.nMax);
      expect(c.f).toBeGreaterThanOrEqual(LIMITS.fMin);
      expect(c.f).toBeLessThanOrEqual(LIMITS.fMax);
      for (let a = 0; a < c.f; a++) {
        expect(c.initialSetup[a]).toBeGreaterThanOrEqual(0);
        expect(c.initialSetup[a]).toBeLessThanOrEqual(LIMITS.setupMax);
        for (let b = 0; b < c.f; b++) {
          if (a === b) expect(c.setup[a][b]).toBe(0);
          else expect(c.setup[a][b] >= 1 && c.setup[a][b] <= LIMITS.setupMax).toBe(true);
        }
      }
      for (let j = 0; j < c.n; j++) {
        expect(c.processing[j] >= 1 && c.processing[j] <= LIMITS.pMax).toBe(true);
        expect(c.due[j] >= c.processing[j] && c.due[j] <= LIMITS.dueMax).toBe(true);
        expect(c.weight[j] >= 1 && c.weight[j] <= LIMITS.wMax).toBe(true);
        expect(c.family[j] >= 0 && c.family[j] < c.f).toBe(true);
      }
    }
  });
});

describe('setup-scheduling scorer', () => {
  it('scores hand-computed answers exactly', () => {
    // R = floor(7 · 18 / 20) = 6. Machine 1: job 2 at 6, job 0 at 11 (2 late × 2); machine 2: job 1 at 9 (3 late × 1), job 3 at 15.
    expect(score(EXAMPLE, '2 2 0\n2 1 3\n')).toEqual({ score: 461538, verdict: 'ok', feedback: 'weighted tardiness 7, scale R 6' });
    // Job 0 at 8, job 2 at 11 (3 late × 3) and machine 2 as above: T = 12, floor(6e6 / 18).
    expect(score(EXAMPLE, '2 0 2\n2 1 3\n').score).toBe(333333);
    // One machine: 2 at 6, 0 at 11 (4), 1 at 11 + S[0][1] 4 + 4 = 19 (13), 3 at 25 (5): T = 22, floor(6e6 / 28).
    expect(score(EXAMPLE, '4 2 0 1 3\n0\n').score).toBe(214285);
    expect(score(EXAMPLE, '0\n4 2 0 1 3\n').score).toBe(214285);
    // Whitespace is free: one line, tabs, CRLF.
    expect(score(EXAMPLE, '2 2 0 2 1 3').score).toBe(461538);
    expect(score(EXAMPLE, '2\t2 0\r\n2 1\t3\r\n').score).toBe(461538);
    // R = floor(6 · 12 / 15) = 4; every job on time: T = 0 scores 10^6.
    expect(score(LOOSE, '2 0 2\n1 1\n')).toEqual({ score: 1_000_000, verdict: 'ok', feedback: 'weighted tardiness 0, scale R 4' });
  });

  const wrong: [string, string, RegExp][] = [
    ['job out of range', '2 2 4\n2 1 3\n', /line 1, token 3 "4": job 2 of machine 1 must be in \[0, 3\]/],
    ['negative job', '2 2 -1\n2 1 3\n', /line 1, token 3 "-1"/],
    ['count too large', '5 0 1 2 3 0\n0\n', /line 1, token 1 "5": job count of machine 1 must be in \[0, 4\]/],
    ['negative count', '-1\n4 0 1 2 3\n', /line 1, token 1 "-1"/],
    ['count past the remaining jobs', '3 0 1 2\n2 3 0\n', /line 2, token 5 "2": job count of machine 2 must be in \[0, 1\]/],
    ['job twice', '2 2 0\n2 0 3\n', /machine 2, position 1: job 0 is already scheduled/],
    ['job missing', '2 2 0\n1 1\n', /1 job\(s\) not scheduled, e\.g\. job 3/],
    ['a machine line missing', '2 2 0\n', /output ended early: expected job count of machine 2/],
    ['short machine line', '2 2 0\n2 1\n', /output ended early: expected job 2 of machine 2/],
    ['garbage token', '2 2 x\n2 1 3\n', /line 1, token 3 "x": expected job 2 of machine 1, an integer/],
    ['decimal token', '2 2 0.0\n2 1 3\n', /line 1, token 3 "0\.0"/],
    ['huge number', '2 2 99999999999999999999\n2 1 3\n', /line 1, token 3 "99999999999999999999"/],
    ['trailing tokens', '2 2 0\n2 1 3\n7\n', /line 3, token 7 "7": unexpected output after the answer/],
    ['empty output', '', /output ended early: expected job count of machine 1/],
    ['output over 1 MB', `2 2 0\n2 1 3\n${' '.repeat(1_000_001)}`, /output over 1000000 bytes/],
  ];
  for (const [what, output, feedback] of wrong) {
    it(`gives 0 and says where: ${what}`, () => {
      const r = score(EXAMPLE, output);
      expect(r.verdict).toBe('wrong-answer');
      expect(r.score).toBe(0);
      expect(r.feedback).toMatch(feedback);
    });
  }

  it('never throws on 10,000 fuzzed outputs, and agrees with an independent recount when it accepts', () => {
    const rng = new CaseRng(20260101);
    const inputs = [EXAMPLE, generate(0), generate(5)];
    const junk = [
      '0',
      '1',
      '-1',
      '2',
      '3',
      '00',
      '-0',
      '+1',
      '1e3',
      '0x1',
      '1.5',
      'NaN',
      'é',
      '日本',
      '\u00a0',
      '9007199254740993',
      '99999999999999999999',
      '-',
    ];
    let accepted = 0;
    for (let round = 0; round < 10_000; round++) {
      const input = inputs[round % inputs.length];
      const c = parseInput(input);
      const valid = roundRobin(c.n, c.m, rng);
      const kind = rng.int(0, 3);
      let output: string;
      if (kind === 0) {
        output = Array.from({ length: rng.int(0, 30) }, () => (rng.int(0, 3) === 0 ? junk[rng.int(0, junk.length - 1)] : String(rng.int(-3, c.n + 3)))).join(
          rng.pick([' ', '\n', '\t', '\r\n', '  ']),
        );
      } else if (kind === 1) {
        const tokens = valid.split(/\s+/).filter((t) => t !== '');
        for (let k = rng.int(1, 3); k > 0; k--) {
          const at = rng.int(0, tokens.length - 1);
          const op = rng.int(0, 4);
          if (op === 0) tokens[at] = rng.int(0, 1) ? rng.pick(junk) : String(rng.int(-2, c.n + 2));
          else if (op === 1) tokens.splice(at, 1);
          else if (op === 2) tokens.splice(at, 0, tokens[rng.int(0, tokens.length - 1)]);
          else if (op === 3) {
            const other = rng.int(0, tokens.length - 1);
            [tokens[at], tokens[other]] = [tokens[other], tokens[at]];
          } else tokens.push(rng.pick(junk));
        }
        output = tokens.join(' ');
      } else if (kind === 2) {
        output = valid.slice(0, rng.int(0, valid.length));
      } else {
        output = valid;
      }
      const r = score(input, output);
      expect(Number.isSafeInteger(r.score) && r.score >= 0, output).toBe(true);
      expect(['ok', 'wrong-answer']).toContain(r.verdict);
      if (r.verdict === 'wrong-answer') expect(r.score).toBe(0);
      else {
        accepted++;
        expect(r.score).toBe(recount(input, output));
      }
    }
    expect(accepted).toBeGreaterThan(2000);
  });
});

/** A valid answer: the jobs shuffled and dealt round-robin. */
function roundRobin(n: number, m: number, rng: CaseRng): string {
  const jobs = rng.shuffle(Array.from({ length: n }, (_, j) => j));
  const lines = Array.from({ length: m }, (_, i) => jobs.filter((_, q) => q % m === i));
  return `${lines.map((seq) => [seq.length, ...seq].join(' ')).join('\n')}\n`;
}

/** The score of an accepted answer, recomputed from the statement's formulas with BigInt throughout. */
function recount(input: string, output: string): number {
  const c = parseInput(input);
  const v = output.trim().split(/\s+/).map(Number);
  let at = 0;
  let t = 0n;
  for (let i = 0; i < c.m; i++) {
    const k = v[at++];
    let time = 0n;
    let prev = -1;
    for (let q = 0; q < k; q++) {
      const j = v[at++];
      time += BigInt((prev < 0 ? c.initialSetup[c.family[j]] : c.setup[prev][c.family[j]]) + c.processing[j]);
      prev = c.family[j];
      if (time > BigInt(c.due[j])) t += BigInt(c.weight[j]) * (time - BigInt(c.due[j]));
    }
  }
  const sumW = BigInt(c.weight.reduce((a, b) => a + b, 0));
  const sumP = BigInt(c.processing.reduce((a, b) => a + b, 0));
  let r = (sumW * sumP) / BigInt(5 * c.n);
  if (r < 1n) r = 1n;
  const s = (1_000_000n * r) / (r + t);
  return Number(s < 1n ? 1n : s);
}

describe('setup-scheduling solvers', () => {
  let baselineBin: string;
  let referenceBin: string;
  beforeAll(async () => {
    [baselineBin, referenceBin] = await Promise.all([compileCpp(join(DIR, 'baseline.cpp')), compileCpp(join(DIR, 'reference.cpp'))]);
  }, 120_000);

  const run = (command: string, args: string[], input: string): string => runSolver(command, args, input, { timeoutMs: 20_000 });

  it('the three baselines give valid answers, JavaScript and C++ the same bytes, Python the same or nearly the same score', () => {
    // The two smallest cases among the first seeds, so that Python's descent finishes its move budget in time.
    for (const seed of [5, 1]) {
      const input = generate(seed);
      const js = run(process.execPath, [join(DIR, 'baseline.js')], input);
      const cpp = run(baselineBin, [], input);
      const py = run('python3', [join(DIR, 'baseline.py')], input);
      const [sJs, sCpp, sPy] = [js, cpp, py].map((out) => score(input, out));
      for (const s of [sJs, sCpp, sPy]) expect(s.verdict, s.feedback).toBe('ok');
      // Identical bytes unless the JavaScript run hit its time guard on a loaded machine (then within 10%).
      if (cpp !== js) expect(sJs.score).toBeGreaterThanOrEqual(Math.floor(0.9 * sCpp.score));
      // Python stops at its time guard on a loaded machine; otherwise its output is identical.
      if (py !== js) expect(sPy.score).toBeGreaterThanOrEqual(Math.floor(0.9 * sJs.score));
    }
  }, 60_000);

  it('the reference beats the baseline by at least 1.3x over seeds 1000-1005', () => {
    let baseline = 0;
    let reference = 0;
    for (let seed = 1000; seed <= 1005; seed++) {
      const input = generate(seed);
      const b = score(input, run(process.execPath, [join(DIR, 'baseline.js')], input));
      const r = score(input, run(referenceBin, [], input));
      expect(b.verdict, b.feedback).toBe('ok');
      expect(r.verdict, r.feedback).toBe('ok');
      baseline += b.score;
      reference += r.score;
    }
    expect(reference).toBeGreaterThanOrEqual(1.3 * baseline);
  }, 60_000);
});
