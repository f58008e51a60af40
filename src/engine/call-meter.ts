import { AsyncLocalStorage } from 'node:async_hooks';
import type { ChatModel } from '../models/types.ts';

/**
 * How close the run is to its limits on model calls, saved after every sample (`kaizen status` shows it): calls made
 * on behalf of samples in all sessions, and the unusable proposals in a row of this session (a resumed run starts
 * that count afresh, so re-running after a fix gets a full allowance).
 */
export const CALL_LIMITS_STATE_KEY = 'call_limits';
export interface CallLimitsState {
  modelCalls: number;
  unusableInARow: number;
}

/** Thrown instead of a call past a sample's cap: the caller sees a model that did not answer, nothing is sent. */
export class CallCapReached extends Error {
  override readonly name = 'CallCapReached';
}

/** The model calls of one sample: its proposal, the retries, re-samples after a rejection, novelty judging. */
class SampleCalls {
  made = 0;
}

/**
 * Counts model calls per sample, and in all. A sample's work runs inside `forSample`, so every call a model client
 * makes on its behalf (at any depth: an operator's retries, the novelty judge) lands on its count without being
 * passed around; calls made outside a sample (lessons, prompt mutation between samples) are not a sample's and are
 * not counted. A call past the sample's cap is refused before anything is sent.
 */
export class CallMeter {
  readonly capPerSample: number;
  /** Calls made on behalf of samples, in all sessions of the run. */
  made: number;
  private readonly current = new AsyncLocalStorage<SampleCalls>();
  private readonly save: (made: number) => Promise<void>;

  constructor(capPerSample: number, restored: number, save: (made: number) => Promise<void>) {
    this.capPerSample = capPerSample;
    this.made = restored;
    this.save = save;
  }

  /** Runs one sample's work with a count of its own; the total is saved once the work ends. */
  async forSample<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.current.run(new SampleCalls(), work);
    } finally {
      await this.save(this.made);
    }
  }

  /** Work on behalf of the run rather than of the current sample (its calls are nobody's sample's). */
  outside<T>(work: () => T): T {
    return this.current.exit(work);
  }

  /** Calls the current sample may still make (unbounded outside a sample). */
  left(): number {
    const sample = this.current.getStore();
    return sample ? Math.max(0, this.capPerSample - sample.made) : Number.POSITIVE_INFINITY;
  }

  /** A model client whose every call counts against the sample it is made for. */
  wrap(model: ChatModel): ChatModel {
    const wrapped: ChatModel = { spec: model.spec, chat: (request, signal) => this.admit(model).then(() => model.chat(request, signal)) };
    const withTools = model.chatWithTools?.bind(model);
    if (withTools) wrapped.chatWithTools = (request, signal) => this.admit(model).then(() => withTools(request, signal));
    return wrapped;
  }

  /** Counts a call for the current sample, or refuses it once the sample's cap is reached. */
  private async admit(model: ChatModel): Promise<void> {
    const sample = this.current.getStore();
    if (!sample) return;
    if (sample.made >= this.capPerSample) {
      throw new CallCapReached(`${model.spec.id} not called: this sample made its ${this.capPerSample} model calls (llm.maxCallsPerSample)`);
    }
    sample.made++;
    this.made++;
  }
}
