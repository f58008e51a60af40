// Token-bucket rate limiter. The clock is injected so that callers (and tests) control time.

export type Clock = () => number; // milliseconds

export interface BucketOptions {
  capacity: number; // most tokens the bucket can hold
  refillPerSecond: number;
  clock: Clock;
}

export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  #clock: Clock;
  #tokens: number;
  #last: number;

  constructor(options: BucketOptions) {
    if (options.capacity <= 0) throw new RangeError('capacity must be positive');
    if (options.refillPerSecond < 0) throw new RangeError('refill rate must not be negative');
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.#clock = options.clock;
    this.#tokens = options.capacity;
    this.#last = options.clock();
  }

  #refill(): void {
    const now = this.#clock();
    const elapsed = now - this.#last;
    this.#tokens = Math.min(this.capacity, this.#tokens + Math.floor(elapsed / 1000) * this.refillPerSecond);
    this.#last = now;
  }

  available(): number {
    this.#refill();
    return this.#tokens;
  }

  tryTake(count = 1): boolean {
    if (count <= 0) throw new RangeError('count must be positive');
    this.#refill();
    if (this.#tokens < count) return false;
    this.#tokens -= count;
    return true;
  }

  msUntil(count = 1): number {
    if (count > this.capacity) return Infinity;
    this.#refill();
    if (this.#tokens >= count) return 0;
    if (this.refillPerSecond === 0) return Infinity;
    return Math.ceil(((count - this.#tokens) / this.refillPerSecond) * 1000);
  }
}
