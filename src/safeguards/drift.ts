import { cosine } from '../models/embeddings.ts';

export interface DriftInput {
  /** Programs evaluated in the window, in order. */
  window: { correct: boolean; failed: boolean; violation: boolean; features?: Record<string, number>; vector?: number[] }[];
  seed: { features?: Record<string, number>; vector?: number[] };
  /** Search − holdout score of the champions promoted or refused so far. */
  holdoutGaps: number[];
}

export interface DriftMeasure {
  /** Mean distance of the window's correct programs from the seed in behaviour features (relative to the seed's scale). */
  featureDistance: number | null;
  /** Mean 1 − cosine of the window's programs to the seed's embedding. */
  embeddingDistance: number | null;
  failureRate: number;
  violationRate: number;
  /** Largest search−holdout gap of the champions so far. */
  holdoutGap: number | null;
}

export function measureDrift(input: DriftInput): DriftMeasure {
  const n = input.window.length || 1;
  const seedF = input.seed.features;
  const fd = seedF
    ? input.window
        .filter((p) => p.correct && p.features)
        .map((p) => {
          const keys = Object.keys(seedF);
          const sq = keys.reduce((s, k) => {
            const scale = Math.abs(seedF[k]) || 1;
            return s + (((p.features![k] ?? 0) - seedF[k]) / scale) ** 2;
          }, 0);
          return Math.sqrt(sq / Math.max(1, keys.length));
        })
    : [];
  const ed = input.seed.vector ? input.window.filter((p) => p.vector).map((p) => 1 - cosine(p.vector!, input.seed.vector!)) : [];
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  return {
    featureDistance: mean(fd),
    embeddingDistance: mean(ed),
    failureRate: input.window.filter((p) => p.failed).length / n,
    violationRate: input.window.filter((p) => p.violation).length / n,
    holdoutGap: input.holdoutGaps.length ? Math.max(...input.holdoutGaps) : null,
  };
}

export interface DriftThresholds {
  maxFailureRate?: number;
  maxViolationRate?: number;
  maxFeatureDistance?: number;
  maxEmbeddingDistance?: number;
  maxHoldoutGap?: number;
}

/** The thresholds a measure crosses, in words. */
export function driftWarnings(m: DriftMeasure, t: DriftThresholds): string[] {
  const out: string[] = [];
  const over = (name: string, value: number | null, limit: number | undefined) => {
    if (limit !== undefined && value !== null && value > limit) out.push(`${name} ${value.toFixed(3)} > ${limit}`);
  };
  over('failure rate', m.failureRate, t.maxFailureRate);
  over('violation rate', m.violationRate, t.maxViolationRate);
  over('feature distance from the seed', m.featureDistance, t.maxFeatureDistance);
  over('embedding distance from the seed', m.embeddingDistance, t.maxEmbeddingDistance);
  over('search−holdout gap', m.holdoutGap, t.maxHoldoutGap);
  return out;
}
