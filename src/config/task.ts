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
  /** Multi-objective tasks: a value for each objective the task declares (by name). */
  objectives?: Record<string, number>;
}

export interface JudgeContext {
  /** Which candidate is judged (for logs; the judge must not depend on it). */
  programId: number;
  /** The candidate's source (untrusted text; e.g. for a code-length objective); absent when a holdout re-judges an output. */
  code?: string;
  /** How long the candidate ran in the sandbox (ms), e.g. for a run-time objective; absent as `code` is. */
  durationMs?: number;
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

/**
 * A contest solver in a supported language: it reads one case's input on stdin and prints its answer on stdout.
 * C++ is compiled first (`g++ -O2 -std=gnu++20`, inside the sandbox, cached by code hash).
 */
export interface SolverExecute {
  language: SolverLanguage;
  /** CPU time per case over the solver's whole process tree (default 2000). Solvers read it from KAIZEN_TIME_LIMIT_MS. */
  cpuTimeMs?: number;
  /** Wall-clock cap per case, for solvers that sleep or wait (default 2 × cpuTimeMs + 1000). */
  wallTimeMs?: number;
  memoryMb?: number;
  /** Largest accepted answer on stdout, in bytes (default 1,000,000). */
  outputMaxBytes?: number;
  /** Largest stderr before the solver is stopped as a flood, in bytes. */
  logMaxBytes?: number;
  env?: Record<string, string>;
  /**
   * Support files relative to the task file, copied read-only beside the program in every case's scratch folder
   * (under their own file names, which must differ), e.g. a trainer module the program imports
   * (`import { train } from './trainer.mjs'`) or a header it includes. Part of the task's identity.
   */
  files?: string[];
}

export const SOLVER_LANGUAGES = ['cpp', 'python', 'javascript'] as const;
export type SolverLanguage = (typeof SOLVER_LANGUAGES)[number];

export type Execute = JsExecute | CommandExecute | DataExecute | SolverExecute;

/** What a case scorer says of one answer. Contest scorers use exact integer arithmetic and never throw. */
export interface CaseScore {
  /** Higher is better; 0 for a wrong answer. */
  score: number;
  verdict: 'ok' | 'wrong-answer';
  /** Why, naming the line and token of a wrong answer. */
  feedback?: string;
}

/** One stage of a cascade: run the first `cases` public cases; go on only if the candidate qualifies. */
export interface CasesStage {
  /** Cases run by the end of this stage (cumulative; the last stage may omit it: all public cases). */
  cases?: number;
  /** Go on to the next stage when the candidate's mean case score reaches `threshold`, or ranks in the top `topFraction` of its island at this stage. Without it, always go on. */
  advance?: { threshold?: number; topFraction?: number };
}

/**
 * Many inputs, one score: the candidate runs once per case with its own limits, the trusted scorer scores each case,
 * and the program's score is the aggregate. Public cases may appear in prompts; hidden ones come from seeds derived
 * from the run's secret, never reach a search evaluation or a prompt, and gate promotion.
 */
/**
 * A generated case: `input` is what the solver reads; `key` is what only the scorer sees (the hidden reward of a
 * preference task, the optimum of a puzzle). The key never enters the sandbox or a prompt.
 */
export interface GeneratedCase {
  input: string;
  key?: unknown;
}

export interface CasesSpec {
  /**
   * The case with this seed (of this family, for tasks that declare families): its input text, or the input and the
   * scorer's key. The same bytes on every machine.
   */
  generate: (seed: number, family?: string) => string | GeneratedCase;
  /** Scores one answer (with the case's key, if its generator gave one); must not throw (a throw is recorded as a judge error). */
  score: (input: string, output: string, key?: unknown) => CaseScore;
  /** Public cases: generator seeds (default 0–19) of one family (default none) and/or input files relative to the task file. */
  public?: { seeds?: number[]; files?: string[]; family?: string };
  /**
   * Hidden cases (default 50), drawn from the run's secret at promotion time; 0 turns the hidden gate off. With
   * `families`, hidden cases take them in turn: a task can hold whole families of instances out of the search.
   */
  hidden?: { count: number; families?: string[] };
  /** How case scores make the program's score: their sum (default) or their mean. Stopped candidates are extrapolated from the cases they ran. */
  aggregate?: 'sum' | 'mean';
  /** The cascade; default one stage with every public case. */
  stages?: CasesStage[];
}

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
  /**
   * The initial program, relative to the task file. Evolved regions are marked EVOLVE-BLOCK-START … EVOLVE-BLOCK-END.
   * A folder makes a program of several files (a small package): every file in it (dot files left out) is part of
   * the program, any of them may hold EVOLVE blocks, and the sandbox receives the whole folder.
   */
  program: string;
  /** A program folder's file the sandbox imports or runs as `{program}` (default: the one `main.*` or `index.*` file). */
  entry?: string;
  /** Files of a program folder that never change (whatever markers they hold), relative to the folder. */
  frozen?: string[];
  /** Inferred from the program's extension when omitted. */
  language?: string;
  execute: Execute;
  /** The trusted judge of a single-output task. Multi-case tasks score with `cases.score` instead. */
  judge?: Judge;
  /** Multi-case (contest-style) evaluation. */
  cases?: CasesSpec;
  /** Trusted held-out judge (or spec): never shown to the search; gates promotion. */
  holdout?: Judge | HoldoutSpec;
  policy?: TaskPolicy;
  /** For Redcode candidates: the hill's core size and length limit, which the offline operators respect. */
  redcode?: { coreSize: number; maxLength: number };
  /**
   * Several objectives instead of one score: the judge returns a value for each (`objectives`), the run keeps a
   * Pareto front, and `champion` says which trade-off is "the" answer (the program's `score`).
   */
  objectives?: ObjectiveSpec[];
  /** The rule that turns a program's objectives into its score: a primary objective (default: the first) or weights. */
  champion?: ChampionRule;
}

