import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JudgeResult } from '../../src/config/task.ts';
import { evolveRegions, frozenText } from '../../src/operators/evolve-blocks.ts';
import { LlmOperator, LlmOperatorError, type LlmKind } from '../../src/operators/llm/operator.ts';
import { publicView } from '../../src/operators/llm/prompts.ts';
import type { OperatorInput } from '../../src/operators/operator.ts';
import { Rng } from '../../src/util/rng.ts';
import { REPO } from '../support/tmp.ts';
import { ScriptedModel } from './fake-model.ts';

const circle = readFileSync(join(REPO, 'examples/circle-packing/initial.js'), 'utf8');
const task = { name: 'circle-packing-26', description: 'Place 26 non-overlapping circles in the unit square; maximise the sum of radii.' };
const frozen = (code: string) => frozenText(code, evolveRegions(code));

function operator(kind: LlmKind, model: ScriptedModel, extra: Partial<ConstructorParameters<typeof LlmOperator>[0]> = {}) {
  return new LlmOperator({ kind, task, pickModel: () => ({ model, temperature: 0.7 }), ...extra });
}

const input = (over: Partial<OperatorInput> = {}): OperatorInput => ({
  code: circle,
  language: 'javascript',
  inspirations: [],
  rng: new Rng(1, 1),
  parentScore: 1.9,
  ...over,
});

const goodDiff = `CHANGE: anneal the spreading target and run more iterations.

I'll make the repulsion run longer and shrink its target distance over time.

\`\`\`
<<<<<<< SEARCH
  const iterations = 10;
  const step = 0.02;
=======
  const iterations = 60;
  const step = 0.015;
>>>>>>> REPLACE
\`\`\`

\`\`\`
<<<<<<< SEARCH
    spread(centers, step, 0.18);
=======
    spread(centers, step, 0.18 * (1 - it / (3 * iterations)));
>>>>>>> REPLACE
\`\`\`
`;

