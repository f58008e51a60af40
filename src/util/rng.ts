import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random source. Every random choice in a run goes through one, so runs are reproducible. */
export class Rng {
  private readonly gen: ReturnType<typeof xoroshiro128plus>;

  /** `stream` derives independent sequences from one run seed (e.g. one per proposal), so resume needs no saved state. */
  constructor(seed: number, stream = 0) {
    this.gen = xoroshiro128plus(mix32(seed, stream));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return uniformInt(this.gen, lo, hi);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick on an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /** Index drawn with probability proportional to `weights` (non-negative; all zero → uniform). */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((s, w) => s + (w > 0 && Number.isFinite(w) ? w : 0), 0);
    if (!(total > 0)) return this.int(0, weights.length - 1);
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] > 0 && Number.isFinite(weights[i]) ? weights[i] : 0;
      if (x < w) return i;
      x -= w;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `k` distinct items in random order (all of them when k ≥ length). */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, Math.max(0, k));
  }
}

/** A 32-bit hash of (seed, stream) so that nearby seeds and streams give unrelated generators. */
function mix32(seed: number, stream: number): number {
  let h = (seed | 0) ^ Math.imul(stream | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
