// A claim of the experiment journal: one hypothesis about what improves programs, with the evidence for it. Effect
// claims measure paired comparisons (a correct child against its correct parent); rate claims count how often
// something bad happens (a failure class, a time limit).
//
// Status rule, effect claims (effect = mean paired difference child − parent, relative to the parent's score;
// se = its standard error over the comparisons):
//   supported  n ≥ 2 and effect − 2·se > 0
//   refuted    n ≥ 2 and effect + 2·se < 0, or n ≥ 8 and effect ≤ 0
//   untested   otherwise
// Rate claims (effect = rate r of `count` events in n tries; se = √(r(1 − r)/n), the binomial standard error) are
// facts to avoid: supported when count ≥ 2 and r − 2·se > 0, untested otherwise (never refuted).

import { mean, sampleSd } from '../util/stats.ts';

export type ClaimKind = 'operator' | 'edit' | 'constant' | 'cpu' | 'failure';
export type ClaimStatus = 'supported' | 'refuted' | 'untested';

export interface Claim {
  /** Stable key, e.g. `operator:numeric`, `edit:constants`, `constant:line 12:raise`, `cpu:more`, `failure:timeout:llm-full`. */
  id: string;
  /** One sentence a model can act on. */
  text: string;
  kind: ClaimKind;
  /** Effect claims: mean relative paired difference child − parent. Rate claims (`failure` kind): the rate. */
  effect: number;
  /** Standard error of `effect`; null with fewer than two comparisons. */
  se: number | null;
  /** Comparisons (effect claims) or tries (rate claims). */
  n: number;
  /** Child program ids behind the figures, newest first, at most {@link MAX_EVIDENCE}. */
  evidence: number[];
  status: ClaimStatus;
}

export const MAX_EVIDENCE = 20;

/** A rate claim (kind `failure`) reads its figures as a rate, not an effect. */
export const isRateClaim = (c: Pick<Claim, 'kind'>): boolean => c.kind === 'failure';

export function effectStatus(effect: number, se: number | null, n: number): ClaimStatus {
  if (n < 2 || se === null) return 'untested';
  if (effect - 2 * se > 0) return 'supported';
  if (effect + 2 * se < 0 || (n >= 8 && effect <= 0)) return 'refuted';
  return 'untested';
}

export function rateStatus(count: number, rate: number, se: number): ClaimStatus {
  return count >= 2 && rate - 2 * se > 0 ? 'supported' : 'untested';
}

/** One paired comparison: the child's id and its relative difference from the parent. */
export interface Sample {
  child: number;
  diff: number;
}

const newest = (ids: readonly number[]) => [...ids].reverse().slice(0, MAX_EVIDENCE);

/** An effect claim from its comparisons, oldest first. */
export function effectClaim(id: string, kind: Exclude<ClaimKind, 'failure'>, text: string, samples: readonly Sample[]): Claim {
  const diffs = samples.map((s) => s.diff);
  const n = diffs.length;
  const effect = mean(diffs);
  const se = n >= 2 ? sampleSd(diffs) / Math.sqrt(n) : null;
  return { id, text, kind, effect, se, n, evidence: newest(samples.map((s) => s.child)), status: effectStatus(effect, se, n) };
}

/** A rate claim: `count` events in `tries`; `evidence` the children showing it, oldest first. */
export function rateClaim(id: string, text: string, count: number, tries: number, evidence: readonly number[]): Claim {
  const rate = tries > 0 ? count / tries : 0;
  const se = tries > 0 ? Math.sqrt((rate * (1 - rate)) / tries) : null;
  return { id, text, kind: 'failure', effect: rate, se, n: tries, evidence: newest(evidence), status: se === null ? 'untested' : rateStatus(count, rate, se) };
}
