/**
 * A seeded generator for contest inputs: 32-bit integer arithmetic only (splitmix32), so a seed gives the same bytes
 * on every machine and every Node version. Never use Math.random or floating point to build an input.
 */
export class CaseRng {
  private state: number;

  constructor(seed: number) {
    this.state = (seed >>> 0) ^ 0x6a09e667;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform integer in [lo, hi] (inclusive, hi - lo < 2^32), by rejection: no modulo bias. */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) throw new Error(`CaseRng.int: bad range [${lo}, ${hi}]`);
    const span = hi - lo + 1;
    if (span > 2 ** 32) throw new Error('CaseRng.int: range wider than 2^32');
    const limit = 2 ** 32 - (2 ** 32 % span);
    for (;;) {
      const x = this.u32();
      if (x < limit) return lo + (x % span);
    }
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** Fisher–Yates, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}
