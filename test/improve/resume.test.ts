import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runVerify } from '../../src/cli/verify.ts';
import { type ImproveOptions, type ImproveResult, improve } from '../../src/improve/loop.ts';
import { writeImproveReport } from '../../src/improve/report.ts';
import { loadSuite } from '../../src/improve/suite.ts';
import { Store } from '../../src/store/store.ts';
import { REPO } from '../support/tmp.ts';
import { tinySuite } from './support/suite.ts';

const CLI = join(REPO, 'test', 'improve', 'support', 'improve-cli.ts');

/**
 * 3 generations × 2 seeds, every variant also run on the held-out task: (1 + 3) × 2 sets × 2 seeds = 16 inner runs, and
 * the default's repeat on the training task with the same seeds: 2 more.
 */
function settings(dir: string, extra: Partial<ImproveOptions> = {}): ImproveOptions {
  return { suite: loadSuite(dir), out: join(dir, 'out', 'improve.db'), generations: 3, seeds: 2, innerBudget: 8, concurrency: 1, heldOutFor: 'all', ...extra };
}

/** What a run found: improvers, their per-seed scores and statuses (inner runs are deterministic at concurrency 1). */
const findings = (r: ImproveResult) => r.archive.map((e) => [e.improver.id, e.generation, e.children, e.training.perSeed, e.heldOut?.perSeed, e.status]);

async function inspect(db: string, runId: string) {
  const store = await Store.open(db);
  try {
    const events = (await store.events(runId)).map((e) => ({ type: e.type, data: JSON.parse(e.data_json) }));
    const runs = await store.listRuns();
    return { events, outer: runs.find((r) => r.id === runId)!, inner: runs.filter((r) => r.id !== runId) };
  } finally {
    await store.close();
  }
}

/** Interrupts after generation 0 is done (a quick way to leave an unfinished run of the tiny suite behind). */
async function interruptedRun(dir: string, extra: Partial<ImproveOptions> = {}): Promise<ImproveResult> {
  const abort = new AbortController();
  const r = await improve(settings(dir, { generations: 1, seeds: 1, innerBudget: 4, signal: abort.signal, onGeneration: () => abort.abort(), ...extra }));
  expect(r.status).toBe('interrupted');
  return r;
}

