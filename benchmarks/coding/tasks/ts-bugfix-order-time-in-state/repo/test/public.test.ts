import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Order, WorkflowError } from '../src/order.ts';
import type { Actor } from '../src/order.ts';

const clerk: Actor = { name: 'cleo', role: 'clerk' };
const boss: Actor = { name: 'max', role: 'manager' };

function clock() {
  let now = 0;
  return { clock: () => now, set: (t: number) => { now = t; } };
}

test('happy path and guards', () => {
  const c = clock();
  const o = new Order({ id: 'po-1', total: 5000, clock: c.clock });
  o.dispatch('submit', clerk);
  assert.throws(() => o.dispatch('approve', clerk), WorkflowError);
  assert.equal(o.dispatch('approve', boss), 'approved');
});

test('time spent in each state', () => {
  const c = clock();
  const o = new Order({ id: 'po-2', total: 10, clock: c.clock });
  c.set(5000);
  o.dispatch('submit', clerk);
  c.set(8000);
  o.dispatch('approve', clerk);
  const t = o.timeInStates();
  assert.equal(t.draft, 5000);
  assert.equal(t.submitted, 3000);
});
