import assert from 'node:assert/strict';
import { test } from 'node:test';
import { determinant, fromRows, inverse, multiply, identity, equals } from '../src/matrix.ts';

test('determinant of a diagonal matrix', () => assert.equal(determinant(fromRows([[2, 0], [0, 3]])), 6));
test('determinant of a permutation matrix', () => assert.equal(determinant(fromRows([[0, 1], [1, 0]])), -1));
test('inverse', () => {
  const m = fromRows([[4, 7], [2, 6]]);
  assert.ok(equals(multiply(m, inverse(m)), identity(2)));
});
