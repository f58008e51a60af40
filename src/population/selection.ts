import type { SELECTION_STRATEGIES } from '../config/config.ts';
import type { Rng } from '../util/rng.ts';
import { mad, median, sigmoid } from '../util/stats.ts';
import type { Member } from './member.ts';
import { type Objective, paretoSelectionProbabilities } from './pareto.ts';

export type SelectionStrategy = (typeof SELECTION_STRATEGIES)[number];

export interface SelectionParams {
  strategy: SelectionStrategy;
  /** Sharpness of `weighted` (ShinkaEvolve: 10). */
  lambda: number;
  /** Exponent of `power-law`. */
  alpha: number;
  /** `pareto`: the task's objectives. */
  objectives?: readonly Objective[];
}

/** Selection probabilities of `members` under a strategy (they sum to 1). Pure, so it can be tested exactly. */
export function selectionProbabilities(members: readonly Member[], params: SelectionParams): number[] {
  const n = members.length;
  if (n === 0) return [];
  let weights: number[];
  switch (params.strategy) {
    case 'uniform':
      weights = members.map(() => 1);
      break;
    case 'hill-climb': {
      // Always the best; among equals, the newest (it carries the latest accepted change).
      let best = 0;
      for (let i = 1; i < n; i++) {
        if (members[i].score > members[best].score || (members[i].score === members[best].score && members[i].id > members[best].id)) best = i;
      }
      weights = members.map((_, i) => (i === best ? 1 : 0));
      break;
    }
    case 'power-law': {
      // Rank 1 = best; p ∝ rank^-alpha. Ties share the better rank's order by id for determinism.
      const order = members.map((m, i) => ({ i, s: m.score, id: m.id })).sort((a, b) => b.s - a.s || b.id - a.id);
      weights = new Array(n).fill(0);
      order.forEach((o, rank) => {
        weights[o.i] = (rank + 1) ** -params.alpha;
      });
      break;
    }
    case 'pareto': {
      // The Pareto front of the members' objectives, sparse stretches and extremes first (crowding distance).
      const points = members.map((m) => ({ id: m.id, values: m.objectives ?? {} }));
      const chances = new Map(paretoSelectionProbabilities(points, params.objectives ?? []).map((x) => [x.point.id, x.probability]));
      weights = members.map((m) => chances.get(m.id) ?? 0);
      break;
    }
    case 'weighted': {
      // ShinkaEvolve: sigmoid(λ·(s − median)/MAD) × 1/(1 + children): good programs, not yet explored to death.
      const finite = members.map((m) => (Number.isFinite(m.score) ? m.score : Number.NaN)).filter((s) => !Number.isNaN(s));
      const med = finite.length ? median(finite) : 0;
      let scale = finite.length ? mad(finite) : 0;
      if (!(scale > 0)) {
        const spread = finite.length ? Math.max(...finite) - Math.min(...finite) : 0;
        scale = spread > 0 ? spread : 1;
      }
      weights = members.map((m) => {
        const s = Number.isFinite(m.score) ? sigmoid((params.lambda * (m.score - med)) / scale) : 0;
        return s / (1 + m.children);
      });
      if (weights.every((w) => !(w > 0))) weights = members.map((m) => 1 / (1 + m.children));
      break;
    }
  }
  const total = weights.reduce((a, b) => a + b, 0);
  return total > 0 ? weights.map((w) => w / total) : weights.map(() => 1 / n);
}

export function selectMember(members: readonly Member[], params: SelectionParams, rng: Rng): Member {
  if (members.length === 0) throw new Error('selectMember on an empty population');
  return members[rng.weighted(selectionProbabilities(members, params))];
}
