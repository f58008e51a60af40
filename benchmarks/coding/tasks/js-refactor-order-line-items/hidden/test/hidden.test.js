import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closeOrder, createOrder, OrderError, updateOrder, validateLineItem } from '../orders.js';

const good = { sku: 'ABC-0001', quantity: 1, unitCents: 100 };

test('validateLineItem messages use the 1-based position', () => {
  assert.throws(() => validateLineItem({ sku: 'AB-1', quantity: 1, unitCents: 1 }, 2), { name: 'Error', message: 'item 3: bad SKU "AB-1"' });
  assert.throws(() => validateLineItem({ quantity: 1, unitCents: 1 }, 0), { message: 'item 1: bad SKU undefined' });
  assert.throws(() => validateLineItem({ sku: 'ABC-0001', quantity: 1.5, unitCents: 1 }, 4), { message: 'item 5: quantity must be a positive integer' });
  assert.throws(() => validateLineItem({ sku: 'ABC-0001', quantity: 1, unitCents: -1 }, 0), { message: 'item 1: unit price must be a whole number of cents' });
});
test('validateLineItem returns a normalised copy', () => {
  const item = { sku: ' abc-0002 ', quantity: 3, unitCents: 5, note: 'x' };
  assert.deepEqual(validateLineItem(item, 0), { sku: 'ABC-0002', quantity: 3, unitCents: 5 });
  assert.equal(item.sku, ' abc-0002 ');
});
test('createOrder and updateOrder behave as before', () => {
  assert.throws(() => createOrder({ id: 'X', customer: 'C', items: [good, { ...good, sku: 'bad' }] }), { message: 'item 2: bad SKU "bad"' });
  assert.throws(() => createOrder({ id: 'X', customer: 'C', items: [] }), OrderError);
  const o = createOrder({ id: 'X', customer: 'C', items: [good] });
  assert.throws(() => updateOrder(o, { items: [good, good, { ...good, quantity: -2 }] }), { message: 'item 3: quantity must be a positive integer' });
  assert.deepEqual(updateOrder(o, { items: [{ ...good, sku: 'zzz-9999' }] }).items, [{ sku: 'ZZZ-9999', quantity: 1, unitCents: 100 }]);
  assert.throws(() => updateOrder(closeOrder(o), { customer: 'D' }), OrderError);
});
test('both functions use validateLineItem', () => {
  for (const fn of [createOrder, updateOrder]) {
    const src = fn.toString();
    assert.match(src, /validateLineItem/, fn.name);
    assert.doesNotMatch(src, /SKU\.test|Number\.isInteger/, fn.name);
  }
  assert.doesNotMatch(validateLineItem.toString(), /createOrder|updateOrder/);
});
