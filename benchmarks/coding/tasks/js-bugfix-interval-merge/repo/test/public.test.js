import assert from 'node:assert/strict';
import { test } from 'node:test';
import { merge, totalLength } from '../intervals.js';
import { freeSlots } from '../schedule.js';

test('merge overlapping', () => assert.deepEqual(merge([[5, 8], [1, 4], [3, 6]]), [[1, 8]]));
test('totalLength', () => assert.equal(totalLength([[0, 2], [10, 12]]), 4));
test('freeSlots with back-to-back meetings', () => {
  assert.deepEqual(freeSlots([[540, 600], [600, 660]], 480, 1020), [[480, 540], [660, 1020]]);
});
