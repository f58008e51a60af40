// The DiscoPOP task: the trainer's numerical gradient, the validity gate, the judge in closed form, the policy that
// keeps a loss from reaching out, and the hidden reward that never enters the sandbox.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAMILIES, generate, generateCase, type Key, rewardAtKl, score } from '../../examples/discopop/problem.ts';
import { checkLoss, lossGradient, trainAll } from '../../examples/discopop/trainer.mjs';
import { caseTaskOf } from '../../src/cases/case-task.ts';
import { loadTask } from '../../src/config/load.ts';
import { BASE_ENV } from '../../src/engine/evaluate.ts';
import { evolveRegions } from '../../src/operators/evolve-blocks.ts';
import { checkPolicy, policyRules } from '../../src/safeguards/policy.ts';
import { ProcessSandbox } from '../../src/sandbox/process.ts';
import type { SandboxRequest } from '../../src/sandbox/types.ts';
import { REPO } from '../support/tmp.ts';

type Loss = (pc: number, pr: number, rc: number, rr: number, beta: number) => number;
const dir = join(REPO, 'examples/discopop');
const PROGRAMS = ['dpo.js', 'losses/ipo.js', 'losses/hinge.js', 'losses/cdpo.js', 'losses/lrml.js'];

/** The loss a program file defines, compiled from its EVOLVE block alone (what the trainer would call). */
function lossOf(file: string): Loss {
  const code = readFileSync(join(dir, file), 'utf8');
  const [region] = evolveRegions(code);
  return new Function(`${code.slice(region.start, region.end)}\nreturn loss;`)() as Loss;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const sandbox = new ProcessSandbox();
afterAll(() => sandbox.close());

describe('discopop trainer', () => {
  it("the numerical gradient of DPO matches DPO's analytic gradient (relative error < 1e-6)", () => {
    const dpo = lossOf('dpo.js');
    let worst = 0;
    for (let i = 0; i < 200; i++) {
      const [pc, pr, rc, rr] = [-1 - ((i * 7) % 29), -2 - ((i * 13) % 23), -1.5 - ((i * 5) % 19), -3 - ((i * 11) % 17)];
      const beta = [0.05, 0.1, 0.35, 1, 5][i % 5];
      const [, dChosen, dRejected] = lossGradient(dpo, pc + i / 97, pr, rc, rr, beta);
      const h = pc + i / 97 - rc - (pr - rr);
      const analytic = -beta * sigmoid(-beta * h);
      for (const [numeric, exact] of [
        [dChosen, analytic],
        [dRejected, -analytic],
      ]) {
        if (Math.abs(exact) > 1e-9) worst = Math.max(worst, Math.abs(numeric - exact) / Math.abs(exact));
      }
    }
    expect(worst).toBeLessThan(1e-6);
  });

  it('the validity gate rejects NaN, infinite, constant and gradient-free losses, and throws, with the reason', () => {
    const betas = [0.1, 1];
    expect(checkLoss(() => Number.NaN, betas)).toMatch(/the loss is NaN/);
    expect(checkLoss(() => Number.POSITIVE_INFINITY, betas)).toMatch(/the loss is Infinity/);
    expect(checkLoss(() => 0.7, betas)).toMatch(/the loss is constant \(0\.7\)/);
    expect(checkLoss((_pc: number, _pr: number, rc: number) => rc * 2, betas)).toMatch(/no gradient/);
    expect(checkLoss((pc: number) => (pc < -16 ? Number.NaN : pc), betas)).toMatch(/NaN/);
    expect(checkLoss(() => 'low' as unknown as number, betas)).toMatch(/the loss is low/);
    expect(
      checkLoss(() => {
        throw new Error('boom');
      }, betas),
    ).toMatch(/the loss threw .*boom/);
    for (const file of PROGRAMS) expect(checkLoss(lossOf(file), betas), file).toBeNull();
  });

  it('a loss that fails the gate is never trained: the answer says why', () => {
    const { instance } = generateCase(1, 'A');
    expect(trainAll(() => 1, instance)).toEqual({ invalid: expect.stringMatching(/constant/) });
  });
});

describe('discopop judge', () => {
  // Two tokens, one feature, one-token answers: the policy with weight ln 3 on token 0 puts p = 0.75 on it.
  const tiny = {
    family: 'T',
    vocab: 2,
    features: 1,
    length: 1,
    reference: [[0], [0]],
    contexts: [],
    pairs: [],
    betas: [1],
    epochs: 1,
    learningRate: 0.1,
    batchSize: 1,
    seed: 1,
  };
  const kl = 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5);
  const key: Key = { family: 'T', reward: [[1], [-1]], testContexts: [[1]], targetKl: kl / 2 };
  const answer = (weights: number[][][]) => JSON.stringify({ policies: weights.map((w, i) => ({ beta: i, weights: w })) });

  it('reads the reward at the target KL off the curve through the reference, by hand', () => {
    // Reward 2p − 1 = 0.5 at KL 0.1308; the reference has reward 0 and spread 1; halfway in KL is reward 0.25.
    const got = score(JSON.stringify(tiny), answer([[[Math.log(3)], [0]]]), key);
    expect(got.verdict).toBe('ok');
    expect(got.score).toBeCloseTo(0.25, 12);
    // A curve that never reaches the target is read at its furthest point, never extrapolated.
    const short = score(JSON.stringify(tiny), answer([[[Math.log(3)], [0]]]), { ...key, targetKl: 5 });
    expect(short.score).toBeCloseTo(0.5, 12);
    expect(
      rewardAtKl(
        [
          { kl: 0, reward: 0 },
          { kl: 2, reward: 1 },
          { kl: 1, reward: 0.8 },
        ],
        1.5,
      ),
    ).toBeCloseTo(0.9, 12);
  });

  it('malformed answers are wrong answers with the reason; 10,000 fuzzed answers never throw', () => {
    const input = JSON.stringify(tiny);
    const cases: [string, RegExp][] = [
      ['', /not JSON/],
      ['{"policies": []}', /1 to 32/],
      ['{"policies": [{"beta": 1, "weights": [[1e999], [0]]}]}', /finite numbers/],
      ['{"policies": [{"beta": 1, "weights": [[1]]}]}', /2 rows of 1/],
      ['{"invalid": "the loss is NaN"}', /validity gate: the loss is NaN/],
      ['null', /1 to 32/],
    ];
    for (const [output, why] of cases) {
      const got = score(input, output, key);
      expect(got.verdict, output).toBe('wrong-answer');
      expect(got.feedback).toMatch(why);
    }
    expect(score(input, answer([[[0], [0]]]), undefined).feedback).toMatch(/no scorer key/);
    let state = 7;
    const rnd = (m: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % m;
    };
    const good = answer([[[Math.log(3)], [0]]]);
    const pieces = ['{', '}', '[', ']', '"policies"', '"weights"', ':', ',', '1e308', '-0', 'null', 'true', '"x"', '0.5'];
    for (let i = 0; i < 10_000; i++) {
      const out =
        i % 2 === 0
          ? good.slice(0, rnd(good.length)) + pieces[rnd(pieces.length)] + good.slice(rnd(good.length))
          : Array.from({ length: rnd(12) }, () => pieces[rnd(pieces.length)]).join('');
      expect(() => score(input, out, key)).not.toThrow();
    }
  });
});

