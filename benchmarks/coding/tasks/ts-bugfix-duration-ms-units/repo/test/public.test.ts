import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, parseDuration } from '../src/duration.ts';

test('parse', () => {
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('250ms'), 250);
});
test('format', () => {
  assert.equal(formatDuration(45_000), '45s');
  assert.equal(formatDuration(3_661_000), '1h 1m 1s');
});
