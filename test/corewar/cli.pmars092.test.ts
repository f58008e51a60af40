// More pMARS behaviour than battles.jsonl covers, checked through the CLI (assembler + MARS):
// support/pmars092-oracle.jsonl holds 130 outputs of Debian's pMARS 0.9.2 (run headless under
// Xvfb, `-v 000` added), with warrior paths relative to /work/shared/corewar/warriors:
// - 60 multi-warrior battles (3-6 fsh94nop0.3 warriors; -f or -F; some -k, -o, -s 8192 -p 64 -c 20000),
// - 56 two-warrior battles of P-space warriors (Koenigstuhl '94 / YACE; some -S 1/16/500),
// - 14 permutation (-P) battles, incl. 8 complete ones on an 800-cell core with tiny warriors.
// (0.9.2 and the 0.9.4 of battles.jsonl are known to differ in one P-space corner case, which
// none of these hit.)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPmarsCli } from '../../src/corewar/cli.ts';
import { haveOracle, WARRIORS_DIR } from './support/loadfile.ts';

interface Entry {
  args: string[];
  rc: number;
  stdout: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const entries: Entry[] = readFileSync(join(here, 'support/pmars092-oracle.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Entry);

const title = haveOracle ? 'pMARS 0.9.2 outputs' : `pMARS 0.9.2 outputs (skipped: ${WARRIORS_DIR} not found)`;

describe.skipIf(!haveOracle)(title, () => {
  it.each(entries.map((e) => [e.args.join(' ').replace(/pycorewar\/|Koenigstuhl\//g, ''), e] as const))('%s', (_name, e) => {
    const args = e.args.map((a) => (a.endsWith('.red') ? join(WARRIORS_DIR, a) : a));
    const r = runPmarsCli(args);
    expect(r.stdout).toBe(e.stdout);
    expect(r.exitCode === 0).toBe(e.rc === 0);
  });
});
