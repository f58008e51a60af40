import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseRng } from '../../examples/contests/lib/rng.ts';
import { generate, LIMITS, lowerBound, parseInput, score } from '../../examples/contests/strip-packing/problem.ts';
import { compileCpp, runSolver } from './solvers.ts';

const DIR = fileURLToPath(new URL('../../examples/contests/strip-packing/', import.meta.url));

// The statement's example: LB = max(ceil(83 / 10), 4) = 9.
const EXAMPLE = '4 10\n6 4\n6 4\n5 3\n2 10\n';
const EXAMPLE_ANSWER = '0 2 0\n6 2 1\n0 6 0\n0 0 1\n';
// LB = max(ceil(17 / 5), 2) = 4.
const SMALL = '3 5\n5 1\n2 3\n3 2\n';

const GOLDEN = [
  '5521c232d65434a1b2255e27147a81e64de8e22e380e9218405fc8c14bcb2e1f',
  'cf0e5bbf1f6f39932013cfd3203cdc8ec0953173209dfd38133ae1e533b018e8',
  '33acee52126536b37d474978f1ad233fecf3b6b544234af877025b597198ccb8',
  'fd27ac04a0c2130358fc46f46f30f07d3b4c71df30e43e58695bb000b3a7f0ae',
  '41e1ed705a20ba59f7926e3636ae2cb2be8afb8e0db7eeb429e7a01e812f5586',
  'e323d81407e6100db890d480fb43c587e8494a925c16ed9f9e5f702ad205723e',
  'cf7971a2d2be5259c3b1936d0e66a5b2fb510a9f24a6cbfa664e7f54a68a325c',
  '776b245212f8592c9df5044c243449dfa534e22d4c17aa03485db48c17bbdee8',
  '596d32d3fb3bddb9683da4a279090185128d43eb85100279e7b0d1e374c5abe2',
  '5dd5ee7b1e0db072a5d91f8366981b9225aa31fb2c9dfa4c24bde2e958bca7b7',
];

describe('strip-packing generator', () => {
  it('gives the golden bytes for seeds 0-9', () => {
    for (let seed = 0; seed < 10; seed++) expect(createHash('sha256').update(generate(seed)).digest('hex'), `seed ${seed}`).toBe(GOLDEN[seed]);
  });

  it('keeps every case within the stated constraints and under 50 KB', () => {
    for (let seed = 0; seed < 300; seed++) {
      const text = generate(seed);
      expect(text.endsWith('\n')).toBe(true);
      expect(text.length).toBeLessThan(50_000);
      expect(text.trim().split(/\s+/)).toHaveLength(2 + 2 * parseInput(text).n);
      const c = parseInput(text);
      expect(c.n >= LIMITS.nMin && c.n <= LIMITS.nMax, `seed ${seed}`).toBe(true);
      expect(c.width >= LIMITS.wMin && c.width <= LIMITS.wMax, `seed ${seed}`).toBe(true);
      for (let i = 0; i < c.n; i++) {
        expect(Number.isInteger(c.w[i]) && c.w[i] >= 1 && c.w[i] <= c.width, `seed ${seed}`).toBe(true);
        expect(Number.isInteger(c.h[i]) && c.h[i] >= 1 && c.h[i] <= c.width, `seed ${seed}`).toBe(true);
      }
    }
  });

  it('makes the cut-block family exactly tight: some cases have total area a multiple of W', () => {
    let tight = 0;
    for (let seed = 0; seed < 40; seed++) {
      const c = parseInput(generate(seed));
      let area = 0;
      for (let i = 0; i < c.n; i++) area += c.w[i] * c.h[i];
      if (area % c.width === 0 && lowerBound(c) === area / c.width) tight++;
    }
    expect(tight).toBeGreaterThan(3);
  });
});

