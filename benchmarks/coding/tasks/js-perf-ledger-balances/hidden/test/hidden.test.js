import assert from 'node:assert/strict';
import { test } from 'node:test';
import { balancesAt, reconcile } from '../ledger.js';

const tx = (day, amount, account = 'a') => ({ day, amount, account, category: 'x', memo: '' });

test('semantics', () => {
  const list = [tx(5, 100), tx(1, -40), tx(5, 7, 'b'), tx(3, 2), tx(5, 1)];
  assert.deepEqual(balancesAt(list, 'a', [0, 1, 2, 3, 4, 5, 6, 5, -10]), [0, -40, -40, -38, -38, 63, 63, 63, 0]);
  assert.deepEqual(balancesAt(list, 'zzz', [10]), [0]);
  assert.deepEqual(balancesAt([], 'a', [1, 2]), [0, 0]);
  assert.deepEqual(balancesAt(list, 'a', []), []);
  assert.equal(list[0].day, 5);
  assert.equal(reconcile(list, 'a', 4, -38), 0);
});
test('centuries of daily statements', () => {
  const list = [];
  let x = 99;
  for (let i = 0; i < 150000; i++) {
    x = (x * 48271) % 2147483647;
    list.push(tx(x % 100000, (x % 20001) - 10000, i % 3 === 0 ? 'b' : 'a'));
  }
  const days = [];
  for (let d = -5; d < 100005; d++) days.push(d);
  for (let d = 100005; d > 0; d--) days.push(d);
  const out = balancesAt(list, 'a', days);
  assert.equal(out.length, days.length);
  assert.equal(out[0], 0);
  const total = list.filter((t) => t.account === 'a').reduce((s, t) => s + t.amount, 0);
  assert.equal(out[days.indexOf(100000)], total);
  let check = 0;
  for (const t of list) if (t.account === 'a' && t.day <= 54321) check += t.amount;
  assert.equal(out[days.indexOf(54321)], check);
  assert.equal(out.at(-1), out[days.indexOf(1)]);
  assert.equal(out[days.length - 100006], total);
});
