import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import { queueSandboxFromUrl } from '../../src/executor/queue.ts';
import { EXECUTOR_STATE_KEY, type ExecutorSnapshot } from '../../src/executor/stats.ts';
import { hashTaskFiles } from '../../src/executor/task-hash.ts';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { Store } from '../../src/store/store.ts';
import { postgresUnavailable } from '../store-pg/postgres.ts';
import { usePostgres } from '../store-pg/use-postgres.ts';
import { type KaizenProcess, kaizen, killAll, slowCirclePacking, startWorker } from './processes.ts';
import { NO_REDIS, type RedisServer, startRedis } from './redis.ts';

const unavailable = NO_REDIS || postgresUnavailable();
if (unavailable) console.warn(`skipping the cluster tests: ${unavailable}`);

/** Checks the record of a finished run: every proposal exactly once, none pending or lost to the queue, the ledger sound. */
async function expectCompleteRecord(location: string, runId: string, samples: number, taskDir: string): Promise<void> {
  const store = await Store.open(location);
  try {
    const run = (await store.getRun(runId))!;
    expect(run.status).toBe('completed');
    const rows = (await store.programs(runId)).filter((r) => r.status !== 'migrant');
    // Sample numbers are unique and gapless (a proposal refused before running has one too, and is not evaluated).
    const sampleNumbers = rows.map((r) => r.sample!).sort((a, b) => a - b);
    expect(sampleNumbers).toEqual(sampleNumbers.map((_, i) => i));
    expect(rows.filter((r) => r.status === 'evaluated' || r.status === 'failed').length).toBe(samples);
    expect(rows.filter((r) => r.status === 'pending')).toEqual([]);
    expect(rows.filter((r) => r.failure_class === 'sandbox-error').map((r) => r.error)).toEqual([]);
    const verified = await verifyRun(store, run, { taskDir, reexecute: false, topK: 0 });
    expect(verified.problems).toEqual([]);
    expect(verified.unsigned).toBe(0);
  } finally {
    await store.close();
  }
}

