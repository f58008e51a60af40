import type { KaizenConfigInput } from '../config/config.ts';
import { type LoadedTask, loadTask } from '../config/load.ts';
import type { RecordVerification } from '../ledger/verify.ts';
import { createSandbox } from '../sandbox/create.ts';
import type { Sandbox } from '../sandbox/types.ts';
import type { ProgramRow, Run, Store } from '../store/store.ts';
import { verifyStoredRecord } from '../store/verify-record.ts';
import { type CaseTask, caseTaskOf } from '../cases/case-task.ts';
import { rescore } from '../cases/rescore.ts';
import type { CaseResult } from '../cases/run.ts';
import { HIDDEN_CASES_SECRET } from './cases.ts';
import { BASE_ENV, evaluate, sandboxRequest } from './evaluate.ts';
import { taskHash } from './open-run.ts';

/**
 * `kaizen verify`: the ledger's checks of a run's record (ledger/verify.ts), then the champion and the top-k programs
 * re-executed from the task folder and compared with what was recorded.
 */

export interface VerifyOptions {
  /** Task folder to re-execute from (falls back to the folder recorded with the run). */
  taskDir?: string;
  /** Programs to re-execute besides the champion (default 3); 0 with reexecute false skips re-execution. */
  topK?: number;
  reexecute?: boolean;
  /** Largest |re-executed − recorded| score accepted (default 0: our tasks are deterministic). */
  tolerance?: number;
  /** Accept events after the signed head (their key was missing) as a warning instead of a failure. */
  allowUnsigned?: boolean;
  sandbox?: Sandbox;
}

export interface RunVerification extends RecordVerification {
  reexecuted: { id: number; recorded: number | null; score: number | null }[];
  /** Multi-case tasks: stored answers re-scored (instead of re-executing solvers whose results depend on timing). */
  rescored: number;
}

export async function verifyRun(store: Store, run: Run, options: VerifyOptions = {}): Promise<RunVerification> {
  const programs = await store.programs(run.id);
  const result: RunVerification = { ...(await verifyStoredRecord(store, run, options, programs)), reexecuted: [], rescored: 0 };
  if (options.reexecute !== false) {
    const re = await reexecute(store, run, programs, options);
    result.reexecuted = re.reexecuted;
    result.rescored = re.rescored;
    result.problems.push(...re.problems);
    result.warnings.push(...re.warnings);
  }
  return result;
}

/** The programs worth re-running: the champion, then the k best other correct programs (distinct code). */
export function reexecutionTargets(run: Run, programs: ProgramRow[], topK: number): ProgramRow[] {
  const byId = new Map(programs.map((p) => [p.id, p]));
  const out: ProgramRow[] = [];
  const hashes = new Set<string>();
  const add = (p: ProgramRow | undefined) => {
    if (!p || hashes.has(p.code_hash)) return;
    hashes.add(p.code_hash);
    out.push(p);
  };
  add(run.best_program_id !== null ? byId.get(run.best_program_id) : undefined);
  const ranked = programs
    .filter((p) => p.status === 'evaluated' && p.correct === 1 && p.score !== null)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.id - b.id);
  for (const p of ranked) {
    if (out.length >= topK + 1) break;
    add(p);
  }
  return out;
}

