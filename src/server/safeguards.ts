import { verifyRun } from '../engine/reexecute.ts';
import type { EventView } from '../store/queries.ts';
import type { Run, Store } from '../store/store.ts';

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

/**
 * The ledger's verification (chain, program records, signature; no re-execution), as `kaizen verify --no-reexecute`
 * does it. It reads every event and program of the run (seconds on a run of 5,000 programs), so a result is kept per
 * run while no event was appended and for at most LEDGER_RECHECK_MS: the page reloads and polls without redoing it.
 */
export class LedgerChecks {
  private readonly done = new Map<string, { lastEventId: number; at: number; view: LedgerView }>();

  async view(store: Store, run: Run): Promise<LedgerView> {
    const lastEventId = await store.read.maxEventId(run.id);
    const kept = this.done.get(run.id);
    if (kept && kept.lastEventId === lastEventId && Date.now() - kept.at < LEDGER_RECHECK_MS) return kept.view;
    const view = await verify(store, run);
    this.done.set(run.id, { lastEventId, at: Date.now(), view });
    return view;
  }
}

async function verify(store: Store, run: Run): Promise<LedgerView> {
  const verifiedAt = new Date().toISOString();
  try {
    const v = await verifyRun(store, run, { reexecute: false, allowUnsigned: true });
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
    return {
      ok: false,
      events: 0,
      signedSeq: null,
      unsigned: 0,
      problems: [`verification failed: ${(e as Error).message}`],
      warnings: [],
      headHash: null,
      publicKeyFingerprint: null,
      verifiedAt,
    };
  }
}
