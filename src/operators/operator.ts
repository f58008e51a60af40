import type { Usage } from '../models/types.ts';
import type { Rng } from '../util/rng.ts';

export interface OperatorInput {
  code: string;
  language: string;
  /** Other good programs (best first) an operator may borrow from; score, public metrics and feedback when known. */
  inspirations: readonly { id: number; code: string; score?: number; metrics?: Record<string, number | string | boolean>; feedback?: string }[];
  rng: Rng;
  /** The parent's score, when it has one (correct programs only). */
  parentScore?: number;
  /** The parent's PUBLIC metrics (never a judge's private ones: they may reach a model's prompt). */
  parentMetrics?: Record<string, number | string | boolean>;
  /** The judge's feedback on the parent. */
  parentFeedback?: string;
  /** Why the parent failed (error, stderr), for operators that repair programs. */
  parentError?: string;
  /** The current lessons scratchpad, when the caller keeps one (overrides an operator's own provider). */
  lessons?: string;
  /** Prompt evolution: the guidance of the chosen prompt variant, put into a model operator's system prompt. */
  guidance?: string;
  /** Model calls this proposal may make at most, retries included (the sample's calls left); unbounded when unset. */
  maxModelCalls?: number;
}

export interface OperatorOutput {
  code: string;
  /** What changed, in words, for the record and for lessons. */
  change: string;
  /** For model-driven operators: the model's id, the prompt sent, the reply, tokens, cost (USD), calls made. */
  model?: string;
  prompt?: string;
  reply?: string;
  usage?: Usage;
  cost?: number;
  attempts?: number;
}

/** Turns a parent into a child. Returns null when it has nothing to change (the engine then tries another). */
export interface Operator {
  readonly name: string;
  /** Whether this operator can work on a program in `language`. */
  supports(language: string): boolean;
  propose(input: OperatorInput): Promise<OperatorOutput | null>;
}
