// How far apart two scores must be before the difference means something. Two sources of noise: the seeds (an
// improver's mean over a few seeds is an estimate; its spread is the pooled standard error the gate uses), and the
// inner runs themselves (above concurrency 1 the same seed does not give the same score). The second is measured, not
// assumed: the default improver is run twice on the training tasks with the same seeds.

import { fmt } from './format.ts';
import type { Stats } from './types.ts';

export interface Noise {
  /** Evaluations in flight in each inner run. */
  concurrency: number;
  /** The default improver's training score per seed, first run and repeat on the same seeds. */
  first: number[];
  repeat: number[];
  /** The largest |repeat − first| over seeds: 0 when every inner run reproduced exactly. */
  repeatSpread: number;
}

/** The repeat measurement from the default improver's two training evaluations on the same seeds. */
export function measureNoise(first: Stats, repeat: Stats, concurrency: number): Noise {
  const spread = first.perSeed.reduce((m, x, i) => Math.max(m, Math.abs(x - (repeat.perSeed[i] ?? Number.NaN))), 0);
  return { concurrency, first: first.perSeed, repeat: repeat.perSeed, repeatSpread: spread };
}

export interface Comparison {
  /** Variant mean − baseline mean. */
  diff: number;
  /** 2 × pooled standard error over seeds + the repeat spread: a difference no larger is within noise. */
  band: number;
  /** The same score as the baseline on every seed: the change had no measurable effect at all. */
  identical: boolean;
  within: boolean;
  text: string;
}

/** A variant's score against the baseline's on the same seeds, stated as within or beyond the noise (no `|`: it goes in tables). */
export function compareWithNoise(variant: Stats, baseline: Stats, noise: Noise | null): Comparison {
  const diff = variant.mean - baseline.mean;
  const se = Math.sqrt(variant.sd ** 2 / Math.max(1, variant.perSeed.length) + baseline.sd ** 2 / Math.max(1, baseline.perSeed.length));
  const band = 2 * se + (noise?.repeatSpread ?? 0);
  const identical = variant.perSeed.length === baseline.perSeed.length && variant.perSeed.every((x, i) => x === baseline.perSeed[i]);
  const within = identical || Math.abs(diff) <= band;
  const signed = `${diff >= 0 ? '+' : ''}${fmt(diff)}`;
  const text = identical
    ? `${signed}: within noise (the same score on every seed: no measurable effect)`
    : within
      ? `${signed}: within noise (band ±${fmt(band)})`
      : `${signed}: beyond noise (band ±${fmt(band)})`;
  return { diff, band, identical, within, text };
}
