// `kaizen study --propose N --model SPEC TASK_DIR --out FOLDER`: studies proposed by a model over the local protocol
// server, checked against the improver's whitelist and the study rules; the approved ones written as NN-name.json and
// accepted by the study module, the rejected ones listed with reasons naming the key; a malformed reply retried once
// (the cost counting both calls); an always-malformed reply a clear failure with nothing written; the prompt.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTask } from '../../src/config/load.ts';
import { createChatModel } from '../../src/models/client.ts';
import { checkProposal, ideasPrompt, type Proposal, parseProposals, proposeStudies, shares } from '../../src/research/ideas.ts';
import { loadStudy } from '../../src/research/study.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmRequestInfo, type LlmServer, startLlmServer } from '../support/llm-server.ts';
import { CLI, tempDir, writeTask } from '../support/tmp.ts';

const DESCRIPTION = 'Return the largest finite number you can: the score is the number the program returns.';

/** A tiny task whose score is the number its program returns (as in study.test.ts), with a description. */
function tinyTask(): string {
  return writeTask({
    'task.ts': `import { defineTask } from 'kaizen';
export default defineTask({
  name: 'tiny-number',
  description: ${JSON.stringify(DESCRIPTION)},
  program: './initial.js',
  execute: { export: 'run', timeoutMs: 2000, memoryMb: 96 },
  judge: (out) => typeof out === 'number' && Number.isFinite(out) ? { correct: true, score: out } : { correct: false, score: 0, feedback: 'not a number' },
});`,
    'initial.js': '// EVOLVE-BLOCK-START\nexport function run() {\n  const a = 1.5;\n  const b = 2;\n  return a * b - a / 4;\n}\n// EVOLVE-BLOCK-END\n',
    'kaizen.config.ts': "import { defineConfig } from 'kaizen';\nexport default defineConfig({ concurrency: 1, lessons: { every: 0 } });\n",
  });
}

const control = { name: 'control', config: {} };
const proposal = (name: string, arm: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  question: `Does ${name} help on the tiny task?`,
  hypothesis: `${name} finds a better champion within the same budget.`,
  name,
  arms: [control, { name: 'variant', ...arm }],
  ...extra,
});
const GOOD = proposal('islands-four', { config: { islands: { count: 4 } } });
const SANDBOX = proposal('no-sandbox', { config: { sandbox: { backend: 'none' }, islands: { count: 3 } } });
const RANGE = proposal('many-islands', { config: { islands: { count: 12 } } });
const HILL = proposal('hill-climb', { config: { selection: { strategy: 'hill-climb' } } });

/** USD per million tokens (input, output), as in the price table. */
const PRICE: Record<string, [number, number]> = { 'gpt-4o-mini': [0.15, 0.6], 'claude-haiku-4-5': [1, 5], 'gemini-2.5-flash': [0.3, 2.5] };

let server: LlmServer;
/** What each model answers: by its call number (1, 2, …) and the request. */
const script = new Map<string, (n: number, req: LlmRequestInfo) => string>();
const calls = new Map<string, number>();
beforeAll(async () => {
  server = await startLlmServer({
    respond: (req) => {
      const n = (calls.get(req.model) ?? 0) + 1;
      calls.set(req.model, n);
      const answer = script.get(req.model);
      return answer ? answer(n, req) : 'no script for this model';
    },
  });
});
afterAll(() => server.close());

/** The kaizen command, run asynchronously (the server answers from this process). */
function kaizen(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...llmEnv(server) } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** The server's requests since `start` and their cost at the table's prices. */
function priced(start: number) {
  const reqs = server.requests.slice(start);
  const cost = reqs.reduce((s, q) => s + (q.usage!.inputTokens * PRICE[q.model]![0] + q.usage!.outputTokens * PRICE[q.model]![1]) / 1e6, 0);
  return { reqs, cost };
}