async function reexecute(store: Store, run: Run, programs: ProgramRow[], options: VerifyOptions) {
  const problems: string[] = [];
  const warnings: string[] = [];
  const reexecuted: RunVerification['reexecuted'] = [];
  const rescored = 0;
  const targets = reexecutionTargets(run, programs, options.topK ?? 3);
  if (targets.length === 0) return { problems, warnings, reexecuted, rescored };
  // The folder given, else the one the run recorded; the run's own settings over the folder's, as during the run.
  const dirs = [...new Set([options.taskDir, run.task_dir].filter((d): d is string => d !== undefined))];
  let loaded: LoadedTask | undefined;
  let failure = '';
  for (const d of dirs) {
    try {
      loaded = await loadTask(d, JSON.parse(run.config_json) as KaizenConfigInput);
      break;
    } catch (e) {
      failure ||= (e as Error).message;
    }
  }
  if (!loaded) {
    problems.push(`run ${run.id}: cannot load its task folder to re-execute (${dirs.join(' or ')}): ${failure}`);
    return { problems, warnings, reexecuted, rescored };
  }
  const dir = loaded.dir;
  if (taskHash(loaded) !== run.task_hash) {
    warnings.push(`run ${run.id}: the task folder ${dir} is not the one the run used (task hash differs); re-execution compares against another task`);
  }
  const caseTask = caseTaskOf(loaded.task, loaded.dir, BASE_ENV);
  if (caseTask) return { problems, warnings, reexecuted, ...(await rescoreRun(store, run, programs, caseTask, problems, warnings)) };
  const own = options.sandbox
    ? null
    : createSandbox({ backend: loaded.config.sandbox.backend, process: { allowUnsandboxed: loaded.config.sandbox.allowUnsandboxed } });
  const sandbox: Sandbox = options.sandbox ?? own!;
  const tolerance = options.tolerance ?? 0;
  try {
    for (const p of targets) {
      const request = sandboxRequest(loaded.task, p.code, loaded.language, loaded.programPath);
      const ev = await evaluate(loaded.task, sandbox, request, p.code, p.id);
      const score = ev.judged && Number.isFinite(ev.judged.score) ? ev.judged.score : null;
      reexecuted.push({ id: p.id, recorded: p.score, score });
      const correct = ev.judged?.correct === true;
      if (correct !== (p.correct === 1)) {
        const how = ev.judged ? (correct ? 'correct' : 'incorrect') : `a failure (${ev.failure}: ${ev.error})`;
        problems.push(`program ${p.id}: re-executed as ${how}, recorded ${p.correct === 1 ? 'correct' : 'incorrect'}`);
      } else if (correct && (score === null || p.score === null || Math.abs(score - p.score) > tolerance)) {
        problems.push(`program ${p.id}: re-executed score ${score} ≠ recorded ${p.score}${tolerance ? ` (tolerance ${tolerance})` : ''}`);
      }
    }
  } finally {
    await (own as { close?: () => Promise<void> } | null)?.close?.();
  }
  return { problems, warnings, reexecuted, rescored };
}

/**
 * A multi-case run is checked by re-scoring every stored answer (solvers stop on a clock, so re-running them need
 * not give the same answers): digests, scores, verdicts and each program's aggregate must match the record.
 */
async function rescoreRun(store: Store, run: Run, programs: ProgramRow[], caseTask: CaseTask, problems: string[], warnings: string[]) {
  const secret = store.runSecret(run.id, HIDDEN_CASES_SECRET);
  const hidden = secret ? caseTask.hiddenRefs(secret) : null;
  let rescored = 0;
  let skipped = 0;
  for (const p of programs) {
    if (p.status !== 'evaluated' || (!p.cases_json && !p.hidden_json)) continue;
    const digests = [p.cases_json, p.hidden_json].flatMap((j) => (j ? (JSON.parse(j) as CaseResult[]).flatMap((r) => (r.digest ? [r.digest] : [])) : []));
    const from = (JSON.parse(p.public_json ?? '{}') as { estimated_from?: number }).estimated_from;
    const source = from !== undefined ? programs.find((q) => q.id === from) : undefined;
    const reference = source?.cases_json ? (JSON.parse(source.cases_json) as CaseResult[]) : null;
    const r = rescore(caseTask, p, await store.outputs(digests), hidden, reference);
    problems.push(...r.problems);
    rescored += r.rescored;
    if (r.skipped) skipped++;
  }
  if (skipped) warnings.push(`run ${run.id}: the hidden cases of ${skipped} program(s) were not re-scored: the run's key file is not here`);
  return { rescored };
}
