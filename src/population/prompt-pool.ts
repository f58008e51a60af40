// The prompt variants of a run: a population of its own beside the programs'. Each variant is a piece of guidance
// (a few instruction lines) that the LLM operators put into their system prompt. A variant's statistics are never
// stored as counters: they are read off the program record (every proposal's row names the variant it was written
// with), so they are exactly what the record says, survive a kill -9, and cannot drift from the programs.

import type { Rng } from '../util/rng.ts';

/** The data of a `prompt.variant` event, as far as the pool reads it. */
type VariantEvent = Omit<PromptVariant, 'retired'>;

/** Where a variant came from: the built-in prompt, an offline recombination of fragments, a model's rewrite, an import. */
export type VariantOrigin = 'seed' | 'recombined' | 'model' | 'imported';

export interface PromptVariant {
  /** 1, 2, … within the run. */
  id: number;
  /** Which pool holds it: the island's number, or 0 when the islands share one pool. */
  pool: number;
  parent: number | null;
  /** A second parent (a recombination or a model's rewrite of two variants). */
  other: number | null;
  origin: VariantOrigin;
  /** The guidance: '' is the built-in prompt alone. */
  text: string;
  /** The proposal sample at which it was made (0 for the initial variants). */
  sample: number;
  /** Retired from its pool (kept on the record; never chosen again). */
  retired: boolean;
}

export interface VariantStats {
  /** Proposals written with it (pending ones included). */
  uses: number;
  /** Proposals whose outcome is known: evaluated, failed or rejected. */
  decided: number;
  /** Children that ran and were correct. */
  correct: number;
  /** Correct children that scored above their parent (or whose parent had no score). */
  improved: number;
  /** Dollars spent on proposals written with it. */
  cost: number;
}

/** What the statistics need of a program row. */
export interface VariantRow {
  prompt_variant_id: number | null;
  status: string;
  correct: number | null;
  score: number | null;
  parent_id: number | null;
  cost: number | null;
}

const EMPTY: VariantStats = { uses: 0, decided: 0, correct: 0, improved: 0, cost: 0 };

/** Every variant's statistics, from the rows; `scoreOf` gives a parent's score (null when it has none). */
export function variantStats(rows: readonly VariantRow[], scoreOf: (id: number) => number | null): Map<number, VariantStats> {
  const out = new Map<number, VariantStats>();
  for (const r of rows) {
    if (r.prompt_variant_id === null || r.status === 'migrant') continue;
    const s = { ...(out.get(r.prompt_variant_id) ?? EMPTY) };
    s.uses++;
    s.cost += r.cost ?? 0;
    if (r.status !== 'pending') {
      s.decided++;
      if (r.status === 'evaluated' && r.correct === 1) {
        s.correct++;
        const parent = r.parent_id === null ? null : scoreOf(r.parent_id);
        if (parent === null || (r.score !== null && r.score > parent)) s.improved++;
      }
    }
    out.set(r.prompt_variant_id, s);
  }
  return out;
}

export const statsOf = (stats: ReadonlyMap<number, VariantStats>, id: number): VariantStats => stats.get(id) ?? EMPTY;

/** The posterior mean of a variant's improvement rate (uniform prior): what ranks variants. */
export function improvementRate(s: VariantStats): number {
  return (1 + s.improved) / (2 + s.decided);
}

/** Weight of the pool's own rate as the prior of a variant's: worth this many proposals. */
const PRIOR_STRENGTH = 2;

/**
 * Thompson sampling: each active variant draws from Beta(a + improved, b + decided − improved), the highest draw wins.
 * The prior (a, b) is the pool's improvement rate over its active variants, worth two proposals: a new variant starts
 * as good as the pool is, not at an optimistic 50 % that would spend proposals on every newcomer.
 */
