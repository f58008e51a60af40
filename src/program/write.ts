import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isBundle, parseBundle } from './bundle.ts';

/**
 * Writes a program where a user asked for it: a program of several files as a folder at `target` (created if need
 * be; the program's files are written, other files there are left alone), a program of one file as the file `target`.
 * Returns the paths written.
 */
export function writeProgram(code: string, target: string): string[] {
  if (!isBundle(code)) {
    writeFileSync(target, code);
    return [resolve(target)];
  }
  const written: string[] = [];
  for (const file of parseBundle(code)) {
    // Paths were checked when the bundle was parsed (relative, no `..`): they stay inside `target`.
    const path = join(target, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    written.push(resolve(path));
  }
  return written;
}