const userMessage = (body: unknown) => {
  const messages = (body as { messages: { role: string; content: string }[] }).messages;
  return messages.filter((m) => m.role === 'user').at(-1)!.content;
};

describe('kaizen study --propose (the CLI)', () => {
  it('writes the one proposal that passes, which `kaizen study` accepts, and rejects a non-whitelisted key and a value out of range, naming them', async () => {
    script.set('gpt-4o-mini', () => `Here are three ideas.\n\`\`\`json\n${JSON.stringify([GOOD, SANDBOX, RANGE], null, 2)}\n\`\`\``);
    calls.clear();
    const task = tinyTask();
    const folder = join(tempDir('kaizen-ideas-'), 'ideas');
    const start = server.requests.length;
    const r = await kaizen('study', '--propose', '3', '--model', 'openai:gpt-4o-mini', task, '--out', folder, '--seeds', '3', '--samples', '12', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(out).toMatchObject({ ok: true, asked: 3, approved: 1, rejected: 2, calls: 1, seeds: [0, 1, 2], samples: 12 });
    expect(out.proposals.map((p: { name: string; approved: boolean }) => [p.name, p.approved])).toEqual([
      ['islands-four', true],
      ['no-sandbox', false],
      ['many-islands', false],
    ]);
    expect(readdirSync(folder).sort()).toEqual(['01-islands-four.json', 'rejected.json']);

    // The approved file is a study `kaizen study` accepts: the task's config as the control, seeds and samples as given.
    const study = await loadStudy(join(folder, '01-islands-four.json'));
    expect(study.plan).toMatchObject({
      name: 'islands-four',
      seeds: [0, 1, 2],
      samples: 12,
      metric: 'best-score',
      test: { kind: 'paired-by-seed', threshold: 2 },
    });
    expect(study.plan.arms).toEqual([
      { name: 'control', task: expect.any(String), config: { concurrency: 1 } },
      { name: 'variant', task: expect.any(String), config: { concurrency: 1, islands: { count: 4 } } },
    ]);
    expect(study.arms.map((a) => a.dir)).toEqual([resolve(task), resolve(task)]);
    expect(study.arms[1]!.loaded.config.islands.count).toBe(4);
    expect(out.proposals[0].file).toBe(join(folder, '01-islands-four.json'));

    // The rejected ones, with reasons naming the key, in rejected.json and in the output.
    const rejected = JSON.parse(readFileSync(join(folder, 'rejected.json'), 'utf8'));
    expect(rejected.map((x: { name: string }) => x.name)).toEqual(['no-sandbox', 'many-islands']);
    expect(rejected[0].reasons).toEqual([expect.stringMatching(/^arm variant: sandbox\.backend: a protected setting/)]);
    expect(rejected[1].reasons).toEqual(['arm variant: islands.count: must be an integer in [1, 6], got 12']);
    expect(rejected[0].proposal).toEqual(SANDBOX);
    expect(out.proposals[1].reasons).toEqual(rejected[0].reasons);

    // The cost: the server's token counts at the table's price.
    const { reqs, cost } = priced(start);
    expect(reqs).toHaveLength(1);
    expect(out.cost).toBeGreaterThan(0);
    expect(out.cost).toBeCloseTo(cost, 12);

    // The prompt carried the task, its description, its config and the whitelist with ranges and current values.
    const prompt = userMessage(reqs[0]!.body);
    expect(prompt).toContain('# Task: tiny-number');
    expect(prompt).toContain(DESCRIPTION);
    expect(prompt).toContain('- islands.count: an integer in [1, 6] [2]');
    expect(prompt).toContain('- selection.strategy: one of weighted, power-law, hill-climb, uniform ["weighted"]');
    expect(prompt).toContain('- lessons.every: an integer in [0, 100] [0]');
    expect(prompt).toContain('"concurrency": 1');
    expect(prompt).toContain('Propose 3 different studies');
    expect(prompt).toContain('Arms run offline');
    expect(prompt).toContain('3 seeds');
    expect(prompt).toContain('12 samples per run');
  });

  it('numbers after the files already in the folder, never over one, and prints each verdict and the cost', async () => {
    script.set('gpt-4o-mini', () => JSON.stringify([GOOD]));
    const task = tinyTask();
    const folder = join(tempDir('kaizen-ideas-'), 'ideas');
    expect((await kaizen('study', '--propose', '1', '--model', 'openai:gpt-4o-mini', task, '--out', folder)).status).toBe(0);
    const first = readFileSync(join(folder, '01-islands-four.json'), 'utf8');
    expect(JSON.parse(first).samples).toBe(40); // the defaults: 3 seeds, 40 samples
    expect(JSON.parse(first).seeds).toEqual([0, 1, 2]);

    script.set('gpt-4o-mini', () => JSON.stringify([HILL, GOOD]));
    const r = await kaizen('study', '--propose', '2', '--model', 'openai:gpt-4o-mini', task, '--out', folder);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['01-islands-four.json', '02-hill-climb.json', 'rejected.json']);
    expect(readFileSync(join(folder, '01-islands-four.json'), 'utf8')).toBe(first);
    await loadStudy(join(folder, '02-hill-climb.json'));
    expect(r.stdout).toContain('openai:gpt-4o-mini: asked for 2, proposed 2 (1 call, $');
    expect(r.stdout).toContain(`approved  ${join(folder, '02-hill-climb.json')}: Does hill-climb help on the tiny task?`);
    expect(r.stdout).toContain('rejected  islands-four: Does islands-four help on the tiny task?');
    expect(r.stdout).toContain('- name: a study named islands-four is already in the folder (01-islands-four.json)');
    expect(r.stdout).toMatch(/1 approved, 1 rejected \(listed in .*rejected\.json\); seeds 0, 1, 2, 40 samples per run\./);
    expect(r.stdout).toContain(`kaizen study ${join(folder, '02-hill-climb.json')}`);
    expect(r.stdout).toMatch(/Cost: \$\S+ \(1 call\)\./);
  });

  it('fails clearly, writing nothing, when every reply is malformed (after one retry)', async () => {
    script.set('gemini-2.5-flash', () => 'Islands are a great idea! You should try four of them.');
    calls.clear();
    const task = tinyTask();
    const folder = join(tempDir('kaizen-ideas-'), 'ideas');
    const start = server.requests.length;
    const r = await kaizen('study', '--propose', '2', '--model', 'google:gemini-2.5-flash', task, '--out', folder);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no model gave a usable reply; nothing was written');
    expect(r.stdout).toContain('google:gemini-2.5-flash: asked for 2, no usable reply (2 calls, $');
    expect(r.stdout).toContain('malformed reply: not JSON');
    expect(r.stdout).toContain('No model gave a usable reply; nothing was written.');
    expect(existsSync(folder)).toBe(false);
    expect(priced(start).reqs).toHaveLength(2);
  });

  it('refuses --propose without a model or without --out', async () => {
    const task = tinyTask();
    const noModel = await kaizen('study', '--propose', '2', task, '--out', join(tempDir(), 'x'));
    expect(noModel.status).toBe(1);
    expect(noModel.stderr).toContain('--propose needs a model to ask');
    const noOut = await kaizen('study', '--propose', '2', '--model', 'openai:gpt-4o-mini', task);
    expect(noOut.status).toBe(1);
    expect(noOut.stderr).toContain('--propose needs --out FOLDER');
  });
});

