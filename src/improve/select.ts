// Parent selection over the archive of improvers, as in the Darwin Gödel Machine: better-scoring improvers are drawn
// more often, and those that already have many children less often (so stepping stones keep being explored).

import type { Rng } from '../util/rng.ts';
import { median, sigmoid } from '../util/stats.ts';

/** An archived improver as selection sees it: its training score and how many variants were made from it. */
export interface Candidate {
  score: number;
  children: number;
}

/** DGM parent weights: sigmoid(k · (score − mid)) · 1/(1 + children), mid = the archive's median score. */
export function dgmWeights(entries: readonly Candidate[], k: number): number[] {
  const mid = median(entries.map((e) => e.score));
  return entries.map((e) => sigmoid(k * (e.score - mid)) / (1 + e.children));
}

/** The index of the next parent, drawn ∝ {@link dgmWeights}. */
export function selectParentIndex(entries: readonly Candidate[], k: number, rng: Rng): number {
  return rng.weighted(dgmWeights(entries, k));
}
