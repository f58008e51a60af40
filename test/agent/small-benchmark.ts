// A benchmark of a few of the repository's coding tasks, copied into a temporary folder of its own.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from '../support/tmp.ts';

export function smallBenchmark(ids: readonly string[]): string {
  const dir = join(tempDir('kaizen-bench-'), 'small');
  for (const id of ids) cpSync(join(REPO, 'benchmarks/coding/tasks', id), join(dir, id), { recursive: true });
  return dir;
}
