import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenBucket } from '../src/bucket.ts';

function fakeClock(start = 0) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => { now += ms; } };
}

test('takes until empty, then refuses', () => {
  const c = fakeClock();
  const b = new TokenBucket({ capacity: 2, refillPerSecond: 1, clock: c.clock });
  assert.equal(b.tryTake(), true);
  assert.equal(b.tryTake(), true);
  assert.equal(b.tryTake(), false);
  c.advance(1000);
  assert.equal(b.tryTake(), true);
});

test('never holds more than its capacity', () => {
  const c = fakeClock();
  const b = new TokenBucket({ capacity: 3, refillPerSecond: 2, clock: c.clock });
  b.tryTake(3);
  c.advance(60_000);
  assert.equal(b.available(), 3);
});
