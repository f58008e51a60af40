import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseDuration, parseOr, sum } from '../src/duration.ts';

test('milliseconds after other units', () => {
  assert.equal(parseDuration('1s250ms'), 1250);
  assert.equal(parseDuration('2m 10s 250ms'), 130_250);
  assert.equal(parseDuration('1m 5ms'), 60_005);
  assert.equal(parseDuration('0.5ms'), 1);
  assert.equal(parseDuration('1d 2h'), 93_600_000);
  assert.equal(sum(['100ms', '1m', '900ms']), 61_000);
});

test('minutes are still minutes', () => {
  assert.equal(parseDuration('3m'), 180_000);
  assert.equal(parseDuration('3 m 2 s'), 182_000);
});

test('invalid', () => {
  for (const bad of ['', '5', 'ms', '1x', '1h-2m', '1mss', '1msx']) assert.throws(() => parseDuration(bad), SyntaxError, bad);
  assert.equal(parseOr('  ', 42), 42);
});

test('format', () => {
  assert.equal(formatDuration(90_061_001), '1d 1h 1m 1s 1ms');
  assert.equal(formatDuration(7_200_000), '2h');
  assert.equal(formatDuration(-61_500), '-1m 1s 500ms');
  assert.equal(formatDuration(0), '0ms');
  assert.equal(formatDuration(59_999), '59s 999ms');
  assert.equal(formatDuration(0.4), '0ms');
  assert.throws(() => formatDuration(Infinity), RangeError);
});

test('round trip', () => {
  for (const ms of [1, 999, 1000, 61_001, 3_600_000, 86_399_999, 123_456_789]) assert.equal(parseDuration(formatDuration(ms)), ms);
});
