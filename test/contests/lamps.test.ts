import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, type LampsInput, parseInput, score } from '../../examples/contests/lamps/problem.ts';
import { compileCpp, runSolver } from './solvers.ts';

const dir = fileURLToPath(new URL('../../examples/contests/lamps/', import.meta.url));

const GOLDEN = [
  '445a72df4b6625ff7e88753ff571cc86e14f2d736092b2ccbb983031131febfe',
  '46e01b72f9cf1d7742b9845bf10379772f2da531a21413679bc9f6a5320f36ef',
  '0fbdd78cb60ae27d8159c789dcaef7f0a4f084c4e1c821613ae4ffda716261cf',
  '98f5565d07aef639b704b3f887feda3384f16d73ed7e900c30606dc1c14d16e4',
  '40fb4f9cb58b368b748435e5f37c277b48997248bb2045a064a7b32639550722',
  '97c567a3a757851fdecfe2b4f1e97b302347f920b70736a87ba3f95ee7ef6c66',
  'ab6a798fe6fcc46bd9dd86672fb1d0d746a0fa96f7d07f7e9c8dc2314288b55c',
  'a826a481c7c72f066f03b20863952cffc6ff38e7cf16fb5bd4636dbde9a94c0b',
  'da9c23412b6c39f6fc79413dc7d2d7026527c66634c6942bca706f01edbb9d17',
  'd0e75204c62ebb1116625e8d3bd1d5215a190f120b9b630c80a01397e6c2e7cc',
];

/** The statement's example: T = 48. */
const example = '3 5 2\n12#34\n5#678\n9111#\n';

function xorshift(seed: number) {
  let state = seed >>> 0;
  return (m: number) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % m;
  };
}

/** `count` distinct random floor cells, as an answer. */
function randomAnswer(inst: LampsInput, count: number, rnd: (m: number) => number): string {
  const floor: number[] = [];
  for (let i = 0; i < inst.h * inst.w; i++) if (inst.value[i] > 0) floor.push(i);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, floor.length)) chosen.add(floor[rnd(floor.length)]);
  return `${chosen.size}\n${[...chosen].map((i) => `${Math.floor(i / inst.w)} ${i % inst.w}`).join('\n')}\n`;
}

/** The score by the statement's words, cell by cell: a cell is lit when a lamp sees it along a wall-free row or column. */
function naiveScore(inst: LampsInput, lamps: [number, number][]): number {
  const { h, w, value } = inst;
  const clear = (r0: number, c0: number, r1: number, c1: number) => {
    for (let r = Math.min(r0, r1); r <= Math.max(r0, r1); r++)
      for (let c = Math.min(c0, c1); c <= Math.max(c0, c1); c++) if (value[r * w + c] === 0) return false;
    return true;
  };
  let total = 0;
  let dark = 0;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const v = value[r * w + c];
      total += v;
      if (v > 0 && !lamps.some(([lr, lc]) => (lr === r || lc === c) && clear(lr, lc, r, c))) dark += v;
    }
  }
  return Math.floor((1_000_000 * total) / (total + 100 * dark));
}

describe('lamps generator', () => {
  it('is pinned by golden hashes for seeds 0-9', () => {
    const hashes = GOLDEN.map((_, seed) => createHash('sha256').update(generate(seed)).digest('hex'));
    expect(hashes).toEqual(GOLDEN);
  });

  it('keeps every input within the constraints', () => {
    for (let seed = 0; seed < 60; seed++) {
      const input = generate(seed);
      const { h, w, k, value } = parseInput(input);
      const lines = input.split('\n');
      expect(input.endsWith('\n')).toBe(true);
      expect(input.length).toBeLessThan(50_000);
      expect(h).toBeGreaterThanOrEqual(20);
      expect(h).toBeLessThanOrEqual(60);
      expect(w).toBeGreaterThanOrEqual(20);
      expect(w).toBeLessThanOrEqual(60);
      expect(lines).toHaveLength(h + 2);
      for (let r = 1; r <= h; r++) expect(lines[r]).toMatch(new RegExp(`^[#1-9]{${w}}$`));
      const floor = value.filter((v) => v > 0).length;
      expect(floor * 100).toBeGreaterThanOrEqual(60 * h * w);
      expect(k).toBeGreaterThanOrEqual(5);
      expect(k).toBeLessThan(floor);
    }
  });
});

