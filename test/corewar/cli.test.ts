// The pMARS-compatible CLI (needs the assembler).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pmarsPSpaceSize, runPmarsCli } from '../../src/corewar/cli.ts';
import { CLI } from '../support/tmp.ts';
import { haveOracle, oracleBattles, WARRIORS_DIR } from './support/loadfile.ts';

const haveWarriors = existsSync(join(WARRIORS_DIR, 'pmars-debian/validate.red'));
const cli = (args: string) => runPmarsCli(args.split(' ').map((a) => (a.endsWith('.red') ? join(WARRIORS_DIR, a) : a)));

describe.skipIf(!haveWarriors)('pmars CLI (skipped: /work/shared/corewar/warriors not found)', () => {
  it('Validate 1.1R self-ties', () => {
    expect(cli('-b -r 10 pmars-debian/validate.red pmars-debian/validate.red')).toEqual({
      stdout: 'Validate 1.1R by Stefan Strack scores 10\nValidate 1.1R by Stefan Strack scores 10\nResults: 0 0 10\n',
      stderr: '',
      exitCode: 0,
    });
  });

  it('reproduces pMARS on aeka vs rave (-f, -F, swapped order)', () => {
    expect(cli('-b -r 200 -f pmars-debian/aeka.red pmars-debian/rave.red').stdout).toBe(
      'Aeka by T.Hsu scores 364\nRave by Stefan Strack scores 220\nResults: 116 68 16\n',
    );
    expect(cli('-b -r 200 -F 1000 pmars-debian/aeka.red pmars-debian/rave.red').stdout).toMatch(/Results: 115 74 11\n$/);
    expect(cli('-b -r 200 -F 1001 pmars-debian/aeka.red pmars-debian/rave.red').stdout).toMatch(/Results: 123 61 16\n$/);
    expect(cli('-b -r 200 -f pmars-debian/rave.red pmars-debian/aeka.red').stdout).toMatch(/Results: 76 116 8\n$/);
  });

  it('prints KotH format, multi-warrior results and load files', () => {
    expect(cli('-bk -r 10 -F 4000 pmars-debian/aeka.red pmars-debian/flashpaper.red').stdout).toMatch(/^\d+ \d+\n\d+ \d+\n$/);
    const multi = cli('-b -r 20 -f pmars-debian/aeka.red pmars-debian/flashpaper.red pmars-debian/rave.red').stdout;
    expect(multi).toMatch(/^Aeka by T.Hsu scores \d+\n {2}Results: \d+ \d+ \d+ \d+\n/);
    expect(multi.split('\n')).toHaveLength(7);
    const load = cli('-A pmars-debian/rave.red').stdout;
    expect(load.startsWith('       ORG          1\n       SUB.F  $    11, $     1     \n')).toBe(true);
    expect(load.endsWith('       END\n')).toBe(true);
  });

  it('prints pMARS listings without -b', () => {
    const out = cli('-r 0 pmars-debian/rave.red').stdout;
    expect(out.startsWith('Program "Rave" (length 12) by "Stefan Strack"\n\n       ORG      START\n')).toBe(true);
    expect(out).toContain('\n       SUB.F  $    11, $     1     \nSTART  CMP.I  $   125, $   113     \n');
    expect(out.endsWith('       DAT.F  <   -42, <   -42     \n\n')).toBe(true);
  });

  it('reports command-line and file errors with pMARS exit codes', () => {
    expect(runPmarsCli(['-b', '-x', 'a.red']).exitCode).toBe(2);
    expect(runPmarsCli(['-b', '-d', '50', 'a.red']).exitCode).toBe(2);
    expect(runPmarsCli(['-b', '-f', '-F', '200', 'a.red']).exitCode).toBe(2);
    expect(
      runPmarsCli(['-b', '/nonexistent/x.red'], () => {
        throw new Error('no');
      }).exitCode,
    ).toBe(3);
    expect(runPmarsCli(['-b', 'x.red'], () => 'mov 0, 1\nbogus 1, 2\n').exitCode).toBe(3);
  });

  it('uses pMARS default P-space sizes', () => {
    expect(pmarsPSpaceSize(8000)).toBe(500);
    expect(pmarsPSpaceSize(100)).toBe(10);
    expect(pmarsPSpaceSize(55440)).toBe(3465);
  });

  it.skipIf(!haveOracle)('matches the one-round oracle battles through the assembler', () => {
    const ones = oracleBattles().filter((b) => b.cmd.includes('-r 1 '));
    let same = 0;
    for (const b of ones) if (cli(b.cmd.split(' ').slice(1).join(' ')).stdout === b.stdout) same++;
    expect(same).toBe(ones.length);
  });

  // `kaizen corewar battle|assemble` from dist/ runs the bundle scripts/bundle-corewar.ts builds (the test setup builds
  // it); these are the modules it was built from, in this process.
  it('the command line as dist/ runs it, from its bundle, answers as the modules do', () => {
    for (const args of [
      '-b -r 40 -F 2000 pmars-debian/aeka.red pmars-debian/flashpaper.red', // split between threads
      '-b -r 30 -f pmars-debian/aeka.red pmars-debian/rave.red', // LDP: one thread, P-space kept
      '-bk -r 12 -P pmars-debian/validate.red pmars-debian/rave.red',
      '-r 0 pmars-debian/rave.red',
      '-b -x a.red',
    ]) {
      const argv = args.split(' ').map((a) => (a.endsWith('.red') && a.includes('/') ? join(WARRIORS_DIR, a) : a));
      const r = spawnSync(process.execPath, [CLI, 'corewar', 'battle', ...argv], { encoding: 'utf8' });
      expect({ stdout: r.stdout, stderr: r.stderr, exitCode: r.status }, args).toEqual(runPmarsCli(argv));
    }
    const load = spawnSync(process.execPath, [CLI, 'corewar', 'assemble', join(WARRIORS_DIR, 'pmars-debian/rave.red')], { encoding: 'utf8' });
    expect(load.stdout).toBe(cli('-A pmars-debian/rave.red').stdout);
  });
});
