import type { KeyObject } from 'node:crypto';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { evolve } from '../../src/engine/evolve.ts';
import type { Operator } from '../../src/operators/operator.ts';
import { type VerifyOptions, verifyRun } from '../../src/engine/reexecute.ts';
import { signMessage } from '../../src/ledger/keys.ts';
import { canonical, eventHash, headMessage, programRecord } from '../../src/ledger/chain.ts';
import { type EventRow, type Run, Store } from '../../src/store/store.ts';
import { tempDir, writeTask } from '../support/tmp.ts';

/** A deterministic task: the program returns a number, the judge rewards it and reports a public metric. */
export function numberTask(samples = 6): string {
  return writeTask({
    'task.ts': `import { defineTask } from 'kaizen';
export default defineTask({
  name: 'number',
  program: './initial.js',
  execute: { export: 'run', timeoutMs: 5000, memoryMb: 96 },
  judge: (out) => typeof out === 'number'
    ? { correct: true, score: out, public: { value: out, half: out / 2 }, feedback: 'a number' }
    : { correct: false, score: 0, feedback: 'not a number: ' + JSON.stringify(out) },
});`,
    'initial.js': '// EVOLVE-BLOCK-START\nexport function run() { return 1; }\n// EVOLVE-BLOCK-END\n',
    'kaizen.config.ts': `import { defineConfig } from 'kaizen';\nexport default defineConfig({ budget: { samples: ${samples} }, concurrency: 1 });\n`,
  });
}

/** Proposes the given bodies in turn: improvements, a failure, a duplicate. */
export function scripted(bodies: string[]): Operator {
  let i = 0;
  return {
    name: 'scripted',
    supports: () => true,
    async propose() {
      const body = bodies[i++ % bodies.length];
      return { code: `// EVOLVE-BLOCK-START\n${body}\n// EVOLVE-BLOCK-END\n`, change: `script ${i}` };
    },
  };
}

export const BODIES = [
  'export function run() { return 2; }',
  'export function run() { throw new Error("boom"); }',
  'export function run() { return 5; }',
  'export function run() { return 2; }',
  'export function run() { return "x"; }',
  'export function run() { return 7; }',
  'export function run() { return 3; }',
];

/** A small real run; returns the task folder and its database. */
export async function smallRun(samples = 6): Promise<{ dir: string; db: string; runId: string }> {
  const dir = numberTask(samples);
  const result = await evolve({ task: dir, operators: [{ operator: scripted(BODIES), weight: 1 }] });
  return { dir, db: result.db, runId: result.runId };
}

/** A copy of a run's database and key folder, as an attacker with file access would find it (triggers dropped). */
export function copyRun(db: string): { db: string; keyDir: string } {
  const dir = tempDir('kaizen-tamper-');
  mkdirSync(join(dir, '.kaizen'), { recursive: true });
  const src = join(db, '..');
  cpSync(src, join(dir, '.kaizen'), { recursive: true });
  return { db: join(dir, '.kaizen', 'kaizen.db'), keyDir: join(dir, '.kaizen', 'keys') };
}

export function tamper(db: string, edit: (sqlite: SQLite.Database) => void): void {
  const sqlite = new SQLite(db);
  sqlite.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
  edit(sqlite);
  sqlite.close();
}

export async function verifyCopy(copy: { db: string; keyDir: string }, taskDir: string, options: VerifyOptions = {}) {
  const store = await Store.open(copy.db, { keyDir: copy.keyDir });
  try {
    const runs = await store.listRuns();
    return await verifyRun(store, runs[0]!, { taskDir, topK: 2, ...options });
  } finally {
    await store.close();
  }
}

type Row = Record<string, unknown> & { id: number };

/** What an attacker who knows the hashing rules does after editing rows: recompute every record, link and the head. */
export function rechain(sqlite: SQLite.Database, runId: string, key?: KeyObject): void {
  const events = sqlite.prepare('SELECT * FROM events WHERE run_id = ? ORDER BY id').all(runId) as (EventRow & Row)[];
  const programs = new Map((sqlite.prepare('SELECT * FROM programs WHERE run_id = ?').all(runId) as Row[]).map((p) => [p.id, p]));
  const latest = new Map<number, number>();
  for (const e of events) if (e.program_id !== null && e.program_digest !== null) latest.set(e.program_id, e.id);
  let prev: string | null = null;
  let seq = 0;
  for (const e of events) {
    const digest = e.program_id !== null && latest.get(e.program_id) === e.id ? canonical(programRecord(programs.get(e.program_id)!)) : e.program_digest;
    const hash = eventHash({ ...e, seq: e.seq!, program_digest: digest, prev_hash: prev });
    sqlite.prepare('UPDATE events SET program_digest = ?, prev_hash = ?, hash = ? WHERE id = ?').run(digest, prev, hash, e.id);
    prev = hash;
    seq = e.seq!;
  }
  const run = sqlite.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as Run;
  const signature = key ? signMessage(key, headMessage(run, seq, prev!)) : run.signature;
  sqlite.prepare('UPDATE runs SET head_hash = ?, head_seq = ?, signature = ? WHERE id = ?').run(prev, seq, signature, runId);
}
