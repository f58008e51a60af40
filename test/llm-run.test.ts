import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../src/engine/evolve.ts';
import { Store } from '../src/store/store.ts';
import { llmEnv, TEST_KEY } from './support/llm-env.ts';
import { type LlmReply, type LlmRequestInfo, type LlmServer, startLlmServer } from './support/llm-server.ts';
import { CLI, copyExample, writeTask } from './support/tmp.ts';

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);
const userText = (req: LlmRequestInfo) => req.messages.map((m) => m.content).join('\n');
const firstFence = (text: string) => /```javascript\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';

/**
 * A scripted model that proposes real, improving edits to circle packing: more relaxation iterations (diff), a wider
 * spreading target (cross), both at once (full rewrite); it answers the novelty judge and the lessons step, and the
 * second model sometimes sends a SEARCH block that does not match (it is told so and fixes it on the retry).
 */
function scriptedModel() {
  let novelty = 0;
  let beta = 0;
  return (req: LlmRequestInfo): LlmReply | string => {
    const text = userText(req);
    if (text.includes('meaningfully different idea')) return ++novelty % 3 === 0 ? 'NOT_NOVEL: only a constant changed' : 'NOVEL';
    if (text.includes('You keep the experiment journal')) {
      // Cites the first supported claim, and one the journal does not hold (that item is dropped).
      const supported = /^- \[([^\]]+)\] SUPPORTED/m.exec(text)?.[1] ?? 'none';
      return `1. [${supported}] Doubling the relaxation iterations raised the score.\n2. [margin:0.1] Keep the margin near 0.1.`;
    }
    const code = firstFence(text);
    const iterations = Number(/const iterations = (\d+);/.exec(code)?.[1] ?? 10);
    const target = Number(/spread\(centers, step, ([\d.]+)\)/.exec(code)?.[1] ?? 0.18);
    const retry = req.messages.length > 2;
    if (req.model === 'beta' && !retry && ++beta % 3 === 1) {
      return 'CHANGE: tune the margin\n<<<<<<< SEARCH\n  const margin = 0.123;\n=======\n  const margin = 0.11;\n>>>>>>> REPLACE';
    }
    if (text.includes('Rewrite the program')) {
      const next = code.replace(/const iterations = \d+;/, `const iterations = ${iterations + 4};`);
      return `CHANGE: more relaxation\n\`\`\`javascript\n${next}\n\`\`\``;
    }
    if (text.includes('Combine the strongest ideas')) {
      const next = code.replace(`spread(centers, step, ${target})`, `spread(centers, step, ${(target + 0.004).toFixed(3)})`);
      return `CHANGE: spread a little wider\n\`\`\`javascript\n${next}\n\`\`\``;
    }
    return `CHANGE: more relaxation iterations\n<<<<<<< SEARCH\n  const iterations = ${iterations};\n=======\n  const iterations = ${iterations + 3};\n>>>>>>> REPLACE`;
  };
}

