import { randomUUID } from 'node:crypto';
import type { Queue, QueueEvents } from 'bullmq';
import { KaizenError } from '../errors.ts';
import type { Sandbox, SandboxRequest, SandboxResult } from '../sandbox/types.ts';
import { type QueueBackend, queueBackend, within } from './backend.ts';
import { DEFAULT_QUEUE_NAME, type EvaluationJobData, type EvaluationJobResult, evaluationJobId, queueFailure } from './protocol.ts';
import type { ExecutorSnapshot, ExecutorStats } from './stats.ts';

export interface QueueSandboxOptions {
  /** `redis://HOST:PORT` or `postgres://USER@HOST:PORT/DB` (BullMQ's Postgres backend). */
  url: string;
  /** Content hash of the coordinator's task files ({@link hashTaskFiles}); workers with other files refuse the jobs. */
  taskHash: string;
  queueName?: string;
  /** Longest wait for a job's result beyond the request's own time limit: queueing, stalls, retries (default 10 min). */
  waitMs?: number;
  /** Deliveries of a job before it fails: a worker that refuses it or dies in it costs one (default 3). */
  attempts?: number;
  /** How long to wait for the queue's server at start before giving up with an error (default 5 s). */
  connectTimeoutMs?: number;
  /**
   * How often a waiting request looks at its job besides listening for its completion event (default 1 s): a missed
   * event, or a job the queue lost (Redis restarted without persistence), then cannot leave the run waiting.
   */
  pollMs?: number;
  /**
   * Part of every job id. Identical requests within one scope are one job (run once, result shared); another scope
   * runs them afresh. Default: random per QueueSandbox, so a re-execution (e.g. `kaizen verify`) really re-runs.
   */
  scope?: string;
}

/** How a job ended without a result: it failed every delivery, or its time ran out. Not worth another try. */
class JobEnded extends Error {}

function isSandboxResult(v: unknown): v is SandboxResult {
  return !!v && typeof v === 'object' && typeof (v as SandboxResult).ok === 'boolean' && typeof (v as SandboxResult).durationMs === 'number';
}

/**
 * A sandbox whose requests run on remote workers (`kaizen worker`) through a BullMQ queue (Redis or Postgres). Each
 * request is one job, named by a hash of the task files and the request, so a duplicate delivery is the same job and
 * its result is recorded once. Judges stay here, in the coordinator: `evaluate()` judges what `run()` returns.
 */
export class QueueSandbox implements Sandbox {
  readonly queue: Queue<EvaluationJobData, EvaluationJobResult>;
  readonly backend: QueueBackend;
  /** Jobs the queue lost and this coordinator sent again (e.g. after Redis restarted without persistence). */
  resubmitted = 0;
  /** Queue commands that failed (a dropped connection) and were tried again. */
  queueErrors = 0;
  private readonly events: QueueEvents;
  private readonly options: Required<Omit<QueueSandboxOptions, 'queueName'>> & { queueName: string };
  private inFlight = 0;
  private closed = false;

  private constructor(options: QueueSandboxOptions) {
    this.options = { queueName: DEFAULT_QUEUE_NAME, waitMs: 600_000, attempts: 3, connectTimeoutMs: 5_000, pollMs: 1_000, scope: randomUUID(), ...options };
    this.backend = queueBackend(options.url);
    const { Queue, QueueEvents, connection } = this.backend;
    this.queue = new Queue<EvaluationJobData, EvaluationJobResult>(this.options.queueName, { connection: connection as never });
    this.events = new QueueEvents(this.options.queueName, { connection: connection as never });
    // Connection errors surface as failed waits or the start-up check; without a listener they would be thrown.
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
  }

  /** Connects to the queue's server and checks it answers; a clear error when it cannot be reached. */
  static async connect(options: QueueSandboxOptions): Promise<QueueSandbox> {
    const sandbox = new QueueSandbox(options);
    const ms = sandbox.options.connectTimeoutMs;
    try {
      await within(
        Promise.all([sandbox.queue.waitUntilReady(), sandbox.events.waitUntilReady()]),
        ms,
        `${sandbox.backend.unreachable} (no answer within ${ms / 1000} s)`,
      );
    } catch (e) {
      // Without reconnection attempts the clients close, and nothing keeps the process alive.
      sandbox.backend.giveUp();
      await within(sandbox.close(), 1_000, '').catch(() => {
        void sandbox.queue.disconnect().catch(() => {});
        void sandbox.events.disconnect().catch(() => {});
      });
      throw e instanceof KaizenError ? e : new KaizenError(`${sandbox.backend.unreachable} (${(e as Error).message})`);
    }
    return sandbox;
  }

