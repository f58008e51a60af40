// `kaizen agent solve` and `kaizen agent bench` as a user runs them (the built CLI, the offline stand-in), and their
// errors for bad input.
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO, tempDir } from '../support/tmp.ts';

function kaizen(args: string[], cwd = tempDir()) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}

describe('kaizen agent', () => {
  it('solve runs one agent on one task and prints the score, the tool calls and the diff', () => {
    const r = kaizen(['agent', 'solve', 'js-bugfix-median', '--agent', 'seed', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.last);
    expect(out).toMatchObject({ task: 'js-bugfix-median', agent: 'the seed agent', solved: true, hiddenFailed: 0 });
    expect(out.tools).toEqual(['view', 'edit', 'submit']);
    expect(out.diff).toContain('+  const mid = Math.floor(sorted.length / 2);');
    const text = kaizen(['agent', 'solve', 'js-bugfix-median', '--agent', 'seed']);
    expect(text.stdout).toMatch(/^js-bugfix-median with the seed agent: SOLVED \(hidden tests: 4 passed, 0 failed\)/);
  }, 120_000);

  it('bench scores an agent folder on a split, per seed', () => {
    const bench = join(tempDir(), 'bench');
    for (const id of ['js-bugfix-median', 'py-bugfix-wrap-text', 'py-bugfix-duration-millis'])
      cpSync(join(REPO, 'benchmarks/coding/tasks', id), join(bench, id), { recursive: true });
    const r = kaizen(['agent', 'bench', '--benchmark', bench, '--agent', join(REPO, 'templates/agent/seed'), '--split', 'dev', '--seeds', '2', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.last);
    expect(out).toMatchObject({ split: 'dev', tasks: 2 });
    expect(out.perSeed).toHaveLength(2);
    expect(out.results).toHaveLength(4);
    expect(out.mean).toBeCloseTo(out.results.filter((x: { solved: boolean }) => x.solved).length / 4, 10);
  }, 120_000);

  it('bad input gets one clear error', () => {
    const unknown = kaizen(['agent', 'solve', 'no-such-task']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no task no-such-task in the benchmark/);
    const noStore = kaizen(['agent', 'solve', 'js-bugfix-median', '--agent', '7']);
    expect(noStore.status).toBe(1);
    expect(noStore.stderr).toMatch(/no database here, so no agent 7/);
    const badSplit = kaizen(['agent', 'bench', '--split', 'test']);
    expect(badSplit.status).toBe(1);
    expect(badSplit.stderr).toMatch(/--split test: expected dev or heldout/);
    const noFolder = kaizen(['agent', 'evolve', '--benchmark', join(tempDir(), 'none')]);
    expect(noFolder.status).toBe(1);
    expect(noFolder.stderr).toMatch(/no such benchmark folder/);
    for (const r of [unknown, noStore, badSplit, noFolder]) expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
