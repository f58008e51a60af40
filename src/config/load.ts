import { existsSync, readFileSync, statSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { KaizenError } from '../errors.ts';
import { sha256 } from '../util/hash.ts';
import { siblingModule } from '../util/module-ext.ts';
import { type KaizenConfig, type KaizenConfigInput, configSchema } from './config.ts';
import { readProgramFolder } from './program-folder.ts';
import { type TaskDefinition, isDataExecute, isSolverExecute, taskSchema, taskShapeProblem } from './task.ts';

const TASK_FILES = ['task.ts', 'task.mts', 'task.js', 'task.mjs'];
const CONFIG_FILES = ['kaizen.config.ts', 'kaizen.config.mts', 'kaizen.config.js', 'kaizen.config.mjs', 'kaizen.config.json'];

export interface LoadedTask {
  dir: string;
  taskFile: string;
  configFile: string | null;
  /**
   * What identifies the task's definition (the task file's text, and the content of its support files `execute.files`
   * when it has any): a resumed run must match it.
   */
  identity: string;
  task: TaskDefinition;
  config: KaizenConfig;
  /** The initial program's path and text. */
  programPath: string;
  programCode: string;
  language: string;
}

let hooksRegistered = false;

/** Task files written outside this repository `import … from 'kaizen'`: resolve that to this very package. */
function registerKaizenResolution(): void {
  if (hooksRegistered) return;
  hooksRegistered = true;
  const self = siblingModule(import.meta.url, '../index').href;
  registerHooks({
    resolve(specifier, context, next) {
      if (specifier === 'kaizen') return { url: self, shortCircuit: true };
      return next(specifier, context);
    },
  });
}

function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    return `  field ${field}: ${issue.message}`;
  });
  return `${file} is not valid:\n${lines.join('\n')}`;
}

const setIn = (value: unknown, path: readonly PropertyKey[]): boolean =>
  path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), value) !== undefined;

/** A config's problems, each blamed on where its value came from: the options given with the command, or the config file. */
function describeConfigIssues(configFile: string | null, absDir: string, overrides: unknown, error: z.ZodError): string {
  // An unknown key's issue sits at its parent's path: look the keys themselves up.
  const paths = (issue: z.core.$ZodIssue) => (issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path]);
  const fromOptions = error.issues.filter((issue) => paths(issue).some((path) => path.length > 0 && setIn(overrides, path)));
  const fromFile = error.issues.filter((issue) => !fromOptions.includes(issue));
  const part = (source: string, issues: z.core.$ZodIssue[]) => (issues.length ? describeIssues(source, { issues } as z.ZodError) : '');
  return [part(`${absDir} (command-line options)`, fromOptions), part(configFile ?? absDir, fromFile)].filter(Boolean).join('\n');
}

async function importDefault(file: string, what: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new KaizenError(`${file}: ${what} is not valid JSON: ${(e as Error).message}`);
    }
  }
  registerKaizenResolution();
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (e) {
    const err = e as Error;
    throw new KaizenError(`${file}: could not load the ${what}: ${err.message}`);
  }
  if (!('default' in mod)) throw new KaizenError(`${file}: the ${what} must have a default export (export default define…({ … }))`);
  return mod.default;
}

export function languageOf(programPath: string): string {
  const ext = extname(programPath).toLowerCase();
  const known: Record<string, string> = {
    '.js': 'javascript',
    '.mjs': 'javascript',
    '.cjs': 'javascript',
    '.ts': 'typescript',
    '.mts': 'typescript',
    '.py': 'python',
    '.red': 'redcode',
    '.c': 'c',
    '.cpp': 'cpp',
    '.rs': 'rust',
  };
  return known[ext] ?? (ext.slice(1) || 'text');
}

