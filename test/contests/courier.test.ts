import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileCpp, runSolver } from './solvers.ts';
import { generate, legLength, parseInput, routeLength, score } from '../../examples/contests/courier/problem.ts';

const dir = fileURLToPath(new URL('../../examples/contests/courier/', import.meta.url));

// Three customers: legs depot–1 = 5, 1–2 = 5, 2–depot = 10, 1–3 = ceil(√65) = 9, 2–3 = ceil(√80) = 9, 3–depot = 10.
const SMALL = '3 25\n0 0\n3 4 10\n6 8 5\n10 0 7\n';

const GOLDEN = [
  '133aa3089fb9fe8d62184efa8026e22e6560f4499ae2db94e073600da4208810',
  'd2c80a0c1f2cd91b3a661a24b56bcd83b2e7a71f375178acd8cd5e0ffea446c5',
  '96e15db45f6821fff3b724e4b0ee0f5f7b7f52a0241a9d4c631dfb8898ebe160',
  '912e271b862538a196d71e8b0d3d21e199ff7539c87b258c37e165ce2735e2f1',
  'b037eaa091a0cccc64e6c139da0fffdb2709f59905f05e061955efe8150992ab',
  '1d663a5bd1ee5e655f1199b4b0eda4b2d0ff7dd208a427922368605214c5b308',
  '157bb63a65836802366ffabe2304ea249f080b713ee60850a66a12d769875182',
  'a6caeacd46168500e0523cbc5eaaa5c6877bcb127d2beff93c85f752bf91d08e',
  '0b35bc9f1ce01229f9904b9a1eaf75d18f46bd95231a5696589ed71a9ce6bbc1',
  '5dee8df1876138c7f1cd3bf4f0fac87271712656232c7069d3629453b53de584',
];

describe('courier generator', () => {
  it('gives the same bytes for seeds 0-9 on every machine', () => {
    const hashes = GOLDEN.map((_, seed) => createHash('sha256').update(generate(seed)).digest('hex'));
    expect(hashes).toEqual(GOLDEN);
  });

  it('stays within the constraints and leaves only part of the prize reachable', () => {
    const sizes = new Set<number>();
    for (let seed = 0; seed < 30; seed++) {
      const text = generate(seed);
      expect(text.endsWith('\n')).toBe(true);
      expect(text.length).toBeLessThan(50_000);
      const inst = parseInput(text);
      sizes.add(inst.n);
      expect(inst.n).toBeGreaterThanOrEqual(50);
      expect(inst.n).toBeLessThanOrEqual(400);
      for (let i = 0; i <= inst.n; i++) {
        expect(inst.x[i]).toBeGreaterThanOrEqual(0);
        expect(inst.x[i]).toBeLessThanOrEqual(10_000);
        expect(inst.y[i]).toBeGreaterThanOrEqual(0);
        expect(inst.y[i]).toBeLessThanOrEqual(10_000);
      }
      for (let i = 1; i <= inst.n; i++) expect(inst.prize[i] >= 1 && inst.prize[i] <= 100).toBe(true);
      // L is far shorter than a tour of every customer: the route through all of them in index order is too long.
      const all = Array.from({ length: inst.n }, (_, i) => i + 1);
      expect(routeLength(inst, all)).toBeGreaterThan(inst.limit);
      expect(inst.limit).toBeGreaterThan(0);
    }
    expect(sizes.size).toBeGreaterThan(20);
  });

  it('measures legs as the exact ceiling of the Euclidean distance', () => {
    expect(legLength(0, 0, 3, 4)).toBe(5);
    expect(legLength(0, 0, 1, 1)).toBe(2);
    expect(legLength(0, 0, 0, 0)).toBe(0);
    expect(legLength(0, 0, 10_000, 10_000)).toBe(14_143); // √(2·10^8) = 14142.13…
    expect(legLength(0, 0, 9_999, 1)).toBe(10_000); // 9999² + 1 = 99,980,002 ≤ 10,000² = 10^8
    expect(legLength(0, 0, 6_000, 8_000)).toBe(10_000);
    expect(legLength(0, 0, 6_000, 8_001)).toBe(10_001);
  });
});

