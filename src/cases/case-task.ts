import type { CasesSpec, SolverExecute, TaskDefinition } from '../config/task.ts';
import type { Sandbox, SupportFile } from '../sandbox/types.ts';
import { type CaseRef, CaseInputs, hiddenCases, publicCases } from './case-set.ts';
import { type CaseResult, type CasesOutcome, type Qualifies, type ResolvedStage, aggregateScore, resolveStages, runStaged } from './run.ts';
import { readSupportFiles, solverLanguageOf, solverLimits, solverRequest } from './solver.ts';

/**
 * A multi-case task, ready to evaluate programs: its public cases and cascade, its hidden cases once the run's
 * secret is known, the solver's request and the aggregate score. Used by the engine, `kaizen eval` and `kaizen verify`.
 */
export class CaseTask {
  readonly spec: CasesSpec;
  readonly execute: SolverExecute;
  readonly publicRefs: CaseRef[];
  readonly stages: ResolvedStage[];
  readonly inputs: CaseInputs;
  readonly aggregate: 'sum' | 'mean';
  readonly cpuMs: number;
  /** The support files (`execute.files`), read once: written beside the program in every case's scratch folder. */
  readonly files: readonly SupportFile[];
  private readonly env: Record<string, string>;

  constructor(task: TaskDefinition & { cases: CasesSpec; execute: SolverExecute }, taskDir: string, env: Record<string, string>) {
    this.env = env;
    this.spec = task.cases;
    this.execute = task.execute;
    this.publicRefs = publicCases(task.cases);
    this.stages = resolveStages(task.cases, this.publicRefs.length);
    this.inputs = new CaseInputs(task.cases, taskDir);
    this.aggregate = task.cases.aggregate ?? 'sum';
    this.cpuMs = solverLimits(task.execute).cpuMs;
    this.files = readSupportFiles(task.execute, taskDir);
  }

  hiddenRefs(secret: Buffer): CaseRef[] {
    return hiddenCases(this.spec, secret);
  }

  /** The public cases through the cascade. */
  runPublic(sandbox: Sandbox, code: string, language: string, qualifies: Qualifies): Promise<CasesOutcome> {
    return runStaged(this.parts(sandbox, code, language), this.publicRefs, this.stages, qualifies);
  }

  /** Every case of `refs`, no cascade (hidden cases, `kaizen eval`). */
  runAll(sandbox: Sandbox, code: string, language: string, refs: CaseRef[]): Promise<CasesOutcome> {
    return runStaged(this.parts(sandbox, code, language), refs, [{ cases: refs.length }], () => true);
  }

  /** The program's score over the cases it ran of a set with `total` cases (a stopped one estimated from `reference`). */
  score(results: readonly CaseResult[], total = this.publicRefs.length, reference: readonly CaseResult[] | null = null): number {
    return aggregateScore(results, this.aggregate, total, reference);
  }

  private parts(sandbox: Sandbox, code: string, language: string) {
    const lang = solverLanguageOf(language);
    if (!lang) throw new Error(`a ${language} program cannot run as a solver (cpp, python or javascript)`);
    return { sandbox, spec: this.spec, inputs: this.inputs, request: solverRequest(this.execute, lang, code, this.env, this.files) };
  }
}

/** The task's multi-case view, or null for a task judged once. */
export function caseTaskOf(task: TaskDefinition, taskDir: string, env: Record<string, string>): CaseTask | null {
  if (!task.cases || !('language' in task.execute)) return null;
  return new CaseTask(task as TaskDefinition & { cases: CasesSpec; execute: SolverExecute }, taskDir, env);
}
