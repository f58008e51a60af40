import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCents, parseCents, splitEvenly } from '../money.js';

test('formatCents', () => {
  assert.equal(formatCents(123456), '$1,234.56');
  assert.equal(formatCents(-5), '-$0.05');
});
test('accounting negatives', () => assert.equal(formatCents(-123450, { accounting: true }), '($1,234.50)'));
test('parseCents', () => assert.equal(parseCents('-$1,000.5'), -100050));
test('splitEvenly', () => assert.deepEqual(splitEvenly(100, 3), [34, 33, 33]));
