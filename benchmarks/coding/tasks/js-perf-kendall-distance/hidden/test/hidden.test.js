import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kendallDistance, kendallTau } from '../ranking.js';

test('small cases and errors', () => {
  assert.equal(kendallDistance([], []), 0);
  assert.equal(kendallDistance(['x'], ['x']), 0);
  assert.equal(kendallDistance([3, 1, 2, 5, 4], [1, 2, 3, 4, 5]), 3);
  assert.equal(kendallDistance(['d', 'c', 'b', 'a', 'e'], ['a', 'b', 'c', 'd', 'e']), 6);
  assert.throws(() => kendallDistance(['a', 'b'], ['a', 'c']), RangeError);
  assert.throws(() => kendallDistance(['a', 'a'], ['a', 'b']), RangeError);
  assert.throws(() => kendallDistance(['a'], ['a', 'b']), RangeError);
  assert.equal(kendallTau(['a'], ['a']), 1);
});
test('150 000 items', () => {
  const n = 150000;
  const b = Array.from({ length: n }, (_, i) => (i * 7919) % n);
  const reversed = [...b].reverse();
  assert.equal(kendallDistance(reversed, b), (n * (n - 1)) / 2);
  // Rotate by one: the first item now comes last, n - 1 discordant pairs.
  assert.equal(kendallDistance([...b.slice(1), b[0]], b), n - 1);
});
