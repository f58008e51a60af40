import type { KeyObject } from 'node:crypto';
import { canonical, type ChainedEvent, eventHash, headMessage, programRecord, type RunIdentity } from './chain.ts';
import { createRunKey, loadRunKey, signMessage } from './keys.ts';

/** An event's place in its run's chain. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** What appending needs of the database, inside the caller's write transaction (the store implements it). */
export interface ChainStore {
  /** The run's last event (null seq or hash: an event from before the ledger). */
  lastEvent(): Promise<{ seq: number | null; hash: string | null } | undefined>;
  programRow(id: number): Promise<Record<string, unknown> | undefined>;
  insertEvent(event: ChainedEvent & { hash: string }): Promise<void>;
  run(): Promise<RunIdentity | undefined>;
  signHead(head: ChainHead, signature: string): Promise<void>;
}

export interface NewEvent {
  runId: string;
  type: string;
  programId: number | null;
  data: unknown;
  at: string;
}

/**
 * Appends one event to its run's chain: it links to the previous event's hash, carries the digest of its program's
 * row as it now stands, and the run's new head is signed at once — so a killed run verifies up to its last event.
 * Without a key (moved, deleted) the event is appended unsigned, and `kaizen verify` reports it as such.
 */
export async function appendEvent(db: ChainStore, e: NewEvent, key: KeyObject | null): Promise<ChainHead> {
  const last = await db.lastEvent();
  const row = e.programId === null ? undefined : await db.programRow(e.programId);
  const event: ChainedEvent = {
    run_id: e.runId,
    seq: (last?.seq ?? 0) + 1,
    at: e.at,
    type: e.type,
    program_id: e.programId,
    data_json: JSON.stringify(e.data ?? {}),
    program_digest: row ? canonical(programRecord(row)) : null,
    prev_hash: last?.hash ?? null,
  };
  const head = { seq: event.seq, hash: eventHash(event) };
  await db.insertEvent({ ...event, hash: head.hash });
  const run = await db.run();
  if (run && key && run.public_key) await db.signHead(head, signMessage(key, headMessage(run, head.seq, head.hash)));
  return head;
}

/**
 * Per-run Ed25519 signing keys of one store: created with a run, loaded (once) for the runs it appends to. The private
 * keys live in files outside the database (keys.ts): whoever can only edit the database cannot re-sign a chain.
 */
export class RunKeys {
  readonly dir: string | null;
  private readonly keys = new Map<string, KeyObject | null>();

  constructor(dir: string | null) {
    this.dir = dir;
  }

  /** A new run's key pair; returns the public key (SPKI PEM) to store with the run. */
  create(runId: string): string {
    const key = createRunKey(this.dir, runId);
    this.keys.set(runId, key.privateKey);
    return key.publicKeyPem;
  }

  /** The run's signing key, or null when its file is missing or unreadable (events then stay unsigned). */
  signingKey(runId: string): KeyObject | null {
    if (!this.keys.has(runId)) {
      let key: KeyObject | null = null;
      try {
        key = loadRunKey(this.dir, runId);
      } catch {
        key = null; // an unreadable key: the events stay unsigned, and verify says so
      }
      this.keys.set(runId, key);
    }
    return this.keys.get(runId) ?? null;
  }
}

/**
 * Settles ledger transactions whose COMMIT went unanswered (a connection that died during COMMIT leaves it unknown
 * whether the transaction committed). Every ledger transaction appends an event, and that event settles it: the
 * next attempt, once it holds the run's lock — so the lost transaction has ended, one way or the other — looks for
 * it. There: it committed, and its result stands. Absent: it did not, and runs again. No event twice, none lost.
 */
export class CommitSettlement<T> {
  private unsettled: { head: ChainHead; result: T } | undefined;

  /** At the start of an attempt that holds the run's lock: an earlier attempt's result, if that attempt committed. */
  async committedEarlier(hasEvent: (head: ChainHead) => Promise<boolean>): Promise<{ result: T } | undefined> {
    const u = this.unsettled;
    if (!u) return undefined;
    if (await hasEvent(u.head)) return { result: u.result };
    this.unsettled = undefined;
    return undefined;
  }

  /** An attempt returned `result` after appending `appended`, and its COMMIT went unanswered. False: nothing settles it. */
  commitUnanswered(appended: readonly ChainHead[], result: T): boolean {
    const last = appended.at(-1);
    if (!last) return false;
    this.unsettled = { head: last, result };
    return true;
  }
}