describe('courier scorer', () => {
  it('scores valid routes by the prize collected', () => {
    expect(score(SMALL, '2\n1 3\n')).toEqual({ score: 772_728, verdict: 'ok', feedback: expect.stringContaining('collected 17 of 22') });
    expect(score(SMALL, '2\n3 1\n').score).toBe(772_728);
    expect(score(SMALL, '2\n1 2\n').score).toBe(681_819);
    expect(score(SMALL, '1\n2').score).toBe(227_273); // 5 / 22, length 20
    expect(score(SMALL, '0\n').score).toBe(1);
    expect(score(SMALL, '0').score).toBe(1);
    expect(score(SMALL, '  2 \r\n 1\t3 ').score).toBe(772_728);
    // With L = 29 every customer fits: 5 + 5 + 9 + 10.
    expect(score(SMALL.replace('3 25', '3 29'), '3\n1 2 3\n').score).toBe(1_000_001);
    expect(score(SMALL.replace('3 25', '3 28'), '3\n1 2 3\n').verdict).toBe('wrong-answer');
  });

  it('rejects wrong answers with score 0 and says where', () => {
    const wrong = (output: string, ...fragments: string[]) => {
      const result = score(SMALL, output);
      expect(result.score).toBe(0);
      expect(result.verdict).toBe('wrong-answer');
      for (const f of fragments) expect(result.feedback).toContain(f);
    };
    wrong('3\n1 2 3\n', 'route length 29 exceeds the limit L = 25');
    wrong('2\n1 4\n', 'line 2, token 3 "4"', 'visit 2 must be in [1, 3]');
    wrong('2\n0 1\n', 'line 2, token 2 "0"', 'visit 1');
    wrong('4\n1 2 3 1\n', 'line 1, token 1 "4"', 'number of visits K must be in [0, 3]');
    wrong('-1\n', 'line 1, token 1 "-1"');
    wrong('2\n1 1\n', 'visit 2: customer 1 is visited twice');
    wrong('2\n1\n', 'output ended early', 'visit 2');
    wrong('2\n1 3\n2\n', 'line 3, token 4 "2"', 'unexpected output');
    wrong('2\n1 x\n', 'line 2, token 3 "x"', 'an integer');
    wrong('2\n1 3.0\n', 'line 2, token 3 "3.0"');
    wrong('', 'output ended early', 'number of visits K');
    wrong('   \n\n', 'output ended early');
    wrong('2\n1 99999999999999999999\n', 'line 2, token 3');
    wrong(`1\n1\n${' '.repeat(1_000_001)}`, 'output over 1000000 bytes');
  });

  it('never throws on 10,000 fuzzed outputs', () => {
    const inputs = [SMALL, generate(3), generate(10), generate(0)];
    let state = 12345;
    const rand = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % n;
    };
    const junk = [
      '-1',
      '0',
      '1',
      '2',
      '3',
      '400',
      '401',
      '1e3',
      '0x10',
      '9007199254740993',
      '99999999999999999999',
      'NaN',
      '',
      ' ',
      '\n',
      'é',
      '🚚',
      '\u0000',
      '+1',
      '--',
    ];
    const valid = inputs.map((input) => {
      const inst = parseInput(input);
      // A short valid route: the nearest customer, then back.
      let best = 1;
      for (let c = 2; c <= inst.n; c++) if (routeLength(inst, [c]) < routeLength(inst, [best])) best = c;
      return routeLength(inst, [best]) <= inst.limit ? `1\n${best}\n` : '0\n';
    });
    let ok = 0;
    const bad: unknown[] = [];
    for (let trial = 0; trial < 10_000; trial++) {
      const which = rand(inputs.length);
      const input = inputs[which];
      const n = parseInput(input).n;
      let output: string;
      const kind = rand(4);
      if (kind === 0) {
        const parts: string[] = [];
        for (let i = rand(12); i > 0; i--) parts.push(rand(3) === 0 ? junk[rand(junk.length)] : String(rand(n + 3) - 1));
        output = parts.join(rand(2) ? ' ' : '\n');
      } else if (kind === 1) {
        const k = rand(Math.min(n, 30) + 1);
        const visits = Array.from({ length: k }, () => 1 + rand(n));
        output = `${k + rand(3) - 1}\n${visits.join(' ')}\n`;
      } else if (kind === 2) {
        const base = valid[which];
        const cut = rand(base.length + 1);
        output = base.slice(0, cut) + (rand(2) ? junk[rand(junk.length)] : '') + base.slice(cut + rand(3));
      } else {
        output = valid[which].slice(0, rand(valid[which].length + 1));
      }
      const result = score(input, output);
      const sound =
        Number.isSafeInteger(result.score) &&
        result.score >= 0 &&
        (result.verdict === 'ok' ? result.score > 0 : result.verdict === 'wrong-answer' && result.score === 0);
      if (!sound) bad.push({ input: which, output, result });
      if (result.verdict === 'ok') ok++;
    }
    expect(bad.slice(0, 3)).toEqual([]);
    expect(ok).toBeGreaterThan(100);
  });
});

