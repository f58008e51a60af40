// Kaizen's public API for task authors and for embedding the loop in other programs.
export { defineConfig, type KaizenConfig, type KaizenConfigInput } from './config/config.ts';
export {
  defineTask,
  type CaseScore,
  type CasesSpec,
  type CasesStage,
  type CommandExecute,
  type SolverExecute,
  type DataExecute,
  type Execute,
  type JsExecute,
  type Judge,
  type JudgeContext,
  type JudgeResult,
  type TaskDefinition,
} from './config/task.ts';
export { evolve, type EvolveOptions, type EvolveResult, type Progress } from './engine/evolve.ts';
export { KaizenError } from './errors.ts';
export type { Operator, OperatorInput, OperatorOutput } from './operators/operator.ts';
export { AstOperator, NumericOperator } from './operators/offline/index.ts';
export { ProcessSandbox } from './sandbox/process.ts';
export { createSandbox, IsolateSandbox } from './sandbox/index.ts';
export type { Sandbox, SandboxRequest, SandboxResult, FailureClass } from './sandbox/types.ts';
export { Store } from './store/store.ts';
export { corewarTask, hillSettings, HILLS, type CorewarTaskOptions, type HillName } from './tasks/corewar.ts';
