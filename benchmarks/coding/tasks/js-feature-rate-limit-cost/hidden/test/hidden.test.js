import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedLimiter } from '../keyed.js';
import { TokenBucket } from '../limiter.js';

test('a refused weighted call takes nothing', () => {
  const b = new TokenBucket({ capacity: 5, refillPerSecond: 1 });
  assert.equal(b.tryRemove(0, 3), true);
  assert.equal(b.tryRemove(0, 3), false);
  assert.equal(b.tryRemove(0, 2), true);
  assert.equal(b.tryRemove(0, 0.5), false);
  assert.equal(b.tryRemove(500, 0.5), true);
  assert.equal(b.msUntilAvailable(500), 1000);
});
test('cost equal to capacity is fine, larger is a RangeError', () => {
  const b = new TokenBucket({ capacity: 4, refillPerSecond: 4 });
  assert.equal(b.tryRemove(0, 4), true);
  assert.equal(b.tryRemove(999, 4), false);
  assert.equal(b.tryRemove(1000, 4), true);
  assert.throws(() => b.tryRemove(5000, 5), RangeError);
  assert.throws(() => b.tryRemove(5000, 4.5), RangeError);
  assert.throws(() => b.tryRemove(5000, 0), RangeError);
  assert.throws(() => b.tryRemove(5000, -1), RangeError);
  assert.throws(() => b.tryRemove(5000, 'x'), RangeError);
  assert.equal(b.tryRemove(5000, 4), true);
  const l = new KeyedLimiter({ capacity: 3, refillPerSecond: 1 });
  assert.throws(() => l.allow('k', 0, 4), RangeError);
});
test('refill is capped at capacity', () => {
  const b = new TokenBucket({ capacity: 3, refillPerSecond: 10 });
  b.tryRemove(0, 3);
  assert.equal(b.tryRemove(100000, 3), true);
  assert.equal(b.tryRemove(100000, 1), false);
});
