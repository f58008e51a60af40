// A solver task's support files (execute.files): read once from the task folder, copied read-only beside the program
// in every case's scratch folder, and part of the task's identity (a changed trainer is a different task).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaseTask, caseTaskOf } from '../../src/cases/case-task.ts';
import { solverRequest } from '../../src/cases/solver.ts';
import { loadTask } from '../../src/config/load.ts';
import type { CasesSpec, SolverExecute, TaskDefinition } from '../../src/config/task.ts';
import { BASE_ENV } from '../../src/engine/evaluate.ts';
import { taskHash } from '../../src/engine/open-run.ts';
import { createSandbox } from '../../src/sandbox/create.ts';
import { writeTask } from '../support/tmp.ts';
import { TRIPLE_PROBLEM } from './fixture.ts';

// The program leaves the work to the trainer the task ships: 3·x, the best answer.
const SEED = `import { readFileSync } from 'node:fs';
import { train } from './trainer.mjs';
const x = Number(readFileSync(0, 'utf8').split('\\n')[1]);
// EVOLVE-BLOCK-START
const K = 1;
// EVOLVE-BLOCK-END
console.log(train(x) * K);
`;

const CPP = `#include <iostream>
#include "helper.h"
int main() { long long x; std::string word, seed; std::cin >> word >> seed >> x; std::cout << helper(x) << "\\n"; }
`;

function supportTask(files = "['lib/trainer.mjs', 'helper.h']"): string {
  return writeTask({
    'problem.mjs': TRIPLE_PROBLEM,
    'initial.mjs': SEED,
    'lib/trainer.mjs': 'export function train(x) {\n  return 3 * x;\n}\n',
    'helper.h': '#pragma once\ninline long long helper(long long x) { return 3 * x; }\n',
    'task.ts': `import { defineTask } from 'kaizen';
import { generate, score } from './problem.mjs';
export default defineTask({
  name: 'triple-with-trainer',
  program: './initial.mjs',
  execute: { language: 'javascript', cpuTimeMs: 2000, memoryMb: 256, files: ${files} },
  cases: { generate, score, public: { seeds: [0, 1, 2] }, hidden: { count: 0 } },
});
`,
  });
}

type SolverTask = TaskDefinition & { cases: CasesSpec; execute: SolverExecute };

describe('support files of a solver task', () => {
  const sandbox = createSandbox({ backend: 'auto' });
  afterAll(() => sandbox.close());

  it('a JavaScript and a C++ program evaluate through CaseTask with the task files beside them', async () => {
    const dir = supportTask();
    const loaded = await loadTask(dir);
    const caseTask = caseTaskOf(loaded.task, loaded.dir, BASE_ENV) as CaseTask;
    expect(caseTask.files.map((f) => f.name)).toEqual(['trainer.mjs', 'helper.h']);
    const js = await caseTask.runAll(sandbox, loaded.programCode, 'javascript', caseTask.publicRefs);
    expect(js.failures).toEqual([]);
    expect(js.results.map((r) => [r.verdict, r.score])).toEqual([
      ['ok', 3000],
      ['ok', 3000],
      ['ok', 3000],
    ]);
    const cpp = await caseTask.runAll(sandbox, CPP, 'cpp', caseTask.publicRefs);
    expect(cpp.failures).toEqual([]);
    expect(cpp.results.every((r) => r.verdict === 'ok' && r.score === 3000)).toBe(true);
  });

  it('puts them on every request under their file names (and nothing for a task without any)', () => {
    const execute: SolverExecute = { language: 'python' };
    expect('files' in solverRequest(execute, 'python', 'print(1)', BASE_ENV)).toBe(false);
    const r = solverRequest(execute, 'python', 'print(1)', BASE_ENV, [{ name: 'lib.py', content: 'X = 1\n' }]);
    expect(r.files).toEqual([{ name: 'lib.py', content: 'X = 1\n' }]);
  });

  it('a missing file is an error naming the file and execute.files, at load and in CaseTask', async () => {
    await expect(loadTask(supportTask("['lib/trainer.mjs', 'missing.mjs']"))).rejects.toThrow(/field execute\.files: missing\.mjs does not exist/);
    const dir = supportTask();
    const loaded = await loadTask(dir);
    const task = loaded.task as SolverTask;
    const gone = { ...task, execute: { ...task.execute, files: ['lib/trainer.mjs', 'gone.h'] } };
    expect(() => new CaseTask(gone, loaded.dir, BASE_ENV)).toThrow(/execute\.files.*gone\.h/);
  });

  it('two files with the same file name, or one named like the solver, are errors', async () => {
    const dir = supportTask();
    writeFileSync(join(dir, 'trainer.mjs'), 'export const other = 1;\n');
    writeFileSync(join(dir, 'program.cpp'), '\n');
    const loaded = await loadTask(dir);
    const task = loaded.task as SolverTask;
    const twice = { ...task, execute: { ...task.execute, files: ['lib/trainer.mjs', 'trainer.mjs'] } };
    expect(() => new CaseTask(twice, loaded.dir, BASE_ENV)).toThrow(/execute\.files: lib\/trainer\.mjs and trainer\.mjs have the same file name/);
    const own = { ...task, execute: { ...task.execute, files: ['program.cpp'] } };
    expect(() => new CaseTask(own, loaded.dir, BASE_ENV)).toThrow(/execute\.files: program\.cpp.*solver's own file name/);
  });

  it("changes the task's hash when a support file's content changes; a task without them keeps its identity", async () => {
    const dir = supportTask();
    const before = taskHash(await loadTask(dir));
    expect(taskHash(await loadTask(dir))).toBe(before);
    writeFileSync(join(dir, 'lib', 'trainer.mjs'), 'export function train(x) {\n  return 3 * x + 0;\n}\n');
    expect(taskHash(await loadTask(dir))).not.toBe(before);
    const plain = supportTask('undefined');
    rmSync(join(plain, 'helper.h'));
    const loaded = await loadTask(plain);
    expect(loaded.identity).toBe(readFileSync(loaded.taskFile, 'utf8'));
  });
});
