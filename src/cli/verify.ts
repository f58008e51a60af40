import type { Command } from 'commander';
import { type RunVerification, verifyRun } from '../safeguards/ledger.ts';
import { openExistingStore, parseIntOption, parseNumberOption, pickRun, STORE_HELP, storeArg } from './shared.ts';

interface VerifyCliOptions {
  db?: string;
  store?: string;
  run?: string;
  topK: number;
  reexecute: boolean;
  tolerance: number;
  allowUnsigned?: boolean;
  json?: boolean;
}

/** Verifies the runs of a database; exit code 1 if any problem is found. Each problem is one line naming its record. */
export async function runVerify(dir: string, opts: VerifyCliOptions): Promise<{ results: RunVerification[]; ok: boolean }> {
  const store = await openExistingStore(dir, storeArg(opts));
  try {
    const runs = opts.run ? [await pickRun(store, opts.run)] : (await store.listRuns()).reverse();
    const results: RunVerification[] = [];
    for (const run of runs) {
      results.push(
        await verifyRun(store, run, {
          taskDir: dir,
          topK: opts.topK,
          reexecute: opts.reexecute,
          tolerance: opts.tolerance,
          allowUnsigned: opts.allowUnsigned,
        }),
      );
    }
    return { results, ok: results.every((r) => r.problems.length === 0) };
  } finally {
    await store.close();
  }
}

function summary(r: RunVerification): string {
  const signed = r.signedSeq === null ? 'no signed head' : `head #${r.signedSeq} signed`;
  const re = r.reexecuted.length ? `, ${r.reexecuted.length} re-executed` : '';
  return `run ${r.runId}: ${r.problems.length ? `${r.problems.length} problem(s)` : 'ok'}: ${r.events} events chained, ${signed}${r.unsigned ? `, ${r.unsigned} unsigned` : ''}, ${r.programs} programs match${re}`;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description("check a run's tamper-evident ledger and re-execute its best programs (default: every run)")
    .argument('[dir]', 'task folder (also where the programs are re-executed)', '.')
    .option('--db <path>', STORE_HELP)
    .option('--store <location>', 'same as --db')
    .option('--run <id>', 'verify only this run')
    .option('--top <k>', 'programs to re-execute besides the champion', parseIntOption('--top'), 3)
    .option('--no-reexecute', 'check the ledger only')
    .option('--tolerance <x>', 'largest accepted |re-executed − recorded| score', parseNumberOption('--tolerance'), 0)
    .option('--allow-unsigned', 'report events after the signed head as a warning, not a failure')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: VerifyCliOptions & { top: number }) => {
      const { results, ok } = await runVerify(dir, { ...opts, topK: opts.top });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ok, runs: results })}\n`);
      } else {
        for (const r of results) {
          for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
          for (const p of r.problems) process.stderr.write(`${p}\n`);
          process.stdout.write(`${summary(r)}\n`);
        }
        if (results.length === 0) process.stdout.write('no runs to verify\n');
      }
      if (!ok) process.exitCode = 1;
    });
}
