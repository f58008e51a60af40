import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { KaizenConfigInput } from '../../src/config/config.ts';
import { inlineTask, type LoadedTask } from '../../src/config/load.ts';
import type { TaskDefinition } from '../../src/config/task.ts';
import { Store } from '../../src/store/store.ts';
import type { Run } from '../../src/store/store.ts';
import { tempDir } from '../support/tmp.ts';

/** A task whose candidates are data (no sandbox): its text is judged as the number it holds. */
export function dataTask(overrides: Partial<TaskDefinition> = {}, config: KaizenConfigInput = {}): LoadedTask {
  const dir = tempDir();
  writeFileSync(join(dir, 'initial.txt'), '// EVOLVE-BLOCK-START\n1\n// EVOLVE-BLOCK-END\n');
  const judge = (output: unknown) => {
    const n = Number(
      String(output)
        .replace(/\/\/.*$/gm, '')
        .trim(),
    );
    return Number.isFinite(n) ? { correct: true, score: n } : { correct: false, score: 0, feedback: 'not a number' };
  };
  return inlineTask(dir, { name: 'data-number', program: './initial.txt', execute: { data: true }, judge, ...overrides } as TaskDefinition, config, 'test');
}

export const program = (body: string) => `// EVOLVE-BLOCK-START\n${body}\n// EVOLVE-BLOCK-END\n`;

/** A real SQLite store in a temporary folder, with one run of `loaded`. */
export async function storeWithRun(loaded: LoadedTask): Promise<{ store: Store; run: Run }> {
  const store = await Store.open(join(tempDir(), 'kaizen.db'));
  const run = await store.createRun({
    id: `run-test-${Math.random().toString(36).slice(2, 8)}`,
    task_name: loaded.task.name,
    task_dir: loaded.dir,
    task_hash: 'h',
    config_json: JSON.stringify(loaded.config),
    seed: loaded.config.seed,
    status: 'running',
    pid: process.pid,
  });
  return { store, run };
}
