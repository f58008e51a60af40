import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCents } from '../money.js';

test('accounting leaves non-negative amounts alone', () => {
  assert.equal(formatCents(123450, { accounting: true }), '$1,234.50');
  assert.equal(formatCents(0, { accounting: true }), '$0.00');
});
test('accounting with other options', () => {
  assert.equal(formatCents(-123456789, { accounting: true, symbol: '€', thousands: '.', decimal: ',' }), '(€1.234.567,89)');
  assert.equal(formatCents(-7, { accounting: true, symbol: '' }), '(0.07)');
});
test('default and explicit false', () => {
  assert.equal(formatCents(-99, { accounting: false }), '-$0.99');
  assert.equal(formatCents(-100000), '-$1,000.00');
});
