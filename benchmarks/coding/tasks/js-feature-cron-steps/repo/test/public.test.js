import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CronError, matches, minutesOfDay, parseCron, parseField } from '../cron.js';

test('lists and ranges', () => {
  assert.deepEqual(parseField('1-3,7', 0, 59), [1, 2, 3, 7]);
  assert.throws(() => parseField('60', 0, 59), CronError);
});
test('steps', () => {
  assert.deepEqual(parseCron('*/15 9 * * 1-5').minute, [0, 15, 30, 45]);
  assert.deepEqual(minutesOfDay(parseCron('*/30 8 * * *')), [480, 510]);
});
test('matches', () => {
  const s = parseCron('0 12 * * 0');
  assert.equal(matches(s, { minute: 0, hour: 12, day: 3, month: 5, weekday: 0 }), true);
});
