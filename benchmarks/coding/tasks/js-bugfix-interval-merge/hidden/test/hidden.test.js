import assert from 'node:assert/strict';
import { test } from 'node:test';
import { merge, totalLength } from '../intervals.js';
import { busyMinutes, firstFit, freeSlots } from '../schedule.js';

test('merge touching intervals', () => {
  assert.deepEqual(merge([[3, 5], [1, 3]]), [[1, 5]]);
  assert.deepEqual(merge([[1, 2], [2, 2], [2, 4], [6, 7]]), [[1, 4], [6, 7]]);
  assert.equal(totalLength([[0, 5], [5, 10]]), 10);
});
test('merge leaves input alone', () => {
  const xs = [[4, 6], [1, 4]];
  merge(xs);
  assert.deepEqual(xs, [[4, 6], [1, 4]]);
});
test('freeSlots', () => {
  assert.deepEqual(freeSlots([], 480, 1020), [[480, 1020]]);
  assert.deepEqual(freeSlots([[400, 500], [1000, 1100]], 480, 1020), [[500, 1000]]);
  assert.deepEqual(freeSlots([[480, 1020]], 480, 1020), []);
  assert.deepEqual(freeSlots([[700, 720], [600, 650], [640, 700]], 480, 1020), [[480, 600], [720, 1020]]);
});
test('firstFit and busyMinutes', () => {
  assert.equal(firstFit([[480, 600]], 480, 1020, 120), 600);
  assert.equal(firstFit([[480, 1000]], 480, 1020, 30), null);
  assert.equal(busyMinutes([[470, 500], [500, 530]], 480, 1020), 50);
});
