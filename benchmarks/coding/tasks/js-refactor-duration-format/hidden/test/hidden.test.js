import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { longestTask, reportLines } from '../report.js';
import { gaps, sessionLabels } from '../timeline.js';
import { formatDuration, parseDuration } from '../units.js';

test('formatDuration edge cases', () => {
  assert.equal(formatDuration(0), '0s');
  assert.equal(formatDuration(59.6), '1m 00s');
  assert.equal(formatDuration(7), '7s');
  assert.equal(formatDuration(-7), '-7s');
  assert.equal(formatDuration(-3661), '-1h 01m 01s');
  assert.equal(formatDuration(36000), '10h 00m 00s');
  assert.equal(formatDuration(90000), '25h 00m 00s');
  assert.equal(formatDuration(parseDuration('2h 5s')), '2h 00m 05s');
});
test('report and timeline unchanged', () => {
  assert.deepEqual(reportLines([]), ['total  0s']);
  assert.deepEqual(reportLines([{ task: 'a', seconds: -30 }]), ['a      -30s', 'total  -30s']);
  assert.equal(longestTask([]), null);
  const sessions = [{ start: 3600, end: 3605.4, name: 'x' }, { start: 3700, end: 3600, name: 'y' }];
  assert.deepEqual(sessionLabels(sessions), ['01:00-01:00 x [5s]', '01:01-01:00 y [-1m 40s]']);
  assert.deepEqual(gaps(sessions), [{ after: 'x', seconds: 94.59999999999991 }]);
});
test('report.js and timeline.js use units.formatDuration', () => {
  for (const file of ['report.js', 'timeline.js']) {
    const src = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    assert.match(src, /formatDuration\(/, file);
    assert.doesNotMatch(src, /Math\.abs|\bsign\b|% 60\b/, `${file} still formats durations itself`);
  }
});