function cli(args: string[], onStderr?: (text: string, child: ChildProcess) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, 'improve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('kaizen improve resumes an interrupted run', () => {
  it('interrupted after generation 1, resumed: nothing redone, the same findings as an uninterrupted run, one verifiable record', async () => {
    const dir = tinySuite();
    const abort = new AbortController();
    const first = await improve({ ...settings(dir), signal: abort.signal, onGeneration: (l) => l.generation === 1 && abort.abort() });
    expect(first.status).toBe('interrupted');
    expect(first.curve.map((p) => p.generation)).toEqual([0, 1]);
    expect(first.innerRuns).toEqual({ run: 10, restored: 0 });
    const before = await inspect(first.db, first.runId);
    expect(before.outer.status).toBe('interrupted');
    expect(before.events.some((e) => e.type === 'improve.verdict')).toBe(false);

    const lines: [number, boolean][] = [];
    const notices: string[] = [];
    const resumed = await improve({ ...settings(dir), onGeneration: (l) => lines.push([l.generation, l.restored]), onNotice: (m) => notices.push(m) });
    expect(resumed.runId).toBe(first.runId);
    expect(notices.join('\n')).toMatch(/resuming improve run improve-\S+ \(session 2\)/);
    expect(resumed).toMatchObject({ status: 'completed', resumed: true, sessions: 2, innerRuns: { run: 8, restored: 10 } });
    // Generations 0 and 1 come from the record, the count continues at 2; every improver is archived once.
    expect(lines).toEqual([
      [0, true],
      [1, true],
      [2, false],
      [3, false],
    ]);
    expect(resumed.archive.map((e) => e.generation)).toEqual([0, 1, 2, 3]);
    expect(new Set(resumed.archive.map((e) => e.improver.id)).size).toBe(4);
    expect(resumed.archive.slice(0, 2).map((e) => e.training.runs.map((r) => r.runId))).toEqual(first.archive.map((e) => e.training.runs.map((r) => r.runId)));

    // Not one inner run was redone: 18 in the database, each counted by exactly one inner.completed event.
    const after = await inspect(resumed.db, resumed.runId);
    const counted = after.events.filter((e) => e.type === 'inner.completed').map((e) => e.data.runId);
    expect(after.inner).toHaveLength(18);
    expect(new Set(counted).size).toBe(18);
    expect(new Set(counted)).toEqual(new Set(after.inner.map((r) => r.id)));
    const types = after.events.map((e) => e.type);
    expect(types.filter((t) => t === 'run.resumed')).toHaveLength(1);
    expect(types.filter((t) => t === 'improver.archived')).toHaveLength(4);
    expect(types.filter((t) => t === 'improve.verdict')).toHaveLength(1);
    expect(after.outer.status).toBe('completed');

    // The same findings as the same settings uninterrupted.
    const straight = await improve(settings(tinySuite()));
    expect(findings(resumed)).toEqual(findings(straight));
    expect(resumed.curve).toEqual(straight.curve);

    // result.json and report.md cover the whole run; `kaizen verify --db …/improve.db` passes.
    const report = writeImproveReport(resumed, join(dir, 'out', resumed.runId));
    const json = JSON.parse(readFileSync(join(dir, 'out', resumed.runId, 'result.json'), 'utf8'));
    expect(json.archive).toHaveLength(4);
    expect(json.curve.map((p: { generation: number }) => p.generation)).toEqual([0, 1, 2, 3]);
    const md = readFileSync(report, 'utf8');
    for (const e of resumed.archive) expect(md).toContain(`### ${e.improver.id}`);
    expect(md).toMatch(/over 2 sessions/);
    const verified = await runVerify(dir, { db: resumed.db, topK: 0, reexecute: true, tolerance: 0 });
    expect(verified.results.flatMap((r) => r.problems)).toEqual([]);
    expect(verified.results).toHaveLength(19);
  });

  it('refuses to resume when the settings changed, while the owning process is alive, or when the record does not replay; --new starts afresh', async () => {
    const dir = tinySuite();
    const first = await interruptedRun(dir);
    await expect(improve(settings(dir, { generations: 1, seeds: 2, innerBudget: 4 }))).rejects.toThrow(
      /improve run improve-\S+ did not finish, but its settings \(seeds \(1 → 2\)\) changed since; re-run with its settings to resume it, or start afresh with `kaizen improve --new`/,
    );
    // A live owner (here: a process that is not this one) keeps its run.
    const owner = spawn('sleep', ['30']);
    try {
      const store = await Store.open(first.db);
      await store.updateRun(first.runId, { status: 'running', pid: owner.pid! });
      await store.close();
      await expect(improve(settings(dir, { generations: 1, seeds: 1, innerBudget: 4 }))).rejects.toThrow(
        new RegExp(`improve run ${first.runId} is in progress in process ${owner.pid}; wait for it or stop it first`),
      );
    } finally {
      owner.kill('SIGKILL');
    }
    // A record this version of the loop would not have written (here: a forged next step) is refused, and kept.
    const store = await Store.open(first.db);
    await store.updateRun(first.runId, { status: 'interrupted', pid: null });
    await store.appendEvent(first.runId, 'improver.selected', null, { generation: 1, parent: 'not-an-improver', weights: [] });
    await store.close();
    await expect(improve(settings(dir, { generations: 1, seeds: 1, innerBudget: 4 }))).rejects.toThrow(
      /cannot be resumed: its record does not replay \(event \d+ is improver\.selected, .*start afresh with `kaizen improve --new`/,
    );
    expect((await inspect(first.db, first.runId)).outer.status).toBe('interrupted');
    const fresh = await improve(settings(dir, { generations: 0, seeds: 1, innerBudget: 4, resume: 'never' }));
    expect(fresh.runId).not.toBe(first.runId);
    expect(fresh).toMatchObject({ status: 'completed', resumed: false, sessions: 1 });
  });

  it('--resume with nothing to resume is a clear error', async () => {
    const dir = tinySuite();
    const res = await cli(['--suite', dir, '--generations', '1', '--seeds', '2', '--inner-budget', '4', '--out', join(dir, 'out'), '--resume']);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('kaizen: there is no unfinished improve run of suite tiny to resume');
  });

  it('kill -9 mid-run, then the same command: resumed from the record, the cut inner run redone once and counted once', async () => {
    const dir = tinySuite();
    const args = ['--suite', dir, '--generations', '3', '--seeds', '2', '--inner-budget', '6', '--concurrency', '1', '--out', join(dir, 'out'), '--json'];
    const killed = await cli(args, (text, child) => /^gen 1: /m.test(text) && child.kill('SIGKILL'));
    expect(killed.signal).toBe('SIGKILL');
    const again = await cli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^resuming improve run improve-\S+ \(session 2\)/m);
    expect(again.stderr).toMatch(/^gen 1: .*\(restored\)$/m);
    expect(again.stderr).toMatch(/^gen 3: /m);
    const summary = JSON.parse(again.stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ status: 'completed', resumed: true, sessions: 2 });
    expect(summary.innerRuns.restored).toBeGreaterThanOrEqual(4);
    expect(new Set(summary.improvers.map((i: { id: string }) => i.id)).size).toBe(summary.improvers.length);

    const { events, inner } = await inspect(summary.db, summary.runId);
    const counted = events.filter((e) => e.type === 'inner.completed').map((e) => e.data.runId as string);
    expect(new Set(counted).size).toBe(counted.length);
    expect(counted).toHaveLength(summary.innerRuns.run + summary.innerRuns.restored);
    // At most the one inner run cut by the kill is left over: uncounted, marked interrupted, named by run.resumed.
    const leftover = inner.filter((r) => !counted.includes(r.id));
    expect(leftover.length).toBeLessThanOrEqual(1);
    expect(events.find((e) => e.type === 'run.resumed')!.data.abandoned).toEqual(leftover.map((r) => r.id));
    for (const r of leftover) expect(r.status).toBe('interrupted');
    const verified = await runVerify(dir, { db: summary.db, topK: 0, reexecute: false, tolerance: 0 });
    expect(verified.results.flatMap((r) => r.problems)).toEqual([]);
  });
});
