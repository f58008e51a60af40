import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Order, overdue } from '../src/order.ts';
import type { Actor } from '../src/order.ts';

const clerk: Actor = { name: 'cleo', role: 'clerk' };
const wh: Actor = { name: 'wanda', role: 'warehouse' };

function clock(start = 1000) {
  let now = start;
  return { clock: () => now, set: (t: number) => { now = t; } };
}

test('current state counts up to now', () => {
  const c = clock();
  const o = new Order({ id: 'a', total: 1, clock: c.clock });
  c.set(1500);
  o.dispatch('submit', clerk);
  c.set(4000);
  assert.deepEqual(o.timeInStates(), { draft: 500, submitted: 2500 });
});

test('fresh order', () => {
  const c = clock();
  const o = new Order({ id: 'a', total: 1, clock: c.clock });
  c.set(1700);
  assert.deepEqual(o.timeInStates(), { draft: 700 });
});

test('revisited states add up', () => {
  const c = clock(0);
  const o = new Order({ id: 'b', total: 1, clock: c.clock });
  c.set(100);
  o.dispatch('submit', clerk);
  c.set(300);
  o.dispatch('reject', clerk);
  c.set(1000);
  o.dispatch('reopen', clerk);
  c.set(1050);
  o.dispatch('submit', clerk);
  c.set(1060);
  assert.deepEqual(o.timeInStates(), { draft: 150, submitted: 210, rejected: 700 });
});

test('closed orders stop the clock', () => {
  const c = clock(0);
  const o = new Order({ id: 'c', total: 1, clock: c.clock });
  o.setAddress('1 Main St');
  c.set(10);
  o.dispatch('submit', clerk);
  c.set(30);
  o.dispatch('approve', clerk);
  c.set(60);
  o.dispatch('ship', wh);
  c.set(100);
  o.dispatch('deliver', wh);
  c.set(999_999);
  assert.deepEqual(o.timeInStates(), { draft: 10, submitted: 20, approved: 30, shipped: 40 });
  assert.equal(o.timeUntil('shipped'), 60);
});

test('overdue report', () => {
  const c = clock(0);
  const slow = new Order({ id: 'slow', total: 1, clock: c.clock });
  const fast = new Order({ id: 'fast', total: 1, clock: c.clock });
  c.set(100);
  slow.dispatch('submit', clerk);
  fast.dispatch('submit', clerk);
  c.set(150);
  fast.dispatch('approve', clerk);
  c.set(5000);
  assert.deepEqual(overdue([fast, slow], 'submitted', 1000), [{ id: 'slow', ms: 4900 }]);
  assert.deepEqual(overdue([fast, slow], 'draft', 50), [{ id: 'fast', ms: 100 }, { id: 'slow', ms: 100 }]);
});
