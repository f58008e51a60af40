// The research loop's shared shapes (issue 15): studies (pre-registered experiments over Kaizen's own search), facts
// (every number a paper may print, each derived from the signed record), and the files a paper folder holds.
// study.ts writes studies, facts.ts derives facts, paper.ts writes papers from facts, review.ts checks papers.
// The study's shapes live with the ledger's events (the ledger imports nothing but util/); they are re-exported here.
import type { Verdict } from '../ledger/events.ts';

export type {
  StudyArm,
  StudyArmFigures,
  StudyArmRunData,
  StudyPlan,
  StudyRegisteredData,
  StudyResultData,
  Verdict,
} from '../ledger/events.ts';

/**
 * One number a paper may print. `value` is exact; the paper prints it at `decimals`. `source` names the run and the
 * event it is read from (or, for a figure derived from many events, the run's ledger head when it was derived).
 */
export interface Fact {
  id: string;
  value: number;
  unit: string;
  decimals: number;
  /** How it is derived, in words and as the deriving rule's name (facts.ts recomputes it by `rule` and `args`). */
  description: string;
  rule: string;
  args: Record<string, string | number>;
  source: { runId: string; seq: number; hash: string };
  /** For a comparison fact: its verdict (what "better", "improves", "significant" may rest on). */
  verdict?: Verdict;
  /** For a mean: its n and spread, which the text must state beside it. */
  n?: number;
  sd?: number;
}

/** `facts.json` in a paper folder: the facts and where they came from. */
export interface FactsFile {
  store: string;
  subject: { kind: 'study' | 'run' | 'improve'; id: string };
  facts: Fact[];
  /** sha256 of each figure's data file (figures/NAME.csv), as written. */
  figures: Record<string, string>;
  /** The settings the runs' records show were used: operators, models, selection, islands (what Methods may name). */
  used: { operators: string[]; models: string[]; settings: Record<string, string | number | boolean> };
}