describe('discopop task', () => {
  it('a loss that touches globals, the trainer or object properties is refused by the policy', async () => {
    const loaded = await loadTask(dir);
    const rules = policyRules(loaded.task.policy, loaded.language);
    const seed = readFileSync(join(dir, 'dpo.js'), 'utf8');
    for (const file of PROGRAMS) expect(checkPolicy(readFileSync(join(dir, file), 'utf8'), rules), file).toBeNull();
    const body = 'function loss(pc, pr, rc, rr, beta) {\n  return -Math.log(1 + Math.exp(-beta * (pc - rc - pr + rr)));\n}\n';
    const hostile = [
      'globalThis.leak = 1;',
      'process.stdout.write("{}");',
      'runTrainer(() => 0);',
      'Math.exp = (x) => 0;',
      'Math["exp"] = (x) => 0;',
      'const o = Object.getPrototypeOf(Math);',
      'const f = Function("return process")();',
      'Reflect.set(Math, "log", () => 0);',
      'Array.prototype.push = () => 0;',
      'const c = (() => 0).constructor("return process")();',
      'import("node:fs");',
    ];
    for (const line of hostile) {
      const code = seed.replace(/(\/\/ EVOLVE-BLOCK-START\n)[\s\S]*?(\/\/ EVOLVE-BLOCK-END)/, `$1${line}\n${body}$2`);
      expect(checkPolicy(code, rules), line).not.toBeNull();
    }
  });

  it('the held-out reward weights and test contexts never enter the sandbox', async () => {
    const loaded = await loadTask(dir);
    const caseTask = caseTaskOf(loaded.task, loaded.dir, BASE_ENV);
    if (!caseTask) throw new Error('discopop is a multi-case task');
    const seen: SandboxRequest[] = [];
    const recording = {
      run: (r: SandboxRequest) => {
        seen.push(r);
        return sandbox.run(r);
      },
    } as unknown as ProcessSandbox;
    const hidden = caseTask.hiddenRefs(Buffer.from('a secret')).slice(0, 2);
    expect(hidden.map((r) => r.family)).toEqual(['B', 'C']);
    const outcome = await caseTask.runAll(recording, loaded.programCode, loaded.language, hidden);
    expect(outcome.results.map((r) => r.verdict)).toEqual(['ok', 'ok']);
    const sent = JSON.stringify(seen);
    for (const ref of hidden) {
      const { key } = generate(ref.seed ?? 0, ref.family ?? undefined);
      // Every row of the reward and every test context is absent from what the sandbox was given.
      for (const row of [...key.reward, ...key.testContexts]) expect(sent.includes(JSON.stringify(row).slice(1, -1))).toBe(false);
    }
    // The instance the solver reads has no key fields at all.
    expect(Object.keys(JSON.parse(generate(0, 'A').input))).not.toContain('reward');
    expect(Object.keys(JSON.parse(generate(0, 'A').input))).not.toContain('testContexts');
  });

  it('families differ as the statement says; a seed gives the same instance every time', () => {
    const a = generateCase(3, 'A').instance;
    const b = generateCase(3, 'B').instance;
    expect([a.vocab, a.length, b.vocab, b.length]).toEqual([FAMILIES.A.vocab, FAMILIES.A.length, FAMILIES.B.vocab, FAMILIES.B.length]);
    expect(generate(3, 'C').input).toBe(generate(3, 'C').input);
    expect(() => generate(3, 'Z')).toThrow(/no family Z/);
  });
});
