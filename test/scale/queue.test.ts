import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import { DEFAULT_QUEUE_NAME, evaluationJobId } from '../../src/executor/protocol.ts';
import { QueueSandbox, queueSandboxFromUrl } from '../../src/executor/queue.ts';
import { hashTaskFiles } from '../../src/executor/task-hash.ts';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { Store } from '../../src/store/store.ts';
import { copyExample } from '../support/tmp.ts';
import { type KaizenProcess, kaizen, killAll, slowCirclePacking, startWorker } from './processes.ts';
import { freePort, NO_REDIS, type RedisServer, startRedis } from './redis.ts';

if (NO_REDIS) console.warn(NO_REDIS);

describe.skipIf(!!NO_REDIS)('evaluations farmed out through BullMQ', () => {
  let redis: RedisServer;
  const workers: KaizenProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  }, 20_000);

  afterAll(async () => {
    killAll(workers);
    await redis?.stop();
  });

  it('completes a circle-packing run with two workers, one killed with SIGKILL mid-job, recording every proposal once', async () => {
    const dir = slowCirclePacking();
    const taskHash = hashTaskFiles(dir);
    const sandbox = await queueSandboxFromUrl(redis.url, taskHash);
    try {
      const a = await startWorker(redis.url, dir, ['--concurrency', '2', '--lock-ms', '2000']);
      const b = await startWorker(redis.url, dir, ['--concurrency', '2', '--lock-ms', '2000']);
      workers.push(a, b);
      const samples = 12;
      const running = evolve({ task: dir, sandbox, resume: 'never', config: { budget: { samples }, concurrency: 4, seed: 5 } });
      const [, killedJob] = await a.waitFor(/started (\S+)/);
      a.child.kill('SIGKILL');
      expect(await a.exited).toBeNull();
      const result = await running;

      expect(result.evaluated).toBe(samples);
      const store = await Store.open(result.db);
      try {
        const rows = (await store.programs(result.runId)).filter((r) => r.status !== 'migrant');
        expect(rows.filter((r) => r.status === 'pending')).toEqual([]);
        const sampleNumbers = rows.map((r) => r.sample);
        expect(new Set(sampleNumbers).size).toBe(sampleNumbers.length);
        // No evaluation was lost to the kill: nothing failed in the sandbox for queue reasons.
        expect(rows.filter((r) => r.failure_class === 'sandbox-error').map((r) => r.error)).toEqual([]);
        expect(rows.filter((r) => r.status === 'evaluated' || r.status === 'failed').length).toBe(result.evaluated);
        const run = await store.getRun(result.runId);
        const verified = await verifyRun(store, run!, { taskDir: dir, reexecute: false, topK: 0 });
        expect(verified.problems).toEqual([]);
      } finally {
        await store.close();
      }

      // The job the killed worker held was taken over by the other worker (BullMQ's stalled-job check) and completed.
      const job = await sandbox.queue.getJob(killedJob);
      expect(await job?.getState()).toBe('completed');
      expect(job?.attemptsStarted ?? 0).toBeGreaterThanOrEqual(2);
      expect(b.out).toContain(`started ${killedJob}`);
      const stats = await sandbox.stats();
      expect(stats.waiting + stats.active).toBe(0);
    } finally {
      await sandbox.close();
      killAll(workers);
    }
  }, 90_000);

  it('returns the same job for a duplicate delivery, and a worker with other task files refuses the job', async () => {
    const dir = copyExample('circle-packing');
    const other = copyExample('circle-packing');
    appendFileSync(join(other, 'initial.js'), '\n// changed\n');
    const queueName = 'kaizen-mismatch-test';
    const sandbox = await QueueSandbox.connect({ url: redis.url, taskHash: hashTaskFiles(dir), queueName, attempts: 1, waitMs: 20_000 });
    try {
      const wrong = await startWorker(redis.url, other, ['--queue-name', queueName]);
      workers.push(wrong);
      const code = readFileSync(join(dir, 'initial.js'), 'utf8');
      const request = {
        kind: 'js' as const,
        code,
        programFile: 'program.mjs',
        exportName: 'pack',
        args: [26],
        limits: { timeoutMs: 5000, memoryMb: 128, outputMaxBytes: 1e6, logMaxBytes: 1e5 },
        env: {},
      };
      const refused = await sandbox.run(request);
      expect(refused.ok).toBe(false);
      expect(refused.failure).toBe('sandbox-error');
      expect(refused.error).toContain("differ from the coordinator's");
      expect(await wrong.exited).toBe(2);
      expect(wrong.out).toContain('give the worker the same task folder');

      const right = await startWorker(redis.url, dir, ['--queue-name', queueName]);
      workers.push(right);
      // The failed job is delivered again under the same id; two concurrent identical requests are one job.
      const [r1, r2] = await Promise.all([sandbox.run(request), sandbox.run(request)]);
      expect(r1.ok).toBe(true);
      expect(r2).toEqual(r1);
      expect((right.out.match(/started /g) ?? []).length).toBe(1);
      // Another coordinator scope (e.g. a re-execution by `kaizen verify`) runs the request afresh.
      const fresh = await QueueSandbox.connect({ url: redis.url, taskHash: hashTaskFiles(dir), queueName });
      try {
        expect((await fresh.run(request)).output).toEqual(r1.output);
      } finally {
        await fresh.close();
      }
      expect((right.out.match(/started /g) ?? []).length).toBe(2);
      right.child.kill('SIGTERM');
      expect(await right.exited).toBe(0);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('says clearly when the queue cannot be reached, Redis or Postgres, without printing a password', async () => {
    const pgPort = await freePort();
    await expect(queueSandboxFromUrl(`postgres://kaizen:secret@127.0.0.1:${pgPort}/db`, 'x', { connectTimeoutMs: 1000 })).rejects.toThrow(
      new RegExp(`cannot reach the Postgres queue at postgres://kaizen:\\*\\*\\*@127\\.0\\.0\\.1:${pgPort}/db`),
    );
    const worker = kaizen(['worker', '--queue', `redis://:hunter2@127.0.0.1:${pgPort}`, '--task', copyExample('circle-packing')]);
    expect(await worker.exited).toBe(1);
    expect(worker.out).toMatch(/cannot reach Redis at redis:\/\/:\*\*\*@127/);
    expect(worker.out).not.toContain('hunter2');

    const port = await freePort();
    await expect(queueSandboxFromUrl(`redis://127.0.0.1:${port}`, 'x', { connectTimeoutMs: 1000 })).rejects.toThrow(
      /cannot reach Redis at redis:\/\/127\.0\.0\.1/,
    );
    await expect(queueSandboxFromUrl('http://127.0.0.1:1', 'x')).rejects.toThrow(/expected redis:\/\/HOST:PORT/);
  }, 20_000);

  it('names a job by scope, task files and request, whatever the order of its keys', () => {
    const limits = { timeoutMs: 1, memoryMb: 1, outputMaxBytes: 1, logMaxBytes: 1 };
    const a = { kind: 'js' as const, code: 'x', programFile: 'p.mjs', exportName: 'f', args: [{ b: 1, a: 2 }], limits, env: { A: '1', B: '2' } };
    const b = { env: { B: '2', A: '1' }, limits, args: [{ a: 2, b: 1 }], exportName: 'f', programFile: 'p.mjs', code: 'x', kind: 'js' as const };
    expect(evaluationJobId('s', 't', a)).toBe(evaluationJobId('s', 't', b));
    expect(evaluationJobId('s', 't', a)).toMatch(/^eval-[0-9a-f]{64}$/);
    expect(evaluationJobId('s', 'u', a)).not.toBe(evaluationJobId('s', 't', a));
    expect(evaluationJobId('r', 't', a)).not.toBe(evaluationJobId('s', 't', a));
    expect(DEFAULT_QUEUE_NAME).toBe('kaizen-evaluations');
  });
});
