import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenBucket } from '../src/bucket.ts';

function fakeClock(start = 0) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => { now += ms; } };
}

test('capacity is a ceiling', () => {
  const c = fakeClock(5000);
  const b = new TokenBucket({ capacity: 5, refillPerSecond: 10, clock: c.clock });
  c.advance(10_000);
  assert.equal(b.available(), 5);
  assert.equal(b.tryTake(5), true);
  assert.equal(b.tryTake(), false);
});

test('partial seconds are not lost when polled often', () => {
  const c = fakeClock();
  const b = new TokenBucket({ capacity: 4, refillPerSecond: 2, clock: c.clock });
  assert.equal(b.tryTake(4), true);
  let granted = 0;
  for (let i = 0; i < 8; i++) {
    c.advance(250);
    if (b.tryTake()) granted++;
  }
  // 2 s at 2 tokens/s
  assert.equal(granted, 4);
});

test('fractional refill', () => {
  const c = fakeClock();
  const b = new TokenBucket({ capacity: 10, refillPerSecond: 4, clock: c.clock });
  b.tryTake(10);
  c.advance(500);
  assert.equal(b.available(), 2);
  c.advance(125);
  assert.equal(b.available(), 2.5);
  assert.equal(b.msUntil(3), 125);
});

test('msUntil', () => {
  const c = fakeClock();
  const b = new TokenBucket({ capacity: 2, refillPerSecond: 1, clock: c.clock });
  assert.equal(b.msUntil(2), 0);
  b.tryTake(2);
  assert.equal(b.msUntil(1), 1000);
  c.advance(400);
  assert.equal(b.msUntil(1), 600);
  assert.equal(b.msUntil(3), Infinity);
});

test('zero refill rate', () => {
  const c = fakeClock();
  const b = new TokenBucket({ capacity: 1, refillPerSecond: 0, clock: c.clock });
  b.tryTake();
  c.advance(99_000);
  assert.equal(b.tryTake(), false);
  assert.equal(b.msUntil(), Infinity);
});

test('invalid options', () => {
  const c = fakeClock();
  assert.throws(() => new TokenBucket({ capacity: 0, refillPerSecond: 1, clock: c.clock }), RangeError);
  assert.throws(() => new TokenBucket({ capacity: 1, refillPerSecond: -1, clock: c.clock }), RangeError);
});