describe('LLM-driven evolution over real HTTP', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer({ respond: scriptedModel() });
  });
  afterAll(() => server.close());

  it('runs circle packing with two models: diff, full and cross children, bandit, novelty, lessons and costs', async () => {
    const dir = copyExample('circle-packing');
    const beta = `openai-compatible:beta@${server.url}/v1`;
    writeFileSync(
      join(dir, 'kaizen.config.ts'),
      `export default {
  budget: { samples: 24 },
  concurrency: 2,
  seed: 5,
  lessons: { every: 6 },
  // Low enough that its one-constant edits (changed-region similarity ~0.76) go to the judge, which is under test here.
  novelty: { threshold: 0.5 },
  llm: { mix: { diff: 0.4, full: 0.3, cross: 0.3 }, timeoutMs: 20000, prices: { ${JSON.stringify(beta)}: { input: 1, output: 2 } } },
};\n`,
    );
    const run = await runCli(['run', dir, '--model', 'openai:gpt-4o-mini', '--model', beta, '--json'], llmEnv(server));
    expect(run.code, run.stderr).toBe(0);
    const summary = lastJson(run.stdout);
    expect(summary.evaluated).toBe(24);
    expect(summary.bestScore).toBeGreaterThan(summary.seedScore);

    const store = await Store.open(summary.db);
    const rows = await store.programs(summary.runId);
    const evaluated = rows.filter((r) => r.status === 'evaluated');
    for (const op of ['llm-diff', 'llm-full', 'llm-cross'])
      expect(
        evaluated.some((r) => r.operator === op),
        op,
      ).toBe(true);
    for (const r of evaluated.filter((r) => r.sample !== 0)) {
      expect(r.prompt).toMatch(/### user[\s\S]*```javascript/);
      expect(r.reply).toContain('CHANGE:');
      expect(['openai:gpt-4o-mini', beta]).toContain(r.model);
    }
    // An unmatched SEARCH block was reported back and fixed on the retry.
    expect(rows.some((r) => r.status === 'evaluated' && r.model === beta && r.prompt?.includes('Your answer could not be used'))).toBe(true);
    expect(rows.filter((r) => r.failure_class === 'not-novel').length).toBeGreaterThan(0);

    const bandit = await store.getState<{ arms: Record<string, { pulls: number }> }>(summary.runId, 'bandit');
    expect(Object.keys(bandit!.arms).sort()).toEqual(['openai:gpt-4o-mini', beta].sort());
    for (const arm of Object.values(bandit!.arms)) expect(arm.pulls).toBeGreaterThan(0);
    const lessons = await store.getState<{ text: string; source: string }>(summary.runId, 'lessons');
    expect(lessons?.text).toMatch(/^1\. \[[\w:-]+\] Doubling/);
    expect(lessons?.text).not.toContain('margin');
    expect(['openai:gpt-4o-mini', beta]).toContain(lessons?.source);
    const journal = await store.getState<{ claims: { id: string; status: string }[] }>(summary.runId, 'journal');
    expect(journal?.claims.some((c) => lessons?.text.includes(`[${c.id}]`) && c.status === 'supported')).toBe(true);
    await store.close();

    // The costs the run recorded are exactly the server's token counts priced from the table (and the override).
    const price: Record<string, [number, number, number]> = { 'gpt-4o-mini': [0.15, 0.6, 0.075], beta: [1, 2, 1] };
    let expected = 0;
    for (const r of server.requests.filter((q) => q.api === 'openai-chat' && q.usage)) {
      const [i, o, c] = price[r.model];
      const u = r.usage!;
      expected += ((u.inputTokens - u.cachedInputTokens) * i + u.cachedInputTokens * c + u.outputTokens * o) / 1e6;
    }
    const status = lastJson((await runCli(['status', dir, '--json'], {})).stdout);
    expect(status.cost.total).toBeCloseTo(expected, 12);
    expect(summary.cost).toBeCloseTo(expected, 12);
    expect(status.byModel[beta].proposals).toBeGreaterThan(0);
    expect(status.cost.improvements).toBeGreaterThan(0);
    const human = (await runCli(['status', dir], {})).stdout;
    expect(human).toMatch(/per improvement/);
    expect(human).toMatch(/bandit openai:gpt-4o-mini: \d+ pulls/);

    // Nothing secret was stored.
    expect(readFileSync(summary.db).includes(TEST_KEY)).toBe(false);
  });

  it('completes its budget when one model always fails and the other works', async () => {
    const failing = await startLlmServer({ respond: (req) => (req.model === 'broken' ? { fault: 'server-error' } : scriptedModel()(req)) });
    try {
      const dir = copyExample('circle-packing');
      writeFileSync(
        join(dir, 'kaizen.config.ts'),
        'export default { budget: { samples: 10 }, concurrency: 2, llm: { attempts: 2, backoffMs: 10, timeoutMs: 5000 } };\n',
      );
      const run = await runCli(
        ['run', dir, '--model', `openai-compatible:broken@${failing.url}/v1`, '--model', `openai-compatible:good@${failing.url}/v1`, '--json'],
        llmEnv(failing),
      );
      expect(run.code, run.stderr).toBe(0);
      const summary = lastJson(run.stdout);
      expect(summary.evaluated).toBe(10);
      const store = await Store.open(summary.db);
      const rows = await store.programs(summary.runId);
      expect(rows.some((r) => r.failure_class === 'llm-model-error')).toBe(true);
      expect(rows.filter((r) => r.status === 'evaluated' && r.sample !== 0).every((r) => r.model?.includes('good'))).toBe(true);
      await store.close();
    } finally {
      await failing.close();
    }
  });

  it('stops with a clear error, within its timeouts, when the server never answers', async () => {
    const dead = await startLlmServer({ respond: () => ({ fault: 'hang' }) });
    try {
      const dir = copyExample('circle-packing');
      writeFileSync(
        join(dir, 'kaizen.config.ts'),
        'export default { budget: { samples: 10 }, concurrency: 2, llm: { attempts: 1, timeoutMs: 800, maxConsecutiveFailures: 4 } };\n',
      );
      const run = await runCli(['run', dir, '--model', `openai-compatible:silent@${dead.url}/v1`, '--json'], llmEnv(dead));
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/re-run the same command to resume/);
      expect(run.stderr).toMatch(/openai-compatible:silent@.* no answer within 800 ms/);
      expect(run.ms).toBeLessThan(20_000);
      const summary = lastJson(run.stdout);
      expect(summary.stoppedBy).toBe('models-failing');
    } finally {
      await dead.close();
    }
  });
});

