// Purchase-order workflow: a small state machine with guards, an audit trail and SLA reporting.

export type State = 'draft' | 'submitted' | 'approved' | 'rejected' | 'shipped' | 'delivered' | 'cancelled';
export type Event = 'submit' | 'approve' | 'reject' | 'ship' | 'deliver' | 'cancel' | 'reopen';
export type Clock = () => number;

export interface Actor {
  name: string;
  role: 'clerk' | 'manager' | 'warehouse';
}

export interface Transition {
  event: Event;
  from: State;
  to: State;
  at: number;
  by: string;
  note?: string;
}

const TABLE: Record<Event, { from: State[]; to: State }> = {
  submit: { from: ['draft'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  ship: { from: ['approved'], to: 'shipped' },
  deliver: { from: ['shipped'], to: 'delivered' },
  cancel: { from: ['draft', 'submitted', 'approved'], to: 'cancelled' },
  reopen: { from: ['rejected'], to: 'draft' },
};

export const TERMINAL: readonly State[] = ['delivered', 'cancelled'];

export class WorkflowError extends Error {}

export interface OrderOptions {
  id: string;
  total: number;
  clock: Clock;
  approvalLimit?: number; // clerks may approve orders up to this total
}

export class Order {
  readonly id: string;
  readonly total: number;
  readonly createdAt: number;
  #state: State = 'draft';
  #history: Transition[] = [];
  #clock: Clock;
  #approvalLimit: number;
  #address: string | undefined;

  constructor(options: OrderOptions) {
    if (!(options.total >= 0)) throw new RangeError('total must be a non-negative number');
    this.id = options.id;
    this.total = options.total;
    this.#clock = options.clock;
    this.createdAt = options.clock();
    this.#approvalLimit = options.approvalLimit ?? 1000;
  }

  get state(): State {
    return this.#state;
  }

  get isClosed(): boolean {
    return TERMINAL.includes(this.#state);
  }

  setAddress(address: string): void {
    if (this.#state !== 'draft' && this.#state !== 'approved') throw new WorkflowError(`cannot change the address when ${this.#state}`);
    if (address.trim() === '') throw new RangeError('empty address');
    this.#address = address.trim();
  }

  // Why an event is not allowed now, or undefined if it is.
  #refusal(event: Event, actor: Actor): string | undefined {
    const rule = TABLE[event];
    if (!rule.from.includes(this.#state)) return `cannot ${event} an order that is ${this.#state}`;
    if (event === 'approve' || event === 'reject') {
      if (actor.role === 'warehouse') return `${actor.name} may not ${event} orders`;
      if (event === 'approve' && actor.role === 'clerk' && this.total > this.#approvalLimit)
        return `orders above ${this.#approvalLimit} need a manager`;
    }
    if (event === 'ship') {
      if (actor.role !== 'warehouse') return 'only the warehouse ships orders';
      if (this.#address === undefined) return 'no delivery address';
    }
    return undefined;
  }

  can(event: Event, actor: Actor): boolean {
    return this.#refusal(event, actor) === undefined;
  }

  availableEvents(actor: Actor): Event[] {
    return (Object.keys(TABLE) as Event[]).filter((e) => this.can(e, actor));
  }

  dispatch(event: Event, actor: Actor, note?: string): State {
    const refusal = this.#refusal(event, actor);
    if (refusal) throw new WorkflowError(refusal);
    const from = this.#state;
    const to = TABLE[event].to;
    const entry: Transition = { event, from, to, at: this.#clock(), by: actor.name };
    if (note !== undefined) entry.note = note;
    this.#history.push(entry);
    this.#state = to;
    return to;
  }

  history(): Transition[] {
    return this.#history.map((t) => ({ ...t }));
  }

  // Milliseconds spent in each state visited so far. The current state counts up to now, unless the order is closed.
  timeInStates(): Partial<Record<State, number>> {
    const out: Partial<Record<State, number>> = {};
    let since = this.createdAt;
    for (const t of this.#history) {
      out[t.from] = t.at - since;
      since = t.at;
    }
    return out;
  }

  // Time from creation to the first time the order reached `state`, if it did.
  timeUntil(state: State): number | undefined {
    const t = this.#history.find((h) => h.to === state);
    return t === undefined ? undefined : t.at - this.createdAt;
  }

  // How many times the order went through the given event.
  count(event: Event): number {
    return this.#history.filter((t) => t.event === event).length;
  }
}

// Orders whose time in `state` so far exceeds `limitMs`, longest first.
export function overdue(orders: Order[], state: State, limitMs: number): { id: string; ms: number }[] {
  return orders
    .map((o) => ({ id: o.id, ms: o.timeInStates()[state] ?? 0 }))
    .filter((r) => r.ms > limitMs)
    .sort((a, b) => b.ms - a.ms || (a.id < b.id ? -1 : 1));
}

export function describe(order: Order): string {
  const steps = order.history().map((t) => `${t.event} by ${t.by}${t.note ? ` (${t.note})` : ''}`);
  return `${order.id} [${order.state}]${steps.length ? ': ' + steps.join(', ') : ''}`;
}
