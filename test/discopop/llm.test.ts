// The DiscoPOP task with a model, over real HTTP against the local protocol server: the task's prompts ask for
// { thought, name, code } as DiscoPOP's did, the reply's code becomes the loss, and name: thought the recorded change.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmRequestInfo, type LlmServer, startLlmServer } from '../support/llm-server.ts';
import { CLI, REPO, tempDir } from '../support/tmp.ts';

const SMOOTHED = `const LABEL_SMOOTHING = 0.1;

function logSigmoid(z) {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

function loss(policyChosen, policyRejected, refChosen, refRejected, beta) {
  const margin = beta * (policyChosen - refChosen - (policyRejected - refRejected));
  return -(1 - LABEL_SMOOTHING) * logSigmoid(margin) - LABEL_SMOOTHING * logSigmoid(-margin);
}
`;

function model(req: LlmRequestInfo): string {
  const text = req.messages.map((m) => m.content).join('\n');
  if (text.includes('meaningfully different idea')) return 'NOVEL';
  if (text.includes('You keep the experiment journal')) return '';
  if (text.includes('Answer with one JSON object')) {
    return JSON.stringify({ thought: 'Some labels are flipped; smoothing them bounds how hard a wrong pair pulls.', name: 'smoothed DPO', code: SMOOTHED });
  }
  const fence = /```javascript\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';
  return `CHANGE: keep the loss\n\`\`\`javascript\n${fence}\n\`\`\``;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('discopop with a model', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer({ respond: model });
  });
  afterAll(() => server.close());

  it('the prompts ask for {thought, name, code}; the answer becomes the loss and its change', async () => {
    // The task with its shared generator library beside it, made smaller: two public cases, four hidden ones.
    const root = tempDir();
    cpSync(join(REPO, 'examples/discopop'), join(root, 'discopop'), { recursive: true, filter: (src) => !src.includes('.kaizen') });
    cpSync(join(REPO, 'examples/contests/lib'), join(root, 'contests/lib'), { recursive: true });
    const dir = join(root, 'discopop');
    const task = readFileSync(join(dir, 'task.ts'), 'utf8').replace('seeds: [0, 1, 2, 3]', 'seeds: [0, 1]').replace('count: 24', 'count: 4');
    writeFileSync(join(dir, 'task.ts'), task);
    writeFileSync(
      join(dir, 'kaizen.config.ts'),
      // The scripted model often repeats itself: the default limits on model calls stop this small run (interrupted)
      // before its budget, and they are not what is tested here.
      "export default { budget: { samples: 4 }, concurrency: 2, seed: 1, llm: { prompts: './prompts', mix: { diff: 0.5, full: 0.5, cross: 0 }, maxCallsPerSample: 1000, maxUnusableInARow: 1000 } };\n",
    );
    const out = await run(['run', dir, '--model', 'openai:gpt-4o-mini', '--json'], llmEnv(server));
    // Its later replies repeat the first: the run may end on rejections in a row (interrupted, exit 1) before its
    // budget; what is tested here is the proposals it made.
    if (out.code !== 0) expect(out.stderr).toMatch(/all rejected before running \(budget\.maxConsecutiveRejections\)/);
    const summary = JSON.parse(out.stdout.trim().split('\n').at(-1)!);
    const store = await Store.open(summary.db);
    const children = (await store.programs(summary.runId)).filter((r) => r.sample !== 0 && r.status === 'evaluated');
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) {
      expect(child.prompt).toContain('You are discovering an objective');
      expect(child.prompt).toContain('"thought"');
      expect(child.change).toBe('smoothed DPO: Some labels are flipped; smoothing them bounds how hard a wrong pair pulls.');
      expect(child.code).toContain('const LABEL_SMOOTHING = 0.1;');
      // Only the EVOLVE block changed: the trainer import and the call are the seed's.
      expect(child.code).toContain("import { runTrainer } from './trainer.mjs';");
      expect(child.score).toBeGreaterThan(summary.seedScore);
    }
    await store.close();
  }, 120_000);
});
