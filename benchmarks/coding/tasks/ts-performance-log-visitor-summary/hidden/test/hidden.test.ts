import assert from 'node:assert/strict';
import { test } from 'node:test';
import { visitorSummary } from '../src/analytics.ts';
import type { LogEntry } from '../src/analytics.ts';

function entry(ip: string, time: number, status = 200, bytes = 10): LogEntry {
  return { time, ip, method: 'GET', path: '/', status, bytes, latencyMs: 5 };
}

test('small cases', () => {
  assert.deepEqual(visitorSummary([]), []);
  const rows = visitorSummary([entry('b', 5), entry('a', 9, 500, 1), entry('b', 2), entry('a', 1)]);
  assert.deepEqual(rows, [
    { ip: 'a', requests: 2, bytes: 11, errors: 1, firstSeen: 1, lastSeen: 9 },
    { ip: 'b', requests: 2, bytes: 20, errors: 0, firstSeen: 2, lastSeen: 5 },
  ]);
});

test('a busy day: 100k requests from 80k clients', () => {
  const entries: LogEntry[] = [];
  const clients = 80_000;
  for (let i = 0; i < 100_000; i++) {
    const c = (i * 7919) % clients;
    entries.push(entry(`10.${c >> 16}.${(c >> 8) & 255}.${c & 255}`, 1_000_000 + i, i % 97 === 0 ? 502 : 200, i % 1000));
  }
  const rows = visitorSummary(entries);
  assert.equal(rows.length, clients);
  assert.equal(rows.reduce((s, r) => s + r.requests, 0), 100_000);
  assert.equal(rows.filter((r) => r.requests === 2).length, 20_000);
  assert.equal(rows[0].ip, '10.0.0.0');
  assert.deepEqual(rows[0], { ip: '10.0.0.0', requests: 2, bytes: 0, errors: 1, firstSeen: 1_000_000, lastSeen: 1_080_000 });
  assert.equal(rows[20_000].requests, 1);
  assert.ok(rows[20_000].ip < rows[20_001].ip);
  assert.equal(rows.reduce((s, r) => s + r.errors, 0), entries.filter((e) => e.status >= 500).length);
});

test('one very active client', () => {
  const entries: LogEntry[] = [];
  for (let i = 0; i < 20_000; i++) entries.push(entry("1.1.1.1", 20_000 - i));
  entries.push(entry('2.2.2.2', 7));
  const rows = visitorSummary(entries);
  assert.deepEqual(rows[0], { ip: '1.1.1.1', requests: 20_000, bytes: 200_000, errors: 0, firstSeen: 1, lastSeen: 20_000 });
  assert.equal(rows[1].ip, '2.2.2.2');
});