  async run(request: SandboxRequest): Promise<SandboxResult> {
    const t0 = performance.now();
    const jobId = evaluationJobId(this.options.scope, this.options.taskHash, request);
    const deadline = Date.now() + request.limits.timeoutMs + this.options.waitMs;
    this.inFlight++;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.submit(jobId, request);
          const value = await this.waitFor(jobId, request, deadline);
          if (!isSandboxResult(value)) return queueFailure(`job ${jobId}: the worker returned something that is not a sandbox result`, performance.now() - t0);
          return value;
        } catch (e) {
          // The job failed, or time ran out: that is the result. Anything else is the queue's server failing a
          // command (a dropped connection): sending and waiting again is safe, the job id makes it the same job.
          if (e instanceof JobEnded || this.closed || Date.now() >= deadline) {
            return queueFailure(`job ${jobId} on queue ${this.options.queueName}: ${(e as Error).message}`, performance.now() - t0);
          }
          this.queueErrors++;
          await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2_000, Math.max(0, deadline - Date.now()))));
        }
      }
    } finally {
      this.inFlight--;
    }
  }

  /** Adds the job (a no-op when a job of that id exists), delivering it again if it had failed before. */
  private async submit(jobId: string, request: SandboxRequest): Promise<void> {
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
  }

  /**
   * The job's return value, once it completed. The job's state is read when its completion (or failure) event arrives
   * and at least every `pollMs` besides: a missed event still ends the wait, and a job the queue no longer has (Redis
   * restarted without persistence) is sent again under the same id. While the server is down, reads wait for the
   * reconnection; the deadline bounds the whole wait.
   */
  private async waitFor(jobId: string, request: SandboxRequest, deadline: number): Promise<unknown> {
    let signalled = false;
    let wake = (): void => {};
    const onEvent = (): void => {
      signalled = true;
      wake();
    };
    // QueueEvents also emits per-job events (`completed:ID`), outside its typed event map.
    const events = this.events as unknown as NodeJS.EventEmitter;
    const names = [`completed:${jobId}`, `failed:${jobId}`];
    for (const name of names) events.on(name, onEvent);
    const timeLimit = `no result within ${Math.round((request.limits.timeoutMs + this.options.waitMs) / 1000)} s`;
    try {
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) throw new JobEnded(timeLimit);
        signalled = false;
        const state = await within(this.queue.getJobState(jobId), left, `${timeLimit} (the queue does not answer)`).catch((e: Error) => {
          throw e instanceof KaizenError ? new JobEnded(e.message) : e;
        });
        if (state === 'completed') return (await this.queue.getJob(jobId))?.returnvalue;
        if (state === 'failed') throw new JobEnded((await this.queue.getJob(jobId))?.failedReason || 'the job failed');
        if (state === 'unknown') {
          this.resubmitted++;
          await this.submit(jobId, request);
          continue;
        }
        if (signalled) continue;
        await new Promise<void>((woken) => {
          const timer = setTimeout(woken, Math.min(this.options.pollMs, Math.max(1, deadline - Date.now())));
          wake = () => {
            clearTimeout(timer);
            woken();
          };
        });
        wake = () => {};
      }
    } finally {
      for (const name of names) events.off(name, onEvent);
    }
  }

  /** Queue depth, jobs in flight and connected workers, for progress displays. */
  async stats(): Promise<ExecutorStats> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    const workers = await this.queue.getWorkersCount();
    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
      workers,
    };
  }

  /** {@link stats} with where the queue is and this coordinator's requests in flight. */
  async snapshot(): Promise<ExecutorSnapshot> {
    const stats = await this.stats();
    return {
      ...stats,
      backend: this.backend.kind,
      location: this.backend.location,
      queue: this.options.queueName,
      inFlight: this.inFlight,
      at: new Date().toISOString(),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }
}

/** The coordinator's side of `--queue URL`: a connected {@link QueueSandbox}. */
export function queueSandboxFromUrl(url: string, taskHash: string, options: Omit<QueueSandboxOptions, 'url' | 'taskHash'> = {}): Promise<QueueSandbox> {
  return QueueSandbox.connect({ ...options, url, taskHash });
}
