// The rest of pMARS 0.9.4's command line in `kaizen corewar battle`: -@ parameter files, -= score formulas, -r 0,
// -F beyond the core size and pMARS's usage screen/messages, checked against oracle-flags/oracle.jsonl (pMARS's own
// stdout, stderr and exit code; see oracle-flags/README.md to regenerate), oracle-files.jsonl (warrior files that do
// not open, ...) and oracle-assembly.jsonl (assembly errors and warnings), plus Kaizen's behaviour where it does not
// follow pMARS: -e and -V are refused, -h/--help print Kaizen's help.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HELP, pmarsScoreFormula, runPmarsCli } from '../../src/corewar/cli.ts';
import { WARRIORS_DIR } from './support/loadfile.ts';

interface Entry {
  argv: string[];
  stdout: string;
  stderr: string;
  exitCode: number;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'oracle-flags');
const oracle = (name: string): Entry[] =>
  readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Entry);
const entries = oracle('oracle.jsonl');

// pMARS ran in a folder with links to the shared warriors' folders (`pmars-debian`, ...) and to oracle-flags/params and
// oracle-flags/broken: resolve the same relative paths here, so the messages naming files come out the same.
const inFixtures = (p: string) => ['params', 'broken'].some((d) => p === d || p.startsWith(`${d}/`));
const readRelative = (p: string): string => readFileSync(join(inFixtures(p) ? FIXTURES : WARRIORS_DIR, p), 'utf8');
const cli = (argv: string[]) => runPmarsCli(argv, readRelative);

let haveWarriors = true;
try {
  readRelative('pmars-debian/aeka.red');
} catch {
  haveWarriors = false;
}
const byFlag = (pred: (argv: string[]) => boolean) => entries.filter((e) => pred(e.argv)).map((e) => [e.argv.join(' '), e] as const);
const has = (argv: string[], flag: string) => argv.some((a) => a.startsWith('-') && a.includes(flag));

describe.skipIf(!haveWarriors)(`pMARS 0.9.4 flags${haveWarriors ? '' : ` (skipped: ${WARRIORS_DIR} not found)`}`, () => {
  it('has the captured cases', () => {
    expect(entries.length).toBe(32);
  });

  describe('-@ parameter files (comments, quotes, nesting, missing files, $)', () => {
    it.each(byFlag((a) => has(a, '@') || a.includes('$')))('%s', (_name, e) => {
      expect(cli(e.argv)).toEqual({ stdout: e.stdout, stderr: e.stderr, exitCode: e.exitCode });
    });
  });

  describe('-= score formulas', () => {
    it.each(byFlag((a) => a.includes('-=')))('%s', (_name, e) => {
      expect(cli(e.argv)).toEqual({ stdout: e.stdout, stderr: e.stderr, exitCode: e.exitCode });
    });
  });

  describe('-r 0, -F beyond the core size, usage screen and messages', () => {
    it.each(byFlag((a) => !has(a, '@') && !a.includes('$') && !a.includes('-=')))('%s', (_name, e) => {
      expect(cli(e.argv)).toEqual({ stdout: e.stdout, stderr: e.stderr, exitCode: e.exitCode });
    });
  });
});

describe.skipIf(!haveWarriors)('warrior files that do not open, a PIN in the load file, process limits beyond a round (pMARS 0.9.4)', () => {
  it.each(oracle('oracle-files.jsonl').map((e) => [e.argv.join(' '), e] as const))('%s', (_name, e) => {
    expect(cli(e.argv)).toEqual({ stdout: e.stdout, stderr: e.stderr, exitCode: e.exitCode });
  });
});

