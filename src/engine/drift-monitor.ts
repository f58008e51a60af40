import type { KaizenConfig } from '../config/config.ts';
import { type DriftInput, driftWarnings, measureDrift } from '../safeguards/drift.ts';

type Outcome = DriftInput['window'][number];

/** What the monitor reports after each full window: the measure, and the warnings it raised (possibly none). */
export interface DriftReport {
  evaluated: number;
  measure: ReturnType<typeof measureDrift>;
  warnings: string[];
}

/**
 * The drift monitor: every `drift.every` evaluations, how far the population moved from the initial program (in
 * behaviour features and embeddings), how it is failing, and how far champions' search scores sit above their
 * holdout scores. With `drift.action: pause` a warning pauses the run (resumably).
 */
export class DriftMonitor {
  private readonly config: KaizenConfig['drift'];
  private readonly holdoutGaps: readonly number[];
  private readonly window: Outcome[] = [];
  private seed: DriftInput['seed'] = {};
  paused = false;

  constructor(config: KaizenConfig['drift'], holdoutGaps: readonly number[]) {
    this.config = config;
    this.holdoutGaps = holdoutGaps;
  }

  /** The initial program's behaviour: what drift is measured from. */
  setSeed(seed: DriftInput['seed']): void {
    this.seed = seed;
  }

  /** Notes one outcome; returns a report when it completes a window. */
  note(outcome: Outcome, evaluated: number): DriftReport | null {
    this.window.push(outcome);
    if (this.window.length < this.config.every) return null;
    const window = this.window.splice(0, this.window.length);
    const measure = measureDrift({ window, seed: this.seed, holdoutGaps: [...this.holdoutGaps] });
    const warnings = driftWarnings(measure, this.config);
    if (warnings.length > 0 && this.config.action === 'pause') this.paused = true;
    return { evaluated, measure, warnings };
  }
}
