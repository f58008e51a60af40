import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { caseTaskOf } from '../cases/case-task.ts';
import { readProgramFolder } from '../config/program-folder.ts';
import type { TaskDefinition } from '../config/task.ts';
import type { CaseResult } from '../cases/run.ts';
import { verdictCounts } from '../cases/summary.ts';
import { caseTable } from '../cases/table.ts';
import { loadTask } from '../config/load.ts';
import { HIDDEN_CASES_SECRET } from '../engine/cases.ts';
import { BASE_ENV, evaluate, sandboxRequest } from '../engine/evaluate.ts';
import { KaizenError } from '../errors.ts';
import { createSandbox } from '../sandbox/create.ts';
import { openExistingStore, pickRun, readProgramFile, storeArg } from './shared.ts';

function folderProgram(dir: string, task: TaskDefinition, language: string): { path: string; code: string; language: string } {
  if (!task.entry) throw new KaizenError(`${dir} is a folder, but the task's program is one file: give a file`);
  return { path: resolve(dir), code: readProgramFolder(resolve(dir), { entry: task.entry, frozen: task.frozen }, dir).code, language };
}

export interface EvalOptions {
  cases: 'public' | 'hidden';
  db?: string;
  store?: string;
  run?: string;
  json?: boolean;
}

/**
 * `kaizen eval DIR FILE`: one program evaluated against the task in DIR, without starting a run. Multi-case tasks
 * print a table per case; `--cases hidden` uses the hidden cases of a run of this store (their seeds come from that
 * run's secret).
 */
export async function evalAction(dir: string, file: string, opts: EvalOptions): Promise<void> {
  const loaded = await loadTask(dir);
  // A program folder is read as the task reads its own: the task's entry and frozen files.
  const { path, code, language } = statSync(file, { throwIfNoEntry: false })?.isDirectory()
    ? folderProgram(file, loaded.task, loaded.language)
    : readProgramFile(file);
  const sandbox = createSandbox({ backend: loaded.config.sandbox.backend, process: { allowUnsandboxed: loaded.config.sandbox.allowUnsandboxed } });
  try {
    const caseTask = caseTaskOf(loaded.task, loaded.dir, BASE_ENV);
    if (!caseTask) {
      if (opts.cases === 'hidden') throw new KaizenError(`${loaded.taskFile}: this task has no cases (--cases hidden is for multi-case tasks)`);
      const ev = await evaluate(loaded.task, sandbox, sandboxRequest(loaded.task, code, language, path), code, 0);
      const out = { task: loaded.task.name, file, language, failure: ev.failure ?? null, error: ev.error ?? null, ...(ev.judged ?? {}) };
      if (opts.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else if (ev.judged) process.stdout.write(`${ev.judged.correct ? 'correct' : 'incorrect'}, score ${ev.judged.score}\n${ev.judged.feedback ?? ''}\n`);
      else process.stdout.write(`failed: ${ev.failure}: ${ev.error}\n`);
      if (!ev.judged?.correct) process.exitCode = 1;
      return;
    }
    let refs = caseTask.publicRefs;
    let runId: string | null = null;
    if (opts.cases === 'hidden') {
      const store = await openExistingStore(dir, storeArg(opts));
      try {
        const run = await pickRun(store, opts.run);
        runId = run.id;
        const secret = store.runSecret(run.id, HIDDEN_CASES_SECRET);
        if (!secret) throw new KaizenError(`run ${run.id}: its key file is not here, so its hidden cases cannot be drawn`);
        refs = caseTask.hiddenRefs(secret);
      } finally {
        await store.close();
      }
    }
    const outcome = await caseTask.runAll(sandbox, code, language, refs);
    const results: CaseResult[] = opts.cases === 'hidden' ? outcome.results.map((r) => ({ ...r, seed: null })) : outcome.results;
    const correct = results.some((r) => r.verdict === 'ok');
    const score = correct ? caseTask.score(results, refs.length) : 0;
    const counts = verdictCounts(results);
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ task: loaded.task.name, file, language, cases: opts.cases, run: runId, score, correct, verdicts: counts, results })}\n`,
      );
    } else {
      process.stdout.write(`${caseTable(results)}\n`);
      if (outcome.compileError) process.stdout.write(`compile error:\n${outcome.compileError}\n`);
      const cpu = results.flatMap((r) => (r.cpuMs === null ? [] : [r.cpuMs]));
      process.stdout.write(
        `${loaded.task.name}, ${opts.cases} cases${runId ? ` of run ${runId}` : ''}: score ${score} (${caseTask.aggregate} over ${results.length} of ${refs.length} cases); ` +
          `${Object.entries(counts)
            .map(([v, n]) => `${n} ${v}`)
            .join(', ')}; CPU mean ${cpu.length ? Math.round(cpu.reduce((a, b) => a + b, 0) / cpu.length) : '—'} ms (limit ${caseTask.cpuMs} ms)\n`,
      );
    }
    if (!correct) process.exitCode = 1;
  } finally {
    await sandbox.close();
  }
}
