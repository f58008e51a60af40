import type { Command } from 'commander';
import { KaizenError } from '../errors.ts';
import { redactUrl } from '../util/redact.ts';
import { DEFAULT_QUEUE_NAME } from '../executor/protocol.ts';
import { startEvaluationWorker } from '../executor/worker.ts';
import { parseIntOption } from './shared.ts';

interface WorkerCliOptions {
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
  process.stdout.write(`worker ready: queue ${opts.queueName} at ${redactUrl(opts.queue)}, task ${opts.task} (hash ${w.taskHash.slice(0, 12)}), concurrency ${opts.concurrency}\n`);
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

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description("pull evaluation jobs from a coordinator's queue and run them in this machine's sandbox")
    .requiredOption('--queue <url>', "the coordinator's queue: redis://HOST:PORT or postgres://USER@HOST:PORT/DB")
    .option('--concurrency <n>', 'jobs run at once', parseIntOption('--concurrency'), 1)
    .option('--task <dir>', "the task folder (must match the coordinator's files)", '.')
    .option('--queue-name <name>', 'BullMQ queue name', DEFAULT_QUEUE_NAME)
    .option('--lock-ms <ms>', 'BullMQ lock: a worker silent this long loses its jobs to other workers', parseIntOption('--lock-ms'), 30_000)
    .action(async (opts: WorkerCliOptions) => {
      await runWorker(opts);
    });
}
