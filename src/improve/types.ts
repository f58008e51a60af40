// The outer loop's data: inner-run results, an improver's statistics over seeds, the archive, the gate's verdict,
// and the options and result of `improve()`.

import type { KaizenConfigInput } from '../config/config.ts';
import type { ResumeMode } from '../engine/open-run.ts';
import type { ModelEntry } from '../models/spec.ts';
import type { Improver } from './improver.ts';
import type { Noise } from './noise.ts';
import type { Suite } from './suite.ts';

export interface InnerResult {
  task: string;
  dir: string;
  seed: number;
  runId: string;
  seedScore: number | null;
  bestScore: number | null;
  /** 100 · (best − seed) / scale. */
  normalised: number;
  lessons?: string;
}

export interface Stats {
  /** One score per seed (the mean over the task set). */
  perSeed: number[];
  mean: number;
  sd: number;
  runs: InnerResult[];
}

export interface ArchiveEntry {
  improver: Improver;
  generation: number;
  children: number;
  training: Stats;
  heldOut?: Stats;
  status: 'default' | 'archived' | 'promoted' | 'overfit' | 'within-noise';
  gate?: Gate;
}

export interface Gate {
  against: string;
  diff: number;
  se: number;
  promote: boolean;
  reason: string;
}

/** The tasks an improver is evaluated on: training (selection) or held-out (the gate). */
export type TaskSet = 'training' | 'heldOut';

export interface ImproveOptions {
  suite: Suite;
  /** The improve database (default: SUITE/.kaizen/improve.db). */
  out?: string;
  generations?: number;
  seeds?: number;
  innerBudget?: number;
  /** Models: the improver is then edited by a model, and inner runs use the models too. */
  models?: ModelEntry[];
  /** Sharpness of the DGM parent-selection sigmoid (scores are in percent). */
  k?: number;
  /** Seed of the outer loop's RNG (parent selection, offline mutations). */
  seed?: number;
  /**
   * Evaluations in flight in each inner run (default 1). At 1 an inner run is reproducible per seed; above, evaluations
   * finish in an order that changes the population later proposals draw their parents from, so scores move run to run.
   */
  concurrency?: number;
  /** Which variants are run on the held-out tasks: those that beat the default on training (default), or all (every one gated and recorded). */
  heldOutFor?: 'training-winners' | 'all';
  /** Prompt templates (file name → text) that replace the built-in ones in the default improver: its seed. */
  seedPrompts?: Record<string, string>;
  /** Settings for inner runs that no improver may change (e.g. llm.timeoutMs in tests). */
  innerConfig?: KaizenConfigInput;
  /** `auto` (default): continue the suite's unfinished improve run if its settings are the same; `never`: start afresh; `required`: fail if there is none. */
  resume?: ResumeMode;
  /** Stops the loop: the inner run in flight is abandoned (redone on resume), the run is left resumable. */
  signal?: AbortSignal;
  onGeneration?: (line: GenerationLine) => void;
  onNotice?: (message: string) => void;
}

export interface GenerationLine {
  generation: number;
  parent: string | null;
  improver: string | null;
  origin: string;
  training: Stats | null;
  heldOut: Stats | null;
  status: string;
  bestTraining: number;
  bestInner: number;
  defaultId: string;
  /** Re-derived from the record of an earlier session (nothing was run for it now). */
  restored: boolean;
}

export interface CurvePoint {
  generation: number;
  /** Best training mean of any improver archived so far. */
  bestTraining: number;
  /** Best single inner-run normalised result so far. */
  bestInner: number;
  defaultId: string;
}

export interface ImproveResult {
  runId: string;
  db: string;
  suite: string;
  /** `interrupted`: stopped before its last generation; re-running the same command resumes it. */
  status: 'completed' | 'interrupted';
  /** Why an interrupted run stopped. */
  stopped?: string;
  resumed: boolean;
  /** Sessions this run took (1 + times it was resumed). */
  sessions: number;
  /** Inner runs done in this session, and those restored from the record of earlier ones. */
  innerRuns: { run: number; restored: number };
  archive: ArchiveEntry[];
  rejected: Rejection[];
  /**
   * Best-so-far of training estimates per generation: a running maximum of noisy means, which rises with the number of
   * variants tried even when none is better. Progress is what the gate promoted (`finalDefault`), not this.
   */
  curve: CurvePoint[];
  /** Settings the inner runs do not read under the default policy in this mode, and why: mutations leave them alone. */
  unread: { path: string; why: string }[];
  /** The default improver's repeat on the same seeds (null when the run stopped before it). */
  noise: Noise | null;
  initialDefault: string;
  finalDefault: string;
  verdict: 'promoted' | 'none';
  verdictText: string;
  /** Working time over all sessions. */
  durationMs: number;
  options: SettingsSummary;
  reportPath?: string;
}

/** A variant proposed and refused (an invalid or forbidden edit, a failed model call). */
export interface Rejection {
  generation: number;
  origin: string;
  reasons: string[];
  forbidden: string[];
}

/** The outer loop's settings as results and the ledger show them. */
export interface SettingsSummary {
  generations: number;
  seeds: number;
  innerBudget: number;
  k: number;
  seed: number;
  models: string[];
  /** Evaluations in flight in each inner run. */
  concurrency: number;
}

/** Thrown where the outer loop stops before its end (Ctrl-C, failing models): the record stays resumable. */
export class Interrupted extends Error {}
