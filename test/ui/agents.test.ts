import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBenchmark } from '../../src/agent/benchmark.ts';
import { evolveAgents } from '../../src/agent/evolve.ts';
import { DEFAULT_HARNESS_LIMITS } from '../../src/agent/harness.ts';
import { openAgentModel } from '../../src/agent/model.ts';
import { type AgentTaskData, eventData } from '../../src/ledger/events.ts';
import { type ProgramRow, type Run, Store } from '../../src/store/store.ts';
import { sha256 } from '../../src/util/hash.ts';
import { REPO, tempDir } from '../support/tmp.ts';
import { ARTIFACTS, CHROMIUM, type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const SHIPPED = join(REPO, 'benchmarks', 'coding', 'tasks');

/** The first JavaScript bug fixes of each split in the shipped benchmark (quick for the stand-in coder). */
function pickTasks(split: 'dev' | 'heldout', count: number): string[] {
  const ids = readdirSync(SHIPPED)
    .sort()
    .filter((id) => {
      try {
        const t = JSON.parse(readFileSync(join(SHIPPED, id, 'task.json'), 'utf8')) as { language: string; kind: string; split: string };
        return t.language === 'javascript' && t.kind === 'bugfix' && t.split === split;
      } catch {
        return false;
      }
    });
  return ids.slice(0, count);
}

interface Recorded {
  run: Run;
  programs: ProgramRow[];
  tasks: AgentTaskData[];
}

async function recorded(db: string, runId: string): Promise<Recorded> {
  const store = await Store.open(db);
  try {
    const events = await store.events(runId);
    return {
      run: (await store.getRun(runId))!,
      programs: await store.programs(runId),
      tasks: events.filter((e) => e.type === 'agent.task').map((e) => eventData(e, 'agent.task')),
    };
  } finally {
    await store.close();
  }
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const node = (page: Page, id: number) => page.locator(`li[data-testid="agent-node"][data-agent="${id}"]`);
/** What the node itself shows (not its children). */
const own = (page: Page, id: number) => node(page, id).locator(':scope > span.agent-node');

/** A small agent run written by hand: a seed, an improved child promoted by the gate, a self-edit the guard refused. */
async function handmadeRun(db: string): Promise<{ runId: string; seed: number; child: number; refused: number }> {
  const store = await Store.open(db);
  const runId = 'agent-handmade';
  try {
    await store.createRun({
      id: runId,
      task_name: 'agent:tiny',
      task_dir: '/nowhere',
      task_hash: 'h',
      config_json: '{}',
      seed: 7,
      status: 'completed',
      pid: null,
    });
    const agent = (over: Partial<ProgramRow>) => {
      const code = JSON.stringify({ 'main.ts': `// agent ${over.sample}\n` });
      return store.insertProgramRow({
        run_id: runId,
        sample: 0,
        parent_id: null,
        island: 0,
        generation: 0,
        operator: 'seed',
        model: null,
        status: 'evaluated',
        correct: 1,
        score: null,
        public_json: null,
        private_json: null,
        features_json: null,
        feedback: null,
        failure_class: null,
        error: null,
        language: 'agent',
        code,
        code_hash: sha256(code),
        patch: null,
        change: 'the seed agent',
        inspirations_json: null,
        prompt: null,
        reply: null,
        stdout: null,
        stderr: null,
        cost: null,
        usage_json: null,
        evaluated_at: null,
        propose_ms: null,
        eval_ms: null,
        judge_ms: null,
        ...over,
      });
    };
    const results = (r: Record<string, boolean>) =>
      JSON.stringify({ stage: 1, solved: Object.values(r).filter(Boolean).length, tasks: Object.keys(r).length, results: r });
    const seed = await agent({ score: 0.5, public_json: results({ 'task-a': true, 'task-b': false }) });
    const child = await agent({
      sample: 100,
      parent_id: seed.id,
      generation: 1,
      operator: 'self-edit',
      score: 1,
      public_json: results({ 'task-a': true, 'task-b': true }),
      feedback: 'The agent never ran the tests of task-b.',
      change: 'run the tests first',
      patch: '--- a/main.ts\n+++ b/main.ts\n@@ -1 +1 @@\n-// agent 0\n+// agent 100 runs the tests first\n',
    });
    const refused = await agent({
      sample: 101,
      parent_id: seed.id,
      generation: 1,
      operator: 'self-edit',
      status: 'rejected',
      correct: null,
      failure_class: 'guard',
      feedback: 'The agent gives up too early.',
      change: 'self-edit',
      error: 'edits a file it does not own: ../harness.ts; removes main.ts',
      patch: '--- a/main.ts\n+++ b/main.ts\n@@ -1 +1 @@\n-// agent 0\n+process.exit(0);\n',
    });
    const attempt = (a: number, task: string, split: 'dev' | 'heldout', s: number, solved: boolean): AgentTaskData => ({
      agent: a,
      task,
      split,
      seed: s,
      solved,
      hiddenPassed: null,
      hiddenFailed: null,
      note: null,
      calls: 3,
      tokens: 100,
      cost: 0.001,
      tools: ['view'],
      submitted: true,
      stopped: null,
      durationMs: 10,
      diffSha256: 'x',
    });
    for (const [a, b] of [
      [seed.id, false],
      [child.id, true],
    ] as const) {
      await store.appendEvent(runId, 'agent.task', a, attempt(a, 'task-a', 'dev', 7, true));
      await store.appendEvent(runId, 'agent.task', a, attempt(a, 'task-b', 'dev', 7, b));
    }
    // A diagnosis re-run with another seed: not one of the run's own attempts.
    await store.appendEvent(runId, 'agent.task', seed.id, attempt(seed.id, 'task-b', 'dev', 1_000_008, true));
    await store.appendEvent(runId, 'agent.self-edit', refused.id, {
      generation: 1,
      parent: seed.id,
      verdict: 'rejected',
      reasons: ['edits a file it does not own: ../harness.ts', 'removes main.ts'],
      flags: [],
      files: ['main.ts'],
      diffSha256: 'y',
      cost: 0,
    });
    for (const s of [107, 108]) {
      await store.appendEvent(runId, 'agent.task', child.id, attempt(child.id, 'task-h', 'heldout', s, true));
      await store.appendEvent(runId, 'agent.task', seed.id, attempt(seed.id, 'task-h', 'heldout', s, s === 107));
    }
    await store.appendEvent(runId, 'agent.gate', child.id, {
      candidate: child.id,
      incumbent: seed.id,
      seeds: [107, 108],
      candidateScores: [1, 1],
      incumbentScores: [1, 0],
      difference: 0.5,
      se: 0.1,
      verdict: 'promoted',
    });
    await store.appendEvent(runId, 'agent.promoted', child.id, { agent: child.id, replaces: seed.id });
    await store.appendEvent(runId, 'agent.generation', null, { generation: 0, evaluated: 1, bestDev: 0.5, defaultAgent: seed.id, archive: 1, cost: 0.002 });
    await store.appendEvent(runId, 'agent.generation', null, { generation: 1, evaluated: 1, bestDev: 1, defaultAgent: child.id, archive: 2, cost: 0.0125 });
    await store.appendEvent(runId, 'agent.generation', null, { generation: 2, evaluated: 0, bestDev: 1, defaultAgent: child.id, archive: 2, cost: 0.003 });
    await store.updateRun(runId, { best_program_id: child.id });
    return { runId, seed: seed.id, child: child.id, refused: refused.id };
  } finally {
    await store.close();
  }
}

describe.skipIf(!HAS_CHROMIUM)('the agents view of a kaizen agent evolve run, in headless Chromium', () => {
  let DEV: string[];
  let HELDOUT: string[];
  let db: string;
  let runId: string;
  let rec: Recorded;
  let hand: Awaited<ReturnType<typeof handmadeRun>>;
  let dashboard: Dashboard;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    const dir = tempDir('kaizen-agents-ui-');
    const bench = join(dir, 'tasks');
    DEV = pickTasks('dev', 3);
    HELDOUT = pickTasks('heldout', 2);
    for (const id of [...DEV, ...HELDOUT]) cpSync(join(SHIPPED, id), join(bench, id), { recursive: true });
    db = join(dir, 'kaizen.db');
    const model = await openAgentModel(undefined, loadBenchmark(bench));
    const store = await Store.open(db);
    try {
      const result = await evolveAgents({
        store,
        benchmarkDir: bench,
        settings: { generations: 1, children: 1, gateSeeds: 2, gateEvery: 1, stages: [2], stageShares: [0.5, 1], seed: 1 },
        model: model.model,
        limits: DEFAULT_HARNESS_LIMITS,
        concurrency: 3,
        mode: 'never',
      });
      runId = result.runId;
    } finally {
      await store.close();
      await model.close();
    }
    rec = await recorded(db, runId);
    hand = await handmadeRun(db);
    dashboard = await openDashboard(db);
    ({ page, base } = dashboard);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('opens an agent run on its Agents tab and draws the archive as a tree, each agent with its score', async () => {
    expect(rec.programs.length).toBeGreaterThanOrEqual(2);
    await page.goto(`${base}#/`);
    await page.locator(`tr[data-run="${runId}"]`).getByRole('link', { name: runId }).click();
    await page.getByTestId('agent-tree').waitFor();
    expect(await page.locator('nav.tabs a.active').textContent()).toBe('Agents');
    expect(await page.getByTestId('agent-node').count()).toBe(rec.programs.length);
    for (const p of rec.programs) {
      expect(p.language).toBe('agent');
      if (p.parent_id === null) expect(await page.locator(`[data-testid="agent-tree"] > li[data-agent="${p.id}"]`).count()).toBe(1);
      else expect(await node(page, p.parent_id).locator(`:scope > ul > li[data-agent="${p.id}"]`).count()).toBe(1);
      expect(await own(page, p.id).getByTestId('agent-link').textContent()).toBe(`#${p.id}`);
      expect(await own(page, p.id).getByTestId('agent-score').textContent()).toBe(p.score === null ? '—' : pct(p.score));
    }
    // The default badge: on run.best_program_id, and only there.
    expect(rec.run.best_program_id).not.toBeNull();
    expect(await page.getByTestId('agent-tree').getByTestId('default-badge').count()).toBe(1);
    expect(await own(page, rec.run.best_program_id!).getByTestId('default-badge').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'agents-tree.png'), fullPage: true });
  });

  it("tabulates each agent's dev results as its agent.task events record them", async () => {
    await page.goto(`${base}#/run/${runId}/agents`);
    const table = page.getByTestId('score-table');
    await table.waitFor();
    const devTasks = await table.locator('thead th.dev').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-task')));
    expect(devTasks.sort()).toEqual([...DEV].sort());
    for (const p of rec.programs) {
      const mine = rec.tasks.filter((t) => t.agent === p.id && t.split === 'dev' && t.seed === rec.run.seed);
      const cells = await table.locator(`tr[data-agent="${p.id}"] td.dev`).allTextContents();
      expect(cells).toHaveLength(DEV.length);
      expect(cells.filter((c) => c === '✓')).toHaveLength(mine.filter((t) => t.solved).length);
      expect(cells.filter((c) => c === '✗')).toHaveLength(mine.filter((t) => !t.solved).length);
      if (p.public_json) expect(cells.filter((c) => c === '✓')).toHaveLength((JSON.parse(p.public_json) as { solved: number }).solved);
    }
    // Held-out columns only once a gate ran; then each gated agent has a result per seed on each held-out task.
    const gated = [...new Set(rec.tasks.filter((t) => t.split === 'heldout').map((t) => t.agent))];
    expect(await table.locator('thead th.heldout').count()).toBe(gated.length ? HELDOUT.length : 0);
    for (const a of gated) {
      const runs = rec.tasks.filter((t) => t.agent === a && t.split === 'heldout');
      const cells = await table.locator(`tr[data-agent="${a}"] td.heldout`).allTextContents();
      expect(cells.reduce((s, c) => s + Number(c.split('/')[0]), 0)).toBe(runs.filter((t) => t.solved).length);
    }
  });

  it("shows a child's diff against its parent, the diagnosis that led to it and its note", async () => {
    const child = rec.programs.find((p) => p.parent_id !== null);
    expect(child?.patch).toBeTruthy();
    await page.goto(`${base}#/run/${runId}/agents`);
    await own(page, child!.id).getByTestId('agent-link').click();
    const detail = page.locator(`[data-testid="agent-detail"][data-agent="${child!.id}"]`);
    await detail.waitFor();
    const added = child!
      .patch!.split('\n')
      .find((l) => /^[+-](?![+-]{2} )/.test(l) && l.slice(1).trim() !== '')!
      .slice(1)
      .trim();
    const diff = page.getByTestId('agent-diff');
    await expect.poll(() => diff.textContent()).toContain(added);
    expect(await diff.locator('.d2h-del, .d2h-ins').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('agent-diagnosis').textContent()).toBe(child!.feedback);
    expect(await page.getByTestId('agent-note').textContent()).toBe(child!.change);
    expect(page.url()).toContain(`agents?agent=${child!.id}`);
    await page.screenshot({ path: join(ARTIFACTS, 'agents-detail.png'), fullPage: true });
    // The program page shows the same diff and the agent's files.
    await page.goto(`${base}#/program/${child!.id}`);
    await expect.poll(() => page.getByTestId('diff').textContent()).toContain(added);
    const files = await page.getByTestId('code').locator('summary code').allTextContents();
    expect(files.sort()).toEqual(Object.keys(JSON.parse(child!.code) as object).sort());
  });

  it('lists best dev score and cost per generation', async () => {
    await page.goto(`${base}#/run/${runId}/agents`);
    const table = page.getByTestId('generations');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2); // generation 0 (the seed) and 1
    expect(await table.locator('tbody tr').first().locator('td').first().textContent()).toBe('0');
  });

  it('keeps the other views of an agent run working', async () => {
    await page.goto(`${base}#/run/${runId}/lineage`);
    await expect.poll(() => page.getByTestId('node-count').textContent()).toBe(String(rec.programs.length));
    await page.goto(`${base}#/run/${runId}/overview`);
    await page.getByTestId('score-chart').waitFor();
    await page.goto(`${base}#/run/${runId}/safeguards`);
    await expect.poll(() => page.getByTestId('ledger').textContent()).toContain('verifies');
    await page.goto(`${base}#/run/${runId}/models`);
    await page.waitForTimeout(300);
    expect(await page.locator('main .error').count()).toBe(0);
  });

  it('greys a refused self-edit with its reasons, and shows the held-out gate that promoted a child', async () => {
    await page.goto(`${base}#/run/${hand.runId}/agents?agent=${hand.refused}`);
    await page.getByTestId('agent-tree').waitFor();
    expect(await own(page, hand.refused).getAttribute('class')).toContain('muted-node');
    expect(await own(page, hand.refused).getByTestId('agent-score').textContent()).toBe('—');
    expect(await own(page, hand.child).getByTestId('default-badge').count()).toBe(1);
    expect(await own(page, hand.seed).getByTestId('default-badge').count()).toBe(0);
    expect(await page.getByTestId('agent-reasons').locator('li').allTextContents()).toEqual(['edits a file it does not own: ../harness.ts', 'removes main.ts']);
    await expect.poll(() => page.getByTestId('agent-diagnosis').textContent()).toBe('The agent gives up too early.');
    expect(await page.getByTestId('agent-diff').textContent()).toContain('process.exit(0);');
    expect(await page.getByTestId('agents-summary').textContent()).toContain(
      `3 agents (1 refused self-edits) · seed agent #${hand.seed} · default agent #${hand.child}`,
    );
    const table = page.getByTestId('score-table');
    expect(await table.locator(`tr[data-agent="${hand.seed}"] td.dev`).allTextContents()).toEqual(['✓', '✗']);
    expect(await table.locator(`tr[data-agent="${hand.child}"] td.dev`).allTextContents()).toEqual(['✓', '✓']);
    expect(await table.locator(`tr[data-agent="${hand.refused}"] td.dev`).allTextContents()).toEqual(['', '']);
    expect(await table.locator(`tr[data-agent="${hand.seed}"] td.heldout`).allTextContents()).toEqual(['1/2']);
    expect(await table.locator(`tr[data-agent="${hand.child}"] td.heldout`).allTextContents()).toEqual(['2/2']);
    const gate = page.getByTestId('gate-row');
    expect(await gate.count()).toBe(1);
    expect(await gate.locator('td').last().textContent()).toBe('promoted');
    expect(await page.getByTestId('generations').locator('tbody tr td:last-child').allTextContents()).toEqual(['$0.0020', '$0.0125', '$0.0030']);
    await page.getByTestId('generations-chart').locator('canvas').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'agents-handmade.png'), fullPage: true });
  });
});