describe.skipIf(!!unavailable)('a run spread over a coordinator and workers, recorded in Postgres', () => {
  const postgres = usePostgres();
  let redis: RedisServer;
  let databases = 0;
  const processes: KaizenProcess[] = [];

  /** A fresh database on the test's PostgreSQL server, so each test has its own store and queue tables. */
  async function freshDatabase(): Promise<string> {
    const name = `cluster_${++databases}`;
    await postgres.admin(`CREATE DATABASE ${name}`);
    return postgres.url.replace(/\/[^/]*$/, `/${name}`);
  }

  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);

  afterAll(async () => {
    killAll(processes);
    await redis?.stop();
  });

  it.each([
    ['a Redis queue', () => Promise.resolve(redis.url)],
    ["BullMQ's Postgres backend", () => freshDatabase()],
  ])(
    'completes with two workers on %s, one killed with SIGKILL mid-job, and `kaizen verify` passes on the Postgres store',
    async (_name, queueUrl) => {
      const dir = slowCirclePacking();
      const store = await freshDatabase();
      const queue = await queueUrl();
      const samples = 14;
      const a = await startWorker(queue, dir, ['--concurrency', '2', '--lock-ms', '2000']);
      const b = await startWorker(queue, dir, ['--concurrency', '2', '--lock-ms', '2000']);
      processes.push(a, b);
      const coordinator = kaizen(['run', dir, '--queue', queue, '--store', store, '--budget', String(samples), '--concurrency', '4', '--seed', '5', '--json'], {
        cwd: dir,
      });
      processes.push(coordinator);
      const [, killedJob] = await a.waitFor(/started (\S+)/);
      a.child.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      expect(await coordinator.exited).toBe(0);

      const summary = JSON.parse(coordinator.out.trim().split('\n').at(-1)!) as { runId: string; evaluated: number; db: string };
      expect(summary.evaluated).toBe(samples);
      // The progress lines show the workers and the queue; the summary never shows the store's password.
      expect(coordinator.out).toMatch(/workers [12] \| queue \d+ \| running \d+/);
      // The job the killed worker held was taken over by the other worker after its lock expired, and completed.
      expect(b.out).toContain(`started ${killedJob}`);
      await expectCompleteRecord(store, summary.runId, samples, dir);

      const verify = kaizen(['verify', dir, '--store', store, '--top', '2'], { cwd: dir });
      expect(await verify.exited).toBe(0);
      expect(verify.out).toMatch(new RegExp(`run ${summary.runId}: ok: \\d+ events chained, head #\\d+ signed, \\d+ programs match, \\d re-executed`));

      const status = kaizen(['status', dir, '--store', store], { cwd: dir });
      expect(await status.exited).toBe(0);
      expect(status.out).toMatch(
        /executor \(last seen [^)]+\): BullMQ on (redis|postgres) \S+, queue kaizen-evaluations: workers \d+, queue 0, running 0, 0 of this run in flight/,
      );
      b.child.kill('SIGTERM');
      expect(await b.exited).toBe(0);
    },
    120_000,
  );

  it("finishes a run on BullMQ's Postgres backend whose every connection is terminated mid-run, store and queue alike", async () => {
    const dir = slowCirclePacking(200);
    const database = await freshDatabase();
    const sandbox = await queueSandboxFromUrl(database, hashTaskFiles(dir), { pollMs: 300 });
    try {
      const worker = await startWorker(database, dir, ['--concurrency', '2', '--lock-ms', '3000']);
      processes.push(worker);
      const samples = 16;
      const running = evolve({ task: dir, out: database, sandbox, resume: 'never', config: { budget: { samples }, concurrency: 3, seed: 4 } });
      let terminated = 0;
      for (let round = 0; round < 3; round++) {
        await worker.waitFor(new RegExp(`(finished [^\\n]*\\n[^]*){${3 * (round + 1)}}`), 30_000);
        terminated += await postgres.terminateOthers();
      }
      const result = await running;
      expect(terminated).toBeGreaterThan(3);
      expect(worker.alive()).toBe(true); // its BullMQ clients reconnected
      expect(result.evaluated).toBe(samples);
      await expectCompleteRecord(database, result.runId, samples, dir);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('finishes a run whose Redis restarts (losing every job) and whose worker hangs mid-job', async () => {
    const dir = slowCirclePacking(300);
    const store = await freshDatabase();
    let server = await startRedis();
    const sandbox = await queueSandboxFromUrl(server.url, hashTaskFiles(dir), { pollMs: 300 });
    try {
      const hung = await startWorker(server.url, dir, ['--concurrency', '1', '--lock-ms', '2000']);
      const steady = await startWorker(server.url, dir, ['--concurrency', '2', '--lock-ms', '2000']);
      processes.push(hung, steady);
      const samples = 16;
      const running = evolve({ task: dir, out: store, sandbox, resume: 'never', config: { budget: { samples }, concurrency: 3, seed: 2 } });

      // A worker that stops answering mid-job (SIGSTOP): its lock expires and the steady worker takes the job over.
      const [, stalledJob] = await hung.waitFor(/started (\S+)/);
      hung.child.kill('SIGSTOP');
      await steady.waitFor(new RegExp(`started ${stalledJob}`), 20_000);
      // Redis goes away with every queued and running job (no persistence) and comes back empty on the same port.
      await steady.waitFor(/finished .*\n(.|\n)*finished /);
      await server.stop();
      await sleep(500);
      server = await startRedis({ port: server.port });
      const result = await running;
      hung.child.kill('SIGCONT'); // it wakes to find its job taken; nothing it returns now reaches the record

      expect(result.evaluated).toBe(samples);
      expect(sandbox.resubmitted).toBeGreaterThan(0);
      await expectCompleteRecord(store, result.runId, samples, dir);
      const record = await Store.open(store);
      try {
        const snapshot = await record.getState<ExecutorSnapshot>(result.runId, EXECUTOR_STATE_KEY);
        expect(snapshot).toMatchObject({ backend: 'redis', location: server.url, queue: 'kaizen-evaluations', inFlight: 0 });
        expect(snapshot!.workers).toBeGreaterThanOrEqual(1);
      } finally {
        await record.close();
      }
    } finally {
      await sandbox.close();
      await server.stop();
    }
  }, 120_000);
});
