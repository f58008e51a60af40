import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, parseInput, populationRange, referenceCut, score } from '../../examples/contests/districts/problem.ts';
import { compileCpp, runSolver } from './solvers.ts';

const dir = fileURLToPath(new URL('../../examples/contests/districts/', import.meta.url));

const GOLDEN = [
  'b3ad8f987206a8d28dcebc7fa6fbf924ef8ade2f89f7196317adc498eb66867c',
  '6af505a6eb5d9a52b922e7a6b4a7d212418d161e72915982be3e098ab01c1526',
  'a36e093783288bec02d274d56a66e0614ec33c63905e862c3a989af9c87313f0',
  '8ba7c816e4cd27e562a4b7a3d2f30f5ee510f175d8d5ac09132a9f48fc9e7f0f',
  'aa10b3dd2f4d63de534c5129129952da52ae49ce2ca204791bef95b72a413ecd',
  'b08ddb36d931d9d06eb852b113a73751f8de3bba37b34bf528768a12d09c8d58',
  'e911b2dc77091bbc0da412a6bf8400c1635bd517ff098fe147a84a22753057ac',
  'e5599caf9cc78f6ae1e72b2388e46b9ce0e2d18f0a90ca2eda82bf3137a64396',
  '90ff818d0f4f462ba6f6ac8c0e5a15bdb14c86a603485c0d8fa4554e1c08bf4c',
  '684ae128a038960c38d49e7f3d8b3aaf55480ad8c04bd9d979b1fac49a174958',
];

/** The always-valid answer of the statement: the row-by-row snake cut where its running total crosses each share. */
function snakeAnswer(input: string): string {
  const { h, w, k, pop } = parseInput(input);
  const total = pop.reduce((a, b) => a + b, 0);
  const id: number[] = new Array(h * w);
  let cum = 0;
  let d = 0;
  for (let r = 0; r < h; r++) {
    for (let t = 0; t < w; t++) {
      const i = r * w + (r % 2 === 0 ? t : w - 1 - t);
      id[i] = d;
      cum += pop[i];
      if (d < k - 1 && k * cum >= (d + 1) * total) d++;
    }
  }
  return rows(id, w);
}

function rows(id: number[], w: number): string {
  const lines: string[] = [];
  for (let i = 0; i < id.length; i += w) lines.push(id.slice(i, i + w).join(' '));
  return `${lines.join('\n')}\n`;
}

describe('districts generator', () => {
  it('is pinned by golden hashes for seeds 0-9', () => {
    const hashes = GOLDEN.map((_, seed) => createHash('sha256').update(generate(seed)).digest('hex'));
    expect(hashes).toEqual(GOLDEN);
  });

  it('keeps every input within the constraints, with a valid snake answer', () => {
    for (let seed = 0; seed < 60; seed++) {
      const input = generate(seed);
      const { h, w, k, pop } = parseInput(input);
      expect(input.endsWith('\n')).toBe(true);
      expect(input.length).toBeLessThan(50_000);
      expect(h).toBeGreaterThanOrEqual(20);
      expect(w).toBeLessThanOrEqual(50);
      expect(k).toBeGreaterThanOrEqual(4);
      expect(k).toBeLessThanOrEqual(20);
      expect(pop).toHaveLength(h * w);
      expect(pop.every((p) => Number.isInteger(p) && p >= 0 && p <= 999)).toBe(true);
      expect(pop.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10_000 * k);
      expect(score(input, snakeAnswer(input)).verdict).toBe('ok');
    }
  });
});

