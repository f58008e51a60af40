import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { type GenerationLine, improve } from '../improve/loop.ts';
import { fmt } from '../improve/format.ts';
import { writeImproveReport } from '../improve/report.ts';
import { loadSuite } from '../improve/suite.ts';
import { collect, parseIntOption, parseNumberOption } from './shared.ts';

interface ImproveCliOptions {
  suite: string;
  generations?: number;
  seeds?: number;
  innerBudget?: number;
  budget?: number;
  model?: string[];
  out?: string;
  k?: number;
  seed?: number;
  concurrency?: number;
  json?: boolean;
  resume?: boolean;
  new?: boolean;
}

const stats = (s: GenerationLine['training']) => (s ? `${fmt(s.mean)}±${fmt(s.sd)}` : '—');

export function registerImprove(program: Command): void {
  program
    .command('improve')
    .description('evolve the improver on a suite\'s training tasks; promote a variant only if it wins on the held-out tasks')
    .requiredOption('--suite <name|path>', 'a built-in suite (e.g. basic) or a suite.json / its folder')
    .option('--generations <g>', 'outer generations (variants proposed)', parseIntOption('--generations'))
    .option('--seeds <s>', 'seeds per evaluation (the noise estimate)', parseIntOption('--seeds'))
    .option('--inner-budget <n>', 'samples of each inner run', parseIntOption('--inner-budget'))
    .option('--budget <n>', 'the same as --inner-budget', parseIntOption('--budget'))
    .option('--model <spec>', 'a model that edits the improver (inner runs use the models too; repeatable)', collect)
    .option('--out <dir>', 'where the improve database and the report go (default: SUITE/.kaizen)')
    .option('--k <k>', 'sharpness of the DGM parent-selection sigmoid', parseNumberOption('--k'))
    .option('--seed <s>', 'seed of the outer loop', parseIntOption('--seed'))
    .option('--concurrency <n>', 'evaluations in flight in each inner run', parseIntOption('--concurrency'))
    .option('--resume', 'continue the suite\'s unfinished improve run; fail if there is none')
    .option('--new', 'start a new improve run even if one is unfinished')
    .option('--json', 'print a JSON summary as the last line of stdout')
    .action(async (opts: ImproveCliOptions) => {
      const suite = loadSuite(opts.suite);
      const outDir = resolve(opts.out ?? join(suite.dir, '.kaizen'));
      const log = opts.json ? process.stderr : process.stdout;
      const abort = new AbortController();
      const onSignal = () => {
        if (abort.signal.aborted) process.exit(130);
        log.write('\nstopping: the inner run in progress is abandoned and redone on resume (press Ctrl-C again to quit at once)\n');
        abort.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const result = await improve({
          suite,
          out: join(outDir, 'improve.db'),
          generations: opts.generations,
          seeds: opts.seeds,
          innerBudget: opts.innerBudget ?? opts.budget,
          models: opts.model,
          k: opts.k,
          seed: opts.seed,
          concurrency: opts.concurrency,
          resume: opts.new ? 'never' : opts.resume ? 'required' : 'auto',
          signal: abort.signal,
          onNotice: (m) => log.write(`${m}\n`),
          onGeneration: (l) =>
            log.write(
              `gen ${l.generation}: ${l.improver ?? '—'} (${l.origin}${l.parent ? ` from ${l.parent}` : ''}) training ${stats(l.training)} held-out ${stats(l.heldOut)} ${l.status}; ` +
                `best training ${fmt(l.bestTraining)}, best inner ${fmt(l.bestInner)}, default ${l.defaultId}${l.restored ? ' (restored)' : ''}\n`,
            ),
        });
        const report = writeImproveReport(result, join(outDir, result.runId));
        result.reportPath = report;
        log.write(
          `${result.resumed ? 'resumed ' : ''}improve ${result.runId}: ${result.status}, ${result.archive.length} improvers archived, ${result.rejected.length} rejected, ` +
            `${result.innerRuns.run} inner runs done now${result.innerRuns.restored ? ` (${result.innerRuns.restored} restored from the record)` : ''}, ` +
            `in ${(result.durationMs / 1000).toFixed(1)} s${result.sessions > 1 ? ` over ${result.sessions} sessions` : ''}\n` +
            `verdict: ${result.verdictText}\n` +
            `curve (generation → best training mean): ${result.curve.map((p) => `${p.generation}→${fmt(p.bestTraining)}`).join(' ')}\n` +
            `report: ${report}\ndatabase: ${result.db} (kaizen verify --db ${result.db} --run ${result.runId})\n`,
        );
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({
              runId: result.runId,
              db: result.db,
              status: result.status,
              resumed: result.resumed,
              sessions: result.sessions,
              innerRuns: result.innerRuns,
              report,
              verdict: result.verdict,
              verdictText: result.verdictText,
              initialDefault: result.initialDefault,
              finalDefault: result.finalDefault,
              curve: result.curve,
              durationMs: result.durationMs,
              improvers: result.archive.map((e) => ({ id: e.improver.id, parent: e.improver.parent, origin: e.improver.origin, status: e.status, training: e.training.mean, trainingSd: e.training.sd, heldOut: e.heldOut?.mean ?? null, heldOutSd: e.heldOut?.sd ?? null })),
              rejected: result.rejected,
            })}\n`,
          );
        }
        if (result.status === 'interrupted') process.exitCode = abort.signal.aborted ? 130 : 1;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
