import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { Store } from '../../src/store/store.ts';
import { CLI, copyExample } from '../support/tmp.ts';

async function evaluatedSoFar(db: string): Promise<number> {
  try {
    const store = await Store.open(db);
    try {
      const run = await store.latestRun();
      return run ? (await store.programs(run.id)).filter((p) => p.status === 'evaluated' || p.status === 'failed').length : 0;
    } finally {
      await store.close();
    }
  } catch {
    return 0;
  }
}

const exit = (child: ReturnType<typeof spawn>) => new Promise<number | null>((r) => child.on('close', (code) => r(code)));

describe('a killed run', () => {
  it('verifies up to its last event (every append is signed in its own transaction), and again once resumed', async () => {
    const dir = copyExample('circle-packing');
    const db = join(dir, '.kaizen', 'kaizen.db');
    const child = spawn(process.execPath, [CLI, 'run', dir, '--budget', '30', '--concurrency', '2'], { stdio: 'ignore' });
    for (let i = 0; i < 600 && (await evaluatedSoFar(db)) < 8; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exit(child);

    let store = await Store.open(db);
    let run = (await store.latestRun())!;
    expect(run.status).toBe('running');
    let r = await verifyRun(store, run, { taskDir: dir, topK: 1 });
    expect(r.problems).toEqual([]);
    expect(r.unsigned).toBe(0);
    expect(r.signedSeq).toBe(r.events);
    await store.close();

    // The resumed process reads the run's key from its file and extends the same chain.
    expect(await exit(spawn(process.execPath, [CLI, 'run', dir, '--budget', '30'], { stdio: 'ignore' }))).toBe(0);
    store = await Store.open(db);
    run = (await store.getRun(run.id))!;
    expect(run.status).toBe('completed');
    r = await verifyRun(store, run, { taskDir: dir, topK: 1 });
    expect(r.problems).toEqual([]);
    expect(r.signedSeq).toBe(r.events);
    await store.close();
  });
});
