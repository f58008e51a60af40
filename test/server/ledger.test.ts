import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerThread } from '../../src/server/ledger-thread.ts';
import { LedgerChecks, type LedgerView, verifyLedger } from '../../src/server/safeguards.ts';
import { startUiServer } from '../../src/server/serve.ts';
import { Store } from '../../src/store/store.ts';
import { type MultiCaseRun, multiCaseRun } from '../support/multi-case-run.ts';
import { tempDir } from '../support/tmp.ts';
import { bigRun } from '../ui/fixtures.ts';

/** A view without its time, to compare two verifications of one record. */
const found = (v: LedgerView) => ({ ...v, verifiedAt: null });

// One multi-case run for every test here (read, and appended to by the first).
let run: MultiCaseRun;
let store: Store;
beforeAll(async () => {
  run = await multiCaseRun();
  store = await Store.open(run.db);
});
afterAll(async () => {
  await store?.close();
});

// The safeguards view's ledger verification reads the whole record, so the dashboard keeps a result while nothing was
// appended (and for at most LEDGER_RECHECK_MS); an appended event means a new verification.
describe("the dashboard's ledger verification", () => {
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

// A verification reads and hashes the run's whole record: the dashboard server does it on a thread of its own
// (ledger-thread.ts, ledger-worker.ts), so that its other requests do not wait behind it.
describe("the dashboard's ledger verification thread", () => {
  it("finds on its thread what the server's own thread finds, and serves several requests", async () => {
    const thread = new LedgerThread(run.db);
    try {
      const here = await verifyLedger(store, (await store.getRun(run.runId))!);
      const [there, again] = await Promise.all([thread.verify(run.runId), thread.verify(run.runId)]);
      expect(found(there)).toEqual(found(here));
      expect(found(again)).toEqual(found(here));
      await expect(thread.verify('no-such-run')).rejects.toThrow('no run no-such-run');
    } finally {
      await thread.close();
    }
  });

  it('fails the requests of a thread that cannot open its store, keeps no result of it, and starts a new thread', async () => {
    const missing = join(tempDir('kaizen-ledger-thread-'), 'missing.db');
    const thread = new LedgerThread(missing);
    const checks = new LedgerChecks((_store, r) => thread.verify(r.id));
    const row = (await store.getRun(run.runId))!;
    try {
      await expect(thread.verify(run.runId)).rejects.toThrow();
      const view = await checks.view(store, row);
      expect(view.ok).toBe(false);
      expect(view.problems).toHaveLength(1);
      expect(view.problems[0]).toMatch(/^verification failed: /);
      // Not kept as the run's verification: the next request tries again, on a new thread.
      const next = await checks.view(store, row);
      expect(next).not.toBe(view);
      expect(next.problems[0]).toMatch(/^verification failed: /);
    } finally {
      await thread.close();
    }
  });

  it('leaves the server answering other requests while it verifies a big run', async () => {
    const db = join(tempDir('kaizen-ledger-big-'), 'kaizen.db');
    const runId = await bigRun(db, 3000);
    const server = await startUiServer({ db, webDir: null });
    const base = server.url.replace(/\?token=.*/, '');
    const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
    try {
      const t0 = performance.now();
      let verifiedAt = 0;
      const ledger = get(`api/runs/${runId}/ledger`).then(async (r) => {
        verifiedAt = performance.now() - t0;
        return (await r.json()) as LedgerView;
      });
      // The run list, asked for again and again while the verification runs: each answer's wait.
      const waits: number[] = [];
      while (verifiedAt === 0) {
        const asked = performance.now();
        expect((await get('api/runs')).status).toBe(200);
        if (verifiedAt === 0) waits.push(performance.now() - asked);
      }
      // The fixture writes its programs straight into the store, outside the ledger: the verification names each one.
      const view = await ledger;
      expect(view.ok).toBe(false);
      expect(view.problems.filter((p) => p.endsWith('no event records it (added outside the ledger)'))).toHaveLength(3000);
      // The verification took a while, and no answer waited for it: the longest wait is a fraction of it.
      expect(waits.length).toBeGreaterThan(2);
      expect(Math.max(...waits), `waits ${waits.map(Math.round)}, verification ${Math.round(verifiedAt)} ms`).toBeLessThan(verifiedAt / 2);
    } finally {
      await server.close();
    }
  });
});
