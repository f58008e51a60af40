import assert from 'node:assert/strict';
import { test } from 'node:test';
import { area, contains, isClockwise } from '../polygon.js';

const tri = [[0, 0], [10, 0], [0, 10]];
const ell = [[0, 0], [4, 0], [4, 1], [1, 1], [1, 4], [0, 4]];
const diamond = [[2, 0], [4, 2], [2, 4], [0, 2]];

test('areas', () => {
  assert.equal(area(tri), 50);
  assert.equal(area([...ell].reverse()), 7);
  assert.equal(area(diamond), 8);
  assert.equal(isClockwise([...tri].reverse()), true);
});
test('interior and exterior points', () => {
  assert.equal(contains(tri, [4.9, 4.9]), true);
  assert.equal(contains(tri, [5.1, 5.1]), false);
  assert.equal(contains(ell, [0.5, 3]), true);
  assert.equal(contains(ell, [2, 2]), false);
  assert.equal(contains(diamond, [2, 2]), true);
  assert.equal(contains(diamond, [0.5, 0.5]), false);
  assert.equal(contains(diamond, [3.4, 2.5]), true);
  assert.equal(contains(diamond, [-1, 2]), false);
});
test('boundary counts as inside', () => {
  assert.equal(contains(tri, [5, 5]), true);
  assert.equal(contains(tri, [0, 0]), true);
  assert.equal(contains(tri, [10, 0]), true);
  assert.equal(contains(tri, [0, 7]), true);
  assert.equal(contains(ell, [4, 0.5]), true);
  assert.equal(contains(ell, [2, 1]), true);
  assert.equal(contains(diamond, [3, 3]), true);
  assert.equal(contains(diamond, [4, 2]), true);
});
