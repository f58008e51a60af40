import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KaizenError } from '../errors.ts';
import { ensureDir } from '../util/files.ts';

/** templates/ sits at the package root, two levels above both src/cli and dist/cli. */
const TEMPLATE = fileURLToPath(new URL('../../templates/init/', import.meta.url));

export function scaffold(dir: string): string[] {
  const target = resolve(dir);
  // ensureDir names the path in one line when it cannot be a folder (a file in the way, /proc, no permission).
  ensureDir(target);
  if (readdirSync(target).length > 0) throw new KaizenError(`${dir}: the folder is not empty; pick a new one`);
  try {
    cpSync(TEMPLATE, target, { recursive: true });
  } catch (e) {
    throw new KaizenError(`${dir}: cannot write the task files: ${(e as Error).message}`);
  }
  const taskFile = join(target, 'task.ts');
  const name = basename(target).replace(/[^A-Za-z0-9_-]/g, '-') || 'my-task';
  writeFileSync(taskFile, readFileSync(taskFile, 'utf8').replace('TASK_NAME', name));
  return readdirSync(target);
}

/** `kaizen init`: scaffolds DIR and says what to do next. */
export function initAction(dir: string): void {
  const files = scaffold(dir);
  process.stdout.write(`created ${dir}: ${files.join(', ')}\nnext: kaizen run ${dir}\n`);
}
