// Runs that continue (issue 20, part 5), through the real `kaizen` command: a completed run extended with a larger
// sample or dollar budget, a run whose model URL was wrong resumed with the right one, a killed run shown as interrupted.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWireServer, type WireServer } from '../src/models/wire-server.ts';
import { evolutionStandin } from '../src/operators/standin.ts';
import { listRuns } from '../src/server/runs.ts';
import { Store } from '../src/store/store.ts';
import { CLI, type CliRun, runCli, tempDir } from './support/tmp.ts';

/** The command as a child process; asynchronous, so the wire server in this process answers its model calls. */
const kaizen = (...args: string[]) => runCli(args);
/** The JSON summary, the last line of stdout (with --json, progress lines and notices go to stderr). */
const summaryOf = (r: CliRun) => JSON.parse(r.stdout.trim().split('\n').at(-1)!);

async function newTask(config?: string): Promise<string> {
  const dir = join(tempDir(), 'task');
  expect((await kaizen('init', dir)).code).toBe(0);
  if (config) writeFileSync(join(dir, 'kaizen.config.ts'), config);
  return dir;
}

/** A run's events of one type, and its row, read from its database. */
async function record(db: string, runId: string) {
  const store = await Store.open(db, { readOnly: true });
  try {
    const events = await store.events(runId);
    return {
      run: (await store.getRun(runId))!,
      resumed: events.filter((e) => e.type === 'run.resumed').map((e) => JSON.parse(e.data_json)),
      programs: (await store.programs(runId)).length,
    };
  } finally {
    await store.close();
  }
}

describe('kaizen run --resume extends a completed run', () => {
  it('with a larger --budget: same run, from where it stopped; a budget that is not larger, or another change, is refused by name', async () => {
    const dir = await newTask();
    const first = await kaizen('run', dir, '--budget', '6', '--concurrency', '1', '--json');
    expect(first.code, first.stderr).toBe(0);
    const { runId, db } = summaryOf(first);

    const same = await kaizen('run', dir, '--budget', '6', '--resume');
    expect(same.code).toBe(1);
    expect(same.stderr.trim()).toBe(
      `kaizen: run ${runId} of task completed 6 samples (budget 6); give a larger --budget to extend it; start a new run with \`kaizen run --new\``,
    );

    const extended = await kaizen('run', dir, '--budget', '10', '--concurrency', '1', '--resume', '--json');
    expect(extended.code, extended.stderr).toBe(0);
    const summary = summaryOf(extended);
    expect(summary).toMatchObject({ runId, resumed: true, evaluated: 10, stoppedBy: 'budget' });
    expect(summary.bestScore).toBeGreaterThanOrEqual(summaryOf(first).bestScore);
    expect(extended.stderr).toMatch(`resuming ${runId} with budget.samples: 6 → 10`);
    const after = await record(db, runId);
    expect(after.run.status).toBe('completed');
    expect(JSON.parse(after.run.config_json).budget.samples).toBe(10);
    expect(after.resumed).toEqual([expect.objectContaining({ extended: true, changes: [{ field: 'budget.samples', from: 6, to: 10 }] })]);
    // The signed head covers the run's new config: the ledger still verifies.
    const verify = await kaizen('verify', dir, '--no-reexecute');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(`run ${runId}: ok`);

    // Without --resume, a larger budget starts a new run from the seed, and says so.
    const fresh = await kaizen('run', dir, '--budget', '12', '--concurrency', '1', '--json');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).toMatch(
      `run ${runId} of task completed; this starts a new run from the initial program (\`--resume\` extends ${runId} with this budget instead)`,
    );
    expect(summaryOf(fresh)).toMatchObject({ resumed: false, evaluated: 12 });
    expect(summaryOf(fresh).runId).not.toBe(runId);

    const reseeded = await kaizen('run', dir, '--budget', '40', '--seed', '3', '--resume');
    expect(reseeded.code).toBe(1);
    expect(reseeded.stderr.trim()).toBe(
      `kaizen: run ${summaryOf(fresh).runId} of task cannot resume: seed: 0 → 3 changed since it started; put it back, or start a new run with \`kaizen run --new\``,
    );
  });
});

