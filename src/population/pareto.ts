// Pareto machinery for multi-objective runs: dominance, NSGA-II's non-dominated sort and crowding distance, the exact
// hypervolume of a front, parent selection from the front and the champion rule. Pure functions over plain points,
// so the population, the report and the dashboard can share them and the tests can check them by hand.
import type { Rng } from '../util/rng.ts';

export interface Objective {
  name: string;
  direction: 'max' | 'min';
}

/** A program as the front sees it: its id and its objective values by name. */
export interface ParetoPoint {
  id: number;
  values: Record<string, number>;
}

/** The champion rule: a primary objective (the others break ties, in declaration order) or a weighted sum. */
export type ScalarizationRule = { primary: string } | { weights: Record<string, number> };

export interface NonDominatedSort<P extends ParetoPoint> {
  /** fronts[0] is the Pareto front; each front is ordered by id. */
  fronts: P[][];
  /** Points missing an objective or with a non-finite value: on no front, reported so the caller can say why. */
  invalid: P[];
}

/** True when every objective has a finite value: only such points can be compared. */
export function isComplete(point: ParetoPoint, objectives: readonly Objective[]): boolean {
  return objectives.every((o) => Number.isFinite(point.values[o.name]));
}

/** The value oriented so that higher is better (minimised objectives negated). */
function oriented(point: ParetoPoint, o: Objective): number {
  const v = point.values[o.name];
  return o.direction === 'min' ? -v : v;
}

/** `a` is no worse than `b` in every objective and strictly better in one; incomplete points dominate nothing and are dominated by nothing. */
export function dominates(a: ParetoPoint, b: ParetoPoint, objectives: readonly Objective[]): boolean {
  if (!isComplete(a, objectives) || !isComplete(b, objectives)) return false;
  let strictly = false;
  for (const o of objectives) {
    const x = oriented(a, o);
    const y = oriented(b, o);
    if (x < y) return false;
    if (x > y) strictly = true;
  }
  return strictly;
}

/**
 * Deb's fast non-dominated sort (NSGA-II), O(M·N²): each point counts the points dominating it and lists those it
 * dominates; peeling off the zero-count points front by front gives the ranks. Equal points share a front.
 */
export function nonDominatedSort<P extends ParetoPoint>(points: readonly P[], objectives: readonly Objective[]): NonDominatedSort<P> {
  const valid: P[] = [];
  const invalid: P[] = [];
  for (const p of points) (isComplete(p, objectives) ? valid : invalid).push(p);
  const n = valid.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominatesList: number[][] = valid.map(() => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(valid[i], valid[j], objectives)) {
        dominatesList[i].push(j);
        dominatedBy[j]++;
      } else if (dominates(valid[j], valid[i], objectives)) {
        dominatesList[j].push(i);
        dominatedBy[i]++;
      }
    }
  }
  const fronts: P[][] = [];
  let current = valid.map((_, i) => i).filter((i) => dominatedBy[i] === 0);
  while (current.length) {
    fronts.push(current.map((i) => valid[i]).sort((a, b) => a.id - b.id));
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominatesList[i]) if (--dominatedBy[j] === 0) next.push(j);
    }
    current = next;
  }
  return { fronts, invalid: [...invalid].sort((a, b) => a.id - b.id) };
}

/** The Pareto front (rank 0) of the complete points, ordered by id. */
export function paretoFront<P extends ParetoPoint>(points: readonly P[], objectives: readonly Objective[]): P[] {
  return nonDominatedSort(points, objectives).fronts[0] ?? [];
}

/**
 * NSGA-II crowding distance of each point of a front (aligned with `front`): per objective, the gap between a point's
 * neighbours divided by the objective's range on the front, summed; the extremes get Infinity so they are kept.
 * Ties are ordered by id so the result does not depend on input order. An objective with zero range on the front
 * says nothing about spread and is skipped (otherwise two arbitrary equal points would be called "boundary").
 * Fronts of ≤ 2 complete points: all Infinity. Incomplete points get 0.
 */
