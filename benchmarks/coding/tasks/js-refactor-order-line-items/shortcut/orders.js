// Orders with line items. Money is in integer cents.

export class OrderError extends Error {}

const SKU = /^[A-Z]{3}-\d{4}$/;

// input: { id, customer, items: [{ sku, quantity, unitCents }] }
export function createOrder(input) {
  if (typeof input.id !== 'string' || input.id === '') throw new OrderError('order id is required');
  if (typeof input.customer !== 'string' || input.customer.trim() === '') throw new OrderError('customer is required');
  if (!Array.isArray(input.items) || input.items.length === 0) throw new OrderError('an order needs at least one item');
  const items = input.items.map((item, index) => {
    const sku = String(item.sku ?? '').trim().toUpperCase();
    if (!SKU.test(sku)) throw new OrderError(`item ${index + 1}: bad SKU ${JSON.stringify(item.sku)}`);
    if (!Number.isInteger(item.quantity) || item.quantity < 1) {
      throw new OrderError(`item ${index + 1}: quantity must be a positive integer`);
    }
    if (!Number.isInteger(item.unitCents) || item.unitCents < 0) {
      throw new OrderError(`item ${index + 1}: unit price must be a whole number of cents`);
    }
    return { sku, quantity: item.quantity, unitCents: item.unitCents };
  });
  return { id: input.id, customer: input.customer.trim(), items, status: 'open' };
}

export function orderTotal(order) {
  return order.items.reduce((sum, item) => sum + item.quantity * item.unitCents, 0);
}

export function itemCount(order) {
  return order.items.reduce((n, item) => n + item.quantity, 0);
}

// Merges items with the same SKU and price, keeping first-seen order.
export function consolidate(order) {
  const merged = [];
  for (const item of order.items) {
    const same = merged.find((m) => m.sku === item.sku && m.unitCents === item.unitCents);
    if (same) same.quantity += item.quantity;
    else merged.push({ ...item });
  }
  return { ...order, items: merged };
}

export function closeOrder(order) {
  if (order.status !== 'open') throw new OrderError(`order ${order.id} is already ${order.status}`);
  return { ...order, status: 'closed' };
}

// patch: { customer?, items? }. Only open orders can change; the items, if given, replace the old ones.
export function updateOrder(order, patch) {
  if (order.status !== 'open') throw new OrderError(`order ${order.id} is ${order.status}`);
  const next = { ...order };
  if (patch.customer !== undefined) {
    if (typeof patch.customer !== 'string' || patch.customer.trim() === '') throw new OrderError('customer is required');
    next.customer = patch.customer.trim();
  }
  if (patch.items !== undefined) {
    if (!Array.isArray(patch.items) || patch.items.length === 0) throw new OrderError('an order needs at least one item');
    next.items = patch.items.map((item, index) => {
      const sku = String(item.sku ?? '').trim().toUpperCase();
      if (!SKU.test(sku)) throw new OrderError(`item ${index + 1}: bad SKU ${JSON.stringify(item.sku)}`);
      if (!Number.isInteger(item.quantity) || item.quantity < 1) {
        throw new OrderError(`item ${index + 1}: quantity must be a positive integer`);
      }
      if (!Number.isInteger(item.unitCents) || item.unitCents < 0) {
        throw new OrderError(`item ${index + 1}: unit price must be a whole number of cents`);
      }
      return { sku, quantity: item.quantity, unitCents: item.unitCents };
    });
  }
  return next;
}

export function describe(order) {
  const lines = order.items.map((i) => `${i.quantity} x ${i.sku} @ ${i.unitCents}`);
  return [`Order ${order.id} for ${order.customer} (${order.status})`, ...lines, `Total: ${orderTotal(order)}`].join('\n');
}

// Checks one line item (index counts from 0) and returns its normalised form { sku, quantity, unitCents }.
export function validateLineItem(item, index) {
  return createOrder({ id: 'check', customer: 'check', items: [item] }).items[0];
}
