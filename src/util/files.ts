import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KaizenError } from '../errors.ts';

/**
 * Writes `text` to `file` under a temporary name beside it, then renames it into place: a process killed mid-write
 * leaves the previous file or the new one, never a truncated one.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Creates the folder `dir` and any missing folders above it, one level at a time. Not `mkdirSync(dir, { recursive:
 * true })`: under procfs (`/proc/nope`) Node's recursive mkdir retries ENOENT forever, at full CPU and deaf to
 * SIGTERM; a plain mkdir fails at once. A folder that cannot be made is one error naming it.
 */
export function ensureDir(dir: string): void {
  const abs = resolve(dir);
  if (existsSync(abs)) {
    if (!statSync(abs).isDirectory()) throw new KaizenError(`${abs}: cannot create the folder: a file is in the way`);
    return;
  }
  const parent = dirname(abs);
  if (parent !== abs) ensureDir(parent);
  try {
    mkdirSync(abs);
  } catch (e) {
    // Made by another process between the check and the mkdir: as good as made here.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST' && existsSync(abs) && statSync(abs).isDirectory()) return;
    throw new KaizenError(`${abs}: cannot create the folder: ${(e as Error).message}`);
  }
}
