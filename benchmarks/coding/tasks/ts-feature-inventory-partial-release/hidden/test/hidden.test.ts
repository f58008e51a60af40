import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InventoryError, stocked } from '../src/inventory.ts';

function setup() {
  const inv = stocked({ apple: 10, pear: 5, plum: 3 });
  inv.reserve('o1', [{ sku: 'apple', qty: 4 }, { sku: 'pear', qty: 2 }]);
  return inv;
}

test('partial release keeps the rest reserved', () => {
  const inv = setup();
  inv.release('o1', 'apple', 1);
  assert.deepEqual(inv.reservation('o1'), [{ sku: 'apple', qty: 3 }, { sku: 'pear', qty: 2 }]);
  assert.equal(inv.reserved('apple'), 3);
  assert.equal(inv.onHand('apple'), 10);
});

test('releasing a whole line drops it', () => {
  const inv = setup();
  inv.release('o1', 'pear', 2);
  assert.deepEqual(inv.reservation('o1'), [{ sku: 'apple', qty: 4 }]);
  assert.equal(inv.available('pear'), 5);
  inv.fulfil('o1');
  assert.equal(inv.onHand('pear'), 5);
  assert.equal(inv.onHand('apple'), 6);
});

test('releasing the last line closes the reservation', () => {
  const inv = setup();
  inv.release('o1', 'pear', 2);
  inv.release('o1', 'apple', 4);
  assert.equal(inv.reservation('o1'), undefined);
  assert.deepEqual(inv.openOrders(), []);
  inv.reserve('o1', [{ sku: 'plum', qty: 1 }]);
});

test('logged', () => {
  const inv = setup();
  inv.release('o1', 'apple', 3);
  assert.deepEqual(inv.history({ ref: 'o1' }).at(-1), { kind: 'release', ref: 'o1', sku: 'apple', qty: 3 });
});

test('errors leave everything unchanged', () => {
  const inv = setup();
  assert.throws(() => inv.release('o1', 'apple', 5), InventoryError);
  assert.throws(() => inv.release('o1', 'plum', 1), InventoryError);
  assert.throws(() => inv.release('nope', 'apple', 1), InventoryError);
  assert.throws(() => inv.release('o1', 'apple', 0), RangeError);
  assert.throws(() => inv.release('o1', 'apple', 1.5), RangeError);
  assert.deepEqual(inv.reservation('o1'), [{ sku: 'apple', qty: 4 }, { sku: 'pear', qty: 2 }]);
  assert.equal(inv.history({ ref: 'o1' }).length, 2);
});

test('the returned reservation is a copy', () => {
  const inv = setup();
  inv.release('o1', 'apple', 1);
  inv.reservation('o1')![0].qty = 99;
  assert.equal(inv.reserved('apple'), 3);
});
