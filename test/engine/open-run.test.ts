import { type ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadedTask } from '../../src/config/load.ts';
import { openOrResumeRun, type RunRequest, taskHash } from '../../src/engine/open-run.ts';
import { processStart } from '../../src/sandbox/pid.ts';
import { type Heartbeat, OWNER_STATE_KEY, ownerAlive, writeHeartbeat } from '../../src/store/run-owner.ts';
import { type Run, Store } from '../../src/store/store.ts';
import { tempDir } from '../support/tmp.ts';
import { machineInfo } from '../../src/util/machine.ts';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** A process that is alive and is not this one: an owner still at work. */
function liveOwner(): number {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  return child.pid as number;
}

/** A pid that no process has (a child that exited and was reaped). */
async function deadPid(): Promise<number> {
  const child = spawn('true', { stdio: 'ignore' });
  await new Promise((r) => child.on('exit', r));
  return child.pid as number;
}

const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  idPrefix: 'test',
  taskName: 'demo',
  taskDir: '/tmp/demo',
  hash: 'h1',
  config: { seed: 5 },
  seed: 5,
  started: { task: 'demo', config: { note: 'first' } },
  wording: {
    run: (id) => `run ${id} of demo`,
    changed: (run) => `its hash (${run.task_hash})`,
    startAfresh: 'start afresh',
    unfinished: 'run of demo',
  },
  ...over,
});

async function openStore(): Promise<Store> {
  return Store.open(join(tempDir(), 'kaizen.db'));
}

/** Makes `run` look as if `pid` were working it (status running), optionally with a heartbeat. */
async function ownedBy(store: Store, run: Run, pid: number, beat?: Partial<Heartbeat>): Promise<void> {
  await store.updateRun(run.id, { status: 'running', pid });
  if (beat) await store.setState(run.id, OWNER_STATE_KEY, { host: hostname(), pid, at: new Date().toISOString(), ...beat });
}

describe('taskHash', () => {
  it('is the hash existing databases hold: identity, program and config without budget and concurrency', () => {
    const config = { seed: 3, islands: { count: 2, migrationInterval: 25, migrants: 1 } };
    const loaded = {
      identity: 'task text',
      programCode: 'let x = 1;\n',
      config: { ...config, budget: { samples: 9 }, concurrency: 4 },
    } as unknown as LoadedTask;
    expect(taskHash(loaded)).toBe('940062db5c2801acad4506b2cfb04f8896d42520bd2369ec88a47dc3e6a727b0');
    const moreBudget = { ...loaded, config: { ...config, budget: { samples: 90 }, concurrency: 1 } } as unknown as LoadedTask;
    expect(taskHash(moreBudget)).toBe(taskHash(loaded));
    const otherSeed = { ...loaded, config: { ...loaded.config, seed: 4 } } as unknown as LoadedTask;
    expect(taskHash(otherSeed)).not.toBe(taskHash(loaded));
  });
});

