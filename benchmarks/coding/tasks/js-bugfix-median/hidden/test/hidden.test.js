import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median } from '../stats.js';

test('median of even length', () => {
  assert.equal(median([10, 2, 8, 4]), 6);
  assert.equal(median([-1, 1]), 0);
});
test('median leaves its input alone', () => {
  const xs = [4, 3, 2, 1];
  median(xs);
  assert.deepEqual(xs, [4, 3, 2, 1]);
});
test('median of odd length', () => assert.equal(median([5]), 5));
test('empty list', () => assert.throws(() => median([]), RangeError));