describe('LlmOperator diff', () => {
  it('applies a realistic SEARCH/REPLACE reply and reports model, prompt, usage and cost', async () => {
    const model = new ScriptedModel([goodDiff]);
    const out = await operator('diff', model).propose(input({ parentMetrics: { circles: 26 }, parentFeedback: 'valid packing' }));
    expect(out).not.toBeNull();
    expect(out!.code).toContain('const iterations = 60;');
    expect(out!.code).toContain('spread(centers, step, 0.18 * (1 - it / (3 * iterations)));');
    expect(frozen(out!.code)).toBe(frozen(circle));
    expect(out!.change).toBe('anneal the spreading target and run more iterations.');
    expect(out!).toMatchObject({ model: 'fake:scripted', attempts: 1, cost: 0.001, reply: goodDiff });
    expect(out!.usage!.inputTokens).toBeGreaterThan(0);
    expect(out!.prompt).toContain('### system');
    expect(out!.prompt).toContain('- circles: 26');
    expect(model.requests[0]).toMatchObject({ temperature: 0.7 });
  });

  it('reports an unmatched block back with the closest lines, then accepts the corrected retry', async () => {
    const first = [
      'CHANGE: smaller margin and more iterations.',
      '<<<<<<< SEARCH',
      '  const margin = 0.1;',
      '=======',
      '  const margin = 0.05;',
      '>>>>>>> REPLACE',
      '<<<<<<< SEARCH',
      '  const iterations = 100;', // wrong: the program says 10
      '=======',
      '  const iterations = 80;',
      '>>>>>>> REPLACE',
    ].join('\n');
    const second = 'Sorry, here is the corrected block.\n<<<<<<< SEARCH\n  const iterations = 10;\n=======\n  const iterations = 80;\n>>>>>>> REPLACE\n';
    const model = new ScriptedModel([first, second]);
    const out = await operator('diff', model).propose(input());
    expect(out!.code).toContain('const margin = 0.05;');
    expect(out!.code).toContain('const iterations = 80;');
    expect(out!.attempts).toBe(2);
    expect(out!.cost).toBeCloseTo(0.002);
    expect(out!.change).toBe('smaller margin and more iterations.');
    const retry = model.requests[1].messages;
    expect(retry.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    const report = retry[3].content;
    const line = circle.split('\n').findIndex((l) => l.includes('const iterations = 10;')) + 1;
    expect(report).toContain('1 of 2 blocks applied');
    expect(report).toContain('Block 2 was not applied');
    expect(report).toContain(`${line} |   const iterations = 10;`);
    expect(report).toContain('const margin = 0.05;'); // the partly edited program is shown
  });

  it('gives up after the retries with a typed error that carries the spend', async () => {
    const bad = '<<<<<<< SEARCH\n  const nothing = 1;\n=======\n  const nothing = 2;\n>>>>>>> REPLACE';
    const model = new ScriptedModel([bad, bad, bad, bad]);
    const err = await operator('diff', model, { maxRetries: 2 })
      .propose(input())
      .catch((e) => e);
    expect(err).toBeInstanceOf(LlmOperatorError);
    expect(err).toMatchObject({ reason: 'unusable-reply', attempts: 3, model: 'fake:scripted' });
    expect(err.cost).toBeCloseTo(0.003);
    expect(model.requests).toHaveLength(3);
  });

  it('refuses an edit outside the EVOLVE blocks and says so to the model', async () => {
    const outside = '<<<<<<< SEARCH\nfunction maxRadii(centers) {\n=======\nfunction maxRadii(centers, cheat = true) {\n>>>>>>> REPLACE';
    const model = new ScriptedModel([outside, goodDiff]);
    const out = await operator('diff', model).propose(input());
    expect(model.requests[1].messages[3].content).toMatch(/outside the EVOLVE blocks/);
    expect(out!.code).not.toContain('cheat');
    expect(frozen(out!.code)).toBe(frozen(circle));
  });

  it('retries when the child does not parse', async () => {
    const broken = '<<<<<<< SEARCH\n  const iterations = 10;\n=======\n  const iterations = (10;\n>>>>>>> REPLACE';
    const model = new ScriptedModel([broken, goodDiff]);
    const out = await operator('diff', model).propose(input());
    expect(model.requests[1].messages[3].content).toMatch(/does not parse/);
    expect(out!.code).toContain('const iterations = 60;');
    expect(out!.code).not.toContain('(10;');
  });
});

describe('LlmOperator diff fallback', () => {
  it('a diff request answered with the whole marked program is applied as a rewrite', async () => {
    const whole = circle.replace('const perRow = 6;', 'const perRow = 5;').replace('function spread(', 'function spreadX(');
    const model = new ScriptedModel([`CHANGE: five per row.\n\`\`\`javascript\n${whole}\`\`\``]);
    const out = await operator('diff', model).propose(input());
    expect(out!.code).toContain('const perRow = 5;');
    expect(frozen(out!.code)).toBe(frozen(circle));
    expect(out!.attempts).toBe(1);
  });
});

describe('LlmOperator full, cross, fix', () => {
  const newBody = `export function pack(n) {
  const centers = [];
  const cols = 5;
  for (let i = 0; i < n; i++) centers.push([(0.5 + (i % cols)) / cols, (0.5 + Math.floor(i / cols)) / Math.ceil(n / cols)]);
  return { centers, radii: maxRadii(centers) };
}
`;
  const fullReply = `CHANGE: a regular grid layout instead of shifted rows.\n\n\`\`\`javascript\n// EVOLVE-BLOCK-START\n${newBody}// EVOLVE-BLOCK-END\n\`\`\`\n`;

  it('full rewrite keeps everything outside the blocks from the parent', async () => {
    const model = new ScriptedModel([fullReply]);
    const out = await operator('full', model).propose(input());
    expect(frozen(out!.code)).toBe(frozen(circle));
    expect(out!.code).toContain('const cols = 5;');
    expect(out!.change).toBe('a regular grid layout instead of shifted rows.');
  });

  it('cross shows one inspiration and names it in the change; without inspirations it returns null unspent', async () => {
    const none = new ScriptedModel([]);
    expect(await operator('cross', none).propose(input())).toBeNull();
    expect(none.requests).toHaveLength(0);
    const model = new ScriptedModel([fullReply]);
    const partner = circle.replace('const perRow = 6;', 'const perRow = 7; // partner idea');
    const out = await operator('cross', model).propose(input({ inspirations: [{ id: 42, code: partner, score: 2.1, metrics: { circles: 26 } }] }));
    const prompt = model.allPromptText();
    expect(prompt).toContain('// partner idea');
    expect(prompt).toContain('Score: 2.1');
    expect(out!.change).toMatch(/crossed with program 42/);
  });

  it('fix shows the failing program and its error output', async () => {
    const model = new ScriptedModel([fullReply]);
    const out = await operator('fix', model).propose(
      input({ parentScore: undefined, parentError: "TypeError: Cannot read properties of undefined (reading '0')\n    at maxRadii (program.js:61:20)" }),
    );
    const prompt = model.allPromptText();
    expect(prompt).toContain("TypeError: Cannot read properties of undefined (reading '0')");
    expect(prompt).toContain('at maxRadii (program.js:61:20)');
    expect(out).not.toBeNull();
  });

  it('never puts private metrics in any prompt', async () => {
    const judged: JudgeResult = { correct: true, score: 2, public: { circles: 26 }, private: { holdout_sum: 'PRIVATE-9.87' }, feedback: 'fine' };
    const view = publicView(judged);
    for (const kind of ['diff', 'full', 'cross', 'fix'] as const) {
      const model = new ScriptedModel([kind === 'diff' ? goodDiff : fullReply]);
      await operator(kind, model).propose(
        input({
          parentScore: view.score,
          parentMetrics: view.metrics,
          parentFeedback: view.feedback,
          parentError: kind === 'fix' ? 'boom' : undefined,
          inspirations: [{ id: 3, code: circle, ...view }],
        }),
      );
      expect(model.allPromptText()).not.toMatch(/PRIVATE-9\.87|holdout_sum/);
      expect(model.allPromptText()).toContain('- circles: 26');
    }
  });

  it('puts the lessons in the system prompt (the input wins over the provider)', async () => {
    const a = new ScriptedModel([fullReply]);
    await operator('full', a, { lessons: () => '1. From the provider.' }).propose(input());
    expect(a.requests[0].messages[0].content).toContain('1. From the provider.');
    const b = new ScriptedModel([fullReply]);
    await operator('full', b, { lessons: () => '1. From the provider.' }).propose(input({ lessons: '1. From the input.' }));
    expect(b.requests[0].messages[0].content).toContain('1. From the input.');
    expect(b.requests[0].messages[0].content).not.toContain('From the provider');
  });
});

describe('LlmOperator model failures', () => {
  it('a model error surfaces as LlmOperatorError(model-error)', async () => {
    const model = new ScriptedModel([new Error('HTTP 500 from provider')]);
    const err = await operator('diff', model)
      .propose(input())
      .catch((e) => e);
    expect(err).toBeInstanceOf(LlmOperatorError);
    expect(err).toMatchObject({ reason: 'model-error', cost: 0, attempts: 1 });
    expect(err.message).toContain('HTTP 500');
  });

  it('a model that never answers times out instead of hanging', async () => {
    const model = new ScriptedModel(['hang']);
    const t0 = performance.now();
    const err = await operator('full', model, { timeoutMs: 50 })
      .propose(input())
      .catch((e) => e);
    expect(err).toMatchObject({ reason: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('an abort stops a pending call', async () => {
    const model = new ScriptedModel(['hang']);
    const controller = new AbortController();
    const pending = operator('full', model, { signal: controller.signal })
      .propose(input())
      .catch((e) => e);
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ reason: 'aborted' });
  });

  it('garbage replies end in unusable-reply after the retries', async () => {
    const model = new ScriptedModel(['I am not sure what you mean.', '¯\\_(ツ)_/¯', '']);
    const err = await operator('full', model)
      .propose(input())
      .catch((e) => e);
    expect(err).toMatchObject({ reason: 'unusable-reply', attempts: 3 });
  });
});

describe('LlmOperator on Redcode', () => {
  const red = { name: 'corewar-nano', description: 'Beat the nano benchmark.', redcode: { coreSize: 80, maxLength: 5 } };
  const seedRed =
    ';redcode-nano\n;name seed stone\n;author Kaizen\n; EVOLVE-BLOCK-START\n        ADD.AB  #3, $2\n        MOV.I   $2, @1\n        JMP.B   $-2, $0\n        DAT.F   #0, #0\n; EVOLVE-BLOCK-END\n        END\n';
  const warrior = (lines: string[]) => `CHANGE: a faster stone.\n\`\`\`redcode\n; EVOLVE-BLOCK-START\n${lines.join('\n')}\n; EVOLVE-BLOCK-END\n\`\`\``;

  it('uses the Redcode prompt, rejects a warrior over the length limit and accepts the fix', async () => {
    const tooLong = warrior(['ADD.AB #7, $2', 'MOV.I $2, @1', 'JMP.B $-2, $0', 'DAT.F #0, #0', 'DAT.F #0, #0', 'DAT.F #0, #0']);
    const ok = warrior(['ADD.AB #7, $2', 'MOV.I $2, @1', 'JMP.B $-2, $0', 'DAT.F #0, #0']);
    const model = new ScriptedModel([tooLong, ok]);
    const op = new LlmOperator({ kind: 'full', task: red, pickModel: () => ({ model, temperature: 0.5 }) });
    const out = await op.propose({ code: seedRed, language: 'redcode', inspirations: [], rng: new Rng(1, 1) });
    expect(model.requests[0].messages[0].content).toContain('Core size 80 cells');
    expect(model.requests[1].messages[3].content).toMatch(/does not assemble: .*Too many instructions/);
    expect(out!.code).toContain('ADD.AB #7, $2');
    expect(frozen(out!.code)).toBe(frozen(seedRed));
    expect(out!.code.startsWith(';redcode-nano\n;name seed stone\n')).toBe(true);
    expect(out!.code.endsWith('; EVOLVE-BLOCK-END\n        END\n')).toBe(true);
  });
});
