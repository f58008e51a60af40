import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IntervalSet } from '../src/intervals.ts';

test('split in the middle', () => {
  const s = new IntervalSet([[0, 100]]).remove(40, 50);
  assert.equal(s.toString(), '[0, 40) [50, 100)');
  assert.equal(s.size, 90);
  assert.equal(s.has(45), false);
  assert.equal(s.has(50), true);
});

test('trim the right end', () => assert.equal(new IntervalSet([[0, 10]]).remove(7, 20).toString(), '[0, 7)'));
test('trim the left end', () => assert.equal(new IntervalSet([[0, 10]]).remove(-1, 2).toString(), '[2, 10)'));
test('remove a whole interval', () => assert.equal(new IntervalSet([[0, 2], [5, 8]]).remove(0, 2).toString(), '[5, 8)'));
test('remove across several', () =>
  assert.equal(new IntervalSet([[0, 4], [6, 8], [10, 14]]).remove(2, 12).toString(), '[0, 2) [12, 14)'));
test('remove nothing', () => assert.equal(new IntervalSet([[0, 4]]).remove(4, 9).remove(2, 2).toString(), '[0, 4)'));
test('exact bounds split', () => assert.equal(new IntervalSet([[1, 9]]).remove(1, 9).isEmpty, true));

test('difference splits', () => {
  const a = IntervalSet.parse('[0, 20) [30, 40)');
  const b = IntervalSet.parse('[5, 6) [10, 12) [35, 36)');
  assert.equal(a.difference(b).toString(), '[0, 5) [6, 10) [12, 20) [30, 35) [36, 40)');
});

test('gaps and covers after a split', () => {
  const s = new IntervalSet([[0, 10]]).remove(4, 5);
  assert.deepEqual(s.gaps(0, 12), [[4, 5], [10, 12]]);
  assert.equal(s.covers(5, 10), true);
  assert.equal(s.covers(3, 6), false);
  assert.equal(s.overlaps(4, 5), false);
});

test('other operations', () => {
  const a = IntervalSet.parse('[0, 5) [8, 10)');
  const b = IntervalSet.parse('[3, 9)');
  assert.equal(a.union(b).toString(), '[0, 10)');
  assert.equal(a.intersection(b).toString(), '[3, 5) [8, 9)');
  assert.throws(() => a.remove(5, 1), RangeError);
});

test('bounds', () => {
  assert.deepEqual(new IntervalSet([[2, 4], [7, 9]]).remove(3, 8).bounds, [2, 9]);
  assert.equal(new IntervalSet().bounds, undefined);
});