describe('spend limit, offline notice and doctor', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer({ respond: scriptedModel() });
  });
  afterAll(() => server.close());

  it('stops at --budget-usd, counting calls in flight', async () => {
    const dir = copyExample('circle-packing');
    writeFileSync(join(dir, 'kaizen.config.ts'), 'export default { budget: { samples: 60 }, concurrency: 2, lessons: { every: 0 } };\n');
    const run = await runCli(['run', dir, '--model', 'openai:gpt-4o', '--budget-usd', '0.02', '--json'], llmEnv(server));
    expect(run.code, run.stderr).toBe(0);
    const summary = lastJson(run.stdout);
    expect(summary.stoppedBy).toBe('usd');
    expect(summary.evaluated).toBeLessThan(60);
    // Each call costs about a third of a cent here: in-flight accounting keeps the overshoot under one call.
    const calls = server.requests.filter((r) => r.api === 'openai-chat' && r.usage);
    const maxCall = Math.max(...calls.map((r) => (r.usage!.inputTokens * 2.5 + r.usage!.outputTokens * 10) / 1e6));
    expect(summary.cost).toBeLessThan(0.02 + maxCall);
  });

  it('says once that no model is configured and uses the offline operators', async () => {
    const dir = copyExample('circle-packing');
    const run = await runCli(['run', dir, '--budget', '6'], {});
    expect(run.stdout.match(/no model configured/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/offline operators \(numeric, ast\)/);
  });

  it('models lists prices and keys; doctor says what is wrong per model', async () => {
    const dir = copyExample('circle-packing');
    const env = llmEnv(server);
    const models = await runCli(['models', dir, '--model', 'openai:gpt-4o-mini', '--model', 'anthropic:claude-sonnet-4-5'], { ...env, ANTHROPIC_API_KEY: '' });
    expect(models.stdout).toMatch(/openai:gpt-4o-mini \[chat\].*OPENAI_API_KEY set; \$0\.15\/M in, \$0\.6\/M out/);
    expect(models.stdout).toMatch(/anthropic:claude-sonnet-4-5 \[chat\].*ANTHROPIC_API_KEY MISSING/);
    const doctor = await runCli(['doctor', dir, '--model', 'openai:gpt-4o-mini', '--model', 'openai-compatible:x@http://127.0.0.1:9/v1'], env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/✓ openai:gpt-4o-mini \[chat\] ok/);
    expect(doctor.stdout).toMatch(/✗ openai-compatible:x@http:\/\/127\.0\.0\.1:9\/v1 \[chat\] FAILED: .*(refused|connect)/i);
  });
});

