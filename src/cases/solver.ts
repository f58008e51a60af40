import type { SolverExecute, SolverLanguage } from '../config/task.ts';
import type { CommandRequest } from '../sandbox/types.ts';

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

/**
 * The sandbox request of one case, input aside: the solver reads the input on stdin and prints its answer, read as
 * text. `language` is the program's (a C++ program of a task whose seed is JavaScript runs as C++).
 */
export function solverRequest(e: SolverExecute, language: SolverLanguage, code: string, env: Record<string, string>): CommandRequest {
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
  };
}
