import type { KaizenConfigInput } from '../config/config.ts';
import { type EvolveResult, evolve } from '../engine/evolve.ts';
import { queueSandboxFromUrl } from '../executor/queue.ts';
import { hashTaskFiles } from '../executor/task-hash.ts';
import { checkRunFlags } from './flags.ts';
import { progressDisplay } from './progress.ts';
import { redactUrl } from '../util/redact.ts';
import { dbPathFor, fmt, storeArg } from './shared.ts';

export interface RunOptions {
  budget?: number;
  budgetUsd?: number;
  model?: string[];
  embedding?: string;
  seed?: number;
  concurrency?: number;
  out?: string;
  store?: string;
  json?: boolean;
  resume?: boolean;
  new?: boolean;
  queue?: string;
}

/** `kaizen run`: evolves the task in DIR with a progress display, then prints the summary. */
export async function runAction(dir: string, opts: RunOptions): Promise<void> {
  const config: KaizenConfigInput = {};
  if (opts.budget !== undefined || opts.budgetUsd !== undefined) config.budget = { samples: opts.budget, usd: opts.budgetUsd };
  if (opts.model?.length) config.models = opts.model;
  if (opts.embedding) config.embedding = opts.embedding;
  if (opts.seed !== undefined) config.seed = opts.seed;
  if (opts.concurrency !== undefined) config.concurrency = opts.concurrency;
  checkRunFlags(config);
  const log = opts.json ? process.stderr : process.stdout;
  const display = progressDisplay(log);
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    log.write('\nstopping: waiting for evaluations in flight (press Ctrl-C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // With --queue, candidates run on workers (same sandbox there); judges still run here, in the coordinator.
  const sandbox = opts.queue ? await queueSandboxFromUrl(opts.queue, hashTaskFiles(dir)) : undefined;
  try {
    const result = await evolve({
      sandbox,
      task: dir,
      out: dbPathFor(dir, storeArg(opts)),
      config,
      resume: opts.new ? 'never' : opts.resume ? 'required' : 'auto',
      signal: abort.signal,
      onProgress: (p) => display.update(p),
      onNotice: (message) => log.write(`${message}\n`),
    });
    display.stop();
    const gain = result.bestScore !== null && result.seedScore !== null ? result.bestScore - result.seedScore : null;
    log.write(
      `${result.resumed ? 'resumed' : 'run'} ${result.runId}: ${result.stoppedBy === 'budget' ? 'done' : `stopped (${result.stoppedBy})`}; ` +
        `${result.evaluated} evaluated, ${result.failed} failed or incorrect, ${result.rejected} rejected before running\n` +
        `seed ${fmt(result.seedScore)} → best ${fmt(result.bestScore)}${gain !== null ? ` (+${fmt(gain)})` : ''} ` +
        `in ${(result.durationMs / 1000).toFixed(1)} s${result.cost > 0 ? `, $${result.cost.toFixed(4)} on models` : ''}; champion: program ${result.bestProgramId ?? '—'}\n` +
        `curve (evaluated → best): ${result.curve.map(([n, s]) => `${n}→${s.toFixed(4)}`).join(' ')}\n` +
        `database: ${redactUrl(result.db)}\n`,
    );
    if (opts.json) {
      const { curve, ...summary } = result;
      process.stdout.write(`${JSON.stringify({ ...summary, curve })}\n`);
    }
    if (result.stoppedBy === 'aborted') process.exitCode = 130;
    if (result.stoppedBy === 'models-failing') {
      process.stderr.write(
        'kaizen: stopped: every recent model call failed (errors below); re-run the same command to resume once the endpoints answer, or with the --model corrected:\n' +
          `${(result.modelErrors ?? []).map((m) => `  ${m}`).join('\n')}\n`,
      );
      process.exitCode = 1;
    }
    if (result.stoppedBy === 'rejections') {
      process.stderr.write(
        `kaizen: stopped: the latest proposals in a row were all rejected before running (budget.maxConsecutiveRejections); run ${result.runId} is interrupted: ` +
          '`kaizen status` shows why they were rejected; re-run the same command to resume\n',
      );
      process.exitCode = 1;
    }
    if (result.stoppedBy === 'unusable' || result.stoppedBy === 'model-calls') {
      process.stderr.write(callLimitMessage(result));
      process.exitCode = 1;
    }
  } finally {
    await sandbox?.close();
    display.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Why a run stopped on a limit of model calls, what the models said lately, and what to do. */
function callLimitMessage(result: EvolveResult): string {
  const calls = result.modelCalls;
  const cause =
    result.stoppedBy === 'unusable'
      ? 'the latest proposals in a row gave nothing that could be evaluated (llm.maxUnusableInARow)'
      : `${calls?.made} model calls reached the cap of ${calls?.capPerSample} per sample of budget.samples (llm.maxCallsPerSample)`;
  const lines = (result.unusable ?? []).map((l) => `  ${l}\n`).join('');
  return (
    `kaizen: stopped: ${cause}; run ${result.runId} is interrupted${lines ? '. The latest unusable proposals:' : '.'}\n${lines}` +
    'Fix the model, its prompts or the task (or raise the limit in kaizen.config.ts), then re-run the same command to resume.\n'
  );
}
