import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balanceOn, balancesAt, formatAmount, monthlyTotals, overdrawnDays, parseDay, parseLedger } from '../ledger.js';

const ledger = parseLedger(`
; opening
2024-01-01 | 100.00 | salary | checking
2024-01-03 | -120.50 | rent | checking | January
2024-01-02 | -5.25 | coffee | cash
2024-02-01 | 100.00 | salary | checking
`);

test('parse and format', () => {
  assert.equal(ledger[1].amount, -12050);
  assert.equal(formatAmount(-2050), '-20.50');
  assert.deepEqual([...monthlyTotals(ledger, 'checking')], [['2024-01', -2050], ['2024-02', 10000]]);
});
test('balances', () => {
  const d = (s) => parseDay(s);
  assert.deepEqual(balancesAt(ledger, 'checking', [d('2024-02-01'), d('2023-12-31'), d('2024-01-02')]), [7950, 0, 10000]);
  assert.equal(balanceOn(ledger, 'cash', d('2024-01-05')), -525);
  assert.deepEqual(overdrawnDays(ledger, 'checking'), [d('2024-01-03')]);
});
