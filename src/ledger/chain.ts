import { sha256 } from '../util/hash.ts';

/**
 * The ledger's hashing rules, shared by the store (which writes the chain) and `kaizen verify` (which recomputes it).
 * Changing anything here invalidates every recorded chain: treat it like a shipped migration.
 */

/** JSON with object keys sorted at every level: one text per value, whatever order the columns came in. */
export function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/**
 * What an event records of its program's row: a digest over every column, so one changed byte of code, metrics,
 * feedback, prompt… shows, plus a short fingerprint per column so `kaizen verify` can name what changed. Null columns
 * are left out, so a later migration that adds a (null) column does not change the records of older rows.
 */
export interface ProgramRecord {
  digest: string;
  columns: Record<string, string>;
}

export function programRecord(row: Record<string, unknown>): ProgramRecord {
  const present = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null && v !== undefined));
  const columns = Object.fromEntries(Object.entries(present).map(([k, v]) => [k, sha256(canonical(v)).slice(0, 16)]));
  return { digest: sha256(`kaizen.program.v1\n${canonical(present)}`), columns };
}

/** Columns whose fingerprints differ between what was recorded and the row now (present on one side only included). */
export function changedColumns(recorded: ProgramRecord, now: ProgramRecord): string[] {
  const names = new Set([...Object.keys(recorded.columns), ...Object.keys(now.columns)]);
  return [...names].filter((n) => recorded.columns[n] !== now.columns[n]).sort();
}

export interface ChainedEvent {
  run_id: string;
  seq: number;
  at: string;
  type: string;
  program_id: number | null;
  data_json: string;
  program_digest: string | null;
  prev_hash: string | null;
}

export function eventHash(e: ChainedEvent): string {
  const { run_id, seq, at, type, program_id, data_json, program_digest, prev_hash } = e;
  return sha256(`kaizen.event.v1\n${canonical({ run_id, seq, at, type, program_id, data_json, program_digest, prev_hash })}`);
}

/** What identifies a run and never changes after it starts: the signature covers it, so its config cannot be swapped. */
export interface RunIdentity {
  id: string;
  task_name: string;
  task_dir: string;
  task_hash: string;
  config_json: string;
  seed: number;
  created_at: string;
  public_key: string | null;
}

export function runDigest(r: RunIdentity): string {
  const { id, task_name, task_dir, task_hash, config_json, seed, created_at, public_key } = r;
  return sha256(`kaizen.run.v1\n${canonical({ id, task_name, task_dir, task_hash, config_json, seed, created_at, public_key })}`);
}

/** The bytes the run's key signs: the run's identity and the head of its chain. */
export function headMessage(run: RunIdentity, seq: number, hash: string): Buffer {
  return Buffer.from(`kaizen.head.v1\n${canonical({ run: runDigest(run), seq, hash })}`);
}
