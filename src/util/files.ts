import { renameSync, writeFileSync } from 'node:fs';

/**
 * Writes `text` to `file` under a temporary name beside it, then renames it into place: a process killed mid-write
 * leaves the previous file or the new one, never a truncated one.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
