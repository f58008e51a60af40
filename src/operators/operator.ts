import type { Rng } from '../util/rng.ts';

export interface OperatorInput {
  code: string;
  language: string;
  /** Other good programs (best first) an operator may borrow from. */
  inspirations: readonly { id: number; code: string }[];
  rng: Rng;
}

export interface OperatorOutput {
  code: string;
  /** What changed, in words, for the record and for lessons. */
  change: string;
}

/** Turns a parent into a child. Returns null when it has nothing to change (the engine then tries another). */
export interface Operator {
  readonly name: string;
  /** Whether this operator can work on a program in `language`. */
  supports(language: string): boolean;
  propose(input: OperatorInput): Promise<OperatorOutput | null>;
}
