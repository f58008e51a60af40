// A study whose arms run their candidates on a `kaizen worker` through a Redis queue: the coordinator (`kaizen study
// --queue`) records everything, the worker evaluates, and every arm × seed run completes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';
import { copyExample, tempDir } from '../support/tmp.ts';
import { type KaizenProcess, kaizen, killAll, startWorker } from './processes.ts';
import { NO_REDIS, type RedisServer, startRedis } from './redis.ts';

describe.skipIf(!!NO_REDIS)('kaizen study --queue', () => {
  let redis: RedisServer;
  const processes: KaizenProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    killAll(processes);
    await redis?.stop();
  });

  it("runs every arm × seed with the candidates on a worker, and records the study's runs", async () => {
    const task = copyExample('circle-packing');
    const root = tempDir('kaizen-study-queue-');
    const file = join(root, 'study.json');
    const arms = [
      { name: 'mix', task, config: { concurrency: 1 } },
      { name: 'ast-only', task, config: { concurrency: 1, operators: { offline: { numeric: 0, ast: 1 } } } },
    ];
    const plan = {
      name: 'queued',
      question: 'q?',
      hypothesis: 'h.',
      arms,
      seeds: [0, 1],
      samples: 6,
      metric: 'best-score',
      test: { kind: 'paired-by-seed', threshold: 2 },
    };
    writeFileSync(file, JSON.stringify(plan));
    const worker = await startWorker(redis.url, task);
    processes.push(worker);
    const db = join(root, 'kaizen.db');
    const study = kaizen(['study', file, '--queue', redis.url, '--store', db, '--json']);
    processes.push(study);
    expect(await study.exited, study.out).toBe(0);
    const outcome = JSON.parse(study.out.trim().split('\n').at(-1)!);
    expect(outcome.armRuns).toHaveLength(4);
    // The worker evaluated the candidates (with --queue the coordinator has no local pool). A job's id hashes its request,
    // so the same program in two runs is one job: at least one job per run, not one per sample.
    expect((worker.out.match(/started \S+/g) ?? []).length).toBeGreaterThanOrEqual(4);
    const store = await Store.open(db);
    for (const a of outcome.armRuns as { runId: string }[]) expect((await store.getRun(a.runId))?.status).toBe('completed');
    await store.close();
  }, 120_000);
});