describe('strip-packing scorer', () => {
  it('scores hand-computed answers exactly', () => {
    // H = 9 = LB.
    expect(score(EXAMPLE, EXAMPLE_ANSWER)).toEqual({ score: 1_000_000, verdict: 'ok', feedback: 'height 9, lower bound 9' });
    // Rectangle 3 turned: [0, 3) × [6, 11), H = 11: floor(9e6 / 11).
    expect(score(EXAMPLE, '0 2 0\n6 2 1\n0 6 1\n0 0 1\n')).toEqual({ score: 818181, verdict: 'ok', feedback: 'height 11, lower bound 9' });
    // All four stacked as given: 4 + 4 + 3 + 10 = 21; floor(9e6 / 21).
    expect(score(EXAMPLE, '0 0 0\n0 4 0\n0 8 0\n0 11 0\n').score).toBe(428571);
    // Whitespace is free: one line, tabs, CRLF.
    expect(score(EXAMPLE, '0 2 0 6 2 1 0 6 0 0 0 1').score).toBe(1_000_000);
    expect(score(EXAMPLE, '0\t2 0\r\n6 2 1\r\n0 6\t0\r\n0 0 1').score).toBe(1_000_000);
    // SMALL: a 5 × 1 floor, then 2 × 3 and 3 × 2 side by side: H = 4 = LB.
    expect(score(SMALL, '0 0 0\n0 1 0\n2 1 0\n')).toEqual({ score: 1_000_000, verdict: 'ok', feedback: 'height 4, lower bound 4' });
    // Rectangle 1 turned into a 1 × 5 post, rectangle 2 beside it, rectangle 3 on rectangle 2: H = 5, floor(4e6 / 5).
    expect(score(SMALL, '0 0 1\n1 0 0\n1 3 0\n').score).toBe(800_000);
    // Stacked: H = 1 + 3 + 2 = 6, floor(4e6 / 6).
    expect(score(SMALL, '0 0 0\n0 1 0\n0 4 0\n').score).toBe(666_666);
    // Edges and corners may touch; a very high placement still scores at least 1.
    expect(score(SMALL, '0 0 0\n0 1 0\n2 4 0\n').score).toBe(666_666);
    expect(score(SMALL, `0 0 0\n0 1 0\n0 ${LIMITS.yMax} 0\n`)).toEqual({ score: 1, verdict: 'ok', feedback: `height ${LIMITS.yMax + 2}, lower bound 4` });
  });

  const wrong: [string, string, RegExp][] = [
    ['x out of range', '10 2 0\n6 2 1\n0 6 0\n0 0 1\n', /line 1, token 1 "10": x of rectangle 1 must be in \[0, 9\]/],
    ['negative x', '-1 2 0\n6 2 1\n0 6 0\n0 0 1\n', /line 1, token 1 "-1": x of rectangle 1 must be in \[0, 9\]/],
    ['negative y', '0 2 0\n6 -2 1\n0 6 0\n0 0 1\n', /line 2, token 5 "-2": y of rectangle 2 must be in \[0, 1000000000\]/],
    ['y too large', '0 2 0\n6 2 1\n0 1000000001 0\n0 0 1\n', /line 3, token 8 "1000000001": y of rectangle 3/],
    ['r not 0 or 1', '0 2 0\n6 2 2\n0 6 0\n0 0 1\n', /line 2, token 6 "2": r of rectangle 2 must be in \[0, 1\]/],
    ['sticking out on the right', '0 2 0\n6 2 0\n0 6 0\n0 0 1\n', /rectangle 2 \(line 2\): x \+ width = 6 \+ 6 exceeds the strip width 10/],
    ['floor not turned', '0 2 0\n6 2 1\n0 6 0\n0 0 0\n', /rectangles 1 and 4 \(lines 1 and 4\) overlap: \[0, 6\) × \[2, 6\) and \[0, 2\) × \[0, 10\)/],
    ['overlap', '0 2 0\n6 2 1\n0 5 0\n0 0 1\n', /rectangles 1 and 3 \(lines 1 and 3\) overlap: \[0, 6\) × \[2, 6\) and \[0, 5\) × \[5, 8\)/],
    ['same place twice', '0 2 0\n0 2 0\n0 6 0\n0 0 1\n', /rectangles 1 and 2 \(lines 1 and 2\) overlap/],
    ['several overlaps: the first pair is named', '0 0 1\n6 2 1\n1 1 0\n0 0 1\n', /rectangles 1 and 3 \(lines 1 and 3\) overlap/],
    ['a line missing', '0 2 0\n6 2 1\n0 6 0\n', /output ended early: expected x of rectangle 4/],
    ['short line', '0 2 0\n6 2 1\n0 6 0\n0 0\n', /output ended early: expected r of rectangle 4/],
    ['garbage token', '0 2 0\n6 two 1\n0 6 0\n0 0 1\n', /line 2, token 5 "two": expected y of rectangle 2, an integer/],
    ['decimal token', '0 2 0\n6 2.0 1\n0 6 0\n0 0 1\n', /line 2, token 5 "2\.0"/],
    ['huge number', '0 2 0\n6 99999999999999999999 1\n0 6 0\n0 0 1\n', /line 2, token 5 "99999999999999999999"/],
    ['trailing tokens', `${EXAMPLE_ANSWER}0\n`, /line 5, token 13 "0": unexpected output after the answer/],
    ['empty output', '', /output ended early: expected x of rectangle 1/],
    ['output over 1 MB', `${EXAMPLE_ANSWER}${' '.repeat(1_000_001)}`, /output over 1000000 bytes/],
  ];
  for (const [what, output, feedback] of wrong) {
    it(`gives 0 and says where: ${what}`, () => {
      const r = score(EXAMPLE, output);
      expect(r.verdict).toBe('wrong-answer');
      expect(r.score).toBe(0);
      expect(r.feedback).toMatch(feedback);
    });
  }

  it('names the first overlapping pair among many on a generated case', () => {
    const input = generate(3);
    const c = parseInput(input);
    // Stacked one above the other, then rectangles 5 and 9 (1-based) moved onto rectangle 2's place.
    const ys: number[] = [];
    let y = 0;
    for (let i = 0; i < c.n; i++) {
      ys.push(y);
      y += c.h[i];
    }
    ys[4] = ys[1];
    ys[8] = ys[1];
    const output = ys.map((v) => `0 ${v} 0`).join('\n');
    expect(score(input, output).feedback).toMatch(/^rectangles 2 and 5 \(lines 2 and 5\) overlap/);
  });

  it('never throws on 10,000 fuzzed outputs, and agrees with an independent recount when it accepts', () => {
    const rng = new CaseRng(20260113);
    const inputs = [EXAMPLE, SMALL, generate(0), generate(7)];
    const junk = [
      '0',
      '1',
      '-1',
      '2',
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
      '1000000000',
    ];
    let accepted = 0;
    let rejected = 0;
    for (let round = 0; round < 10_000; round++) {
      const input = inputs[round % inputs.length];
      const c = parseInput(input);
      const valid = shelfAnswer(c.n, c.width, c.w, c.h, rng);
      const kind = rng.int(0, 4);
      let output: string;
      if (kind === 0) {
        output = Array.from({ length: rng.int(0, 3 * c.n + 2) }, () => (rng.int(0, 3) === 0 ? rng.pick(junk) : String(rng.int(-2, c.width + 2)))).join(
          rng.pick([' ', '\n', '\t', '\r\n', '  ']),
        );
      } else if (kind === 1) {
        const tokens = valid.split(/\s+/).filter((t) => t !== '');
        for (let k = rng.int(1, 3); k > 0; k--) {
          const at = rng.int(0, tokens.length - 1);
          const op = rng.int(0, 5);
          if (op === 0) tokens[at] = rng.int(0, 1) ? rng.pick(junk) : String(rng.int(-2, c.width + 2));
          else if (op === 1) tokens.splice(at, 1);
          else if (op === 2) tokens.splice(at, 0, tokens[rng.int(0, tokens.length - 1)]);
          else if (op === 3) {
            const other = rng.int(0, tokens.length - 1);
            [tokens[at], tokens[other]] = [tokens[other], tokens[at]];
          } else if (op === 4) tokens[at] = String(Math.max(0, Number(tokens[at]) + rng.int(-3, 3)));
          else tokens.push(rng.pick(junk));
        }
        output = tokens.join(rng.pick([' ', '\n']));
      } else if (kind === 2) {
        output = valid.slice(0, rng.int(0, valid.length));
      } else {
        output = valid;
      }
      const r = score(input, output);
      expect(Number.isSafeInteger(r.score) && r.score >= 0, output).toBe(true);
      expect(['ok', 'wrong-answer']).toContain(r.verdict);
      const expected = recount(input, output);
      if (r.verdict === 'wrong-answer') {
        rejected++;
        expect(r.score).toBe(0);
        expect(expected, `${r.feedback}\n${output}`).toBe(0);
      } else {
        accepted++;
        expect(r.score).toBe(expected);
      }
    }
    expect(accepted).toBeGreaterThan(3000);
    expect(rejected).toBeGreaterThan(3000);
  });
});

