import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI = join(REPO, 'bin', 'kaizen.js');

/** A finished `kaizen` child process: its exit code and everything it printed. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as a child process, asynchronous, so a model server in the test's own process can answer its calls; `env`
 * is added to the test's environment.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempDir(prefix = 'kaizen-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Writes a task folder from a map of file names to contents. */
export function writeTask(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A copy of one of the repository's examples, so runs do not write into the source tree. */
export function copyExample(name: string): string {
  const dir = tempDir();
  cpSync(join(REPO, 'examples', name), dir, { recursive: true, filter: (src) => !src.includes('.kaizen') });
  return dir;
}

/**
 * A copy of an example that imports from others (`../circle-packing/judge.ts`), with those beside it as in the
 * repository; returns the example's own folder.
 */
export function copyExampleWith(name: string, beside: readonly string[] = ['circle-packing']): string {
  const root = tempDir();
  for (const n of [...beside, name]) cpSync(join(REPO, 'examples', n), join(root, n), { recursive: true, filter: (src) => !src.includes('.kaizen') });
  return join(root, name);
}
