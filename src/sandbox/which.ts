import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first `name` on `path` (a PATH-style list), or null. */
export function which(name: string, path = process.env.PATH ?? '/usr/bin:/bin'): string | null {
  for (const dir of path.split(delimiter)) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}