/** One objective of a multi-objective task. */
export interface ObjectiveSpec {
  name: string;
  direction: 'max' | 'min';
  /** The reference value for the hypervolume of the front (a value no program should be worse than). */
  reference?: number;
}

export type ChampionRule = { primary: string } | { weights: Record<string, number> };

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

export const solverExecuteSchema = z.strictObject({
  language: z.enum(SOLVER_LANGUAGES),
  cpuTimeMs: z.number().int().positive().optional(),
  wallTimeMs: z.number().int().positive().optional(),
  memoryMb: z.number().int().min(16).optional(),
  outputMaxBytes: z.number().int().positive().optional(),
  logMaxBytes: z.number().int().positive().optional(),
  env: env.optional(),
  files: z.array(z.string().min(1)).optional(),
});

const fn = <T>(message: string) => z.custom<T>((v) => typeof v === 'function', message);

export const casesSchema = z.strictObject({
  generate: fn<CasesSpec['generate']>('must be a function (seed, family?) => input text or { input, key }'),
  score: fn<CasesSpec['score']>('must be a function (input, output, key?) => { score, verdict, feedback? }'),
  public: z
    .strictObject({
      seeds: z.array(z.number().int().min(0).max(0xffffffff)).optional(),
      files: z.array(z.string().min(1)).optional(),
      family: z.string().min(1).optional(),
    })
    .optional(),
  hidden: z.strictObject({ count: z.number().int().min(0).max(10_000), families: z.array(z.string().min(1)).min(1).optional() }).optional(),
  aggregate: z.enum(['sum', 'mean']).optional(),
  stages: z
    .array(
      z.strictObject({
        cases: z.number().int().positive().optional(),
        advance: z.strictObject({ threshold: z.number().optional(), topFraction: z.number().gt(0).max(1).optional() }).optional(),
      }),
    )
    .min(1)
    .optional(),
});