describe('repair and resume with models', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer({
      respond: (req) => {
        const text = userText(req);
        if (text.includes('Find the cause of the failure')) {
          // The fix: the program throws; the model returns it repaired (the throw removed).
          const code = firstFence(text).replace("throw new Error('not implemented');", 'return 2;');
          return `CHANGE: return a value instead of throwing\n\`\`\`javascript\n${code}\n\`\`\``;
        }
        const code = firstFence(text);
        const n = Number(/return (\d+);/.exec(code)?.[1] ?? 1);
        return `CHANGE: a larger number\n<<<<<<< SEARCH\n  return ${n};\n=======\n  return ${n + 1};\n>>>>>>> REPLACE`;
      },
    });
  });
  afterAll(() => server.close());

  const task = (seedBody: string) =>
    writeTask({
      'task.ts': `export default { name: 'n', program: './p.js', execute: { export: 'run' }, judge: (o) => typeof o === 'number' ? { correct: true, score: o } : { correct: false, score: 0 } };`,
      'p.js': `// EVOLVE-BLOCK-START\nexport function run() {\n  ${seedBody}\n}\n// EVOLVE-BLOCK-END\n`,
    });

  it('repairs a failing initial program with the fix operator', async () => {
    const dir = task("throw new Error('not implemented');");
    const result = await evolve({
      task: dir,
      config: { models: [`openai-compatible:m@${server.url}/v1`], budget: { samples: 4 }, concurrency: 1, llm: { mix: { diff: 1, full: 0, cross: 0 } } },
    });
    const store = await Store.open(result.db);
    const rows = await store.programs(result.runId);
    await store.close();
    const fix = rows.find((r) => r.operator === 'llm-fix')!;
    expect(fix.prompt).toContain('not implemented'); // the error output went into the prompt
    expect(fix.correct).toBe(1);
    expect(result.bestScore).toBeGreaterThanOrEqual(2);
  });

  it('keeps the bandit state across an interrupted and resumed run', async () => {
    const dir = task('return 1;');
    const config = {
      models: [`openai-compatible:a@${server.url}/v1`, `openai-compatible:b@${server.url}/v1`],
      budget: { samples: 14 },
      concurrency: 1,
      novelty: { threshold: 1 },
      // This scripted pair repeats itself (duplicates: 20 in a row, about 10 calls per sample), and the limits on model
      // calls are not what is tested here.
      llm: { maxCallsPerSample: 32, maxUnusableInARow: 200 },
    };
    const abort = new AbortController();
    const first = await evolve({ task: dir, config, signal: abort.signal, onProgress: (p) => p.evaluated >= 6 && abort.abort() });
    expect(first.stoppedBy).toBe('aborted');
    const store = await Store.open(first.db);
    const pulls = (s: { arms: Record<string, { pulls: number }> } | undefined) => Object.values(s!.arms).reduce((a, b) => a + b.pulls, 0);
    const before = pulls(await store.getState(first.runId, 'bandit'));
    await store.close();
    expect(before).toBeGreaterThanOrEqual(5);
    const second = await evolve({ task: dir, config });
    expect(second.runId).toBe(first.runId);
    expect(second.evaluated).toBe(14);
    const after = await Store.open(second.db);
    // The resumed run went on counting from the saved state rather than starting the bandit afresh.
    expect(pulls(await after.getState(second.runId, 'bandit'))).toBeGreaterThanOrEqual(before + 8);
    await after.close();
  });
});