describe('openOrResumeRun', () => {
  it('starts a new run: id, row and run.started event', async () => {
    const store = await openStore();
    try {
      const opened = await openOrResumeRun(store, request(), 'auto');
      expect(opened.resumed).toBe(false);
      expect(opened.run.id).toMatch(/^test-\d{8}T\d{6}-[0-9a-f]{6}$/);
      expect(opened.run).toMatchObject({
        task_name: 'demo',
        task_dir: '/tmp/demo',
        task_hash: 'h1',
        config_json: '{"seed":5}',
        seed: 5,
        status: 'running',
        pid: process.pid,
      });
      const events = await store.events(opened.run.id);
      expect(events.map((e) => [e.type, JSON.parse(e.data_json)])).toEqual([
        ['run.started', { task: 'demo', config: { note: 'first' }, machine: machineInfo() }],
      ]);
    } finally {
      await store.close();
    }
  });

  it('resumes the unfinished run of a dead owner: beforeResume sees the old owner, run.resumed carries its data', async () => {
    const store = await openStore();
    try {
      const first = (await openOrResumeRun(store, request(), 'auto')).run;
      const dead = await deadPid();
      await ownedBy(store, first, dead, { activeMs: 1234 });
      let seenPid: number | null = null;
      const opened = await openOrResumeRun(
        store,
        request({
          beforeResume: async (run) => {
            seenPid = run.pid;
            return { extra: 7 };
          },
        }),
        'required',
      );
      expect(opened).toMatchObject({ resumed: true, run: { id: first.id, status: 'running', pid: process.pid } });
      expect(opened.lastHeartbeat).toMatchObject({ pid: dead, activeMs: 1234 });
      expect(seenPid).toBe(dead);
      expect((await store.getRun(first.id))!.pid).toBe(process.pid);
      const last = (await store.events(first.id)).at(-1)!;
      expect([last.type, JSON.parse(last.data_json)]).toEqual(['run.resumed', { pid: process.pid, machine: machineInfo(), extra: 7 }]);
    } finally {
      await store.close();
    }
  });

  it('refuses a run whose owner is alive, and takes it when the live pid has another start time (a reused pid)', async () => {
    const store = await openStore();
    try {
      const first = (await openOrResumeRun(store, request(), 'auto')).run;
      const pid = liveOwner();
      await ownedBy(store, first, pid, { start: processStart(pid) });
      await expect(openOrResumeRun(store, request(), 'auto')).rejects.toThrow(
        `run ${first.id} of demo is in progress in process ${pid}; wait for it or stop it first`,
      );
      await ownedBy(store, first, pid);
      await store.setState(first.id, OWNER_STATE_KEY, { host: hostname(), pid, start: '1', at: new Date().toISOString() });
      const opened = await openOrResumeRun(store, request(), 'auto');
      expect(opened).toMatchObject({ resumed: true, run: { id: first.id } });
    } finally {
      await store.close();
    }
  });

  it('refuses a run whose hash changed; `never` starts afresh beside it; `required` with none is an error', async () => {
    const store = await openStore();
    try {
      const first = (await openOrResumeRun(store, request(), 'auto')).run;
      await ownedBy(store, first, await deadPid());
      await expect(openOrResumeRun(store, request({ hash: 'h2' }), 'auto')).rejects.toThrow(
        `run ${first.id} of demo did not finish, but its hash (h1) changed since; start afresh`,
      );
      const fresh = await openOrResumeRun(store, request({ hash: 'h2' }), 'never');
      expect(fresh.resumed).toBe(false);
      expect(fresh.run.id).not.toBe(first.id);
      await store.setRunStatus(fresh.run.id, 'completed');
      await store.setRunStatus(first.id, 'completed');
      await expect(openOrResumeRun(store, request(), 'required')).rejects.toThrow('there is no unfinished run of demo to resume');
    } finally {
      await store.close();
    }
  });
});

describe('ownerAlive', () => {
  const run = (pid: number | null) => ({ pid }) as Run;

  it('on this host: the pid, checked against the start time the owner beat with', () => {
    const pid = liveOwner();
    const beat = (over: Partial<Heartbeat>): Heartbeat => ({ host: hostname(), pid, at: new Date().toISOString(), ...over });
    expect(ownerAlive(run(pid), undefined)).toBe(true);
    expect(ownerAlive(run(pid), beat({ start: processStart(pid) }))).toBe(true);
    expect(ownerAlive(run(pid), beat({ start: '1' }))).toBe(false);
    // A heartbeat of another pid (the previous owner's, before the new one first beats) says nothing of this pid's start.
    expect(ownerAlive(run(pid), beat({ pid: pid + 1, start: '1' }))).toBe(true);
  });

  it('never this process, nor no process', () => {
    expect(ownerAlive(run(process.pid), undefined)).toBe(false);
    expect(ownerAlive(run(null), undefined)).toBe(false);
  });

  it('on another host: a heartbeat younger than three beats', () => {
    const at = (msAgo: number) => ({ host: 'node-7.example', pid: 1, at: new Date(Date.now() - msAgo).toISOString() });
    expect(ownerAlive(run(null), at(1000))).toBe(true);
    expect(ownerAlive(run(null), at(60_000))).toBe(false);
  });

  it("a heartbeat records its process's start time, so that a later process given the same pid is not taken for it", async () => {
    const store = await openStore();
    try {
      const { run: r } = await openOrResumeRun(store, request(), 'auto');
      await writeHeartbeat(store, r.id);
      const beat = (await store.getState<Heartbeat>(r.id, OWNER_STATE_KEY))!;
      expect(beat).toMatchObject({ host: hostname(), pid: process.pid, start: processStart(process.pid) });
      expect(beat.start).toMatch(/^\d+$/);
    } finally {
      await store.close();
    }
  });
});