/** A valid answer: random turns, then next-fit shelves in random order. */
function shelfAnswer(n: number, width: number, w: number[], h: number[], rng: CaseRng): string {
  const out: string[] = new Array(n);
  let x = 0;
  let y = 0;
  let shelf = 0;
  for (const i of rng.shuffle(Array.from({ length: n }, (_, k) => k))) {
    const r = rng.int(0, 1);
    const a = r ? h[i] : w[i];
    const b = r ? w[i] : h[i];
    if (x + a > width) {
      y += shelf;
      x = 0;
      shelf = 0;
    }
    out[i] = `${x} ${y} ${r}`;
    x += a;
    shelf = Math.max(shelf, b);
  }
  return `${out.join('\n')}\n`;
}

/** The score of an output by the statement's rules, with plain checks and BigInt: 0 when it is not a valid answer. */
function recount(input: string, output: string): number {
  const c = parseInput(input);
  const tokens = output.split(/[ \t\r\n\f\v]+/).filter((t) => t !== '');
  if (tokens.length !== 3 * c.n || !tokens.every((t) => /^-?\d+$/.test(t))) return 0;
  const v = tokens.map((t) => BigInt(t));
  // Once in range, every coordinate is below 2^31, so the boxes are plain numbers.
  const box: number[][] = [];
  let top = 0;
  for (let i = 0; i < c.n; i++) {
    const [x, y, r] = [v[3 * i], v[3 * i + 1], v[3 * i + 2]];
    if (x < 0n || y < 0n || y > BigInt(LIMITS.yMax) || (r !== 0n && r !== 1n)) return 0;
    const w = r === 1n ? c.h[i] : c.w[i];
    const h = r === 1n ? c.w[i] : c.h[i];
    if (x + BigInt(w) > BigInt(c.width)) return 0;
    box.push([Number(x), Number(y), Number(x) + w, Number(y) + h]);
    top = Math.max(top, Number(y) + h);
  }
  for (let i = 0; i < c.n; i++) {
    for (let j = i + 1; j < c.n; j++) {
      const [a, b] = [box[i], box[j]];
      if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) return 0;
    }
  }
  let area = 0n;
  let side = 0n;
  for (let i = 0; i < c.n; i++) {
    area += BigInt(c.w[i] * c.h[i]);
    const m = BigInt(Math.min(c.w[i], c.h[i]));
    if (m > side) side = m;
  }
  const W = BigInt(c.width);
  const ceil = (area + W - 1n) / W;
  const lb = ceil > side ? ceil : side;
  const s = (1_000_000n * lb) / BigInt(top);
  return Number(s < 1n ? 1n : s);
}

