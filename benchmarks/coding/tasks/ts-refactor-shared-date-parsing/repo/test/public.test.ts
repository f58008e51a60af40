import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dueDate, lateFee } from '../src/billing.ts';
import { monthlyTotals, salesBetween } from '../src/reports.ts';

const inv = { id: 'i1', issued: '2024-01-20', termsDays: 30, amount: 10_000 };

test('due date and late fee', () => {
  assert.equal(dueDate(inv), '2024-02-19');
  assert.equal(lateFee(inv, '2024-02-19'), 0);
  assert.equal(lateFee(inv, '2024-02-27'), 300);
});

test('reports', () => {
  const sales = [
    { date: '2024-03-02', amount: 5 },
    { date: '2024-02-29', amount: 7 },
    { date: '2024-03-31', amount: 1 },
  ];
  assert.deepEqual(monthlyTotals(sales), [['2024-02', 7], ['2024-03', 6]]);
  assert.equal(salesBetween(sales, '2024-03-01', '2024-03-30').length, 1);
});
