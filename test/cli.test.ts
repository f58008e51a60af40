import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir } from './support/tmp.ts';

const kaizen = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('the kaizen command', () => {
  it('init scaffolds a task that run evolves at once; status, best and export read the record', () => {
    const dir = join(tempDir(), 'my-task');
    const init = kaizen('init', dir);
    expect(init.status).toBe(0);
    expect(init.stdout).toMatch(/initial\.js/);

    const run = kaizen('run', dir, '--budget', '25', '--seed', '1', '--json');
    expect(run.status, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    for (const key of ['runId', 'evaluated', 'seedScore', 'bestScore', 'bestProgramId', 'db']) expect(summary).toHaveProperty(key);
    expect(summary.evaluated).toBe(25);
    expect(summary.bestScore).toBeGreaterThan(summary.seedScore);
    expect(summary.db).toBe(join(dir, '.kaizen', 'kaizen.db'));

    const status = JSON.parse(kaizen('status', dir, '--json').stdout);
    expect(status).toMatchObject({ runId: summary.runId, status: 'completed', evaluated: 25, bestProgramId: summary.bestProgramId });
    expect(kaizen('status', dir).stdout).toMatch(/evaluated 25\/25/);

    const best = kaizen('best', dir);
    expect(best.stdout).toMatch(/EVOLVE-BLOCK-START/);
    expect(best.stdout).toMatch(/export function solve/);

    const lines = kaizen('export', dir)
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(25);
    const champion = lines.find((l) => l.id === summary.bestProgramId);
    expect(champion.score).toBe(summary.bestScore);
    expect(lines.find((l) => l.sample === 0).parentId).toBeNull();
    for (const l of lines.filter((l) => l.sample > 0)) expect(lines.some((p) => p.id === l.parentId)).toBe(true);
  });

  it('plain progress lines when not on a terminal', () => {
    const dir = join(tempDir(), 't');
    kaizen('init', dir);
    const run = kaizen('run', dir, '--budget', '6');
    expect(run.stdout).toMatch(/^\[\d+\/6\] /m);
    expect(run.stdout).toMatch(/seed .* → best/);
  });

  it('errors name the problem, without a stack trace', () => {
    const missing = kaizen('run', join(tempDir(), 'nothing-here'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^kaizen: .*no such task folder/);
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
    const badFlag = kaizen('run', '.', '--budget', 'ten');
    expect(badFlag.status).not.toBe(0);
    expect(badFlag.stderr).toMatch(/--budget must be an integer/);
    const dir = join(tempDir(), 'x');
    kaizen('init', dir);
    expect(kaizen('status', dir).stderr).toMatch(/no run database here/);
  });

  it('prints help', () => {
    expect(execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' })).toMatch(/init.*\n.*run/s);
  });
});
