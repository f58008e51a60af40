import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stocked } from '../src/inventory.ts';

test('reserve and fulfil', () => {
  const inv = stocked({ apple: 10, pear: 4 });
  inv.reserve('o1', [{ sku: 'apple', qty: 3 }, { sku: 'pear', qty: 4 }]);
  assert.equal(inv.available('apple'), 7);
  inv.fulfil('o1');
  assert.deepEqual(inv.snapshot().pear, { onHand: 0, reserved: 0, available: 0 });
});

test('release part of a reservation', () => {
  const inv = stocked({ apple: 10 });
  inv.reserve('o1', [{ sku: 'apple', qty: 6 }]);
  inv.release('o1', 'apple', 2);
  assert.deepEqual(inv.reservation('o1'), [{ sku: 'apple', qty: 4 }]);
  assert.equal(inv.available('apple'), 6);
});
