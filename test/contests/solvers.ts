// Running the contest problems' own solvers directly in tests (our code, not candidates: no sandbox), the way the
// sandbox would: input on stdin, the CPU limit in KAIZEN_TIME_LIMIT_MS, C++ built with the sandbox's flags.
import { execFile, spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../support/tmp.ts';

/** Compiles a C++ solver (`g++ -O2 -std=gnu++20`) into a temporary folder removed after the test file; returns the binary. */
export async function compileCpp(source: string): Promise<string> {
  const binary = join(tempDir('kaizen-contest-'), basename(source, '.cpp'));
  await promisify(execFile)('g++', ['-O2', '-std=gnu++20', '-o', binary, source], { timeout: 120_000 });
  return binary;
}

/** Runs a solver on one input and returns what it printed; throws with its stderr when it exits non-zero. */
export function runSolver(command: string, args: string[], input: string, options: { limitMs?: number; timeoutMs?: number } = {}): string {
  const env = { ...process.env, KAIZEN_TIME_LIMIT_MS: String(options.limitMs ?? 300) };
  const r = spawnSync(command, args, { input, env, encoding: 'utf8', maxBuffer: 1 << 24, ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}) });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return r.stdout;
}
