import type { KaizenConfigInput } from '../config/config.ts';
import { type LoadedTask, loadTask } from '../config/load.ts';
import { evaluate, sandboxRequest } from '../engine/evaluate.ts';
import { createSandbox } from '../sandbox/create.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { type ProgramRecord, changedColumns, eventHash, headMessage, programRecord } from '../store/chain.ts';
import type { EventRow, ProgramRow, Run, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { loadRunKey, publicKeyOf, verifyMessage } from './keys.ts';

/**
 * `kaizen verify`: recomputes a run's hash chain, checks every program row against the record its latest event
 * carries, checks the signed head with the run's public key, then re-executes the champion and the top-k programs.
 * Every problem is one line that names the record (event id and chain position, program id, run id).
 */

export interface VerifyOptions {
  /** Task folder to re-execute from (falls back to the folder recorded with the run). */
  taskDir?: string;
  /** Programs to re-execute besides the champion (default 3); 0 with reexecute false skips re-execution. */
  topK?: number;
  reexecute?: boolean;
  /** Largest |re-executed − recorded| score accepted (default 0: our tasks are deterministic). */
  tolerance?: number;
  /** Accept events after the signed head (their key was missing) as a warning instead of a failure. */
  allowUnsigned?: boolean;
  sandbox?: Sandbox;
}

export interface RunVerification {
  runId: string;
  events: number;
  signedSeq: number | null;
  unsigned: number;
  programs: number;
  reexecuted: { id: number; recorded: number | null; score: number | null }[];
  problems: string[];
  warnings: string[];
  /** For anchoring outside the database: publish these and a rewritten history cannot pass for this one. */
  headHash: string | null;
  publicKeyFingerprint: string | null;
}

export async function verifyRun(store: Store, run: Run, options: VerifyOptions = {}): Promise<RunVerification> {
  const events = await store.ledgerEvents(run.id);
  const programs = await store.programs(run.id);
  const result: RunVerification = {
    runId: run.id,
    events: events.length,
    signedSeq: run.head_seq,
    unsigned: 0,
    programs: programs.length,
    reexecuted: [],
    problems: [],
    warnings: [],
    headHash: run.head_hash,
    publicKeyFingerprint: run.public_key ? sha256(run.public_key).slice(0, 16) : null,
  };
  result.problems.push(...checkChain(events));
  result.problems.push(...checkPrograms(events, programs));
  const sig = checkSignature(store, run, events);
  result.problems.push(...sig.problems);
  result.unsigned = sig.unsigned.length;
  if (sig.unsigned.length) {
    const first = sig.unsigned[0]!;
    const last = sig.unsigned[sig.unsigned.length - 1]!;
    const line = `run ${run.id}: ${sig.unsigned.length} event(s) after the signed head are unsigned (events ${first.id}–${last.id}, #${first.seq}–#${last.seq}): their key was missing when they were appended, or the head was rolled back`;
    (options.allowUnsigned ? result.warnings : result.problems).push(line);
  }
  result.problems.push(...checkRunFields(run, events, programs));
  if (options.reexecute !== false) {
    const re = await reexecute(run, programs, options);
    result.reexecuted = re.reexecuted;
    result.problems.push(...re.problems);
    result.warnings.push(...re.warnings);
  }
  return result;
}

/** Each event's hash over its content, its link to the previous one, and gap-free positions. */
export function checkChain(events: EventRow[]): string[] {
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
export function checkPrograms(events: EventRow[], programs: ProgramRow[]): string[] {
  const problems: string[] = [];
  const latest = new Map<number, { event: EventRow; record: ProgramRecord | null }>();
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
    const now = programRecord(p as unknown as Record<string, unknown>);
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
function checkSignature(store: Store, run: Run, events: EventRow[]): { problems: string[]; unsigned: EventRow[] } {
  const problems: string[] = [];
  if (!run.public_key) {
    return { problems: [`run ${run.id}: no public key (created before the ledger, or the key was removed): nothing is signed`], unsigned: [] };
  }
  try {
    const key = loadRunKey(store.keyDir, run.id);
    if (key && publicKeyOf(key) !== run.public_key) problems.push(`run ${run.id}: public key does not match its key file (the key was swapped)`);
  } catch (e) {
    problems.push(`run ${run.id}: its key file is unreadable: ${(e as Error).message}`);
  }
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
function checkRunFields(run: Run, events: EventRow[], programs: ProgramRow[]): string[] {
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

/** The programs worth re-running: the champion, then the k best other correct programs (distinct code). */
export function reexecutionTargets(run: Run, programs: ProgramRow[], topK: number): ProgramRow[] {
  const byId = new Map(programs.map((p) => [p.id, p]));
  const out: ProgramRow[] = [];
  const hashes = new Set<string>();
  const add = (p: ProgramRow | undefined) => {
    if (!p || hashes.has(p.code_hash)) return;
    hashes.add(p.code_hash);
    out.push(p);
  };
  add(run.best_program_id !== null ? byId.get(run.best_program_id) : undefined);
  const ranked = programs
    .filter((p) => p.status === 'evaluated' && p.correct === 1 && p.score !== null)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.id - b.id);
  for (const p of ranked) {
    if (out.length >= topK + 1) break;
    add(p);
  }
  return out;
}

async function reexecute(run: Run, programs: ProgramRow[], options: VerifyOptions) {
  const problems: string[] = [];
  const warnings: string[] = [];
  const reexecuted: RunVerification['reexecuted'] = [];
  const targets = reexecutionTargets(run, programs, options.topK ?? 3);
  if (targets.length === 0) return { problems, warnings, reexecuted };
  // The folder given, else the one the run recorded; the run's own settings over the folder's, as during the run.
  const dirs = [...new Set([options.taskDir, run.task_dir].filter((d): d is string => d !== undefined))];
  let loaded: LoadedTask | undefined;
  let failure = '';
  for (const d of dirs) {
    try {
      loaded = await loadTask(d, JSON.parse(run.config_json) as KaizenConfigInput);
      break;
    } catch (e) {
      failure ||= (e as Error).message;
    }
  }
  if (!loaded) {
    problems.push(`run ${run.id}: cannot load its task folder to re-execute (${dirs.join(' or ')}): ${failure}`);
    return { problems, warnings, reexecuted };
  }
  const dir = loaded.dir;
  if (engineTaskHash(loaded) !== run.task_hash) {
    warnings.push(`run ${run.id}: the task folder ${dir} is not the one the run used (task hash differs); re-execution compares against another task`);
  }
  const sandbox = options.sandbox ?? createSandbox({ backend: loaded.config.sandbox.backend, process: { allowUnsandboxed: loaded.config.sandbox.allowUnsandboxed } });
  const tolerance = options.tolerance ?? 0;
  for (const p of targets) {
    const request = sandboxRequest(loaded.task, p.code, loaded.language, loaded.programPath);
    const ev = await evaluate(loaded.task, sandbox, request, p.code, p.id);
    const score = ev.judged && Number.isFinite(ev.judged.score) ? ev.judged.score : null;
    reexecuted.push({ id: p.id, recorded: p.score, score });
    const correct = ev.judged?.correct === true;
    if (correct !== (p.correct === 1)) {
      const how = ev.judged ? (correct ? 'correct' : 'incorrect') : `a failure (${ev.failure}: ${ev.error})`;
      problems.push(`program ${p.id}: re-executed as ${how}, recorded ${p.correct === 1 ? 'correct' : 'incorrect'}`);
    } else if (correct && (score === null || p.score === null || Math.abs(score - p.score) > tolerance)) {
      problems.push(`program ${p.id}: re-executed score ${score} ≠ recorded ${p.score}${tolerance ? ` (tolerance ${tolerance})` : ''}`);
    }
  }
  return { problems, warnings, reexecuted };
}

/** The engine's identity of a task (evolve.ts, taskHash): what a resumed run must match. */
function engineTaskHash(loaded: LoadedTask): string {
  const { budget: _b, concurrency: _c, ...search } = loaded.config;
  return sha256(JSON.stringify([loaded.identity, loaded.programCode, search]));
}
