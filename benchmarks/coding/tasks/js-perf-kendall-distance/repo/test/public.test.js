import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kendallDistance, kendallTau, topKOverlap } from '../ranking.js';

test('distance', () => {
  assert.equal(kendallDistance(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']), 0);
  assert.equal(kendallDistance(['a', 'b', 'c', 'd'], ['b', 'a', 'd', 'c']), 2);
  assert.equal(kendallDistance(['a', 'b', 'c'], ['c', 'b', 'a']), 3);
});
test('tau and overlap', () => {
  assert.equal(kendallTau([1, 2, 3], [3, 2, 1]), -1);
  assert.deepEqual(topKOverlap(['x', 'y', 'z'], ['z', 'x', 'w'], 2), ['x']);
});
test('a thousand items', () => {
  const a = Array.from({ length: 1000 }, (_, i) => i);
  assert.equal(kendallDistance(a, [...a].reverse()), 499500);
});
