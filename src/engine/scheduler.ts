import type { KaizenConfig } from '../config/config.ts';
import type { StopReason } from './types.ts';

/** Jobs in flight, at most `concurrency` of them: a proposal with its evaluation, or a pending program's evaluation. */
export class Slots {
  private readonly concurrency: number;
  private readonly jobs = new Set<Promise<void>>();

  constructor(concurrency: number) {
    this.concurrency = concurrency;
  }

  get inFlight(): number {
    return this.jobs.size;
  }

  launch(work: Promise<void>): void {
    const job = work.finally(() => this.jobs.delete(job));
    this.jobs.add(job);
  }

  /** Until a slot is free. */
  async free(): Promise<void> {
    while (this.jobs.size >= this.concurrency) await Promise.race(this.jobs);
  }

  /** Until any job in flight ends (a job's failure is the run's failure). */
  async any(): Promise<void> {
    if (this.jobs.size > 0) await Promise.race(this.jobs);
  }

  async drain(): Promise<void> {
    while (this.jobs.size > 0) await Promise.race(this.jobs);
  }
}

/** Record writes nobody waits for (notices, drift measures); the run waits for all of them and fails if one failed. */
export class BackgroundWrites {
  private readonly writes = new Set<Promise<void>>();
  private error: Error | null = null;

  add(write: Promise<void>): void {
    const tracked: Promise<void> = write
      .catch((e: Error) => {
        this.error ??= e;
      })
      .finally(() => this.writes.delete(tracked));
    this.writes.add(tracked);
  }

  /** Waits for every write; throws the first failure. */
  async settle(): Promise<void> {
    await Promise.all([...this.writes]);
    if (this.error) throw this.error;
  }
}

/** What the stop rules look at. */
export interface StopInputs {
  aborted: boolean;
  elapsedMs: number;
  evaluated: number;
  inFlight: number;
  consecutiveRejections: number;
  modelFailures: number;
  driftPaused: boolean;
  /** Whether another model call fits under budget.usd (true when the run uses no model). */
  mayCallModel: boolean;
}

/** Why the run must stop starting work now, or null. Order matters: a user's abort first, the budget last. */
export function stopReason(budget: KaizenConfig['budget'], llm: KaizenConfig['llm'], s: StopInputs): StopReason | null {
  if (s.aborted) return 'aborted';
  if (budget.wallClockMs !== undefined && s.elapsedMs >= budget.wallClockMs) return 'wall-clock';
  if (s.consecutiveRejections >= budget.maxConsecutiveRejections) return 'rejections';
  if (s.modelFailures >= llm.maxConsecutiveFailures) return 'models-failing';
  if (s.driftPaused) return 'drift';
  if (s.evaluated + s.inFlight >= budget.samples) return 'budget';
  if (!s.mayCallModel) return 'usd';
  return null;
}

/** Only a spent budget (samples or dollars) completes a run: every other stop leaves it interrupted, to be resumed. */
export function completes(reason: StopReason): boolean {
  return reason === 'budget' || reason === 'usd';
}