export function findFile(dir: string, names: readonly string[]): string | null {
  for (const name of names) {
    const p = resolve(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Loads and validates a task folder (task file, optional config, initial program). Errors name file and field. */
export async function loadTask(dir: string, overrides: KaizenConfigInput = {}): Promise<LoadedTask> {
  const absDir = resolve(dir);
  if (!existsSync(absDir)) throw new KaizenError(`${dir}: no such task folder`);
  const taskFile = findFile(absDir, TASK_FILES);
  if (!taskFile) throw new KaizenError(`${dir}: no task file (expected one of ${TASK_FILES.join(', ')}); create one with \`kaizen init ${dir}\``);

  const rawTask = await importDefault(taskFile, 'task');
  const configFile = findFile(absDir, CONFIG_FILES);
  const rawConfig = configFile ? await importDefault(configFile, 'config') : {};
  const merged = deepMerge(rawConfig, overrides);
  if (configFile) {
    if (typeof rawConfig !== 'object' || rawConfig === null || Array.isArray(rawConfig))
      throw new KaizenError(`${configFile}: the config must be an object (export default defineConfig({ … }))`);
    // A flag such as --budget replaces a bad value in the file, and so would hide it: when the merged config passes,
    // the file must pass on its own too. (When it fails, validateTask reports the options' and the file's problems.)
    const fileOnly = configSchema.safeParse(rawConfig);
    if (!fileOnly.success && configSchema.safeParse(merged).success) throw new KaizenError(describeConfigIssues(configFile, absDir, {}, fileOnly.error));
  }
  return validateTask(absDir, taskFile, rawTask, configFile, merged, readFileSync(taskFile, 'utf8'), overrides);
}

/**
 * A task defined in code rather than in a folder (e.g. one Red Queen round). `dir` anchors the program path;
 * `identity` stands for the task file's text in the run's identity hash.
 */
export function inlineTask(dir: string, definition: TaskDefinition, config: KaizenConfigInput, identity: string): LoadedTask {
  const absDir = resolve(dir);
  return validateTask(absDir, join(absDir, `<${definition.name}>`), definition, null, config, identity);
}

function validateTask(
  absDir: string,
  taskFile: string,
  rawTask: unknown,
  configFile: string | null,
  rawConfig: unknown,
  identity: string,
  overrides: unknown = rawConfig,
): LoadedTask {
  const parsedTask = taskSchema.safeParse(rawTask);
  if (!parsedTask.success) throw new KaizenError(describeIssues(taskFile, parsedTask.error));
  const task = parsedTask.data as TaskDefinition;
  const shape = taskShapeProblem(task);
  if (shape) throw new KaizenError(`${taskFile} is not valid:\n  field ${shape.field}: ${shape.message}`);
  for (const file of task.cases?.public?.files ?? []) {
    if (!existsSync(resolve(absDir, file))) throw new KaizenError(`${taskFile}: field cases.public.files: ${file} does not exist`);
  }
  const supportFiles = isSolverExecute(task.execute) ? (task.execute.files ?? []) : [];
  for (const file of supportFiles) {
    if (!existsSync(resolve(absDir, file))) throw new KaizenError(`${taskFile}: field execute.files: ${file} does not exist`);
  }
  const parsedConfig = configSchema.safeParse(rawConfig);
  if (!parsedConfig.success) throw new KaizenError(describeConfigIssues(configFile, absDir, overrides, parsedConfig.error));
  const programPath = resolve(absDir, task.program);
  if (!existsSync(programPath)) {
    throw new KaizenError(`${taskFile}: field program: ${relative(process.cwd(), programPath)} does not exist`);
  }
  const folder = statSync(programPath).isDirectory();
  if (!folder && (task.entry || task.frozen)) {
    throw new KaizenError(`${taskFile}: field ${task.entry ? 'entry' : 'frozen'}: applies to a program folder; program is one file`);
  }
  if (folder && (isDataExecute(task.execute) || isSolverExecute(task.execute))) {
    throw new KaizenError(`${taskFile}: field program: a program folder runs with execute.export (JavaScript/TypeScript) or execute.command`);
  }
  const bundle = folder ? readProgramFolder(programPath, task, taskFile) : null;
  if (bundle) task.entry = bundle.entry;
  const programCode = bundle ? bundle.code : readFileSync(programPath, 'utf8');
  const config = parsedConfig.data;
  if (config.selection.strategy === 'pareto' && !task.objectives) {
    throw new KaizenError(
      `${configFile ?? absDir}: selection.strategy 'pareto' draws parents from a Pareto front: the task (${taskFile}) must declare objectives`,
    );
  }
  // A prompts folder is named relative to the config file that names it, not to wherever kaizen was started.
  if (config.llm.prompts) config.llm.prompts = resolve(configFile ? dirname(configFile) : absDir, config.llm.prompts);
  return {
    dir: absDir,
    taskFile,
    configFile,
    identity: supportFiles.length > 0 ? withSupportFiles(identity, absDir, supportFiles) : identity,
    task,
    config,
    programPath,
    programCode,
    language: task.language ?? languageOf(bundle ? bundle.entry : programPath),
  };
}

/**
 * A task's identity with its support files' contents: the program runs beside them (a trainer it imports, a header it
 * includes), so changing one changes the work and a run must not resume over it. Tasks without support files keep the
 * identity they always had (run databases store hashes of it).
 */
function withSupportFiles(identity: string, absDir: string, files: readonly string[]): string {
  const contents = files.map((file) => [file, sha256(readFileSync(resolve(absDir, file)))]);
  return `${identity}\n\0execute.files\0${JSON.stringify(contents)}`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `over` on top of `base`, object by object; undefined values in `over` leave `base` as it is. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k] = deepMerge(base[k], v);
  return out;
}