export function crowdingDistance(front: readonly ParetoPoint[], objectives: readonly Objective[]): number[] {
  const dist = new Array<number>(front.length).fill(0);
  const idx = front.map((_, i) => i).filter((i) => isComplete(front[i], objectives));
  if (idx.length <= 2) {
    for (const i of idx) dist[i] = Number.POSITIVE_INFINITY;
    return dist;
  }
  for (const o of objectives) {
    const v = (i: number) => front[i].values[o.name];
    const order = [...idx].sort((a, b) => v(a) - v(b) || front[a].id - front[b].id);
    const range = v(order[order.length - 1]) - v(order[0]);
    if (!(range > 0)) continue;
    dist[order[0]] = Number.POSITIVE_INFINITY;
    dist[order[order.length - 1]] = Number.POSITIVE_INFINITY;
    for (let k = 1; k < order.length - 1; k++) dist[order[k]] += (v(order[k + 1]) - v(order[k - 1])) / range;
  }
  return dist;
}

/**
 * The exact hypervolume dominated by `front` relative to `reference` (values by objective name). Each point is mapped
 * to its gains over the reference (v − r for maximised, r − v for minimised objectives), so the volume is that of the
 * union of the boxes [0, gain]; points not strictly better than the reference everywhere (or incomplete) add nothing.
 *
 * Method: dimension sweep (HSO-style slicing). Points are sorted once by the first gain; the last objective is swept
 * from the top, each slab between consecutive distinct values adding its depth × the (d−1)-dimensional volume of the
 * points reaching it, down to an exact 2-D staircase sweep in O(N) over the presorted points. Cost O(N log N) for
 * d = 2, O(N²) for d = 3, O(N³) for d = 4 (N = a few hundred: well under a second). Dominated and duplicate points
 * are harmless: a union counts each region once.
 */
export function hypervolume(front: readonly ParetoPoint[], objectives: readonly Objective[], reference: Record<string, number>): number {
  if (objectives.length === 0) throw new Error('hypervolume needs at least one objective');
  for (const o of objectives) {
    if (!Number.isFinite(reference[o.name])) throw new Error(`hypervolume: no finite reference value for objective ${o.name}`);
  }
  const gains: number[][] = [];
  for (const p of front) {
    if (!isComplete(p, objectives)) continue;
    const g = objectives.map((o) => (o.direction === 'min' ? reference[o.name] - p.values[o.name] : p.values[o.name] - reference[o.name]));
    if (g.every((x) => x > 0)) gains.push(g);
  }
  if (gains.length === 0) return 0;
  if (objectives.length === 1) return Math.max(...gains.map((g) => g[0]));
  gains.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  return sweep(gains, objectives.length - 1);
}

/** Volume of the union of boxes [0, p] over the first `last + 1` coordinates; `pts` sorted by coordinate 0 descending. */
function sweep(pts: readonly number[][], last: number): number {
  if (last === 1) {
    let area = 0;
    let top = 0;
    for (const p of pts) {
      if (p[1] > top) {
        area += p[0] * (p[1] - top);
        top = p[1];
      }
    }
    return area;
  }
  const byLast = pts.map((_, i) => i).sort((a, b) => pts[b][last] - pts[a][last]);
  const inSlab = new Array<boolean>(pts.length).fill(false);
  let volume = 0;
  for (let k = 0; k < byLast.length; k++) {
    inSlab[byLast[k]] = true;
    const below = k + 1 < byLast.length ? pts[byLast[k + 1]][last] : 0;
    const depth = pts[byLast[k]][last] - below;
    // Ties in the swept coordinate give zero-depth slabs: skip them rather than sweep a slice for nothing.
    if (depth > 0)
      volume +=
        depth *
        sweep(
          pts.filter((_, i) => inSlab[i]),
          last - 1,
        );
  }
  return volume;
}

export interface ParetoSelectOptions {
  /**
   * Probability of drawing from the ranks below the front instead (default 0: only the front). That draw is NSGA-II's
   * binary tournament among the dominated points on (lower rank, then larger crowding distance within its front), so
   * near-front points are preferred but every one can be drawn.
   */
  lowerRankProbability?: number;
}

/**
 * Probabilities of drawing each point of the Pareto front (aligned with `paretoFront(points)`): ∝ crowding distance,
 * so the extremes and the sparse stretches of the front are explored rather than its crowded middle. Infinity (the
 * extremes) counts as twice the largest finite distance — preferred but not exclusive — or 1 when none is positive.
 */
export function paretoSelectionProbabilities<P extends ParetoPoint>(
  points: readonly P[],
  objectives: readonly Objective[],
): { point: P; probability: number }[] {
  return frontProbabilities(paretoFront(points, objectives), objectives);
}

