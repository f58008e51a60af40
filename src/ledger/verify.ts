import { sha256 } from '../util/hash.ts';
import { changedColumns, eventHash, headMessage, type ProgramRecord, programRecord, type RunIdentity } from './chain.ts';
import { verifyMessage } from './keys.ts';

// Pure verification of a run's record: its chain, its programs against what their events recorded, the signed head,
// and the run row's champion and seed score. It reads nothing: the caller hands it the rows and the key file's check.
// Every problem is one line that names the record (event id and chain position, program id, run id).

/** An event row as the ledger reads it. */
export interface LedgerEvent {
  id: number;
  run_id: string;
  seq: number | null;
  at: string;
  type: string;
  program_id: number | null;
  data_json: string;
  program_digest: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** A program row: every column counts in its digest; these are the ones checks read by name. */
export type LedgerProgram = Record<string, unknown> & {
  id: number;
  code: string;
  code_hash: string;
  sample: number | null;
  correct: number | null;
  score: number | null;
};

export type LedgerRun = RunIdentity & {
  head_seq: number | null;
  head_hash: string | null;
  signature: string | null;
  best_program_id: number | null;
  seed_score: number | null;
};

/** What the run's key file says: its public key (null: no key file), or why it could not be read. */
export type KeyFileCheck = { publicKey: string | null } | { error: string };

export interface RecordVerification {
  runId: string;
  events: number;
  signedSeq: number | null;
  unsigned: number;
  programs: number;
  problems: string[];
  warnings: string[];
  /** For anchoring outside the database: publish these and a rewritten history cannot pass for this one. */
  headHash: string | null;
  publicKeyFingerprint: string | null;
}

export function verifyRecord(
  run: LedgerRun,
  events: LedgerEvent[],
  programs: LedgerProgram[],
  keyFile: KeyFileCheck,
  options: { allowUnsigned?: boolean } = {},
): RecordVerification {
  const result: RecordVerification = {
    runId: run.id,
    events: events.length,
    signedSeq: run.head_seq,
    unsigned: 0,
    programs: programs.length,
    problems: [],
    warnings: [],
    headHash: run.head_hash,
    publicKeyFingerprint: run.public_key ? sha256(run.public_key).slice(0, 16) : null,
  };
  result.problems.push(...checkChain(events));
  result.problems.push(...checkPrograms(events, programs));
  const sig = checkSignature(run, events, keyFile);
  result.problems.push(...sig.problems);
  result.unsigned = sig.unsigned.length;
  if (sig.unsigned.length) {
    const first = sig.unsigned[0]!;
    const last = sig.unsigned[sig.unsigned.length - 1]!;
    const line = `run ${run.id}: ${sig.unsigned.length} event(s) after the signed head are unsigned (events ${first.id}–${last.id}, #${first.seq}–#${last.seq}): their key was missing when they were appended, or the head was rolled back`;
    (options.allowUnsigned ? result.warnings : result.problems).push(line);
  }
  result.problems.push(...checkRunFields(run, events, programs));
  return result;
}

/** Each event's hash over its content, its link to the previous one, and gap-free positions. */
export function checkChain(events: LedgerEvent[]): string[] {
  const problems: string[] = [];
  let prev: string | null = null;
  let expected = 1;
  for (const e of events) {
    const at = `event ${e.id} (#${e.seq ?? '?'})`;
    if (e.hash === null || e.seq === null) {
      problems.push(`event ${e.id}: not chained (recorded before the ledger existed, or its hash was removed)`);
      prev = e.hash;
      continue;
    }
    if (e.seq !== expected) problems.push(`${at}: position ${e.seq} where ${expected} was expected (an event was deleted or inserted)`);
    if (e.prev_hash !== prev) problems.push(`${at}: does not link to the event before it (the chain is broken: an event was deleted, inserted or rewritten)`);
    const recomputed = eventHash({
      run_id: e.run_id,
      seq: e.seq,
      at: e.at,
      type: e.type,
      program_id: e.program_id,
      data_json: e.data_json,
      program_digest: e.program_digest,
      prev_hash: e.prev_hash,
    });
    if (recomputed !== e.hash) problems.push(`${at}: hash mismatch (its content was changed after it was recorded)`);
    prev = e.hash;
    expected = e.seq + 1;
  }
  return problems;
}

/** Every program row must equal what the latest event about it recorded; every recorded program must still exist. */
export function checkPrograms(events: LedgerEvent[], programs: LedgerProgram[]): string[] {
  const problems: string[] = [];
  const latest = new Map<number, { event: LedgerEvent; record: ProgramRecord | null }>();
  for (const e of events) {
    if (e.program_id === null || e.program_digest === null) continue;
    let record: ProgramRecord | null = null;
    try {
      record = JSON.parse(e.program_digest) as ProgramRecord;
    } catch {
      record = null;
    }
    latest.set(e.program_id, { event: e, record });
  }
  const seen = new Set<number>();
  for (const p of programs) {
    seen.add(p.id);
    if (sha256(p.code) !== p.code_hash) problems.push(`program ${p.id}: code does not match its code_hash`);
    const entry = latest.get(p.id);
    if (!entry) {
      problems.push(`program ${p.id}: no event records it (added outside the ledger)`);
      continue;
    }
    if (!entry.record || typeof entry.record.digest !== 'string') {
      problems.push(`program ${p.id}: event ${entry.event.id} carries an unreadable program record`);
      continue;
    }
    const now = programRecord(p);
    if (now.digest === entry.record.digest) continue;
    const changed = changedColumns(entry.record, now);
    const what = changed.length ? changed.join(', ') : 'row';
    problems.push(`program ${p.id}: ${what} ${changed.length > 1 ? 'differ' : 'differs'} from what event ${entry.event.id} (#${entry.event.seq}) recorded`);
  }
  for (const [id, { event }] of latest) {
    if (!seen.has(id)) problems.push(`program ${id}: recorded by event ${event.id} (#${event.seq}) but missing from the programs table`);
  }
  return problems;
}

/** The head's signature, that it is the chain's event at that position, and that the key matches its key file. */
function checkSignature(run: LedgerRun, events: LedgerEvent[], keyFile: KeyFileCheck): { problems: string[]; unsigned: LedgerEvent[] } {
  const problems: string[] = [];
  if (!run.public_key) {
    return { problems: [`run ${run.id}: no public key (created before the ledger, or the key was removed): nothing is signed`], unsigned: [] };
  }
  if ('error' in keyFile) problems.push(`run ${run.id}: its key file is unreadable: ${keyFile.error}`);
  else if (keyFile.publicKey !== null && keyFile.publicKey !== run.public_key)
    problems.push(`run ${run.id}: public key does not match its key file (the key was swapped)`);
  const headSeq = run.head_seq;
  if (headSeq === null || run.head_hash === null || run.signature === null) {
    return { problems: events.length ? [...problems, `run ${run.id}: no signed head`] : problems, unsigned: events };
  }
  const head = events.find((e) => e.seq === headSeq);
  if (!head) problems.push(`run ${run.id}: the signed head #${headSeq} is missing from the chain`);
  else if (head.hash !== run.head_hash) problems.push(`run ${run.id}: the signed head #${headSeq} is not event ${head.id} as it stands (hash differs)`);
  if (!verifyMessage(run.public_key, headMessage(run, headSeq, run.head_hash), run.signature)) {
    problems.push(`run ${run.id}: signature invalid (the head, the run's settings or its public key were changed)`);
  }
  return { problems, unsigned: events.filter((e) => e.seq !== null && e.seq > headSeq) };
}

/**
 * The run row's mutable fields are outside the signature; the two a reader relies on are checked against the chain:
 * the champion (its last champion.changed event) and the seed's score (the chained row of sample 0).
 */
function checkRunFields(run: LedgerRun, events: LedgerEvent[], programs: LedgerProgram[]): string[] {
  const problems: string[] = [];
  const named = events.filter((e) => e.type === 'champion.changed').at(-1)?.program_id ?? null;
  if (named !== null && run.best_program_id !== named) {
    problems.push(`run ${run.id}: best program ${run.best_program_id ?? 'none'} is not the champion the events name (program ${named})`);
  }
  const seed = programs.find((p) => p.sample === 0);
  if (seed && run.seed_score !== null && (seed.correct !== 1 || seed.score !== run.seed_score)) {
    problems.push(`run ${run.id}: seed score ${run.seed_score} is not the score recorded for program ${seed.id} (${seed.score})`);
  }
  return problems;
}