// Messages as they occur (`Error in line N: '<line>'`, `Warning:`), the counts, the repeats, several warriors.
describe('assembly errors and warnings, as pMARS 0.9.4 lays them out (oracle-assembly.jsonl)', () => {
  const assembly = oracle('oracle-assembly.jsonl');
  const usesShared = (e: Entry) => e.argv.some((a) => a.includes('/') && !inFixtures(a));
  const cases = (list: Entry[]) => list.map((e) => [e.argv.join(' '), e] as const);

  it('has every warrior of oracle-flags/broken, alone', () => {
    const alone = assembly.filter((e) => e.argv.length === 4 && e.argv.join(' ').startsWith('-b -r 0 broken/')).map((e) => e.argv[3]);
    const files = readdirSync(join(FIXTURES, 'broken')).sort();
    expect(alone).toEqual(files.map((f) => `broken/${f}`));
  });

  it.each(cases(assembly.filter((e) => !usesShared(e))))('%s', (_name, e) => {
    expect(cli(e.argv)).toEqual({ stdout: e.stdout, stderr: e.stderr, exitCode: e.exitCode });
  });

  describe.skipIf(!haveWarriors)('with the shared warriors', () => {
    it.each(cases(assembly.filter(usesShared)))('%s', (_name, e) => {
      expect(cli(e.argv)).toEqual({ stdout: e.stdout, stderr: e.stderr, exitCode: e.exitCode });
    });
  });
});

describe('flags Kaizen answers itself', () => {
  const refused = (flag: string, what: string) => ({
    stdout: '',
    stderr: `kaizen corewar battle: ${flag} (${what}) is not supported\n`,
    exitCode: 2,
  });

  it('-e (cdb) is refused with one line, no usage screen', () => {
    expect(runPmarsCli(['-b', '-e', 'a.red', 'b.red'])).toEqual(refused('-e', 'the cdb debugger'));
    expect(runPmarsCli(['-be', 'a.red'])).toEqual(refused('-e', 'the cdb debugger'));
  });

  it('-V (verbose assembly) is refused with one line, no usage screen', () => {
    expect(runPmarsCli(['-V', '-b', 'a.red'])).toEqual(refused('-V', 'verbose assembly'));
  });

  it('a core or a process limit beyond what this MARS holds is refused with one line, no stack trace', () => {
    const tiny = () => ';assert 1\nmov 0, 1\n';
    const refusal = (message: string) => ({ stdout: '', stderr: `kaizen corewar battle: ${message}\n`, exitCode: 2 });
    expect(runPmarsCli(['-b', '-F', '500', '-s', '67108865', 'a.red', 'b.red'], tiny)).toEqual(refusal('-s beyond 67108864 is not supported'));
    // Rings for 2^30 processes a warrior: 8 GiB, where a 32-bit WebAssembly memory holds 4.
    expect(runPmarsCli(['-b', '-F', '500', '-p', '1000000000', '-c', '1000000000', 'a.red', 'b.red'], tiny)).toEqual(
      refusal("8000 cells and 2 × 1073741824 process slots need 8193 MiB; the MARS's memory holds 4,096 MiB: not supported"),
    );
  });

  it('an unsupported flag inside a -@ file is refused the same way', () => {
    expect(runPmarsCli(['-@', 'p.par'], () => '-b -e a.red')).toEqual(refused('-e', 'the cdb debugger'));
  });

  it('--help and -h print Kaizen help listing every flag, exit 0', () => {
    for (const argv of [['--help'], ['-h'], ['-b', '-h', 'a.red']]) {
      expect(runPmarsCli(argv)).toEqual({ stdout: HELP, stderr: '', exitCode: 0 });
    }
    for (const flag of ['-r', '-s', '-c', '-p', '-l', '-d', '-S', '-F', '-f', '-P', '-b', '-k', '-o', '-A', '-=', '-@', '-e', '-V']) {
      expect(HELP).toContain(`${flag} `);
    }
    expect(HELP).toContain('pMARS 0.9.4');
    expect(HELP).toContain('Not supported');
  });

  it('evaluates formulas with pMARS semantics (integer division, registers kept between evaluations)', () => {
    const f = pmarsScoreFormula('(W*W-1)/S', 3);
    expect([1, 2, 3].map((s) => f?.(3, s))).toEqual([8, 4, 2]);
    const counter = pmarsScoreFormula('x=x+1', 2);
    expect([counter?.(2, 1), counter?.(2, 2), counter?.(2, 1)]).toEqual([1, 2, 3]);
    expect(pmarsScoreFormula('W/(S-2)', 3)).toBeNull(); // divides by zero at S = 2
    expect(pmarsScoreFormula('W/(S-2)', 1)).not.toBeNull(); // pMARS checks S = 1..W only
    expect(pmarsScoreFormula('W*', 2)).toBeNull();
  });
});
