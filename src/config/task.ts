import { z } from 'zod';

/** What the trusted judge says of one candidate's output. */
export interface JudgeResult {
  /** False when the output breaks the task's rules; such a program is never a champion. */
  correct: boolean;
  /** Higher is better. Must be finite when `correct`. */
  score: number;
  /** Metrics shown to the search (prompts, dashboard). */
  public?: Record<string, number | string | boolean>;
  /** Metrics kept out of every prompt (e.g. hidden test details). */
  private?: Record<string, number | string | boolean>;
  /** Why the output scored as it did, in words a model or a person can act on. */
  feedback?: string;
  /** Behaviour descriptors for the MAP-Elites grid. */
  features?: Record<string, number>;
}

export interface JudgeContext {
  /** Which candidate is judged (for logs; the judge must not depend on it). */
  programId: number;
  /** What the candidate printed on stdout/stderr (capped), for judges that want to explain a failure. */
  stdout: string;
  stderr: string;
}

export type Judge = (output: unknown, context: JudgeContext) => JudgeResult | Promise<JudgeResult>;

/** A JavaScript/TypeScript candidate: the sandbox imports the program and calls one of its exports. */
export interface JsExecute {
  export: string;
  args?: unknown[];
  timeoutMs?: number;
  memoryMb?: number;
  /** Largest accepted output (JSON), in bytes. */
  outputMaxBytes?: number;
  /** Largest stdout/stderr a candidate may print before it is stopped as a flood, in bytes. */
  logMaxBytes?: number;
  /** Environment variables the candidate may see (nothing else of the host's environment reaches it). */
  env?: Record<string, string>;
}

/** A candidate in any language: a command run in the sandbox, its output read as JSON from stdout or a file. */
export interface CommandExecute {
  /** argv; `{program}` is replaced by the candidate's path inside its scratch folder. */
  command: string[];
  /** `stdout`: the last non-empty line of stdout is the JSON output; `{ file }`: a file the candidate writes in its scratch folder. */
  output?: 'stdout' | { file: string };
  timeoutMs?: number;
  memoryMb?: number;
  outputMaxBytes?: number;
  logMaxBytes?: number;
  env?: Record<string, string>;
}

/**
 * A candidate that is data, not code (e.g. a Redcode warrior): nothing runs in a sandbox; the trusted judge
 * receives the program's text as its output.
 */
export interface DataExecute {
  data: true;
}

export type Execute = JsExecute | CommandExecute | DataExecute;

/**
 * A held-out check, never shown to the search: a judge, optionally with its own arguments for the candidate (fresh
 * instances, drawn from a seed for tasks that generate them), and the regression it tolerates.
 */
export interface HoldoutSpec {
  judge: Judge;
  /** Arguments for a separate execution on held-out instances; without them the search output is judged again. */
  args?: unknown[] | ((seed: number) => unknown[]);
  /** How far below the current champion's holdout score a challenger may fall and still be promoted (default 0). */
  tolerance?: number;
  /** Largest allowed search-score minus holdout-score gap of a challenger (default: unlimited). */
  maxGap?: number;
}

/** Shortcut detection: what a candidate's code may not contain (checked before it runs). */
export interface TaskPolicy {
  /** Patterns (regular expressions as strings, or RegExp) that a candidate's evolvable code may not match. */
  forbidden?: (string | RegExp)[];
  /** Keep the built-in list for the language too (default true). */
  builtins?: boolean;
}

export interface TaskDefinition {
  name: string;
  /** What is being optimised, in words a model can use. */
  description?: string;
  /** The initial program, relative to the task file. Evolved regions are marked EVOLVE-BLOCK-START … EVOLVE-BLOCK-END. */
  program: string;
  /** Inferred from the program's extension when omitted. */
  language?: string;
  execute: Execute;
  judge: Judge;
  /** Trusted held-out judge (or spec): never shown to the search; gates promotion. */
  holdout?: Judge | HoldoutSpec;
  policy?: TaskPolicy;
  /** For Redcode candidates: the hill's core size and length limit, which the offline operators respect. */
  redcode?: { coreSize: number; maxLength: number };
}

const env = z.record(z.string(), z.string());
const limits = {
  timeoutMs: z.number().int().positive().optional(),
  memoryMb: z.number().int().min(16).optional(),
  outputMaxBytes: z.number().int().positive().optional(),
  logMaxBytes: z.number().int().positive().optional(),
  env: env.optional(),
};

export const jsExecuteSchema = z.strictObject({ export: z.string().min(1), args: z.array(z.unknown()).optional(), ...limits });
export const commandExecuteSchema = z.strictObject({
  command: z.array(z.string()).min(1),
  output: z.union([z.literal('stdout'), z.strictObject({ file: z.string().min(1) })]).optional(),
  ...limits,
});

export const dataExecuteSchema = z.strictObject({ data: z.literal(true) });

export const taskSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  program: z.string().min(1),
  language: z.string().optional(),
  execute: z.union([jsExecuteSchema, commandExecuteSchema, dataExecuteSchema]),
  judge: z.custom<Judge>((v) => typeof v === 'function', 'must be a function (output, context) => JudgeResult'),
  holdout: z
    .union([
      z.custom<Judge>((v) => typeof v === 'function', 'must be a function or { judge, args?, tolerance?, maxGap? }'),
      z.strictObject({
        judge: z.custom<Judge>((v) => typeof v === 'function', 'must be a function'),
        args: z.union([z.array(z.unknown()), z.custom<(seed: number) => unknown[]>((v) => typeof v === 'function')]).optional(),
        tolerance: z.number().min(0).optional(),
        maxGap: z.number().min(0).optional(),
      }),
    ])
    .optional(),
  policy: z
    .strictObject({
      forbidden: z.array(z.union([z.string(), z.instanceof(RegExp)])).optional(),
      builtins: z.boolean().optional(),
    })
    .optional(),
  redcode: z.strictObject({ coreSize: z.number().int().min(2), maxLength: z.number().int().min(1) }).optional(),
});

export const judgeResultSchema = z.object({
  correct: z.boolean(),
  score: z.number(),
  public: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  private: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  feedback: z.string().optional(),
  features: z.record(z.string(), z.number()).optional(),
});

/** Declares a task. Typed; validated when Kaizen loads it (errors name the file and field). */
export function defineTask(task: TaskDefinition): TaskDefinition {
  return task;
}

export function isCommandExecute(e: Execute): e is CommandExecute {
  return 'command' in e;
}

export function isDataExecute(e: Execute): e is DataExecute {
  return 'data' in e && e.data === true;
}