describe('proposeStudies', () => {
  const model = (id: string) => createChatModel(id, { env: llmEnv(server), retry: { maxAttempts: 1 } });

  it('sends a malformed reply back once with the parse error, uses the second, and counts both calls in the cost', async () => {
    const retried: string[] = [];
    script.set('claude-haiku-4-5', (n, req) => {
      if (n === 1) return JSON.stringify([{ ...GOOD, arms: [{ config: {} }, GOOD.arms[1]] }]); // the control has no name
      retried.push(req.messages.at(-1)!.content);
      return JSON.stringify([GOOD]);
    });
    calls.clear();
    const task = tinyTask();
    const out = join(tempDir('kaizen-ideas-'), 'ideas');
    const start = server.requests.length;
    const r = await proposeStudies({ taskDir: task, out, count: 1, models: [model('anthropic:claude-haiku-4-5')], seeds: 2, samples: 5, allowModels: false });
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatch(/^Your reply could not be used \(0\.arms\.0\.name: .*\)\. Reply with the JSON array only/);
    expect(r.models).toEqual([expect.objectContaining({ model: 'anthropic:claude-haiku-4-5', ok: true, attempts: 2, asked: 1, received: 1 })]);
    expect(r).toMatchObject({ ok: true, approved: 1, rejected: 0, calls: 2, rejectedFile: null });
    const { reqs, cost } = priced(start);
    expect(reqs).toHaveLength(2);
    expect(r.cost).toBeCloseTo(cost, 12);
    expect(r.cost).toBeGreaterThan(priced(start + 1).cost); // both calls count
    expect(readdirSync(out)).toEqual(['01-islands-four.json']);
    expect((await loadStudy(join(out, '01-islands-four.json'))).plan.seeds).toEqual([0, 1]);
  });

  it('splits N between the models and numbers their studies in order', async () => {
    script.set('gpt-4o-mini', (_n, req) => {
      expect(userMessage({ messages: req.messages })).toContain('Propose 2 different studies');
      return JSON.stringify([GOOD, HILL, RANGE]); // one more than asked for: not considered
    });
    script.set('claude-haiku-4-5', (_n, req) => {
      expect(userMessage({ messages: req.messages })).toContain('Propose one study,');
      return JSON.stringify([proposal('archive-small', { config: { archive: { size: 8 } } })]);
    });
    calls.clear();
    const out = join(tempDir('kaizen-ideas-'), 'ideas');
    const r = await proposeStudies({
      taskDir: tinyTask(),
      out,
      count: 3,
      models: [model('openai:gpt-4o-mini'), model('anthropic:claude-haiku-4-5')],
      seeds: 3,
      samples: 5,
      allowModels: false,
    });
    expect(r.models.map((m) => [m.model, m.asked, m.received])).toEqual([
      ['openai:gpt-4o-mini', 2, 3],
      ['anthropic:claude-haiku-4-5', 1, 1],
    ]);
    expect(readdirSync(out).sort()).toEqual(['01-islands-four.json', '02-hill-climb.json', '03-archive-small.json']);
    expect(shares(5, 3)).toEqual([2, 2, 1]);
    expect(shares(1, 2)).toEqual([1, 0]);
  });
});

