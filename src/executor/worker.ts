import { resolve } from 'node:path';
import type { Job, Worker } from 'bullmq';
import { loadTask } from '../config/load.ts';
import { createSandbox } from '../sandbox/create.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { KaizenError } from '../errors.ts';
import { queueBackend, within } from './backend.ts';
import { DEFAULT_QUEUE_NAME, type EvaluationJobData, type EvaluationJobResult } from './protocol.ts';
import { hashTaskFiles } from './task-hash.ts';

export interface EvaluationWorkerOptions {
  /** `redis://HOST:PORT` or `postgres://USER@HOST:PORT/DB` */
  url: string;
  /** The task folder: its files must hash like the coordinator's; its config chooses the sandbox backend. */
  taskDir: string;
  /** Jobs run at once (default 1). */
  concurrency?: number;
  queueName?: string;
  /** BullMQ lock duration: a worker silent this long (killed, hung) loses its job to another worker (default 30 s). */
  lockMs?: number;
  /** How often this worker looks for stalled jobs of dead workers (default: half the lock duration). */
  stalledIntervalMs?: number;
  /** Stalls a job may suffer before it is failed instead of retried (default 2). */
  maxStalledCount?: number;
  /** Where candidates run (default: the task config's sandbox). */
  sandbox?: Sandbox & { close?: () => Promise<void> };
  /** One line per job started and finished, and per refusal (default: nothing). */
  log?: (line: string) => void;
  /** How long to wait for the queue's server at start (default 5 s). */
  connectTimeoutMs?: number;
}

export interface EvaluationWorker {
  taskHash: string;
  worker: Worker<EvaluationJobData, EvaluationJobResult>;
  /** Set when the worker refused a job because its task files differ; it then stops taking jobs. */
  refusal: string | null;
  /** Resolves once the worker has stopped (closed, or after a refusal). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/** Pulls evaluation jobs from the queue and runs each in the local sandbox; the coordinator judges the results. */
export async function startEvaluationWorker(options: EvaluationWorkerOptions): Promise<EvaluationWorker> {
  const backend = queueBackend(options.url);
  const dir = resolve(options.taskDir);
  const taskHash = hashTaskFiles(dir);
  let sandbox = options.sandbox;
  if (!sandbox) {
    const loaded = await loadTask(dir);
    sandbox = createSandbox({ backend: loaded.config.sandbox.backend, process: { allowUnsandboxed: loaded.config.sandbox.allowUnsandboxed } });
  }
  const runIn = sandbox;
  const log = options.log ?? (() => {});
  const lockDuration = options.lockMs ?? 30_000;

  let closing: Promise<void> | null = null;
  const handle: EvaluationWorker = {
    taskHash,
    refusal: null,
    worker: undefined as unknown as Worker<EvaluationJobData, EvaluationJobResult>,
    closed: Promise.resolve(),
    close: () => {
      closing ??= (async () => {
        await handle.worker.close();
        if (!options.sandbox) await runIn.close?.();
      })();
      return closing;
    },
  };

  const processor = async (job: Job<EvaluationJobData, EvaluationJobResult>): Promise<EvaluationJobResult> => {
    if (job.data.taskHash !== taskHash) {
      const message = `refused job ${job.id}: this worker's task files (${dir}, hash ${taskHash.slice(0, 12)}) differ from the coordinator's (hash ${String(job.data.taskHash).slice(0, 12)}); give the worker the same task folder`;
      handle.refusal = message;
      log(message);
      // Stop taking jobs; this attempt fails and BullMQ delivers the job again to another worker.
      void handle.close();
      throw new Error(message);
    }
    log(`started ${job.id} (attempt ${job.attemptsStarted})`);
    const result = await runIn.run(job.data.request);
    log(`finished ${job.id}: ${result.ok ? 'ok' : result.failure} in ${Math.round(result.durationMs)} ms`);
    return result;
  };

  const worker = new backend.Worker<EvaluationJobData, EvaluationJobResult>(options.queueName ?? DEFAULT_QUEUE_NAME, processor, {
    connection: backend.connection as never,
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? Math.max(1000, Math.floor(lockDuration / 2)),
    maxStalledCount: options.maxStalledCount ?? 2,
    autorun: false,
  });
  handle.worker = worker;
  let connectError: Error | null = null;
  worker.on('error', (e) => {
    connectError = e;
  });
  const ms = options.connectTimeoutMs ?? 5_000;
  try {
    await within(worker.waitUntilReady(), ms, `${backend.unreachable} (no answer within ${ms / 1000} s)`);
  } catch (e) {
    // Without reconnection attempts the clients close, and nothing keeps the process alive.
    backend.giveUp();
    await within(worker.close(true), 1_000, '').catch(() => void worker.disconnect().catch(() => {}));
    if (!options.sandbox) await runIn.close?.();
    if (!(e instanceof KaizenError)) throw new KaizenError(`${backend.unreachable} (${(e as Error).message})`);
    throw connectError ? new KaizenError(`${e.message}: ${(connectError as Error).message}`) : e;
  }
  worker.on('error', (e) => log(`queue error: ${e.message}`));
  handle.closed = worker.run().then(() => closing ?? undefined);
  return handle;
}
