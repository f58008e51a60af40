import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI = join(REPO, 'bin', 'kaizen.js');

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
