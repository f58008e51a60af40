import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { sha256 } from '../util/hash.ts';

/** Folders and files that are not part of a task's identity: run databases, installed packages, version control. */
function skipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/**
 * A content hash of a task folder's files (names and bytes, sorted; dot-entries and node_modules left out). The
 * coordinator sends it with every job; a worker whose folder hashes differently refuses the job.
 */
export function hashTaskFiles(dir: string): string {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (skipped(entry.name)) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(dir);
  const parts = files
    .map((f) => relative(dir, f).split(sep).join('/'))
    .sort()
    .map((rel) => `${rel}\0${sha256(readFileSync(join(dir, rel)))}`);
  return sha256(parts.join('\n'));
}
