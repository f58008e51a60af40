import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longestTask, reportLines } from '../report.js';
import { sessionLabels } from '../timeline.js';
import { formatDuration } from '../units.js';

test('formatDuration', () => {
  assert.equal(formatDuration(3723), '1h 02m 03s');
  assert.equal(formatDuration(245), '4m 05s');
});
test('report', () => {
  const entries = [{ task: 'review', seconds: 245 }, { task: 'build', seconds: 3600 }];
  assert.deepEqual(reportLines(entries), ['review  4m 05s', 'build   1h 00m 00s', 'total   1h 04m 05s']);
  assert.equal(longestTask(entries), 'build');
});
test('timeline', () => {
  assert.deepEqual(sessionLabels([{ start: 32400, end: 34230, name: 'standup' }]), ['09:00-09:30 standup [30m 30s]']);
});
