import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countRunsWithSum, maxRunSum } from '../src/runs.ts';

test('count runs', () => {
  assert.equal(countRunsWithSum([1, 2, 3], 3), 2);
  assert.equal(countRunsWithSum([1, 1, 1], 2), 2);
  assert.equal(countRunsWithSum([], 0), 0);
});
test('max run', () => assert.equal(maxRunSum([-2, 1, -3, 4, -1, 2, 1, -5, 4]), 6));
