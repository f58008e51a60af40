// Warehouse stock keeping: stock on hand per SKU, reservations held for orders, and an audit log.

export type Sku = string;

export interface Line {
  sku: Sku;
  qty: number;
}

export interface LogEntry {
  kind: 'receive' | 'ship' | 'reserve' | 'cancel' | 'fulfil' | 'adjust' | 'release';
  ref: string;
  sku: Sku;
  qty: number;
}

export class InventoryError extends Error {}

function assertQty(qty: number): void {
  if (!Number.isInteger(qty) || qty <= 0) throw new RangeError(`quantity must be a positive integer, got ${qty}`);
}

export class Inventory {
  #onHand = new Map<Sku, number>();
  #reservations = new Map<string, Line[]>();
  #log: LogEntry[] = [];

  addSku(sku: Sku): this {
    if (this.#onHand.has(sku)) throw new InventoryError(`duplicate SKU ${sku}`);
    this.#onHand.set(sku, 0);
    return this;
  }

  #stock(sku: Sku): number {
    const n = this.#onHand.get(sku);
    if (n === undefined) throw new InventoryError(`unknown SKU ${sku}`);
    return n;
  }

  onHand(sku: Sku): number {
    return this.#stock(sku);
  }

  reserved(sku: Sku): number {
    this.#stock(sku);
    let total = 0;
    for (const lines of this.#reservations.values()) for (const l of lines) if (l.sku === sku) total += l.qty;
    return total;
  }

  // Stock that can still be promised to new orders.
  available(sku: Sku): number {
    return this.onHand(sku) - this.reserved(sku);
  }

  receive(sku: Sku, qty: number, ref = 'receipt'): void {
    assertQty(qty);
    this.#onHand.set(sku, this.#stock(sku) + qty);
    this.#log.push({ kind: 'receive', ref, sku, qty });
  }

  // Stock counts found to differ from the books; delta may be negative but stock cannot go below what is reserved.
  adjust(sku: Sku, delta: number, ref = 'count'): void {
    if (!Number.isInteger(delta) || delta === 0) throw new RangeError('delta must be a non-zero integer');
    const next = this.#stock(sku) + delta;
    if (next < this.reserved(sku)) throw new InventoryError(`adjusting ${sku} by ${delta} breaks reservations`);
    this.#onHand.set(sku, next);
    this.#log.push({ kind: 'adjust', ref, sku, qty: delta });
  }

  // Ships stock that was not reserved (e.g. a walk-in sale).
  ship(sku: Sku, qty: number, ref = 'sale'): void {
    assertQty(qty);
    if (this.available(sku) < qty) throw new InventoryError(`only ${this.available(sku)} of ${sku} available`);
    this.#onHand.set(sku, this.#stock(sku) - qty);
    this.#log.push({ kind: 'ship', ref, sku, qty });
  }

  // Reserves every line of an order, or nothing if any line cannot be covered.
  reserve(orderId: string, lines: Line[]): void {
    if (this.#reservations.has(orderId)) throw new InventoryError(`order ${orderId} already has a reservation`);
    if (lines.length === 0) throw new InventoryError('nothing to reserve');
    const wanted = new Map<Sku, number>();
    for (const { sku, qty } of lines) {
      assertQty(qty);
      wanted.set(sku, (wanted.get(sku) ?? 0) + qty);
    }
    for (const [sku, qty] of wanted) {
      if (this.available(sku) < qty) throw new InventoryError(`cannot reserve ${qty} of ${sku}`);
    }
    const merged = [...wanted].map(([sku, qty]) => ({ sku, qty }));
    this.#reservations.set(orderId, merged);
    for (const l of merged) this.#log.push({ kind: 'reserve', ref: orderId, sku: l.sku, qty: l.qty });
  }

  reservation(orderId: string): Line[] | undefined {
    return this.#reservations.get(orderId)?.map((l) => ({ ...l }));
  }

  #take(orderId: string): Line[] {
    const lines = this.#reservations.get(orderId);
    if (!lines) throw new InventoryError(`no reservation for order ${orderId}`);
    this.#reservations.delete(orderId);
    return lines;
  }

  cancel(orderId: string): void {
    for (const l of this.#take(orderId)) this.#log.push({ kind: 'cancel', ref: orderId, sku: l.sku, qty: l.qty });
  }

  // Ships everything reserved for the order.
  fulfil(orderId: string): void {
    for (const l of this.#take(orderId)) {
      this.#onHand.set(l.sku, this.#stock(l.sku) - l.qty);
      this.#log.push({ kind: 'fulfil', ref: orderId, sku: l.sku, qty: l.qty });
    }
  }

  // Gives back part of one line of a reservation.
  release(orderId: string, sku: Sku, qty: number): void {
    assertQty(qty);
    const lines = this.#reservations.get(orderId);
    if (!lines) throw new InventoryError(`no reservation for order ${orderId}`);
    const line = lines.find((l) => l.sku === sku);
    if (!line) throw new InventoryError(`order ${orderId} has no ${sku} reserved`);
    if (qty > line.qty) throw new InventoryError(`order ${orderId} has only ${line.qty} of ${sku} reserved`);
    line.qty -= qty;
    if (line.qty === 0) lines.splice(lines.indexOf(line), 1);
    if (lines.length === 0) this.#reservations.delete(orderId);
    this.#log.push({ kind: 'release', ref: orderId, sku, qty });
  }

  openOrders(): string[] {
    return [...this.#reservations.keys()].sort();
  }

  // SKUs whose available stock is at or below the threshold, lowest first.
  lowStock(threshold: number): { sku: Sku; available: number }[] {
    return [...this.#onHand.keys()]
      .map((sku) => ({ sku, available: this.available(sku) }))
      .filter((s) => s.available <= threshold)
      .sort((a, b) => a.available - b.available || a.sku.localeCompare(b.sku));
  }

  history(filter: { sku?: Sku; ref?: string } = {}): LogEntry[] {
    return this.#log
      .filter((e) => (filter.sku === undefined || e.sku === filter.sku) && (filter.ref === undefined || e.ref === filter.ref))
      .map((e) => ({ ...e }));
  }

  snapshot(): Record<Sku, { onHand: number; reserved: number; available: number }> {
    const out: Record<Sku, { onHand: number; reserved: number; available: number }> = {};
    for (const sku of [...this.#onHand.keys()].sort()) {
      out[sku] = { onHand: this.onHand(sku), reserved: this.reserved(sku), available: this.available(sku) };
    }
    return out;
  }
}

// Convenience for tests and scripts: an inventory stocked from a plain object.
export function stocked(levels: Record<Sku, number>): Inventory {
  const inv = new Inventory();
  for (const [sku, qty] of Object.entries(levels)) {
    inv.addSku(sku);
    if (qty > 0) inv.receive(sku, qty, 'opening');
  }
  return inv;
}