describe('strip-packing solvers', () => {
  let baselineBin: string;
  beforeAll(async () => {
    baselineBin = await compileCpp(join(DIR, 'baseline.cpp'));
  }, 120_000);

  const run = (command: string, args: string[], input: string): string => runSolver(command, args, input, { timeoutMs: 20_000 });

  it('the three baselines give valid answers, and the same bytes unless a time guard cut one short', () => {
    // The smallest and the largest case among seeds 0-11: N = 22 and N = 230.
    for (const seed of [3, 8]) {
      const input = generate(seed);
      const js = run(process.execPath, [join(DIR, 'baseline.js')], input);
      const cpp = run(baselineBin, [], input);
      const py = run('python3', [join(DIR, 'baseline.py')], input);
      const [sJs, sCpp, sPy] = [js, cpp, py].map((out) => score(input, out));
      for (const s of [sJs, sCpp, sPy]) expect(s.verdict, s.feedback).toBe('ok');
      expect(sJs.score).toBeLessThan(1_000_000);
      // The move budget is tiny next to the time guard, so only a badly loaded machine makes these differ (then within 10%).
      if (cpp !== js) expect(sJs.score).toBeGreaterThanOrEqual(Math.floor(0.9 * sCpp.score));
      if (py !== js) expect(sPy.score).toBeGreaterThanOrEqual(Math.floor(0.9 * sJs.score));
    }
  }, 60_000);

  it('the reference beats the baseline by at least 1.3x over seeds 1000-1005', () => {
    let baseline = 0;
    let reference = 0;
    for (let seed = 1000; seed <= 1005; seed++) {
      const input = generate(seed);
      const b = score(input, run(process.execPath, [join(DIR, 'baseline.js')], input));
      const r = score(input, run(process.execPath, [join(DIR, 'reference.js')], input));
      expect(b.verdict, b.feedback).toBe('ok');
      expect(r.verdict, r.feedback).toBe('ok');
      baseline += b.score;
      reference += r.score;
    }
    expect(reference).toBeGreaterThanOrEqual(1.3 * baseline);
  }, 60_000);
});
