import type { EventView } from '../store/queries.ts';
import type { Run, Store } from '../store/store.ts';
import { verifyStoredRecord } from '../store/verify-record.ts';

const TYPES = ['violation', 'overfit', 'drift.warning', 'drift.measured', 'holdout.checked'];
/** Listed only when the run has some (multi-case tasks). */
const IF_ANY = ['hidden.checked'];

/** Safeguard events by type (the ledger's verification is its own route: it reads the whole record). */
export async function safeguardsView(store: Store, run: Run) {
  const events = await store.read.eventsAfter(run.id, 0, { types: [...TYPES, ...IF_ANY] });
  const byType: Record<string, EventView[]> = Object.fromEntries(TYPES.map((t) => [t, []]));
  for (const e of events) {
    byType[e.type] ??= [];
    byType[e.type].push(e);
  }
  return { events: byType };
}

export interface LedgerView {
  ok: boolean;
  events: number;
  signedSeq: number | null;
  unsigned: number;
  problems: string[];
  warnings: string[];
  headHash: string | null;
  publicKeyFingerprint: string | null;
  /** When this verification ran (the view says how old it is). */
  verifiedAt: string;
}

/** How long a verification of an unchanged ledger is shown before it is run again (a record edited in place is caught then). */
export const LEDGER_RECHECK_MS = 30_000;

/** How a verification is computed: in the calling thread (verifyLedger), or on a thread of its own (ledger-thread.ts). */
export type LedgerVerifier = (store: Store, run: Run) => Promise<LedgerView>;

/**
 * The ledger's verification (chain, program records, signature; no re-execution: store/verify-record.ts), as
 * `kaizen verify --no-reexecute` does it. It reads every event and program of the run (seconds on a run of 5,000 programs), so a result is kept per
 * run while no event was appended and for at most LEDGER_RECHECK_MS: the page reloads and polls without redoing it.
 * Requests for a run whose verification is under way wait for that one.
 */
export class LedgerChecks {
  private readonly done = new Map<string, { lastEventId: number; at: number; view: LedgerView }>();
  private readonly running = new Map<string, { lastEventId: number; view: Promise<LedgerView> }>();

  private readonly verifier: LedgerVerifier;

  constructor(verifier: LedgerVerifier = verifyLedger) {
    this.verifier = verifier;
  }

  async view(store: Store, run: Run): Promise<LedgerView> {
    const lastEventId = await store.read.maxEventId(run.id);
    const kept = this.done.get(run.id);
    if (kept && kept.lastEventId === lastEventId && Date.now() - kept.at < LEDGER_RECHECK_MS) return kept.view;
    const under = this.running.get(run.id);
    if (under && under.lastEventId === lastEventId) return under.view;
    // Kept: what the verification found. Not kept: a verification that could not be made (its thread died).
    const view = this.verifier(store, run).then(
      (done) => {
        this.done.set(run.id, { lastEventId, at: Date.now(), view: done });
        return done;
      },
      (e: Error) => failed(`verification failed: ${e.message}`),
    );
    this.running.set(run.id, { lastEventId, view });
    try {
      return await view;
    } finally {
      if (this.running.get(run.id)?.view === view) this.running.delete(run.id);
    }
  }
}

/** A verification that could not be made, shown as a failed one. */
function failed(problem: string): LedgerView {
  return {
    ok: false,
    events: 0,
    signedSeq: null,
    unsigned: 0,
    problems: [problem],
    warnings: [],
    headHash: null,
    publicKeyFingerprint: null,
    verifiedAt: new Date().toISOString(),
  };
}

/** The ledger's verification of `run`, computed here (a thread of the server's runs it: ledger-worker.ts). */
export async function verifyLedger(store: Store, run: Run): Promise<LedgerView> {
  const verifiedAt = new Date().toISOString();
  try {
    const v = await verifyStoredRecord(store, run, { allowUnsigned: true });
    return {
      ok: v.problems.length === 0,
      events: v.events,
      signedSeq: v.signedSeq,
      unsigned: v.unsigned,
      problems: v.problems,
      warnings: v.warnings,
      headHash: v.headHash,
      publicKeyFingerprint: v.publicKeyFingerprint,
      verifiedAt,
    };
  } catch (e) {
    return { ...failed(`verification failed: ${(e as Error).message}`), verifiedAt };
  }
}