describe('districts scorer', () => {
  const example = '3 4 2\n10 20 30 40\n10 0 30 40\n50 50 20 20\n';
  const flat = '2 4 2\n10 10 10 10\n10 10 10 10\n';
  const three = '2 3 3\n5 5 5\n5 5 5\n';

  it('scores the statement example by hand: C = 4, Cref = 1', () => {
    expect(populationRange(320, 2)).toEqual([144, 176]);
    expect(referenceCut(3, 4, 2)).toBe(1);
    expect(score(example, '0 0 1 1\n0 0 1 1\n0 0 0 1\n')).toMatchObject({ score: 250_000, verdict: 'ok' });
  });

  it('scores other valid answers by hand', () => {
    // Cref = 2·isqrt(16) − 6 = 2; a vertical split cuts 2 edges, a horizontal one 4.
    expect(score(flat, '0 0 1 1\n0 0 1 1')).toMatchObject({ score: 1_000_000, verdict: 'ok' });
    expect(score(flat, '1 1 1 1 0 0 0 0')).toMatchObject({ score: 500_000, verdict: 'ok' });
    // Cref = 2·isqrt(18) − 5 = 3; three columns cut 4 edges.
    expect(score(three, '0 1 2\n0 1 2\n')).toMatchObject({ score: 750_000, verdict: 'ok' });
    // Populations 15, 10, 5: districts 0 and 2 are outside [9, 11].
    expect(score(three, '0 0 1\n2 0 1\n')).toMatchObject({ score: 0, verdict: 'wrong-answer' });
    // Populations 10, 10, 10; cut edges (0,1)|(0,2), (1,1)|(1,2), (0,0) over (1,0), (0,1) over (1,1): C = 4 → 750000.
    expect(score(three, '0 0 1\n2 2 1\n')).toMatchObject({ score: 750_000, verdict: 'ok' });
  });

  it('rejects unbalanced, disconnected and empty districts, naming the district', () => {
    const unbalanced = score(example, '0 0 1 1\n0 0 1 1\n0 0 1 1\n');
    expect(unbalanced).toMatchObject({ score: 0, verdict: 'wrong-answer' });
    expect(unbalanced.feedback).toContain('district 0 has population 140');
    expect(unbalanced.feedback).toContain('[144, 176]');

    const split = score(flat, '0 1 1 0\n0 1 1 0\n');
    expect(split).toMatchObject({ score: 0, verdict: 'wrong-answer' });
    expect(split.feedback).toContain('district 0 is not 4-connected');
    expect(split.feedback).toContain('(0, 3)');

    const diagonal = score(flat, '0 0 1 1\n1 1 0 0\n');
    expect(diagonal.verdict).toBe('wrong-answer');
    expect(diagonal.feedback).toContain('not 4-connected');

    const empty = score(three, '0 0 1\n0 1 1\n');
    expect(empty).toMatchObject({ score: 0, verdict: 'wrong-answer' });
    expect(empty.feedback).toContain('district 2 has no cells');
  });

  it('rejects malformed output, naming the line and token', () => {
    const bad = (output: string) => {
      const result = score(three, output);
      expect(result.score).toBe(0);
      expect(result.verdict).toBe('wrong-answer');
      return result.feedback ?? '';
    };
    expect(bad('0 1 2\n0 1 3\n')).toMatch(/line 2, token 6 "3".*\[0, 2\]/);
    expect(bad('0 1 2\n0 -1 2\n')).toMatch(/line 2, token 5 "-1"/);
    expect(bad('0 1 2\n0 x 2\n')).toMatch(/line 2, token 5 "x".*integer/);
    expect(bad('0 1 2\n0 1.0 2\n')).toMatch(/line 2, token 5/);
    expect(bad('0 1 2\n0 1\n')).toMatch(/ended early.*cell \(1, 2\)/);
    expect(bad('0 1 2\n0 1 2\n7\n')).toMatch(/line 3, token 7 "7": unexpected output/);
    expect(bad('')).toMatch(/ended early.*cell \(0, 0\)/);
    expect(bad('99999999999999999999 1 2 0 1 2')).toMatch(/line 1, token 1/);
    expect(bad(`0 1 2\n0 1 2\n${' '.repeat(1_000_001)}`)).toMatch(/over 1000000 bytes/);
  });

  it('never throws on 10,000 fuzzed outputs', () => {
    let state = 0x2545f491;
    const rnd = (m: number) => {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      return state % m;
    };
    const inputs = [example, flat, three, generate(1), generate(3)];
    const valid = inputs.map((input) => (input === example ? '0 0 1 1\n0 0 1 1\n0 0 0 1\n' : snakeAnswer(input)));
    const junk = [
      '0',
      '1',
      '-1',
      '2',
      '19',
      '20',
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
    ];
    let ok = 0;
    for (let trial = 0; trial < 10_000; trial++) {
      const which = rnd(inputs.length);
      const input = inputs[which];
      const tokens = valid[which].split(/\s+/).filter((t) => t !== '');
      let output: string;
      switch (rnd(5)) {
        case 0: {
          // Random tokens of plausible ids and junk.
          const count = rnd(tokens.length + 3);
          output = Array.from({ length: count }, () => (rnd(3) === 0 ? junk[rnd(junk.length)] : String(rnd(8)))).join(rnd(2) ? ' ' : '\n');
          break;
        }
        case 1: {
          // The valid answer with a few ids changed.
          const copy = [...tokens];
          for (let m = rnd(4); m >= 0; m--) copy[rnd(copy.length)] = String(rnd(parseInput(input).k + 1));
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

describe('districts solvers', () => {
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
