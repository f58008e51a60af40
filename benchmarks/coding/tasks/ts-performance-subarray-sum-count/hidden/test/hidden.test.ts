import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countRunsWithSum } from '../src/runs.ts';

test('negative values and zero targets', () => {
  assert.equal(countRunsWithSum([1, -1, 1, -1], 0), 4);
  assert.equal(countRunsWithSum([3, 4, -7, 1, 3, 3, 1, -4], 7), 4);
  assert.equal(countRunsWithSum([0, 0, 0], 0), 6);
  assert.equal(countRunsWithSum([-5], -5), 1);
  assert.throws(() => countRunsWithSum([1.5], 1), RangeError);
});

test('a year of minute counters (525,600 values)', () => {
  const n = 525_600;
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = ((i * 37) % 11) - 5; // values in -5..5, period 11, sum over a period = 0
  // brute force over one small window agrees
  const small = values.slice(0, 300);
  let brute = 0;
  for (let i = 0; i < small.length; i++) {
    let s = 0;
    for (let j = i; j < small.length; j++) if ((s += small[j]) === 3) brute++;
  }
  assert.equal(countRunsWithSum(small, 3), brute);
  assert.ok(countRunsWithSum(values, 0) > 10_000_000_000);
  assert.equal(countRunsWithSum(values, 1000), 0);
});

test('all ones', () => {
  const ones = new Array<number>(50_000).fill(1);
  assert.equal(countRunsWithSum(ones, 1), 50_000);
  assert.equal(countRunsWithSum(ones, 50_000), 1);
  assert.equal(countRunsWithSum(ones, 0), 0);
});
