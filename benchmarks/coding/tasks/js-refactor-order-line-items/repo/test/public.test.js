import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOrder, OrderError, orderTotal, updateOrder, validateLineItem } from '../orders.js';

const order = createOrder({ id: 'A1', customer: ' Ada ', items: [{ sku: 'abc-0001', quantity: 2, unitCents: 250 }] });

test('createOrder', () => {
  assert.deepEqual(order.items, [{ sku: 'ABC-0001', quantity: 2, unitCents: 250 }]);
  assert.equal(orderTotal(order), 500);
});
test('updateOrder', () => {
  assert.throws(() => updateOrder(order, { items: [{ sku: 'ABC-0001', quantity: 0, unitCents: 1 }] }), OrderError);
});
test('validateLineItem', () => {
  assert.deepEqual(validateLineItem({ sku: 'xyz-1234', quantity: 1, unitCents: 0 }, 0), { sku: 'XYZ-1234', quantity: 1, unitCents: 0 });
});
