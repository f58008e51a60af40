import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonths, addYears, formatDate, isValidDate } from '../dates.js';

const f = (y, m, d, n) => formatDate(addMonths({ year: y, month: m, day: d }, n));

test('clamping to shorter months', () => {
  assert.equal(f(2024, 1, 31, 1), '2024-02-29');
  assert.equal(f(2024, 3, 31, -1), '2024-02-29');
  assert.equal(f(2023, 3, 30, -1), '2023-02-28');
  assert.equal(f(2023, 5, 31, 1), '2023-06-30');
  assert.equal(f(2023, 8, 31, 1), '2023-09-30');
  assert.equal(f(2023, 12, 31, -3), '2023-09-30');
  assert.equal(f(1900, 1, 29, 1), '1900-02-28');
  assert.equal(f(2000, 1, 30, 1), '2000-02-29');
});
test('no clamping needed', () => {
  assert.equal(f(2023, 1, 31, 2), '2023-03-31');
  assert.equal(f(2023, 2, 28, 1), '2023-03-28');
  assert.equal(f(2023, 6, 30, 0), '2023-06-30');
});
test('addYears from Feb 29', () => {
  assert.equal(formatDate(addYears({ year: 2024, month: 2, day: 29 }, 1)), '2025-02-28');
  assert.equal(formatDate(addYears({ year: 2024, month: 2, day: 29 }, 4)), '2028-02-29');
});
test('results are valid', () => {
  for (let m = 1; m <= 12; m++) for (let n = -25; n <= 25; n++) assert.ok(isValidDate(addMonths({ year: 2023, month: m, day: 31 }, n)));
});
