import assert from 'node:assert/strict';
import { test } from 'node:test';
import { determinant, fromRows, multiply, transpose } from '../src/matrix.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} is not ${b}`);

test('3x3 that needs one swap', () => close(determinant(fromRows([[0, 2, 1], [3, 1, 0], [1, 1, 1]])), -4));
test('3x3 that needs two swaps', () => close(determinant(fromRows([[0, 0, 2], [0, 3, 0], [4, 0, 0]])), -24));
test('cyclic permutation is even', () => close(determinant(fromRows([[0, 1, 0], [0, 0, 1], [1, 0, 0]])), 1));
test('pivoting for size, not for zeros', () => close(determinant(fromRows([[1, 2], [3, 4]])), -2));
test('4x4', () => close(determinant(fromRows([[1, 0, 2, -1], [3, 0, 0, 5], [2, 1, 4, -3], [1, 0, 5, 0]])), 30));
test('singular', () => assert.equal(determinant(fromRows([[1, 2], [2, 4]])), 0));
test('1x1 and negative entries', () => {
  close(determinant(fromRows([[-7]])), -7);
  close(determinant(fromRows([[-2, 1], [1, -3]])), 5);
});
test('det(AB) = det(A)det(B) and det(Aᵀ) = det(A)', () => {
  const a = fromRows([[2, -1, 0], [1, 3, 2], [0, 5, -4]]);
  const b = fromRows([[1, 4, 1], [0, 2, 6], [3, 0, 1]]);
  close(determinant(multiply(a, b)), determinant(a) * determinant(b));
  close(determinant(transpose(b)), determinant(b));
});
test('non-square', () => assert.throws(() => determinant(fromRows([[1, 2, 3]])), RangeError));
