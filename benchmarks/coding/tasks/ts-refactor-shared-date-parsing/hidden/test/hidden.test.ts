import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { dueDate, lateFee } from '../src/billing.ts';
import { monthlyTotals, salesBetween } from '../src/reports.ts';
import { parseIsoDate } from '../src/time.ts';

test('parseIsoDate is shared from src/time.ts', () => {
  assert.equal(parseIsoDate('2024-02-29').getTime(), Date.UTC(2024, 1, 29));
  assert.equal(parseIsoDate(' 1999-12-31 ').toISOString(), '1999-12-31T00:00:00.000Z');
  assert.throws(() => parseIsoDate('2023-02-29'), RangeError);
  assert.throws(() => parseIsoDate('2024-13-01'), RangeError);
  assert.throws(() => parseIsoDate('2024-1-01'), SyntaxError);
  assert.throws(() => parseIsoDate('yesterday'), SyntaxError);
});

test('billing and reports no longer carry their own copy', () => {
  for (const file of ['billing.ts', 'reports.ts']) {
    const src = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
    assert.match(src, /import\s*\{[^}]*\bparseIsoDate\b[^}]*\}\s*from\s*'\.\/time\.ts'/, file);
    assert.doesNotMatch(src, /function\s+parseIsoDate/, file);
    assert.doesNotMatch(src, /\\d\{4\}/, file);
  }
});

test('billing behaviour', () => {
  const inv = { id: 'i', issued: '2023-12-15', termsDays: 20, amount: 20_000 };
  assert.equal(dueDate(inv), '2024-01-04');
  assert.equal(lateFee(inv, '2024-01-05'), 300);
  assert.equal(lateFee(inv, '2024-01-18'), 600);
  assert.throws(() => lateFee(inv, '2024-01-32'), RangeError);
  assert.throws(() => dueDate({ ...inv, issued: '15/12/2023' }), SyntaxError);
});

test('reports behaviour', () => {
  const sales = [
    { date: '2024-01-31', amount: 2 },
    { date: '2023-12-01', amount: 3 },
    { date: '2024-01-01', amount: 4 },
  ];
  assert.deepEqual(monthlyTotals(sales), [['2023-12', 3], ['2024-01', 6]]);
  assert.deepEqual(salesBetween(sales, '2024-01-01', '2024-01-31').map((s) => s.amount), [2, 4]);
  assert.throws(() => monthlyTotals([{ date: '2024-04-31', amount: 1 }]), RangeError);
});
