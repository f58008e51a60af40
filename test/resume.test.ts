import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evolve } from '../src/engine/evolve.ts';
import { Store } from '../src/store/store.ts';
import { CLI, copyExample } from './support/tmp.ts';

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function countEvaluated(db: string): Promise<number> {
  try {
    const store = await Store.open(db);
    try {
      const run = await store.latestRun();
      if (!run) return 0;
      return (await store.programs(run.id)).filter((p) => p.status === 'evaluated' || p.status === 'failed').length;
    } finally {
      await store.close();
    }
  } catch {
    return 0; // the database is not there yet
  }
}

describe('resume after kill -9', () => {
  it('continues the interrupted run: nothing evaluated is lost or evaluated twice', async () => {
    const dir = copyExample('circle-packing');
    const db = join(dir, '.kaizen', 'kaizen.db');
    const budget = 40;
    const child = spawn(process.execPath, [CLI, 'run', dir, '--budget', String(budget), '--concurrency', '2'], { stdio: 'ignore' });
    // Let it record some evaluations, then kill it without warning.
    for (let i = 0; i < 600 && (await countEvaluated(db)) < 12; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));

    const store = await Store.open(db);
    const run = (await store.latestRun())!;
    expect(run.status).toBe('running'); // it never got to say otherwise
    const before = (await store.programs(run.id)).filter((p) => p.status === 'evaluated' || p.status === 'failed');
    expect(before.length).toBeGreaterThanOrEqual(12);
    expect(before.length).toBeLessThan(budget);
    await store.close();

    const resumed = await runCli(['run', dir, '--budget', String(budget), '--json']);
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout.trim().split('\n').at(-1)!);
    expect(summary.runId).toBe(run.id);
    expect(summary.resumed).toBe(true);
    expect(summary.evaluated).toBe(budget);

    const after = await Store.open(db);
    const rows = await after.programs(run.id);
    const evaluated = rows.filter((p) => p.status === 'evaluated' || p.status === 'failed');
    expect(evaluated).toHaveLength(budget);
    expect(rows.filter((p) => p.status === 'pending')).toHaveLength(0);
    // Every proposal number is recorded once, and what was evaluated before the kill is untouched.
    const samples = rows.filter((p) => p.sample !== null).map((p) => p.sample);
    expect(new Set(samples).size).toBe(samples.length);
    for (const old of before) {
      const now = rows.find((r) => r.id === old.id)!;
      expect([now.score, now.evaluated_at, now.status]).toEqual([old.score, old.evaluated_at, old.status]);
    }
    const types = (await after.events(run.id)).map((e) => e.type);
    expect(types).toContain('run.resumed');
    expect(types.at(-1)).toBe('run.completed');
    expect((await after.getRun(run.id))!.status).toBe('completed');
    await after.close();

    // Re-running the completed task starts a new run rather than re-opening the finished one.
    const again = await runCli(['run', dir, '--budget', '3', '--json']);
    expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!).runId).not.toBe(run.id);
  });
});

describe('a run shared through one store by coordinators on several hosts', () => {
  it('is not resumed while another host beats for it, and is once its heartbeat is stale', async () => {
    const dir = copyExample('circle-packing');
    const db = join(dir, '.kaizen', 'kaizen.db');
    const first = await evolve({ task: dir, config: { budget: { samples: 4 } }, resume: 'never' });
    const store = await Store.open(db);
    try {
      // As if a coordinator on another machine were working the run now (its pid means nothing here).
      await store.updateRun(first.runId, { status: 'running', pid: 999_999 });
      await store.setState(first.runId, 'coordinator', { host: 'node-7.example', pid: 4242, at: new Date().toISOString() });
      await expect(evolve({ task: dir, config: { budget: { samples: 6 } } })).rejects.toThrow(
        `run ${first.runId} of circle-packing-26 is in progress in process 4242 on node-7.example`,
      );
      // The other host stopped beating a minute ago: it died, and the run is resumed here.
      await store.setState(first.runId, 'coordinator', { host: 'node-7.example', pid: 4242, at: new Date(Date.now() - 60_000).toISOString() });
    } finally {
      await store.close();
    }
    const resumed = await evolve({ task: dir, config: { budget: { samples: 6 } } });
    expect(resumed.runId).toBe(first.runId);
    expect(resumed.resumed).toBe(true);
    expect(resumed.evaluated).toBe(6);
  });
});
