import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { KaizenError } from '../errors.ts';
import type { Sandbox, SandboxRequest, SandboxResult } from '../sandbox/types.ts';
import { DEFAULT_QUEUE_NAME, type EvaluationJobData, type EvaluationJobResult, evaluationJobId, queueFailure, redisConnection } from './protocol.ts';

export interface QueueSandboxOptions {
  /** `redis://HOST:PORT` */
  url: string;
  /** Content hash of the coordinator's task files ({@link hashTaskFiles}); workers with other files refuse the jobs. */
  taskHash: string;
  queueName?: string;
  /** Longest wait for a job's result beyond the request's own time limit: queueing, stalls, retries (default 10 min). */
  waitMs?: number;
  /** Deliveries of a job before it fails: a worker that refuses it or dies in it costs one (default 3). */
  attempts?: number;
  /** How long to wait for Redis at start before giving up with an error (default 5 s). */
  connectTimeoutMs?: number;
  /**
   * Part of every job id. Identical requests within one scope are one job (run once, result shared); another scope
   * runs them afresh. Default: random per QueueSandbox, so a re-execution (e.g. `kaizen verify`) really re-runs.
   */
  scope?: string;
}

export interface QueueStats {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  /** Workers connected to the queue (BullMQ's client list). */
  workers: number;
}

async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new KaizenError(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

function isSandboxResult(v: unknown): v is SandboxResult {
  return !!v && typeof v === 'object' && typeof (v as SandboxResult).ok === 'boolean' && typeof (v as SandboxResult).durationMs === 'number';
}

/**
 * A sandbox whose requests run on remote workers (`kaizen worker`) through a BullMQ queue in Redis. Each request is
 * one job, named by a hash of the task files and the request, so a duplicate delivery is the same job and its result
 * is recorded once. Judges stay here, in the coordinator: `evaluate()` judges what `run()` returns.
 */
export class QueueSandbox implements Sandbox {
  readonly queue: Queue<EvaluationJobData, EvaluationJobResult>;
  private readonly events: QueueEvents;
  private readonly options: Required<Omit<QueueSandboxOptions, 'queueName'>> & { queueName: string };

  private constructor(options: QueueSandboxOptions) {
    this.options = { queueName: DEFAULT_QUEUE_NAME, waitMs: 600_000, attempts: 3, connectTimeoutMs: 5_000, scope: randomUUID(), ...options };
    const connection = redisConnection(options.url);
    this.queue = new Queue<EvaluationJobData, EvaluationJobResult>(this.options.queueName, { connection });
    this.events = new QueueEvents(this.options.queueName, { connection });
    // Connection errors surface as failed waits or the start-up check; without a listener they would be thrown.
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
  }

  /** Connects to Redis and checks it answers; a clear error when it cannot be reached. */
  static async connect(options: QueueSandboxOptions): Promise<QueueSandbox> {
    const sandbox = new QueueSandbox(options);
    const ms = sandbox.options.connectTimeoutMs;
    try {
      await within(Promise.all([sandbox.queue.waitUntilReady(), sandbox.events.waitUntilReady()]), ms, `cannot reach Redis at ${options.url} (no answer within ${ms / 1000} s); is redis-server running and reachable?`);
    } catch (e) {
      void sandbox.queue.disconnect().catch(() => {});
      void sandbox.events.disconnect().catch(() => {});
      throw e;
    }
    return sandbox;
  }

  async run(request: SandboxRequest): Promise<SandboxResult> {
    const t0 = performance.now();
    const jobId = evaluationJobId(this.options.scope, this.options.taskHash, request);
    try {
      const job = await this.queue.add(
        'evaluate',
        { taskHash: this.options.taskHash, request },
        {
          jobId,
          attempts: this.options.attempts,
          backoff: { type: 'fixed', delay: 500 },
          removeOnComplete: { age: 24 * 3600, count: 10_000 },
          removeOnFail: { age: 24 * 3600, count: 10_000 },
        },
      );
      // The same id may name a job that failed before (e.g. every worker refused it): deliver it again.
      if ((await job.getState()) === 'failed') {
        // A concurrent identical request may have retried it first; then it is no longer failed, and that is fine.
        await job.retry('failed').catch(async (e: Error) => {
          if ((await job.getState()) === 'failed') throw e;
        });
      }
      const value = await job.waitUntilFinished(this.events, request.limits.timeoutMs + this.options.waitMs);
      if (!isSandboxResult(value)) return queueFailure(`job ${jobId}: the worker returned something that is not a sandbox result`, performance.now() - t0);
      return value;
    } catch (e) {
      return queueFailure(`job ${jobId} on queue ${this.options.queueName}: ${(e as Error).message}`, performance.now() - t0);
    }
  }

  /** Queue depth, jobs in flight and connected workers, for progress displays. */
  async stats(): Promise<QueueStats> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    const workers = await this.queue.getWorkersCount();
    return { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0, completed: counts.completed ?? 0, workers };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }
}

/** The coordinator's side of `--queue redis://HOST:PORT`: a connected {@link QueueSandbox}. */
export function queueSandboxFromUrl(url: string, taskHash: string, options: Omit<QueueSandboxOptions, 'url' | 'taskHash'> = {}): Promise<QueueSandbox> {
  return QueueSandbox.connect({ ...options, url, taskHash });
}