describe('runs with a model over real HTTP (the local wire server)', () => {
  let server: WireServer;
  beforeAll(async () => {
    server = await startWireServer(evolutionStandin());
  });
  afterAll(() => server.close());

  it('a run stopped by --budget-usd is extended with a larger --budget-usd, its spend restored', async () => {
    const model = `openai-compatible:standin@${server.url}`;
    // Dear tokens, so a few calls reach the limit.
    const dir = await newTask(
      `export default { budget: { samples: 200 }, concurrency: 1, lessons: { every: 0 }, novelty: { judge: false }, llm: { prices: { ${JSON.stringify(model)}: { input: 200, output: 200 } } } };\n`,
    );
    const first = await kaizen('run', dir, '--model', model, '--budget-usd', '0.5', '--json');
    expect(first.code, first.stderr).toBe(0);
    const one = summaryOf(first);
    expect(one.stoppedBy).toBe('usd');
    expect(one.evaluated).toBeLessThan(200);
    // It stops before the call that would likely pass the budget: close under it.
    expect(one.cost).toBeLessThanOrEqual(0.5);
    expect(one.cost).toBeGreaterThan(0.3);

    const same = await kaizen('run', dir, '--model', model, '--budget-usd', '0.5', '--resume');
    expect(same.code).toBe(1);
    expect(same.stderr.trim()).toMatch(
      new RegExp(
        `^kaizen: run ${one.runId} of task completed after spending \\$${one.cost.toFixed(4)} \\(budget \\$0\\.5\\); give a larger --budget-usd to extend it;`,
      ),
    );

    const requests = server.requests;
    const more = await kaizen('run', dir, '--model', model, '--budget-usd', '1.5', '--resume', '--json');
    expect(more.code, more.stderr).toBe(0);
    const two = summaryOf(more);
    expect(two).toMatchObject({ runId: one.runId, resumed: true, stoppedBy: 'usd' });
    expect(two.evaluated).toBeGreaterThan(one.evaluated);
    // The first session's spend counts (restored, not restarted): the total stays within the new limit, give or take
    // a call in flight (which costs less than the whole first session).
    expect(two.cost).toBeGreaterThan(0.5);
    expect(two.cost).toBeLessThan(1.5 + one.cost);
    expect(server.requests).toBeGreaterThan(requests);
    const after = await record(two.db, one.runId);
    expect(after.resumed).toEqual([expect.objectContaining({ extended: true, changes: [{ field: 'budget.usd', from: 0.5, to: 1.5 }] })]);
  });

  it('a run whose model URL was wrong resumes with the corrected URL; the change is recorded', async () => {
    const dir = await newTask(
      'export default { budget: { samples: 8 }, concurrency: 1, lessons: { every: 0 }, llm: { attempts: 1, maxConsecutiveFailures: 2 } };\n',
    );
    const wrong = 'openai-compatible:standin@http://127.0.0.1:1/v1'; // nothing listens on port 1
    const right = `openai-compatible:standin@${server.url}`;
    const failed = await kaizen('run', dir, '--model', wrong, '--json');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/every recent model call failed/);
    const { runId, db, evaluated } = summaryOf(failed);
    expect(summaryOf(failed).stoppedBy).toBe('models-failing');
    expect((await record(db, runId)).run.status).toBe('interrupted');

    // What the failure message suggests: the same command, with the model corrected.
    const fixed = await kaizen('run', dir, '--model', right, '--json');
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(summaryOf(fixed)).toMatchObject({ runId, resumed: true, evaluated: 8, stoppedBy: 'budget' });
    expect(summaryOf(fixed).evaluated).toBeGreaterThan(evaluated);
    expect(fixed.stderr).toMatch(`resuming ${runId} with models: ["${wrong}"] → ["${right}"]`);
    const after = await record(db, runId);
    expect(JSON.parse(after.run.config_json).models).toEqual([right]);
    expect(after.resumed).toEqual([expect.objectContaining({ changes: [{ field: 'models', from: [wrong], to: [right] }] })]);
    expect(after.resumed[0].extended).toBeUndefined();
  });
});

describe('a run whose owner died', () => {
  it('shows as interrupted in kaizen status and the dashboard API, then resumes', async () => {
    const dir = await newTask();
    const child = spawn(process.execPath, [CLI, 'run', dir, '--budget', '100000', '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (/^\[\d+\/100000\]/m.test(out)) resolve();
      });
    });
    const running = JSON.parse((await kaizen('status', dir, '--json')).stdout);
    expect(running.status).toBe('running');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));

    const status = await kaizen('status', dir, '--json');
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ runId: running.runId, status: 'interrupted' });
    expect((await kaizen('status', dir)).stdout).toMatch(`run ${running.runId} (task): interrupted`);
    const store = await Store.open(join(dir, '.kaizen', 'kaizen.db'), { readOnly: true });
    try {
      expect((await listRuns(store)).map((r) => [r.id, r.status])).toEqual([[running.runId, 'interrupted']]);
      expect((await store.getRun(running.runId))?.status).toBe('running'); // the record still says what the dead owner left
    } finally {
      await store.close();
    }

    // The budget from the count after the kill: the run went on evaluating between the first status and the kill, and
    // a budget below what it evaluated is refused.
    const evaluated = (JSON.parse(status.stdout) as { evaluated: number }).evaluated;
    const resumed = await kaizen('run', dir, '--budget', String(evaluated + 3), '--concurrency', '1', '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(summaryOf(resumed)).toMatchObject({ runId: running.runId, resumed: true });
  });
});
