// Defects a tester found in the CLI: a reader that closes the pipe early, init on a path that cannot be a folder, a
// flag hiding a bad config file, a resume under the samples already evaluated, rounded integer scores, `best -o DIR/`
// and budgets that Number() reads too generously. Each runs the real CLI on real files.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hiddenText } from '../src/report/cases.ts';
import { expectOneLineError } from './support/one-line-error.ts';
import { CLI, tempDir } from './support/tmp.ts';

const kaizen = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });

/** `kaizen ARGS | head -c BYTES` in bash, with kaizen's own exit code (pipefail: head exits 0). */
const piped = (args: string[], bytes: number) =>
  spawnSync('bash', ['-o', 'pipefail', '-c', `"$0" "$1" "\${@:2}" | head -c ${bytes} >/dev/null`, process.execPath, CLI, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });

function newTask(): string {
  const dir = join(tempDir(), 'task');
  expect(kaizen('init', dir).status).toBe(0);
  return dir;
}

describe('a reader that closes the pipe early', () => {
  it('a run goes on to its end, and export stops quietly with exit 0', () => {
    const dir = newTask();
    const run = piped(['run', dir, '--budget', '30', '--concurrency', '1'], 20);
    expect(run.stderr).not.toMatch(/EPIPE|^\s+at /m);
    expect(run.status, run.stderr).toBe(0);
    const status = kaizen('status', dir);
    expect(status.stdout).toMatch(/completed/);
    expect(status.stdout).toMatch(/evaluated 30\/30/);

    const exported = piped(['export', dir], 100);
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
  });
});

describe('kaizen init on a path that cannot be a folder', () => {
  it('names the path in one line', () => {
    const file = join(tempDir(), 'afile');
    writeFileSync(file, 'mine\n');
    expectOneLineError(kaizen('init', file), new RegExp(`${file}: .*a file is in the way`));
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
    if (existsSync('/proc/self')) expectOneLineError(kaizen('init', '/proc/nope'), /\/proc\/nope: cannot create the folder/);
  });
});

describe('kaizen.config.ts checked on its own', () => {
  it('--budget does not hide a bad budget in the file; a default export that is no object is refused', () => {
    const dir = newTask();
    const config = join(dir, 'kaizen.config.ts');
    for (const samples of ['-5', "'lots'", '0', '2.5']) {
      writeFileSync(config, `import { defineConfig } from 'kaizen';\nexport default defineConfig({ budget: { samples: ${samples} } });\n`);
      const r = kaizen('run', dir, '--budget', '3');
      expect(r.status, `samples ${samples}`).not.toBe(0);
      expect(r.stderr).toContain(`${config} is not valid`);
      expect(r.stderr).toMatch(/budget\.samples/);
      expect(existsSync(join(dir, '.kaizen', 'kaizen.db'))).toBe(false);
    }
    writeFileSync(config, 'export default 42;\n');
    expectOneLineError(kaizen('run', dir, '--budget', '3'), new RegExp(`${config}: the config must be an object`));
  });
});

describe('resuming under the samples already evaluated', () => {
  it('is refused, saying how many there are', async () => {
    const dir = newTask();
    // A long run, killed (no chance to finish its records) once it reports a few samples.
    await new Promise<void>((done) => {
      const child = spawn(process.execPath, [CLI, 'run', dir, '--budget', '100000', '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const counts = [...out.matchAll(/^\[(\d+)\//gm)].map((m) => Number(m[1]));
        if (counts.some((n) => n >= 5)) child.kill('SIGKILL');
      });
      child.on('close', () => done());
    });
    const r = kaizen('run', dir, '--budget', '2');
    expectOneLineError(r, /cannot resume with --budget 2: it has already evaluated (\d+) samples/);
    const evaluated = Number(/already evaluated (\d+)/.exec(r.stderr)![1]);
    expect(evaluated).toBeGreaterThanOrEqual(5);
    expect(kaizen('status', dir).stdout).not.toMatch(/evaluated \d+\/2\b/);
  });
});

describe('integer scores in text output', () => {
  it('print in full; other numbers keep 6 significant digits', () => {
    const summary = { cases: 40, ok: 40, verdicts: { ok: 40 }, meanScore: 368689.925, cpuMsMean: null, cpuMsMax: null };
    const text = hiddenText(summary, 14747597, { checks: 1, promoted: 1 } as Parameters<typeof hiddenText>[2]);
    expect(text).toContain('hidden score 14747597');
    expect(text).toContain('mean score 368690');
  });
});

describe('kaizen best -o FOLDER and --budget parsing', () => {
  it('writes the program into a folder under its file name, creating the folder', () => {
    const dir = newTask();
    expect(kaizen('run', dir, '--budget', '2', '--concurrency', '1').status).toBe(0);
    const best = kaizen('best', dir).stdout;
    const program = readFileSync(join(dir, 'task.ts'), 'utf8').match(/program:\s*'([^']+)'/)![1];
    const out = join(tempDir(), 'new', 'dir');
    const r = kaizen('best', dir, '-o', `${out}/`);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, program), 'utf8').trimEnd()).toBe(best.trimEnd());
    // An existing folder, given without the slash, is the same.
    const again = kaizen('best', dir, '-o', out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain(join(out, program));
  });

  it('--budget must be a non-empty decimal integer', () => {
    const dir = newTask();
    expectOneLineError(kaizen('run', dir, '--budget', ''), /--budget is empty/);
    expectOneLineError(kaizen('run', dir, '--budget', '0x10'), /--budget must be an integer \(decimal digits\), got "0x10"/);
  });
});
