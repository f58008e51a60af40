import { KaizenError } from '../errors.ts';
import { redactUrl } from '../util/redact.ts';
import { startEvaluationWorker } from '../executor/worker.ts';

export interface WorkerCliOptions {
  queue: string;
  concurrency: number;
  task: string;
  queueName: string;
  lockMs: number;
}

/** Runs a worker until SIGINT/SIGTERM, or until it refuses a job because its task files differ (exit code 2). */
export async function runWorker(opts: WorkerCliOptions): Promise<void> {
  if (opts.concurrency < 1) throw new KaizenError('--concurrency must be at least 1');
  if (opts.lockMs < 1000) throw new KaizenError('--lock-ms must be at least 1000');
  const w = await startEvaluationWorker({
    url: opts.queue,
    taskDir: opts.task,
    concurrency: opts.concurrency,
    queueName: opts.queueName,
    lockMs: opts.lockMs,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `worker ready: queue ${opts.queueName} at ${redactUrl(opts.queue)}, task ${opts.task} (hash ${w.taskHash.slice(0, 12)}), concurrency ${opts.concurrency}\n`,
  );
  const stop = (): void => {
    process.stdout.write('worker stopping: finishing the jobs in hand\n');
    void w.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await w.closed;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (w.refusal) {
    process.stderr.write(`kaizen worker: ${w.refusal}\n`);
    process.exitCode = 2;
  }
}
