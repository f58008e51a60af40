import assert from 'node:assert/strict';
import { test } from 'node:test';
import { area, centroid, contains, perimeter, signedArea } from '../polygon.js';

const rectCw = [[0, 0], [0, 2], [3, 2], [3, 0]];
const tri = [[0, 0], [10, 0], [0, 10]];

test('area is positive in both orientations', () => {
  assert.equal(area(rectCw), 6);
  assert.equal(area([...rectCw].reverse()), 6);
  assert.equal(signedArea(rectCw), -6);
});
test('perimeter and centroid', () => {
  assert.equal(perimeter(rectCw), 10);
  assert.deepEqual(centroid(rectCw), [1.5, 1]);
});
test('contains with slanted edges', () => {
  assert.equal(contains(tri, [1, 1]), true);
  assert.equal(contains(tri, [8, 8]), false);
});