describe('the checks of a proposal', () => {
  let ctx: Parameters<typeof checkProposal>[1];
  beforeAll(async () => {
    ctx = { loaded: await loadTask(tinyTask()), task: './task', taken: new Map(), seeds: 3, samples: 10, allowModels: false };
  });
  const reasons = (p: unknown, over: Partial<typeof ctx> = {}) => {
    const r = checkProposal(p as Proposal, { ...ctx, ...over });
    return r.ok ? [] : r.reasons;
  };

  it('approves a whitelisted change with the task as the control, with seeds, samples, metric and test of its own', () => {
    const r = checkProposal(GOOD as Proposal, ctx);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.plan).toMatchObject({ seeds: [0, 1, 2], samples: 10, metric: 'best-score', arms: [{ task: './task' }, { task: './task' }] });
    // A control that restates the task's own values is still the control.
    expect(reasons({ ...GOOD, arms: [{ name: 'control', config: { islands: { count: 2 } } }, GOOD.arms[1]] })).toEqual([]);
  });

  it('rejects seeds and samples, a control that is not the task, an arm that changes nothing, too few arms and a foreign arm key', () => {
    expect(reasons({ ...GOOD, seeds: [0, 1, 2, 3, 4], samples: 1000 })).toEqual([
      'seeds: set on the command line (--seeds 3); a proposal may not choose it',
      'samples: set on the command line (--samples 10); a proposal may not choose it',
    ]);
    expect(reasons({ ...GOOD, arms: [{ name: 'control', config: { islands: { count: 1 } } }, GOOD.arms[1]] })).toEqual([
      "arm control (the control): islands.count: the control runs the task's own config (2), not 1",
    ]);
    expect(reasons({ ...GOOD, arms: [control, { name: 'same', config: {} }] })).toEqual(['arm same: changes nothing from the control']);
    expect(reasons({ ...GOOD, arms: [control] })).toContain("arms: at least two, the first the control (the task's own config)");
    expect(reasons({ ...GOOD, arms: [control, { name: 'elsewhere', task: '../other', config: { islands: { count: 3 } } }] })).toEqual([
      'arm elsewhere: task: every arm runs the task given on the command line',
    ]);
    expect(reasons({ ...GOOD, arms: [control, { name: 'x', config: { budget: { samples: 5000 }, seed: 7 } }] })).toEqual([
      expect.stringMatching(/^arm x: budget\.samples: a protected setting/),
      expect.stringMatching(/^arm x: seed: a protected setting/),
    ]);
    expect(reasons({ ...GOOD, arms: [control, { name: 'x', config: { operators: { offline: { numeric: 0, ast: 0 } } } }] })).toEqual([
      'arm x: operators.offline: the weights must not all be zero',
    ]);
    expect(reasons({ ...GOOD, name: 'bad name!' })).toEqual([expect.stringMatching(/^name: a study's name is letters, digits/)]);
    expect(reasons({ ...GOOD, arms: [control, { name: 'control', config: { islands: { count: 3 } } }] })).toEqual([
      'arms[1].name: arm name "control" is used twice',
    ]);
  });

  it('rejects models in an arm unless they are allowed', () => {
    const withModels = { ...GOOD, arms: [control, { name: 'llm', config: { models: ['openai:gpt-4o-mini'], llm: { mix: { diff: 1, full: 0, cross: 0 } } } }] };
    expect(reasons(withModels)).toEqual(['arm llm: models: an arm may not name models (pass --allow-models to allow it)']);
    expect(reasons(withModels, { allowModels: true })).toEqual([]);
    // Allowed or not, the control is the task's own config (which names no model).
    expect(reasons({ ...GOOD, arms: [{ name: 'control', config: { models: ['openai:gpt-4o-mini'] } }, GOOD.arms[1]] }, { allowModels: true })).toEqual([
      'arm control (the control): models: the control runs the task\'s own config ([]), not ["openai:gpt-4o-mini"]',
    ]);
    expect(ideasPrompt(ctx.loaded, 2, { ...ctx, allowModels: true })).toContain('An arm may also set `models`');
  });

  it('parses a reply: a fenced block or the bare array; anything else is malformed, with the reason', () => {
    expect(parseProposals(`Sure:\n\`\`\`json\n${JSON.stringify([GOOD])}\n\`\`\`\nGood luck.`)).toMatchObject({
      ok: true,
      proposals: [{ name: 'islands-four' }],
    });
    expect(parseProposals(`Ideas: ${JSON.stringify([GOOD, HILL])} — enjoy`)).toMatchObject({ ok: true, proposals: [{}, {}] });
    expect(parseProposals(JSON.stringify(GOOD))).toMatchObject({ ok: false, error: expect.stringMatching(/^\(root\): /) });
    expect(parseProposals('[]')).toEqual({ ok: false, error: '(root): the array holds no proposal' });
    expect(parseProposals(JSON.stringify([{ ...GOOD, hypothesis: 3 }]))).toMatchObject({ ok: false, error: expect.stringMatching(/^0\.hypothesis: /) });
    expect(parseProposals('no json here')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
  });
});
