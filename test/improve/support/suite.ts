import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, tempDir } from '../../support/tmp.ts';

export const TASKS = join(REPO, 'examples', 'suites', 'basic', 'tasks');

/** A tiny suite: circle packing n = 12 for training, n = 16 held out. */
export function tinySuite(): string {
  const dir = tempDir('kaizen-suite-');
  writeFileSync(
    join(dir, 'suite.json'),
    JSON.stringify({ name: 'tiny', training: [{ dir: join(TASKS, 'circle-12') }], heldOut: [{ dir: join(TASKS, 'circle-16') }] }),
  );
  return dir;
}