export function chooseVariant(active: readonly PromptVariant[], stats: ReadonlyMap<number, VariantStats>, rng: Rng): PromptVariant {
  const pool = active.reduce((t, v) => ({ improved: t.improved + statsOf(stats, v.id).improved, decided: t.decided + statsOf(stats, v.id).decided }), {
    improved: 0,
    decided: 0,
  });
  const rate = (1 + pool.improved) / (2 + pool.decided);
  const [a, b] = [PRIOR_STRENGTH * rate, PRIOR_STRENGTH * (1 - rate)];
  let best = active[0];
  let bestDraw = Number.NEGATIVE_INFINITY;
  for (const v of active) {
    const s = statsOf(stats, v.id);
    const draw = betaSample(a + s.improved, b + s.decided - s.improved, rng);
    if (draw > bestDraw) {
      best = v;
      bestDraw = draw;
    }
  }
  return best;
}

/** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function betaSample(a: number, b: number, rng: Rng): number {
  const x = gammaSample(a, rng);
  const y = gammaSample(b, rng);
  return x + y > 0 ? x / (x + y) : 0.5;
}

/** Marsaglia and Tsang's method (shape ≥ 1; smaller shapes boosted by U^(1/shape)). */
function gammaSample(shape: number, rng: Rng): number {
  if (shape < 1) return gammaSample(shape + 1, rng) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(Math.max(u, Number.MIN_VALUE)) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * The pair an evolution step works from: the best-ranked variant with enough decided uses (else the best-ranked of
 * all) and the runner-up (null when the pool holds one variant).
 */
export function parentsOf(active: readonly PromptVariant[], stats: ReadonlyMap<number, VariantStats>, minUses: number): [PromptVariant, PromptVariant | null] {
  const ranked = [...active].sort((a, b) => improvementRate(statsOf(stats, b.id)) - improvementRate(statsOf(stats, a.id)) || a.id - b.id);
  const proven = ranked.filter((v) => statsOf(stats, v.id).decided >= minUses);
  const first = proven[0] ?? ranked[0];
  return [first, ranked.find((v) => v !== first) ?? null];
}

/**
 * The variant to retire when a pool is over size: the lowest-ranked one (never the newest), if it has enough decided
 * uses to be judged. An unproven variant at the bottom waits for evidence (the pool may run up to two over size
 * meanwhile); beyond that the lowest-ranked goes, proven or not. Null: retire nothing yet.
 */
export function retiree(active: readonly PromptVariant[], stats: ReadonlyMap<number, VariantStats>, minUses: number, size: number): PromptVariant | null {
  const newest = Math.max(...active.map((v) => v.id));
  const ranked = active
    .filter((v) => v.id !== newest)
    .sort((a, b) => improvementRate(statsOf(stats, a.id)) - improvementRate(statsOf(stats, b.id)) || a.id - b.id);
  const lowest = ranked[0];
  if (!lowest) return null;
  return statsOf(stats, lowest.id).decided >= minUses || active.length > size + 2 ? lowest : null;
}

/** The variants of a run, rebuilt from its `prompt.variant` and `prompt.retired` events (a resumed run continues them). */
export function variantsFromEvents(events: readonly { type: string; data_json: string }[]): PromptVariant[] {
  const variants = new Map<number, PromptVariant>();
  for (const e of events) {
    if (e.type === 'prompt.variant') {
      const d = JSON.parse(e.data_json) as VariantEvent;
      variants.set(d.id, { id: d.id, pool: d.pool, parent: d.parent, other: d.other, origin: d.origin, text: d.text, sample: d.sample, retired: false });
    } else if (e.type === 'prompt.retired') {
      const d = JSON.parse(e.data_json) as { id: number };
      const v = variants.get(d.id);
      if (v) v.retired = true;
    }
  }
  return [...variants.values()].sort((a, b) => a.id - b.id);
}

/** Decided proposals before a variant counts as proven in reports (status, export). */
export const PROVEN = 5;

/**
 * The variant reports name as the best: the best-ranked among those with at least {@link PROVEN} decided proposals,
 * else the one with the most decided proposals (an unused newcomer's optimistic rate is no evidence).
 */
export function bestVariant<T extends { id: number; stats: VariantStats; rate: number }>(variants: readonly T[]): T | undefined {
  const proven = variants.filter((v) => v.stats.decided >= PROVEN).sort((a, b) => b.rate - a.rate || a.id - b.id);
  return proven[0] ?? [...variants].sort((a, b) => b.stats.decided - a.stats.decided || a.id - b.id)[0];
}