export const taskSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  program: z.string().min(1),
  entry: z.string().min(1).optional(),
  frozen: z.array(z.string().min(1)).optional(),
  language: z.string().optional(),
  execute: z.union([jsExecuteSchema, commandExecuteSchema, dataExecuteSchema, solverExecuteSchema]),
  judge: z.custom<Judge>((v) => typeof v === 'function', 'must be a function (output, context) => JudgeResult').optional(),
  cases: casesSchema.optional(),
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
  objectives: z
    .array(z.strictObject({ name: z.string().regex(/^[A-Za-z_][\w-]*$/), direction: z.enum(['max', 'min']), reference: z.number().optional() }))
    .min(2)
    .optional(),
  champion: z.union([z.strictObject({ primary: z.string() }), z.strictObject({ weights: z.record(z.string(), z.number()) })]).optional(),
});

export const judgeResultSchema = z.object({
  correct: z.boolean(),
  score: z.number(),
  public: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  private: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  feedback: z.string().optional(),
  features: z.record(z.string(), z.number()).optional(),
  objectives: z.record(z.string(), z.number()).optional(),
});

/** Declares a task. Typed; validated when Kaizen loads it (errors name the file and field). */
export function defineTask(task: TaskDefinition): TaskDefinition {
  return task;
}

/** A task is judged once (`judge`) or case by case (`cases` with a solver): exactly one of the two. */
export function taskShapeProblem(task: TaskDefinition): { field: string; message: string } | null {
  const objectives = objectivesProblem(task);
  if (objectives) return objectives;
  if (task.cases) {
    if (task.judge) return { field: 'judge', message: 'a multi-case task scores with cases.score; remove judge' };
    if (!isSolverExecute(task.execute))
      return { field: 'execute', message: "a multi-case task runs a solver: execute: { language: 'cpp' | 'python' | 'javascript', cpuTimeMs? }" };
    return null;
  }
  if (!task.judge) return { field: 'judge', message: 'required (or declare cases for a multi-case task)' };
  if (isSolverExecute(task.execute)) return { field: 'execute', message: 'a solver (execute.language) needs cases: { generate, score }' };
  return null;
}

/** What a multi-case task may declare as objectives: its case score and the figures of its cases (cases/summary.ts). */
export const CASE_OBJECTIVES = ['score', 'mean_case_score', 'cases_ok', 'time_limit_rate', 'cpu_ms_mean', 'cpu_ms_max'] as const;

function objectivesProblem(task: TaskDefinition): { field: string; message: string } | null {
  if (!task.objectives) return task.champion ? { field: 'champion', message: 'a champion rule needs objectives' } : null;
  const names = task.objectives.map((o) => o.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) return { field: 'objectives', message: `objective "${twice}" is declared twice` };
  const rule = task.champion;
  if (task.cases) {
    // A multi-case task's objectives are its case score and figures Kaizen measures; the champion stays the case score
    // (the hidden-case gate compares that score).
    const unknown = names.find((n) => !CASE_OBJECTIVES.includes(n as (typeof CASE_OBJECTIVES)[number]));
    if (unknown) return { field: 'objectives', message: `"${unknown}" is not a figure of a multi-case task (${CASE_OBJECTIVES.join(', ')})` };
    const primary = rule && 'primary' in rule ? rule.primary : rule ? null : names[0];
    if (primary !== 'score') return { field: 'champion', message: "a multi-case task's champion is its case score: champion: { primary: 'score' }" };
  }
  const used = rule ? ('primary' in rule ? [rule.primary] : Object.keys(rule.weights)) : [];
  const unknown = used.find((n) => !names.includes(n));
  if (unknown) return { field: 'champion', message: `"${unknown}" is not a declared objective (${names.join(', ')})` };
  if (rule && 'weights' in rule && Object.values(rule.weights).some((w) => !(Number.isFinite(w) && w >= 0))) {
    return { field: 'champion', message: 'weights must be finite numbers ≥ 0 (a minimised objective is negated for you)' };
  }
  return null;
}

export function isSolverExecute(e: Execute): e is SolverExecute {
  return 'language' in e;
}

export function isCommandExecute(e: Execute): e is CommandExecute {
  return 'command' in e;
}

export function isDataExecute(e: Execute): e is DataExecute {
  return 'data' in e && e.data === true;
}
