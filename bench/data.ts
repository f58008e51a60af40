// Where the benchmarks find their test data: the Core War warriors and the pMARS oracle are not in the checkout
// (their licences are the collectors', see ../shared/corewar/README.md); they sit in ../shared/corewar beside it, or
// wherever $KAIZEN_COREWAR_DATA points.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT } from './processes.ts';

export interface CorewarData {
  /** Folder holding warriors/ and pmars-oracle/. */
  dir: string;
  warrior(path: string): string;
}

/** The Core War data folder, or why it is missing (one line, naming the places looked at). */
export function corewarData(): CorewarData | { missing: string } {
  const candidates = [process.env.KAIZEN_COREWAR_DATA, join(ROOT, '../shared/corewar')].filter((x): x is string => !!x).map((p) => resolve(p));
  const dir = candidates.find((d) => existsSync(join(d, 'warriors/pmars-debian/aeka.red')));
  if (!dir) return { missing: `no Core War warriors found (looked for warriors/pmars-debian/aeka.red in ${candidates.join(', ')}; set $KAIZEN_COREWAR_DATA)` };
  return { dir, warrior: (path) => join(dir, 'warriors', path) };
}
