import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from '../support/tmp.ts';
import { tinySuite } from './support/suite.ts';

const CLI = join(REPO, 'test', 'improve', 'support', 'improve-cli.ts');

it('kaizen improve prints a line per generation, the verdict and the report path', async () => {
  const dir = tinySuite();
  const out = join(dir, 'out');
  const res = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI, 'improve', '--suite', dir, '--generations', '1', '--seeds', '2', '--inner-budget', '6', '--out', out, '--json'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  expect(res.code, res.stderr).toBe(0);
  expect(res.stderr).toMatch(/^gen 0: [0-9a-f]{12} \(default\)/m);
  expect(res.stderr).toMatch(/^gen 1: /m);
  expect(res.stderr).toMatch(/^verdict: /m);
  // The noise is measured and said; the curve is named for what it is.
  expect(res.stderr).toMatch(/^noise: the default's repeat on the same seeds reproduced every score exactly \(inner runs at concurrency 1\)$/m);
  expect(res.stderr).toMatch(/^best-so-far training estimate \(a running maximum of noisy means, not gated progress; generation → mean\): 0→/m);
  const summary = JSON.parse(res.stdout.trim().split('\n').at(-1)!);
  expect(summary.noise).toMatchObject({ concurrency: 1, repeatSpread: 0 });
  expect(['promoted', 'none']).toContain(summary.verdict);
  expect(summary.improvers).toHaveLength(2);
  expect(existsSync(summary.report)).toBe(true);
  expect(readFileSync(summary.report, 'utf8')).toMatch(/## Archive/);
  expect(existsSync(join(out, 'improve.db'))).toBe(true);
});
