import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KaizenError } from '../errors.ts';
import { builtinPrompts } from '../improve/improver.ts';
import { type GenerationLine, improve } from '../improve/loop.ts';
import type { Noise } from '../improve/noise.ts';
import { fmt } from '../improve/format.ts';
import { writeImproveReport } from '../improve/report.ts';
import { loadSuite } from '../improve/suite.ts';
import { ensureDir } from '../util/files.ts';
import { checkExclusive, checkFlagMin } from './flags.ts';

export interface ImproveCliOptions {
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
  prompts?: string;
}

/** A prompts folder as an improver's seed: its .md files, each of which must replace a built-in template. */
export function seedPromptsFrom(dir: string): Record<string, string> {
  if (!existsSync(dir)) throw new KaizenError(`--prompts ${dir}: no such folder`);
  const known = builtinPrompts();
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
    if (!(f in known)) throw new KaizenError(`--prompts ${dir}: ${f} is not a built-in prompt template (${Object.keys(known).join(', ')})`);
    out[f] = readFileSync(join(dir, f), 'utf8');
  }
  if (Object.keys(out).length === 0) throw new KaizenError(`--prompts ${dir}: the folder holds no prompt template (.md)`);
  return out;
}

const stats = (s: GenerationLine['training']) => (s ? `${fmt(s.mean)}±${fmt(s.sd)}` : '—');

/** The measured noise in one line: whether the default's repeat on the same seeds reproduced its scores. */
function noiseLine(noise: Noise | null): string {
  if (!noise) return 'noise: not measured (the run stopped before the default was repeated)';
  return noise.repeatSpread === 0
    ? `noise: the default's repeat on the same seeds reproduced every score exactly (inner runs at concurrency ${noise.concurrency})`
    : `noise: the default's repeat on the same seeds moved by up to ${fmt(noise.repeatSpread)} (inner runs at concurrency ${noise.concurrency} are not reproducible)`;
}

/** Refuses, before anything runs, a flag whose value would make the run measure nothing or measure it wrongly. */
function checkImproveFlags(opts: ImproveCliOptions): void {
  checkExclusive({ '--resume': opts.resume, '--new': opts.new });
  checkFlagMin('--generations', opts.generations, 0);
  checkFlagMin('--seeds', opts.seeds, 2, 'the gate needs a spread across seeds');
  checkFlagMin('--inner-budget', opts.innerBudget, 1);
  checkFlagMin('--budget', opts.budget, 1);
  checkFlagMin('--k', opts.k, 0, 'a negative k favours the worse-scoring parents');
  checkFlagMin('--concurrency', opts.concurrency, 1);
}

/** `kaizen improve`: the outer loop on a suite, its report, and a JSON summary with --json. */
export async function improveAction(opts: ImproveCliOptions): Promise<void> {
  checkImproveFlags(opts);
  const suite = loadSuite(opts.suite);
  const seedPrompts = opts.prompts ? seedPromptsFrom(opts.prompts) : undefined;
  const outDir = resolve(opts.out ?? join(suite.dir, '.kaizen'));
  ensureDir(outDir);
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
      seedPrompts,
      resume: opts.new ? 'never' : opts.resume ? 'required' : 'auto',
      signal: abort.signal,
      onNotice: (m) => log.write(`${m}\n`),
      onGeneration: (l) =>
        log.write(
          `gen ${l.generation}: ${l.improver ?? '—'} (${l.origin}${l.parent ? ` from ${l.parent}` : ''}) training ${stats(l.training)} held-out ${stats(l.heldOut)} ${l.status}; ` +
            `best-so-far estimates: training ${fmt(l.bestTraining)}, inner ${fmt(l.bestInner)}; default ${l.defaultId}${l.restored ? ' (restored)' : ''}\n`,
        ),
    });
    const report = writeImproveReport(result, join(outDir, result.runId));
    result.reportPath = report;
    log.write(
      `${result.resumed ? 'resumed ' : ''}improve ${result.runId}: ${result.status}, ${result.archive.length} improvers archived, ${result.rejected.length} rejected, ` +
        `${result.innerRuns.run} inner runs done now${result.innerRuns.restored ? ` (${result.innerRuns.restored} restored from the record)` : ''}, ` +
        `in ${(result.durationMs / 1000).toFixed(1)} s${result.sessions > 1 ? ` over ${result.sessions} sessions` : ''}\n` +
        `verdict: ${result.verdictText}\n` +
        `${noiseLine(result.noise)}\n` +
        `best-so-far training estimate (a running maximum of noisy means, not gated progress; generation → mean): ${result.curve.map((p) => `${p.generation}→${fmt(p.bestTraining)}`).join(' ')}\n` +
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
          noise: result.noise,
          durationMs: result.durationMs,
          improvers: result.archive.map((e) => ({
            id: e.improver.id,
            parent: e.improver.parent,
            origin: e.improver.origin,
            status: e.status,
            training: e.training.mean,
            trainingSd: e.training.sd,
            heldOut: e.heldOut?.mean ?? null,
            heldOutSd: e.heldOut?.sd ?? null,
          })),
          rejected: result.rejected,
        })}\n`,
      );
    }
    if (result.status === 'interrupted') process.exitCode = abort.signal.aborted ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
