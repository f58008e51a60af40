import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KaizenError } from '../errors.ts';

/** templates/ sits at the package root, two levels above both src/cli and dist/cli. */
const TEMPLATE = fileURLToPath(new URL('../../templates/init/', import.meta.url));

export function scaffold(dir: string): string[] {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) throw new KaizenError(`${dir}: the folder is not empty; pick a new one`);
  cpSync(TEMPLATE, target, { recursive: true });
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
