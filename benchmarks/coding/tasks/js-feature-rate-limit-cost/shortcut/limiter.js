// Token-bucket rate limiting. Time is passed in explicitly as milliseconds, which keeps the bucket deterministic.

export class TokenBucket {
  constructor({ capacity, refillPerSecond }) {
    if (!(capacity > 0)) throw new RangeError('capacity must be positive');
    if (!(refillPerSecond > 0)) throw new RangeError('refillPerSecond must be positive');
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.tokens = capacity;
    this.updatedAt = null;
  }

  // Adds the tokens earned since the last update. Time never runs backwards for a bucket.
  refill(now) {
    if (this.updatedAt !== null && now > this.updatedAt) {
      const earned = ((now - this.updatedAt) / 1000) * this.refillPerSecond;
      this.tokens = Math.min(this.capacity, this.tokens + earned);
    }
    if (this.updatedAt === null || now > this.updatedAt) this.updatedAt = now;
  }

  // The tokens available at time now.
  available(now) {
    this.refill(now);
    return this.tokens;
  }

  tryRemove(now, cost = 1) {
    if (this.available(now) < cost) return false;
    this.tokens -= cost;
    return true;
  }

  // Milliseconds from now until a token is available (0 if one already is).
  msUntilAvailable(now) {
    const missing = 1 - this.available(now);
    return missing <= 0 ? 0 : Math.ceil((missing / this.refillPerSecond) * 1000);
  }
}