function frontProbabilities<P extends ParetoPoint>(front: readonly P[], objectives: readonly Objective[]): { point: P; probability: number }[] {
  if (front.length === 0) return [];
  const d = crowdingDistance(front, objectives);
  const finite = d.filter((x) => Number.isFinite(x));
  const largest = finite.length ? Math.max(...finite) : 0;
  const inf = largest > 0 ? 2 * largest : 1;
  let w = d.map((x) => (Number.isFinite(x) ? x : inf));
  const total = w.reduce((a, b) => a + b, 0);
  w = total > 0 ? w.map((x) => x / total) : w.map(() => 1 / front.length);
  return front.map((point, i) => ({ point, probability: w[i] }));
}

/** A parent drawn from the Pareto front (see `paretoSelectionProbabilities`); null when no point is complete. */
export function paretoSelect<P extends ParetoPoint>(
  points: readonly P[],
  objectives: readonly Objective[],
  rng: Rng,
  options: ParetoSelectOptions = {},
): P | null {
  const { fronts } = nonDominatedSort(points, objectives);
  if (fronts.length === 0) return null;
  const p = options.lowerRankProbability ?? 0;
  if (fronts.length > 1 && p > 0 && rng.next() < p) {
    const pool: { point: P; rank: number; crowding: number }[] = [];
    fronts.slice(1).forEach((f, r) => {
      const c = crowdingDistance(f, objectives);
      f.forEach((point, i) => {
        pool.push({ point, rank: r + 1, crowding: c[i] });
      });
    });
    const a = rng.pick(pool);
    const b = rng.pick(pool);
    const aWins = a.rank < b.rank || (a.rank === b.rank && a.crowding >= b.crowding);
    return (aWins ? a : b).point;
  }
  const probs = frontProbabilities(fronts[0], objectives);
  return probs[rng.weighted(probs.map((x) => x.probability))].point;
}

function checkRule(objectives: readonly Objective[], rule: ScalarizationRule): void {
  const known = (name: string) => objectives.some((o) => o.name === name);
  if ('primary' in rule) {
    if (!known(rule.primary)) throw new Error(`champion rule: unknown primary objective ${rule.primary}`);
    return;
  }
  for (const [name, w] of Object.entries(rule.weights)) {
    if (!known(name)) throw new Error(`champion rule: weight for unknown objective ${name}`);
    if (!(Number.isFinite(w) && w >= 0)) throw new Error(`champion rule: weight of ${name} must be a finite number ≥ 0`);
  }
}

/**
 * A program's value under the champion rule, higher is better: the primary objective (negated when minimised) or
 * the weighted sum of the objectives (minimised ones negated; an objective without a weight counts 0). Under a
 * primary rule this is only the first key: `compareUnderRule`/`championOf` break its ties with the other objectives.
 * -Infinity when an objective is missing or not finite.
 */
export function scalarize(values: Record<string, number>, objectives: readonly Objective[], rule: ScalarizationRule): number {
  checkRule(objectives, rule);
  if (!objectives.every((o) => Number.isFinite(values[o.name]))) return Number.NEGATIVE_INFINITY;
  const sign = (o: Objective) => (o.direction === 'min' ? -1 : 1);
  if ('primary' in rule) {
    const o = objectives.find((x) => x.name === rule.primary)!;
    return sign(o) * values[o.name];
  }
  return objectives.reduce((sum, o) => sum + (rule.weights[o.name] ?? 0) * sign(o) * values[o.name], 0);
}

/** Positive when `a` beats `b` under the rule: its scalar value, then (primary rule) the others in declaration order. */
export function compareUnderRule(a: Record<string, number>, b: Record<string, number>, objectives: readonly Objective[], rule: ScalarizationRule): number {
  const d = scalarize(a, objectives, rule) - scalarize(b, objectives, rule);
  if (d !== 0 && !Number.isNaN(d)) return d;
  if (!('primary' in rule)) return 0;
  for (const o of objectives) {
    if (o.name === rule.primary) continue;
    const x = o.direction === 'min' ? b[o.name] - a[o.name] : a[o.name] - b[o.name];
    if (x !== 0 && !Number.isNaN(x)) return x;
  }
  return 0;
}

/** The champion: the best point of the Pareto front under the rule (ties: the smaller id); null when no point is complete. */
export function championOf<P extends ParetoPoint>(points: readonly P[], objectives: readonly Objective[], rule: ScalarizationRule): P | null {
  checkRule(objectives, rule);
  let best: P | null = null;
  for (const p of paretoFront(points, objectives)) {
    if (best === null || compareUnderRule(p.values, best.values, objectives, rule) > 0) best = p;
  }
  return best;
}
