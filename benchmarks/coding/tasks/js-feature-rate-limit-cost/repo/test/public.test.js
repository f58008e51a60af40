import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyedLimiter } from '../keyed.js';
import { TokenBucket } from '../limiter.js';

test('one token per call by default', () => {
  const b = new TokenBucket({ capacity: 2, refillPerSecond: 1 });
  assert.equal(b.tryRemove(0), true);
  assert.equal(b.tryRemove(0), true);
  assert.equal(b.tryRemove(0), false);
  assert.equal(b.msUntilAvailable(0), 1000);
  assert.equal(b.tryRemove(1000), true);
});
test('weighted calls', () => {
  const b = new TokenBucket({ capacity: 10, refillPerSecond: 2 });
  assert.equal(b.tryRemove(0, 8), true);
  assert.equal(b.tryRemove(0, 5), false);
  assert.equal(b.tryRemove(1500, 5), true);
});
test('keyed limiter', () => {
  const l = new KeyedLimiter({ capacity: 10, refillPerSecond: 1 });
  assert.equal(l.allow('alice', 0, 10), true);
  assert.equal(l.allow('alice', 0), false);
  assert.equal(l.allow('bob', 0, 4), true);
});
