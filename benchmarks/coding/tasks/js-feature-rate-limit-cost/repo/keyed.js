// One token bucket per key (user id, IP address...), created on first use.
import { TokenBucket } from './limiter.js';

export class KeyedLimiter {
  constructor(options) {
    this.options = options;
    this.buckets = new Map();
  }

  bucket(key) {
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(this.options);
      this.buckets.set(key, b);
    }
    return b;
  }

  allow(key, now) {
    return this.bucket(key).tryRemove(now);
  }

  // Drops buckets that have been full for a while: they behave exactly like new ones.
  prune(now) {
    for (const [key, b] of this.buckets) {
      b.refill(now);
      if (b.tokens >= b.capacity) this.buckets.delete(key);
    }
  }
}
