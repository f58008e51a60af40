import { verifyRun } from '../engine/reexecute.ts';
import type { EventView } from '../store/queries.ts';
import type { Run, Store } from '../store/store.ts';

const TYPES = ['violation', 'overfit', 'drift.warning', 'drift.measured', 'holdout.checked'];
/** Listed only when the run has some (multi-case tasks). */
const IF_ANY = ['hidden.checked'];

/** Safeguard events by type and the ledger's verification (chain, program records, signature; no re-execution). */
export async function safeguardsView(store: Store, run: Run) {
  const events = await store.read.eventsAfter(run.id, 0, { types: [...TYPES, ...IF_ANY] });
  const byType: Record<string, EventView[]> = Object.fromEntries(TYPES.map((t) => [t, []]));
  for (const e of events) {
    byType[e.type] ??= [];
    byType[e.type].push(e);
  }
  let ledger: {
    ok: boolean;
    events: number;
    signedSeq: number | null;
    unsigned: number;
    problems: string[];
    warnings: string[];
    headHash: string | null;
    publicKeyFingerprint: string | null;
  };
  try {
    const v = await verifyRun(store, run, { reexecute: false, allowUnsigned: true });
    ledger = {
      ok: v.problems.length === 0,
      events: v.events,
      signedSeq: v.signedSeq,
      unsigned: v.unsigned,
      problems: v.problems,
      warnings: v.warnings,
      headHash: v.headHash,
      publicKeyFingerprint: v.publicKeyFingerprint,
    };
  } catch (e) {
    ledger = {
      ok: false,
      events: 0,
      signedSeq: null,
      unsigned: 0,
      problems: [`verification failed: ${(e as Error).message}`],
      warnings: [],
      headHash: null,
      publicKeyFingerprint: null,
    };
  }
  return { events: byType, ledger };
}
