import { describe, expect, it } from 'vitest';
import { loadTask } from '../src/config/load.ts';
import { KaizenError } from '../src/errors.ts';
import { writeTask } from './support/tmp.ts';

const program = '// EVOLVE-BLOCK-START\nexport function run() { return 1; }\n// EVOLVE-BLOCK-END\n';
const goodTask =
  "import { defineTask } from 'kaizen';\nexport default defineTask({ name: 't', program: './initial.js', execute: { export: 'run' }, judge: () => ({ correct: true, score: 1 }) });\n";

async function loadError(files: Record<string, string>): Promise<string> {
  const dir = writeTask(files);
  try {
    await loadTask(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(KaizenError);
    return (e as Error).message;
  }
  throw new Error('expected the task to be refused');
}

describe('malformed tasks and configs', () => {
  it('loads a valid task with defaults', async () => {
    const loaded = await loadTask(writeTask({ 'task.ts': goodTask, 'initial.js': program }));
    expect(loaded.config.budget.samples).toBe(200);
    expect(loaded.config.islands.count).toBe(2);
    expect(loaded.language).toBe('javascript');
  });

  it('names the config file and the field', async () => {
    const msg = await loadError({
      'task.ts': goodTask,
      'initial.js': program,
      'kaizen.config.ts': "export default { budget: { samples: 'many' }, islands: { count: 0 } };\n",
    });
    expect(msg).toMatch(/kaizen\.config\.ts is not valid/);
    expect(msg).toMatch(/field budget\.samples: .*number/);
    expect(msg).toMatch(/field islands\.count/);
  });

  it("blames a bad override on the options that gave it, and the file's own problems on the file", async () => {
    const dir = writeTask({ 'task.ts': goodTask, 'initial.js': program, 'kaizen.config.json': '{ "islands": { "count": 0 } }' });
    const msg = await loadTask(dir, { concurrency: 0 }).then(
      () => '',
      (e: Error) => e.message,
    );
    const [options, file] = msg.split(/\n(?=\S)/);
    expect(options).toMatch(/\(command-line options\) is not valid:\n {2}field concurrency: /);
    expect(options).not.toMatch(/islands/);
    expect(file).toMatch(/kaizen\.config\.json is not valid:\n {2}field islands\.count: /);
    expect(file).not.toMatch(/concurrency/);
  });

  it('names an unknown config field', async () => {
    const msg = await loadError({ 'task.ts': goodTask, 'initial.js': program, 'kaizen.config.json': '{ "budgett": 5 }' });
    expect(msg).toMatch(/kaizen\.config\.json is not valid/);
    expect(msg).toMatch(/budgett/);
  });

  it('names the task file and the field', async () => {
    const msg = await loadError({
      'task.ts': "export default { name: 't', program: './initial.js', execute: { export: 'run', timeoutMs: -5 }, judge: 'yes' };\n",
      'initial.js': program,
    });
    expect(msg).toMatch(/task\.ts is not valid/);
    expect(msg).toMatch(/field judge: must be a function/);
  });

  it('says when the program file is missing, when JSON is broken, and when there is no task', async () => {
    expect(await loadError({ 'task.ts': goodTask })).toMatch(/task\.ts: field program: .*initial\.js does not exist/);
    expect(await loadError({ 'task.ts': goodTask, 'initial.js': program, 'kaizen.config.json': '{ nope' })).toMatch(
      /kaizen\.config\.json: config is not valid JSON/,
    );
    expect(await loadError({ 'initial.js': program })).toMatch(/no task file/);
    expect(await loadError({ 'task.ts': 'export default {', 'initial.js': program })).toMatch(/task\.ts: could not load the task/);
  });
});
