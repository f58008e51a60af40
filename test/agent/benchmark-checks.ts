// The checks every task of the shipped benchmark passes through the harness (sandboxed, as an agent's change is
// scored): the untouched repository fails a hidden test; the reference passes the public and the hidden tests; the
// shortcut passes the public tests and fails a hidden test. Tasks are found at collection time: a new one is covered.
// The tasks run concurrently (vitest's maxConcurrency): each mostly waits on its sandboxed test runs.
import { describe, expect, test } from 'vitest';
import { type CodingTask, loadBenchmark, taskFiles } from '../../src/agent/benchmark.ts';
import { type HiddenResult, runPublic, scoreHidden } from '../../src/agent/harness.ts';
import { diffTrees } from '../../src/agent/tree.ts';

/** The change that overlays a task's `reference/` or `shortcut/` files on its repository. */
function overlay(task: CodingTask, part: 'reference' | 'shortcut') {
  const repo = taskFiles(task, 'repo');
  return diffTrees(repo, { ...repo, ...taskFiles(task, part) });
}

/**
 * A hidden run that fails: not solved, and not merely for a count that differs (a failed test in the runner's count, or
 * a nonzero exit: a test failed, the run crashed, or it was stopped at the CPU limit, by the harness or by the rlimit).
 */
function failsAHiddenTest(r: HiddenResult): boolean {
  return !r.solved && ((r.failed ?? 0) > 0 || r.exitCode !== 0);
}

const show = (r: HiddenResult) => JSON.stringify(r);

/** The checks of every task of one language (one file per language, so vitest can schedule them apart). */
export function checkLanguage(language: CodingTask['language']): void {
  const tasks = loadBenchmark().filter((t) => t.language === language);
  describe(`benchmark: ${language} tasks through the harness`, () => {
    test('there are tasks', () => expect(tasks.length).toBeGreaterThan(0));

    test.concurrent.each(tasks.map((t) => [t.id, t] as const))(
      '%s',
      async (id, task) => {
        const untouched = await scoreHidden(task, { changed: {}, removed: [] });
        expect(failsAHiddenTest(untouched), `${id}: the untouched repository should fail a hidden test: ${show(untouched)}`).toBe(true);

        const reference = overlay(task, 'reference');
        expect(Object.keys(reference.changed).length, `${id}: the reference changes nothing`).toBeGreaterThan(0);
        const refPublic = await runPublic(task, reference);
        expect(refPublic.ok, `${id}: the reference should pass the public tests:\n${refPublic.output}`).toBe(true);
        const refHidden = await scoreHidden(task, reference);
        expect(refHidden.solved, `${id}: the reference should pass the hidden tests: ${show(refHidden)}`).toBe(true);

        const shortcut = overlay(task, 'shortcut');
        expect(Object.keys(shortcut.changed).length, `${id}: the shortcut changes nothing`).toBeGreaterThan(0);
        const cutPublic = await runPublic(task, shortcut);
        expect(cutPublic.ok, `${id}: the shortcut should pass the public tests:\n${cutPublic.output}`).toBe(true);
        const cutHidden = await scoreHidden(task, shortcut);
        expect(failsAHiddenTest(cutHidden), `${id}: the shortcut should fail a hidden test: ${show(cutHidden)}`).toBe(true);
      },
      120_000,
    );
  });
}
