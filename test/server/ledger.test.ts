import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerChecks } from '../../src/server/safeguards.ts';
import { Store } from '../../src/store/store.ts';
import { type MultiCaseRun, multiCaseRun } from '../support/multi-case-run.ts';

// The safeguards view's ledger verification reads the whole record, so the dashboard keeps a result while nothing was
// appended (and for at most LEDGER_RECHECK_MS); an appended event means a new verification.
describe("the dashboard's ledger verification", () => {
  let run: MultiCaseRun;
  let store: Store;
  beforeAll(async () => {
    run = await multiCaseRun();
    store = await Store.open(run.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('verifies once while the ledger is unchanged, and again once an event is appended', async () => {
    const checks = new LedgerChecks();
    const row = (await store.getRun(run.runId))!;
    const first = await checks.view(store, row);
    // (The fixture gives its rejected duplicate a made-up code hash, which verification names: what matters here is
    // when it runs.)
    expect(first.problems).toEqual(['program 7: code does not match its code_hash']);
    expect(first.events).toBe((await store.ledgerEvents(run.runId)).length);
    // Unchanged: the same verification (same object, same time), not a second pass over the record.
    expect(await checks.view(store, row)).toBe(first);

    await store.appendEvent(run.runId, 'run.notice', null, { message: 'appended after the first verification' });
    const second = await checks.view(store, row);
    expect(second).not.toBe(first);
    expect(second.problems).toEqual(first.problems);
    expect(Date.parse(second.verifiedAt)).toBeGreaterThanOrEqual(Date.parse(first.verifiedAt));
    expect(second.events).toBe(first.events + 1);
  });
});
