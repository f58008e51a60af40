// Built-in ablation studies (`kaizen study --template NAME TASK_DIR --out FILE`): a study file over one task, written
// for the user to read, edit and run. Every template runs offline; its first arm is the control. Every arm runs with
// one evaluation in flight (`concurrency: 1`): a run with more depends on timing and does not replay, and a registered
// study should give the same figures when it is run again.
//   operators  the task's configured mix of offline operators vs numeric only vs ast only (operators.offline weights)
//   islands    one island vs four (islands.count)
//   selection  each parent-selection strategy of the config schema (selection.strategy), the task's own first

import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { SCALAR_SELECTION_STRATEGIES } from '../config/config.ts';
import { type LoadedTask, loadTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import { ensureDir } from '../util/files.ts';
import { loadStudy } from './study.ts';
import type { StudyArm, StudyPlan } from './types.ts';

export const TEMPLATE_NAMES = ['operators', 'islands', 'selection'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface TemplateOptions {
  /** Seeds 0 … seeds−1. */
  seeds: number;
  samples: number;
  /** The study file to be written: the arms name the task relative to it. */
  out: string;
}

const isTemplate = (name: string): name is TemplateName => (TEMPLATE_NAMES as readonly string[]).includes(name);

/** The study a template makes of the task in `taskDir` (not written). */
export async function templateStudy(name: string, taskDir: string, opts: TemplateOptions): Promise<StudyPlan> {
  if (!isTemplate(name)) throw new KaizenError(`--template must be one of ${TEMPLATE_NAMES.join(', ')}, got "${name}"`);
  if (!Number.isInteger(opts.seeds) || opts.seeds < 2)
    throw new KaizenError(`--seeds must be an integer ≥ 2 (the paired test needs a spread), got ${opts.seeds}`);
  if (!Number.isInteger(opts.samples) || opts.samples < 1) throw new KaizenError(`--samples must be a positive integer, got ${opts.samples}`);
  const loaded = await loadTask(taskDir);
  let task = relative(dirname(resolve(opts.out)), loaded.dir)
    .split(sep)
    .join('/');
  if (!task.startsWith('.')) task = `./${task}`;
  const base = templateArms[name](loaded, task);
  const arms = base.arms.map((arm) => ({ ...arm, config: { concurrency: 1, ...arm.config } }));
  return {
    name: `${name}-ablation-${slug(loaded.task.name || basename(loaded.dir))}`,
    question: base.question,
    hypothesis: base.hypothesis,
    arms,
    seeds: Array.from({ length: opts.seeds }, (_, i) => i),
    samples: opts.samples,
    metric: 'best-score',
    test: { kind: 'paired-by-seed', threshold: 2 },
  };
}

/** Writes a template's study file (never over an existing file) and checks it as `kaizen study` will; returns its text. */
export async function writeTemplateStudy(name: string, taskDir: string, opts: TemplateOptions): Promise<{ file: string; plan: StudyPlan; text: string }> {
  const file = resolve(opts.out);
  if (existsSync(file)) throw new KaizenError(`${opts.out} exists; a registered study file is not overwritten (choose another --out, or remove it)`);
  if (!file.toLowerCase().endsWith('.json')) throw new KaizenError(`--out must name a .json file, got "${opts.out}"`);
  const plan = await templateStudy(name, taskDir, opts);
  // Two-space JSON, the seeds on one line (as the repository's formatter writes it).
  const text = `${JSON.stringify(plan, null, 2).replace(/"seeds": \[[^\]]*\]/, `"seeds": [${plan.seeds.join(', ')}]`)}\n`;
  // The folder is made as `kaizen paper` makes its own; what still fails is one line naming the path.
  try {
    ensureDir(dirname(file));
    writeFileSync(file, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // mkdir over a file answers EEXIST, which would read as if the study file existed.
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? `${dirname(file)} is not a folder` : (code ?? (e as Error).message);
    throw new KaizenError(`--out ${opts.out}: cannot write the study file there (${why})`);
  }
  try {
    await loadStudy(file); // what `kaizen study` will check, on the file as written
  } catch (e) {
    rmSync(file, { force: true });
    throw e;
  }
  return { file, plan, text };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '') || 'task';

const templateArms: Record<TemplateName, (loaded: LoadedTask, task: string) => { arms: StudyArm[]; question: string; hypothesis: string }> = {
  operators(loaded, task) {
    if (loaded.language === 'redcode') throw new KaizenError(`${loaded.dir}: a Redcode task has one offline operator; the operators template does not apply`);
    if (loaded.language !== 'javascript' && loaded.language !== 'typescript') {
      throw new KaizenError(
        `${loaded.dir}: the ast operator handles JavaScript and TypeScript only, not ${loaded.language}; the operators template does not apply`,
      );
    }
    const { numeric, ast } = loaded.config.operators.offline;
    return {
      question: `Which offline operators drive the search on ${loaded.task.name}: the configured mix, numeric edits only, or AST edits only?`,
      hypothesis: `The mix (numeric ${numeric}, ast ${ast}) finds a better champion than either operator alone within the same budget.`,
      arms: [
        { name: 'mix', task, config: { operators: { offline: { numeric, ast } } } },
        { name: 'numeric-only', task, config: { operators: { offline: { numeric: 1, ast: 0 } } } },
        { name: 'ast-only', task, config: { operators: { offline: { numeric: 0, ast: 1 } } } },
      ],
    };
  },
  islands(loaded, task) {
    return {
      question: `Does splitting the population into islands help the search on ${loaded.task.name}?`,
      hypothesis: 'Four islands (with migration) find a better champion than one island within the same budget.',
      arms: [
        { name: 'islands-1', task, config: { islands: { count: 1 } } },
        { name: 'islands-4', task, config: { islands: { count: 4 } } },
      ],
    };
  },
  selection(loaded, task) {
    const own = loaded.config.selection.strategy;
    const order = [own, ...SCALAR_SELECTION_STRATEGIES.filter((s) => s !== own)];
    return {
      question: `Which parent-selection strategy works best on ${loaded.task.name}?`,
      hypothesis: `The configured strategy (${own}) finds at least as good a champion as the others within the same budget.`,
      arms: order.map((strategy) => ({ name: strategy, task, config: { selection: { strategy } } })),
    };
  },
};
