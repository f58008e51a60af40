import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addMonths, formatDate, isValidDate } from '../dates.js';

test('simple month steps', () => {
  assert.equal(formatDate(addMonths({ year: 2023, month: 11, day: 15 }, 3)), '2024-02-15');
  assert.equal(formatDate(addMonths({ year: 2023, month: 1, day: 15 }, -2)), '2022-11-15');
});
test('end of month is clamped', () => {
  const d = addMonths({ year: 2023, month: 1, day: 31 }, 1);
  assert.deepEqual(d, { year: 2023, month: 2, day: 28 });
  assert.ok(isValidDate(d));
});