describe('lamps scorer', () => {
  it('scores the statement example and other answers by hand', () => {
    // D = 2 + 4 = 6: floor(48·10^6 / 648) = 74074.
    expect(score(example, '2\n2 0\n1 3\n')).toMatchObject({ score: 74_074, verdict: 'ok' });
    expect(score(example, '2\n1 3\n2 0')).toMatchObject({ score: 74_074, verdict: 'ok' });
    // No lamps: D = 48, floor(48·10^6 / 4848) = 9900.
    expect(score(example, '0\n')).toMatchObject({ score: 9900, verdict: 'ok' });
    // (2,0) alone lights 9+1+1+1+5+1 = 18: D = 30, floor(48·10^6 / 3048) = 15748.
    expect(score(example, '1\n2 0\n')).toMatchObject({ score: 15_748, verdict: 'ok' });
    // (0,0) lights (0,0), (0,1), (1,0), (2,0); (1,2) lights (1,2), (1,3), (1,4), (2,2): dark (0,3), (0,4), (2,1), (2,3)
    // worth 3 + 4 + 1 + 1 = 9: floor(48·10^6 / 948) = 50632.
    expect(score(example, '2 0 0 1 2')).toMatchObject({ score: 50_632, verdict: 'ok' });
    // Light stops at walls and the edge: "1#9" with the lamp on the 9 leaves the 1 dark.
    expect(score('1 3 1\n1#9\n', '1\n0 2\n')).toMatchObject({ score: 90_909, verdict: 'ok' });
    expect(score('1 3 1\n1#9\n', '1\n0 0\n')).toMatchObject({ score: 10_989, verdict: 'ok' });
    // Everything lit scores 10^6; light passes over another lamp ((0,0) lights (0,2) through the lamp at (0,1)).
    expect(score('2 3 2\n111\n11#\n', '2\n0 1\n1 0\n')).toMatchObject({ score: 1_000_000, verdict: 'ok' });
    expect(score('1 3 2\n191\n', '2\n0 0\n0 1\n')).toMatchObject({ score: 1_000_000, verdict: 'ok' });
    // (1,1) alone lights (1,0), (1,1), (0,1): dark (0,0) and (0,2), D = 2, floor(5·10^6 / 205) = 24390.
    expect(score('2 3 2\n111\n11#\n', '1\n1 1\n')).toMatchObject({ score: 24_390, verdict: 'ok' });
    // (0,0) and (0,2) leave (1,1) dark: the wall at (1,2) blocks the column of (0,2). floor(5·10^6 / 105) = 47619.
    expect(score('2 3 2\n111\n11#\n', '2\n0 0\n0 2\n')).toMatchObject({ score: 47_619, verdict: 'ok' });
  });

  it('agrees with a cell-by-cell count on random lamps of generated inputs', () => {
    const rnd = xorshift(0x1234567);
    for (const seed of [2, 5, 8]) {
      const input = generate(seed);
      const inst = parseInput(input);
      for (const count of [0, 1, 7, inst.k]) {
        const answer = randomAnswer(inst, count, rnd);
        const v = answer.trim().split(/\s+/).map(Number);
        const lamps: [number, number][] = [];
        for (let q = 0; q < v[0]; q++) lamps.push([v[1 + 2 * q], v[2 + 2 * q]]);
        const result = score(input, answer);
        expect(result.verdict, result.feedback).toBe('ok');
        expect(result.score).toBe(naiveScore(inst, lamps));
      }
    }
  });

  it('rejects lamps on walls, twice on a cell or beyond K, naming the lamp', () => {
    const wall = score(example, '2\n2 0\n1 1\n');
    expect(wall).toMatchObject({ score: 0, verdict: 'wrong-answer' });
    expect(wall.feedback).toContain('lamp 2 at (1, 1) is on a wall');
    const twice = score(example, '2\n1 3\n1 3\n');
    expect(twice).toMatchObject({ score: 0, verdict: 'wrong-answer' });
    expect(twice.feedback).toContain('lamp 2 at (1, 3) is on the same cell');
    expect(score(example, '3\n0 0\n1 3\n2 2\n').feedback).toMatch(/line 1, token 1 "3".*\[0, 2\]/);
  });

  it('rejects malformed output, naming the line and token', () => {
    const bad = (output: string) => {
      const result = score(example, output);
      expect(result.score).toBe(0);
      expect(result.verdict).toBe('wrong-answer');
      return result.feedback ?? '';
    };
    expect(bad('2\n3 0\n1 3\n')).toMatch(/line 2, token 2 "3": the row of lamp 1 must be in \[0, 2\]/);
    expect(bad('2\n2 5\n1 3\n')).toMatch(/line 2, token 3 "5": the column of lamp 1 must be in \[0, 4\]/);
    expect(bad('2\n2 0\n1 -1\n')).toMatch(/line 3, token 5 "-1"/);
    expect(bad('2\n2 0\n1 x\n')).toMatch(/line 3, token 5 "x".*integer/);
    expect(bad('2\n2 0\n1 3.0\n')).toMatch(/line 3, token 5/);
    expect(bad('-1\n')).toMatch(/line 1, token 1 "-1"/);
    expect(bad('2\n2 0\n')).toMatch(/ended early.*row of lamp 2/);
    expect(bad('2\n2 0\n1 3\n4\n')).toMatch(/line 4, token 6 "4": unexpected output/);
    expect(bad('')).toMatch(/ended early.*number of lamps M/);
    expect(bad('99999999999999999999\n')).toMatch(/line 1, token 1/);
    expect(bad(`2\n2 0\n1 3\n${' '.repeat(1_000_001)}`)).toMatch(/over 1000000 bytes/);
  });

  it('never throws on 10,000 fuzzed outputs', () => {
    const rnd = xorshift(0x2545f491);
    const inputs = [example, '1 3 1\n1#9\n', generate(1), generate(4)];
    const insts = inputs.map(parseInput);
    const valid = inputs.map((input, which) => (input === example ? '2\n2 0\n1 3\n' : randomAnswer(insts[which], insts[which].k, rnd)));
    const junk = [
      '0',
      '1',
      '-1',
      '2',
      '59',
      '60',
      'x',
      '1e3',
      '0x1',
      '9007199254740993',
      '99999999999999999999',
      'ü',
      '٣',
      '\u0000',
      '',
      ' ',
      '\n',
      '\t',
      '-0',
      '+1',
      '01',
      '#',
    ];
    let ok = 0;
    for (let trial = 0; trial < 10_000; trial++) {
      const which = rnd(inputs.length);
      const input = inputs[which];
      const { h, w, k } = insts[which];
      const tokens = valid[which].split(/\s+/).filter((t) => t !== '');
      let output: string;
      switch (rnd(6)) {
        case 0: {
          // Random tokens: small numbers and junk.
          const count = rnd(tokens.length + 3);
          output = Array.from({ length: count }, () => (rnd(3) === 0 ? junk[rnd(junk.length)] : String(rnd(Math.max(h, w) + 2)))).join(rnd(2) ? ' ' : '\n');
          break;
        }
        case 1: {
          // The valid answer with a few coordinates changed (walls, duplicates, out of range).
          const copy = [...tokens];
          for (let m = rnd(4); m >= 0; m--) copy[1 + rnd(copy.length - 1 || 1)] = String(rnd(Math.max(h, w) + 1));
          output = copy.join(' ');
          break;
        }
        case 2:
          output = valid[which].slice(0, rnd(valid[which].length + 1));
          break;
        case 3: {
          const copy = [...tokens];
          copy[rnd(copy.length)] = junk[rnd(junk.length)];
          output = copy.join(' ') + (rnd(2) ? ` ${junk[rnd(junk.length)]}` : '');
          break;
        }
        case 4: {
          // A count that does not match the lamps given, or exceeds K.
          const copy = [...tokens];
          copy[0] = String(rnd(k + 3));
          output = copy.join('\n');
          break;
        }
        default:
          output = valid[which];
      }
      const result = score(input, output);
      expect(Number.isSafeInteger(result.score) && result.score >= 0).toBe(true);
      if (result.verdict === 'wrong-answer') expect(result.score).toBe(0);
      else {
        expect(result.verdict).toBe('ok');
        expect(result.score).toBeGreaterThan(0);
        ok++;
      }
    }
    expect(ok).toBeGreaterThan(1000);
  });
});

