import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLog, topPaths, visitorSummary } from '../src/analytics.ts';

const LOG = `# sample
2024-05-01T12:00:03Z 10.0.0.7 GET /api/items 200 512 38ms
2024-05-01T12:00:09Z 10.0.0.9 GET /api/items?page=2 503 0 901ms
2024-05-01T12:01:00Z 10.0.0.7 POST /api/cart 201 64 12ms
garbage
`;

test('parse', () => {
  const { entries, rejected } = parseLog(LOG);
  assert.equal(entries.length, 3);
  assert.deepEqual(rejected, [5]);
  assert.deepEqual(topPaths(entries, 1), [['/api/items', 2]]);
});

test('visitor summary', () => {
  const { entries } = parseLog(LOG);
  assert.deepEqual(visitorSummary(entries), [
    { ip: '10.0.0.7', requests: 2, bytes: 576, errors: 0, firstSeen: Date.parse('2024-05-01T12:00:03Z'), lastSeen: Date.parse('2024-05-01T12:01:00Z') },
    { ip: '10.0.0.9', requests: 1, bytes: 0, errors: 1, firstSeen: Date.parse('2024-05-01T12:00:09Z'), lastSeen: Date.parse('2024-05-01T12:00:09Z') },
  ]);
});
