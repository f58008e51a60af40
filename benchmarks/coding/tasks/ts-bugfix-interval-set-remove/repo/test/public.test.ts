import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntervalSet } from '../src/intervals.ts';

test('add merges', () => {
  const s = new IntervalSet().add(1, 3).add(3, 5).add(10, 12);
  assert.equal(s.toString(), '[1, 5) [10, 12)');
  assert.equal(s.size, 6);
});

test('remove trims the left end', () => {
  const s = new IntervalSet([[0, 10]]).remove(-5, 4);
  assert.equal(s.toString(), '[4, 10)');
});

test('remove from the middle splits', () => {
  const s = new IntervalSet([[0, 10]]).remove(3, 6);
  assert.deepEqual(s.intervals(), [[0, 3], [6, 10]]);
});
