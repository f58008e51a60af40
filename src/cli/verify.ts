import { type RunVerification, verifyRun } from '../engine/reexecute.ts';
import { openExistingStore, pickRun, storeArg } from './shared.ts';

export interface VerifyCliOptions {
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
      const agentRun = run.id.startsWith('agent-');
      const result = await verifyRun(store, run, {
        taskDir: dir,
        topK: opts.topK,
        reexecute: opts.reexecute && !agentRun,
        tolerance: opts.tolerance,
        allowUnsigned: opts.allowUnsigned,
      });
      if (agentRun && opts.reexecute) {
        // An agent run's "programs" are agents: its default agent is re-run on a sample of its recorded tasks.
        const { reexecuteAgentRun } = await import('../agent/verify.ts');
        const re = await reexecuteAgentRun(store, run, { sample: Math.max(opts.topK * 2, 6) });
        result.problems.push(...re.problems);
        result.warnings.push(...re.warnings);
        result.reexecuted.push(...re.reexecuted);
      }
      results.push(result);
    }
    return { results, ok: results.every((r) => r.problems.length === 0) };
  } finally {
    await store.close();
  }
}

function summary(r: RunVerification): string {
  const signed = r.signedSeq === null ? 'no signed head' : `head #${r.signedSeq} signed`;
  const re = `${r.reexecuted.length ? `, ${r.reexecuted.length} re-executed` : ''}${r.rescored ? `, ${r.rescored} stored answers re-scored` : ''}`;
  return `run ${r.runId}: ${r.problems.length ? `${r.problems.length} problem(s)` : 'ok'}: ${r.events} events chained, ${signed}${r.unsigned ? `, ${r.unsigned} unsigned` : ''}, ${r.programs} programs match${re}`;
}

/** `kaizen verify`: a line per run, its problems on stderr; exit code 1 if any. */
export async function verifyAction(dir: string, opts: VerifyCliOptions & { top: number }): Promise<void> {
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
}
