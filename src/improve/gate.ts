// The gate: a variant replaces the default improver only if it wins on the training tasks and then on the held-out
// tasks by more than the seed-to-seed noise: mean difference > 2 × pooled standard error (√(sd₁²/n₁ + sd₂²/n₂)) and > 0.

import { fmt } from './format.ts';
import type { ArchiveEntry, Gate, Stats } from './types.ts';

/** Whether the variant beats the current default on training: only then is it a candidate for promotion. */
export function winsTraining(variant: { training: Stats }, current: { training: Stats }): boolean {
  return variant.training.mean > current.training.mean;
}

/** The held-out test: the variant beats the default by more than twice the pooled standard error over seeds. */
export function heldOutGate(variant: Stats, current: Stats, currentId: string): Gate {
  const diff = variant.mean - current.mean;
  // One seed has no spread (sd 0), so its SE of 0 would let any positive difference through: no promotion without
  // at least two seeds on each side.
  const seeds = Math.min(variant.perSeed.length, current.perSeed.length);
  const se = Math.sqrt(variant.sd ** 2 / Math.max(1, variant.perSeed.length) + current.sd ** 2 / Math.max(1, current.perSeed.length));
  const promote = seeds >= 2 && diff > 0 && diff > 2 * se;
  const reason = promote
    ? `held-out mean ${fmt(variant.mean)} beats ${fmt(current.mean)} by ${fmt(diff)} > 2·SE (${fmt(2 * se)})`
    : diff <= 0
      ? `held-out mean ${fmt(variant.mean)} does not beat ${fmt(current.mean)} (difference ${fmt(diff)})`
      : seeds < 2
        ? `held-out difference ${fmt(diff)} cannot be told from noise: ${seeds} seed${seeds === 1 ? '' : 's'}, no spread to measure it by (the gate needs at least 2)`
        : `held-out difference ${fmt(diff)} is within noise (2·SE = ${fmt(2 * se)})`;
  return { against: currentId, diff, se, promote, reason };
}

export interface GateOutcome {
  trainingWin: boolean;
  gate: Gate;
  /**
   * What the variant becomes: `promoted` (the new default); `overfit` (won training, lost held-out); `within-noise`
   * (won both, held-out by less than the noise); `archived` (no training win: never promoted, whatever held-out says).
   */
  status: ArchiveEntry['status'];
}

/** An improver's results on both task sets. */
export interface GateInput {
  training: Stats;
  heldOut: Stats;
}

/** The verdict on a variant against the current default `currentId`. */
export function gateVariant(variant: GateInput, current: GateInput, currentId: string): GateOutcome {
  const trainingWin = winsTraining(variant, current);
  const heldOut = heldOutGate(variant.heldOut, current.heldOut, currentId);
  const gate: Gate = trainingWin
    ? heldOut
    : { ...heldOut, promote: false, reason: `no training win (${fmt(variant.training.mean)} ≤ ${fmt(current.training.mean)}); ${heldOut.reason}` };
  const status = gate.promote ? 'promoted' : !trainingWin ? 'archived' : gate.diff <= 0 ? 'overfit' : 'within-noise';
  return { trainingWin, gate, status };
}
