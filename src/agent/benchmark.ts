// The coding benchmark: tasks read from benchmarks/coding/tasks/<id>/ (format in benchmarks/coding/README.md).
// Only trusted code reads a task's hidden tests, reference and shortcut: the agent gets repo/ and issue.md alone.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KaizenError } from '../errors.ts';
import { readTree } from './tree.ts';

export const SHIPPED_BENCHMARK = fileURLToPath(new URL('../../benchmarks/coding/tasks/', import.meta.url));

const TaskFile = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string().min(1),
  kind: z.enum(['bugfix', 'feature', 'refactor', 'performance']),
  language: z.enum(['javascript', 'typescript', 'python']),
  split: z.enum(['dev', 'heldout']),
  tests: z.strictObject({ public: z.array(z.string()).min(1), hidden: z.array(z.string()).min(1) }),
  limits: z.strictObject({ hiddenCpuMs: z.number().int().positive() }).optional(),
  /** Tests the hidden run must report as passed (filled by scripts/check-coding-tasks.ts --write). */
  hiddenTests: z.number().int().positive().optional(),
});

export type Split = 'dev' | 'heldout';
export type Files = Record<string, string>;

export interface CodingTask extends z.infer<typeof TaskFile> {
  dir: string;
  issue: string;
}

export const DEFAULT_HIDDEN_CPU_MS = 10_000;

/** Every task of a benchmark folder, sorted by id; a malformed task is an error naming its file and field. */
export function loadBenchmark(dir: string = SHIPPED_BENCHMARK): CodingTask[] {
  if (!existsSync(dir)) throw new KaizenError(`${dir}: no such benchmark folder`);
  const tasks: CodingTask[] = [];
  for (const id of readdirSync(dir).sort()) {
    const taskDir = join(dir, id);
    const file = join(taskDir, 'task.json');
    if (!existsSync(file)) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new KaizenError(`${file}: not JSON (${(e as Error).message})`);
    }
    const parsed = TaskFile.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new KaizenError(`${file}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
    }
    if (parsed.data.id !== id) throw new KaizenError(`${file}: id "${parsed.data.id}" differs from its folder name "${id}"`);
    for (const part of ['issue.md', 'repo', 'hidden', 'reference']) {
      if (!existsSync(join(taskDir, part))) throw new KaizenError(`${taskDir}: ${part} is missing`);
    }
    tasks.push({ ...parsed.data, dir: taskDir, issue: readFileSync(join(taskDir, 'issue.md'), 'utf8').trim() });
  }
  if (tasks.length === 0) throw new KaizenError(`${dir}: no tasks (folders with a task.json)`);
  return tasks;
}

export function split(tasks: readonly CodingTask[], which: Split): CodingTask[] {
  return tasks.filter((t) => t.split === which);
}

/** A task's files by role. `repo` is what the agent sees; the others stay with the harness. */
export function taskFiles(task: CodingTask, part: 'repo' | 'hidden' | 'reference' | 'shortcut'): Files {
  const dir = join(task.dir, part);
  return existsSync(dir) ? readTree(dir).files : {};
}

/** The public test command as one shell line, for prompts. */
export function publicTestLine(task: CodingTask): string {
  return task.tests.public.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(' ');
}
