import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { SolverExecute, SolverLanguage } from '../config/task.ts';
import { KaizenError } from '../errors.ts';
import type { CommandRequest, SupportFile } from '../sandbox/types.ts';

export const DEFAULT_CPU_MS = 2000;
export const DEFAULT_SOLVER_OUTPUT_BYTES = 1_000_000;
const DEFAULT_SOLVER_MEMORY_MB = 512;
const DEFAULT_SOLVER_LOG_BYTES = 64_000;

/** How each language's solver is built and run. C++ compiles once per program (the sandbox caches by code hash). */
const LANGUAGES: Record<SolverLanguage, { file: string; command: (node: string) => string[]; compile?: string[] }> = {
  cpp: { file: 'program.cpp', command: () => ['{binary}'], compile: ['g++', '-O2', '-std=gnu++20', '-o', '{binary}', '{program}'] },
  python: { file: 'program.py', command: () => ['python3', '{program}'] },
  // The Node running Kaizen: the same version everywhere, whatever the machine's PATH has.
  javascript: { file: 'program.mjs', command: (node) => [node, '{program}'] },
};

/** The language a program in this file is written in, for a solver task whose seed program is in another one. */
export function solverLanguageOf(language: string): SolverLanguage | null {
  if (language === 'cpp' || language === 'python' || language === 'javascript') return language;
  return null;
}

export interface SolverLimits {
  cpuMs: number;
  wallMs: number;
}

export function solverLimits(e: SolverExecute): SolverLimits {
  const cpuMs = e.cpuTimeMs ?? DEFAULT_CPU_MS;
  return { cpuMs, wallMs: e.wallTimeMs ?? 2 * cpuMs + 1000 };
}

/** Names the sandbox uses beside a solver in any language (its program file, the C++ binary): no support file may take them. */
const RESERVED_NAMES = new Set([...Object.values(LANGUAGES).map((l) => l.file), 'program']);

/**
 * A solver task's support files (`execute.files`, relative to the task folder), read once: each goes beside the program
 * under its file name. A file that cannot be read, two with the same file name, or a name the sandbox cannot use is an
 * error naming the file and the field.
 */
export function readSupportFiles(e: SolverExecute, taskDir: string): SupportFile[] {
  const files: SupportFile[] = [];
  const byName = new Map<string, string>();
  for (const path of e.files ?? []) {
    const name = basename(path);
    const earlier = byName.get(name);
    if (earlier !== undefined) {
      throw new KaizenError(
        `field execute.files: ${earlier} and ${path} have the same file name ${name} (support files are copied beside the program under their file names)`,
      );
    }
    byName.set(name, path);
    if (!/^[A-Za-z0-9_.-]+$/.test(name) || name === '.' || name === '..') {
      throw new KaizenError(`field execute.files: ${path}: the file name ${name} must be letters, digits, _ . - only`);
    }
    if (RESERVED_NAMES.has(name)) throw new KaizenError(`field execute.files: ${path}: ${name} is the solver's own file name; rename the support file`);
    let content: string;
    try {
      content = readFileSync(resolve(taskDir, path), 'utf8');
    } catch (err) {
      throw new KaizenError(`field execute.files: cannot read support file ${path} (${resolve(taskDir, path)}): ${(err as Error).message}`);
    }
    files.push({ name, content });
  }
  return files;
}

/**
 * The sandbox request of one case, input aside: the solver reads the input on stdin and prints its answer, read as
 * text. `language` is the program's (a C++ program of a task whose seed is JavaScript runs as C++). `files`: the task's
 * support files ({@link readSupportFiles}), written read-only beside the program.
 */
export function solverRequest(
  e: SolverExecute,
  language: SolverLanguage,
  code: string,
  env: Record<string, string>,
  files: readonly SupportFile[] = [],
): CommandRequest {
  const lang = LANGUAGES[language];
  const { cpuMs, wallMs } = solverLimits(e);
  return {
    kind: 'command',
    code,
    programFile: lang.file,
    command: lang.command(process.execPath),
    ...(lang.compile ? { compile: { command: lang.compile } } : {}),
    output: 'text',
    limits: {
      timeoutMs: wallMs,
      cpuMs,
      memoryMb: e.memoryMb ?? DEFAULT_SOLVER_MEMORY_MB,
      outputMaxBytes: e.outputMaxBytes ?? DEFAULT_SOLVER_OUTPUT_BYTES,
      logMaxBytes: e.logMaxBytes ?? DEFAULT_SOLVER_LOG_BYTES,
    },
    env: { ...env, ...(e.env ?? {}) },
    ...(files.length > 0 ? { files: files.map((f) => ({ name: f.name, content: f.content })) } : {}),
  };
}
