// The ledger's checks of a run's record as stored (ledger/verify.ts: the hash chain, every program against its
// events, the signature against the run's key file), without re-executing anything: the first half of `kaizen verify`
// (engine/reexecute.ts) and the dashboard's ledger view (server/ledger-worker.ts, which loads only this and the store).
import { loadRunKey, publicKeyOf } from '../ledger/keys.ts';
import { type KeyFileCheck, type RecordVerification, verifyRecord } from '../ledger/verify.ts';
import type { ProgramRow, Run, Store } from './store.ts';

/** The run's key file as the ledger's signature check needs it. */
export function keyFileCheck(store: Store, runId: string): KeyFileCheck {
  try {
    const key = loadRunKey(store.keyDir, runId);
    return { publicKey: key ? publicKeyOf(key) : null };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * Reads the run's events and programs (unless the caller has read the programs already) and checks them
 * (`allowUnsigned`: events after the signed head only warn).
 */
export async function verifyStoredRecord(
  store: Store,
  run: Run,
  options: { allowUnsigned?: boolean } = {},
  programs?: ProgramRow[],
): Promise<RecordVerification> {
  const events = await store.ledgerEvents(run.id);
  return verifyRecord(run, events, programs ?? (await store.programs(run.id)), keyFileCheck(store, run.id), options);
}
