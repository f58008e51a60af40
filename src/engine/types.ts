import type { KaizenConfigInput } from '../config/config.ts';
import type { LoadedTask } from '../config/load.ts';
import type { ExecutorSnapshot } from '../executor/stats.ts';
import type { Operator } from '../operators/operator.ts';
import type { Sandbox } from '../sandbox/types.ts';

export interface EvolveOptions {
  /** The task folder (task.ts, initial program, optional kaizen.config.ts), or a task already loaded. */
  task: string | LoadedTask;
  /** The run database (default: TASK/.kaizen/kaizen.db). */
  out?: string;
  /** Set by evolve(): where the stand-in model it started listens (`--model standin`). */
  standinUrl?: string;
  /** Settings that override the task's config file (deep-merged). */
  config?: KaizenConfigInput;
  /** `auto` (default): continue this task's unfinished run if there is one; `never`: always start a new run. */
  resume?: 'auto' | 'never' | 'required';
  sandbox?: Sandbox;
  /** Proposal operators with weights (default: the built-in offline operators as configured). */
  operators?: { operator: Operator; weight: number }[];
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** One-off messages for the user (e.g. that no model is configured). */
  onNotice?: (message: string) => void;
}

export interface Progress {
  runId: string;
  evaluated: number;
  budget: number;
  failed: number;
  rejected: number;
  inFlight: number;
  bestScore: number | null;
  seedScore: number | null;
  evalsPerSecond: number;
  /** US dollars spent on model calls so far. */
  cost: number;
  /** Set on the update that follows a new best. */
  newBest?: { programId: number; score: number; evaluated: number };
  /** With a remote executor (`--queue`): its workers, queue depth and jobs in flight. */
  executor?: ExecutorSnapshot;
}

/**
 * Why a run session ended. budget, rejections and usd complete the run; the others leave it resumable. `unusable`:
 * `llm.maxUnusableInARow` proposals in a row gave nothing evaluable; `model-calls`: the run's model calls reached
 * `llm.maxCallsPerSample` × `budget.samples`.
 */
export type StopReason = 'budget' | 'wall-clock' | 'rejections' | 'aborted' | 'usd' | 'models-failing' | 'drift' | 'unusable' | 'model-calls';

export interface EvolveResult {
  runId: string;
  resumed: boolean;
  evaluated: number;
  failed: number;
  rejected: number;
  seedScore: number | null;
  bestScore: number | null;
  bestProgramId: number | null;
  /** Challengers that won on search and lost on holdout. */
  overfits: number;
  /** Candidates quarantined for a policy violation (static or a sandbox denial). */
  violations: number;
  db: string;
  stoppedBy: StopReason;
  /** Why the models were judged to be failing, when stoppedBy says so. */
  modelErrors?: string[];
  /** The latest proposals that gave nothing evaluable, one short line each, when stoppedBy is `unusable` or `model-calls`. */
  unusable?: string[];
  /** Model calls made on behalf of samples (all sessions), and the cap per sample. */
  modelCalls?: { made: number; capPerSample: number };
  /** US dollars spent on model calls (this run, all sessions). */
  cost: number;
  durationMs: number;
  /** Best score after each evaluation at which it improved: [evaluated, score]. */
  curve: [number, number][];
}
