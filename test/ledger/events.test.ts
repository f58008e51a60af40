import { describe, expect, it } from 'vitest';
import { eventData, type EventPayloads, isEventType } from '../../src/ledger/events.ts';
import type { Store } from '../../src/store/store.ts';

describe('typed events', () => {
  it('knows the types this version writes, and reads a row only as its own type', () => {
    expect(isEventType('proposal.rejected')).toBe(true);
    expect(isEventType('proposal.rejectd')).toBe(false);
    expect(isEventType('toString')).toBe(false);
    const row = { type: 'overfit', data_json: JSON.stringify({ search: 2, holdout: 1, champion: 1, championSearch: 1, championHoldout: 1, reason: 'r' }) };
    const data = eventData(row, 'overfit');
    expect('search' in data && data.search).toBe(2);
    expect(() => eventData(row, 'violation')).toThrow(/overfit read as violation/);
  });

  it('refuses a misspelt event or a wrong payload at compile time (npm test type-checks this file)', () => {
    const writes = (store: Store) => [
      // @ts-expect-error: no such event
      store.appendEvent('r', 'run.notise', null, { message: 'x' }),
      // @ts-expect-error: a notice carries a message
      store.appendEvent('r', 'run.notice', null, { text: 'x' }),
      // @ts-expect-error: an insert's event must match its type's payload
      store.insertProgram({} as never, { type: 'proposal.created', data: { sample: 1 } }),
    ];
    const ok: EventPayloads['run.notice'] = { message: 'fine' };
    expect(typeof writes).toBe('function');
    expect(ok.message).toBe('fine');
  });
});
