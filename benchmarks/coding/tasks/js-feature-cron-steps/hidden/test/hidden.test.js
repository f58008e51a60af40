import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CronError, parseCron, parseField } from '../cron.js';

test('*/n starts at the field minimum', () => {
  assert.deepEqual(parseField('*/10', 1, 31), [1, 11, 21, 31]);
  assert.deepEqual(parseCron('* * */2 * *').day.slice(0, 4), [1, 3, 5, 7]);
  assert.deepEqual(parseField('*/1', 0, 6), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(parseField('*/90', 0, 59), [0]);
});
test('ranges and single values with steps', () => {
  assert.deepEqual(parseField('1-10/3', 0, 59), [1, 4, 7, 10]);
  assert.deepEqual(parseField('1-11/5', 0, 59), [1, 6, 11]);
  assert.deepEqual(parseField('5/20', 0, 59), [5, 25, 45]);
  assert.deepEqual(parseField('0,*/20,7', 0, 59), [0, 7, 20, 40]);
  assert.deepEqual(parseCron('0 9-17/4 * * *').hour, [9, 13, 17]);
});
test('bad steps', () => {
  for (const bad of ['*/0', '*/x', '*/', '1-5/2/3', '/5', '70/5', '*/-1']) assert.throws(() => parseField(bad, 0, 59), CronError, bad);
});