describe('courier solvers', () => {
  const run = (command: string, args: string[], input: string, limitMs = 300) => runSolver(command, args, input, { limitMs, timeoutMs: 30_000 });
  let baselineCpp = '';
  let referenceCpp = '';
  const baselines = () => [
    { name: 'javascript', command: process.execPath, args: [join(dir, 'baseline.js')] },
    { name: 'python', command: 'python3', args: [join(dir, 'baseline.py')] },
    { name: 'c++', command: baselineCpp, args: [] },
  ];

  beforeAll(async () => {
    // Both compilations at once: the slowest step of this file.
    [baselineCpp, referenceCpp] = await Promise.all([compileCpp(join(dir, 'baseline.cpp')), compileCpp(join(dir, 'reference.cpp'))]);
  }, 120_000);

  it('runs the three baselines to valid answers of the same score', () => {
    // Small cases, so that even Python ends its fixed move budget long before its clock guard (80% of the limit);
    // only a badly overloaded machine could make one of them stop early, hence the 1% allowance.
    for (const seed of [3, 10]) {
      const input = generate(seed);
      const [js, py, cpp] = baselines().map((b) => score(input, run(b.command, b.args, input)));
      expect(js.verdict, js.feedback).toBe('ok');
      for (const other of [py, cpp]) {
        expect(other.verdict, other.feedback).toBe('ok');
        expect(Math.abs(other.score - js.score)).toBeLessThanOrEqual(js.score / 100);
      }
    }
  }, 60_000);

  it('has three baselines that print the same bytes when the clock cannot interfere', () => {
    // With a 5 s limit the move budget (5% of it) is still tiny for N = 50, and the clock guard sits at 4 s.
    const input = generate(3);
    const [js, py, cpp] = baselines().map((b) => run(b.command, b.args, input, 5000));
    expect(score(input, js).verdict).toBe('ok');
    expect(py).toBe(js);
    expect(cpp).toBe(js);
  }, 60_000);

  it('has a reference at least 1.3 times better than the baseline', () => {
    let baseline = 0;
    let reference = 0;
    for (let seed = 1000; seed <= 1005; seed++) {
      const input = generate(seed);
      const b = score(input, run(process.execPath, [join(dir, 'baseline.js')], input));
      const r = score(input, run(referenceCpp, [], input));
      expect(b.verdict, b.feedback).toBe('ok');
      expect(r.verdict, r.feedback).toBe('ok');
      baseline += b.score;
      reference += r.score;
    }
    expect(reference).toBeGreaterThanOrEqual(1.3 * baseline);
  }, 60_000);
});