describe('lamps solvers', () => {
  let cppBinary = '';
  const seeds = [0, 7];

  beforeAll(async () => {
    cppBinary = await compileCpp(join(dir, 'baseline.cpp'));
  }, 120_000);
  const run = (command: string, args: string[], input: string) => runSolver(command, args, input);

  it('the three baselines give the same valid answers', () => {
    for (const seed of seeds) {
      const input = generate(seed);
      const outputs = [run('node', [join(dir, 'baseline.js')], input), run('python3', [join(dir, 'baseline.py')], input), run(cppBinary, [], input)];
      const scores = outputs.map((output) => score(input, output));
      for (const s of scores) expect(s.verdict, s.feedback).toBe('ok');
      expect(scores[1].score).toBe(scores[0].score);
      expect(scores[2].score).toBe(scores[0].score);
      expect(outputs[1]).toBe(outputs[0]);
      expect(outputs[2]).toBe(outputs[0]);
    }
  });

  it('the reference beats the baseline by at least 1.3x over seeds 1000-1005', () => {
    let baseline = 0;
    let reference = 0;
    for (let seed = 1000; seed <= 1005; seed++) {
      const input = generate(seed);
      const b = score(input, run('node', [join(dir, 'baseline.js')], input));
      const r = score(input, run('node', [join(dir, 'reference.js')], input));
      expect(b.verdict, b.feedback).toBe('ok');
      expect(r.verdict, r.feedback).toBe('ok');
      baseline += b.score;
      reference += r.score;
    }
    expect(reference).toBeGreaterThanOrEqual(1.3 * baseline);
  });
});
