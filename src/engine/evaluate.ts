import { extname } from 'node:path';
import { applyObjectives } from './objectives.ts';
import { type Judge, type JudgeResult, type TaskDefinition, isCommandExecute, isDataExecute, isSolverExecute, judgeResultSchema } from '../config/task.ts';
import { isBundle, parseBundle } from '../program/bundle.ts';
import type { FailureClass, Sandbox, SandboxRequest, SandboxResult, SupportFile } from '../sandbox/types.ts';

export const DEFAULT_LIMITS = { timeoutMs: 30_000, memoryMb: 512, outputMaxBytes: 1_000_000, logMaxBytes: 256_000 };
/** The environment every candidate gets; a task adds to it explicitly. The host's variables (API keys) never pass. */
export const BASE_ENV: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' };

export interface Evaluation {
  sandbox: SandboxResult;
  /** Present when the candidate ran and the judge scored its output. */
  judged?: JudgeResult;
  /** Set when the run failed before or inside the judge. */
  failure?: FailureClass | 'judge-error';
  error?: string;
  judgeMs: number;
}

export function programFileName(language: string, originalPath: string): string {
  if (language === 'javascript') return 'program.mjs';
  if (language === 'typescript') return 'program.mts';
  return `program${extname(originalPath) || '.txt'}`;
}

/** The sandbox request for a candidate, or null when the task's candidates are data judged directly. */
export function sandboxRequest(task: TaskDefinition, code: string, language: string, programPath: string): SandboxRequest | null {
  const e = task.execute;
  if (isDataExecute(e)) return null;
  if (isSolverExecute(e)) throw new Error('a solver task runs case by case (engine/cases.ts), not as one request');
  const limits = {
    timeoutMs: e.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    memoryMb: e.memoryMb ?? DEFAULT_LIMITS.memoryMb,
    outputMaxBytes: e.outputMaxBytes ?? DEFAULT_LIMITS.outputMaxBytes,
    logMaxBytes: e.logMaxBytes ?? DEFAULT_LIMITS.logMaxBytes,
  };
  const env = { ...BASE_ENV, ...(e.env ?? {}) };
  const program = programFiles(task, code, language, programPath);
  if (isCommandExecute(e)) {
    return { kind: 'command', ...program, command: e.command, output: e.output ?? 'stdout', limits, env };
  }
  return { kind: 'js', ...program, exportName: e.export, args: e.args ?? [], limits, env };
}

/**
 * What the sandbox writes for a candidate: one file under a fixed name, or — a program of several files — the entry
 * under its own path and every other file beside it (the whole folder, as the task's author laid it out).
 */
function programFiles(task: TaskDefinition, code: string, language: string, programPath: string): { code: string; programFile: string; files?: SupportFile[] } {
  if (!isBundle(code)) return { code, programFile: programFileName(language, programPath) };
  const files = parseBundle(code);
  const entry = files.find((f) => f.path === task.entry) ?? files[0];
  return {
    code: entry.content,
    programFile: entry.path,
    files: files.filter((f) => f !== entry).map((f) => ({ name: f.path, content: f.content })),
  };
}

/** Runs a candidate in the sandbox (untrusted), then the task's judge on its output (trusted, in this process). */
export async function evaluate(
  task: TaskDefinition,
  sandbox: Sandbox,
  request: SandboxRequest | null,
  code: string,
  programId: number,
  judge: Judge | undefined = task.judge,
): Promise<Evaluation> {
  const result: SandboxResult = request
    ? await sandbox.run(request)
    : { ok: true, output: code, stdout: '', stderr: '', exitCode: null, signal: null, durationMs: 0 };
  if (!result.ok) return { sandbox: result, failure: result.failure, error: result.error, judgeMs: 0 };
  const t0 = performance.now();
  if (!judge) return { sandbox: result, failure: 'judge-error', error: 'the task has no judge', judgeMs: 0 };
  try {
    const raw = await judge(result.output, { programId, code, durationMs: result.durationMs, stdout: result.stdout, stderr: result.stderr });
    const parsed = judgeResultSchema.safeParse(raw);
    if (!parsed.success) {
      return {
        sandbox: result,
        failure: 'judge-error',
        error: `the judge returned an invalid result: ${parsed.error.issues[0]?.message}`,
        judgeMs: performance.now() - t0,
      };
    }
    const judged = task.objectives ? applyObjectives(parsed.data as JudgeResult, task.objectives, task.champion) : (parsed.data as JudgeResult);
    if (judged.correct && !Number.isFinite(judged.score)) {
      judged.correct = false;
      judged.feedback = `${judged.feedback ?? ''} (score ${judged.score} is not finite: counted as incorrect)`.trim();
    }
    return { sandbox: result, judged, judgeMs: performance.now() - t0 };
  } catch (e) {
    return { sandbox: result, failure: 'judge-error', error: `the judge threw: ${(e as Error).message}`, judgeMs: performance.now() - t0 };
  }
}
