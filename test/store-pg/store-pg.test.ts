import { rawDb } from '../support/raw-db.ts';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { Store, postgresUrl } from '../../src/store/store.ts';
import { BODIES, numberTask, scripted } from '../ledger/support.ts';
import { copyExample } from '../support/tmp.ts';
import { postgresUnavailable } from './postgres.ts';
import { usePostgres } from './use-postgres.ts';

const unavailable = postgresUnavailable();
if (unavailable) console.warn(`skipping the Postgres store tests: ${unavailable}`);

describe.skipIf(unavailable !== null)('the run store on Postgres', () => {
  const server = usePostgres();

  it('recognises Postgres locations, also after path.resolve', () => {
    expect(postgresUrl('postgres://u@h:5/db')).toBe('postgres://u@h:5/db');
    expect(postgresUrl('postgresql://h/db')).toBe('postgresql://h/db');
    expect(postgresUrl('/work/x/postgres:/u@h:5/db')).toBe('postgres://u@h:5/db');
    expect(postgresUrl('/work/x/.kaizen/kaizen.db')).toBeNull();
    expect(postgresUrl(':memory:')).toBeNull();
  });

  it('records a circle-packing run that verifies, and keeps two runs in one database apart', async () => {
    const circles = copyExample('circle-packing');
    const numbers = numberTask(6);
    // Two runs at once against the same database: their appends interleave, their chains must not.
    const [a, b] = await Promise.all([
      evolve({ task: circles, out: server.url, resume: 'never', config: { budget: { samples: 16 }, concurrency: 2 } }),
      evolve({ task: numbers, out: server.url, resume: 'never', operators: [{ operator: scripted(BODIES), weight: 1 }] }),
    ]);
    expect(a.runId).not.toBe(b.runId);

    const store = await Store.open(server.url);
    try {
      expect(store.dialect).toBe('postgres');
      expect(store.keyDir).toBe(server.keyDir);
      const runs = await store.listRuns();
      expect(runs.map((r) => r.id).sort()).toEqual([a.runId, b.runId].sort());

      for (const [id, task] of [
        [a.runId, 'circle-packing'],
        [b.runId, 'number'],
      ] as const) {
        const run = (await store.getRun(id))!;
        expect(run.task_name.startsWith(task)).toBe(true);
        expect(run.status).toBe('completed');
        const programs = await store.programs(id);
        expect(programs.length).toBeGreaterThan(1);
        expect(programs.every((p) => p.run_id === id)).toBe(true);
        expect(programs.some((p) => p.status === 'evaluated' && p.correct === 1 && typeof p.score === 'number')).toBe(true);
        const samples = programs.map((p) => p.sample).filter((s) => s !== null);
        expect(new Set(samples).size).toBe(samples.length); // each proposal recorded once
        const events = await store.ledgerEvents(id);
        expect(events.length).toBeGreaterThan(programs.length - 1);
        expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1)); // each run its own gapless chain
        expect(events.every((e) => e.run_id === id)).toBe(true);
        expect(events[0].prev_hash).toBeNull();
        expect(run.head_seq).toBe(events.length);
        expect(run.best_program_id).not.toBeNull();

        const verification = await verifyRun(store, run, { reexecute: false });
        expect(verification.problems).toEqual([]);
        expect(verification.unsigned).toBe(0);
        expect(verification.events).toBe(events.length);
      }
      const circleBest = (await store.getProgram((await store.getRun(a.runId))!.best_program_id!))!;
      expect(circleBest.run_id).toBe(a.runId);
      expect(circleBest.score).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('refuses edits, deletions and truncation of events, and serialises appends from several coordinators', async () => {
    const numbers = numberTask(3);
    const { runId } = await evolve({ task: numbers, out: server.url, resume: 'never', operators: [{ operator: scripted(BODIES), weight: 1 }] });
    const one = await Store.open(server.url);
    const two = await Store.open(server.url);
    try {
      const first = (await one.ledgerEvents(runId))[0];
      const raw = rawDb(server.url);
      try {
        await expect(raw.updateTable('events').set({ type: 'forged' }).where('id', '=', first.id).execute()).rejects.toThrow(/append-only/);
        await expect(raw.deleteFrom('events').where('id', '=', first.id).execute()).rejects.toThrow(/append-only/);
        await expect(sql`TRUNCATE events`.execute(raw)).rejects.toThrow(/append-only/);
      } finally {
        await raw.destroy();
      }
      expect((await one.ledgerEvents(runId))[0]).toEqual(first);

      // Two stores (two connection pools, as two coordinators would have) append to one run at once.
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).appendEvent(runId, 'run.notice', null, { message: String(i) })));
      const events = await one.ledgerEvents(runId);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      const verification = await verifyRun(one, (await one.getRun(runId))!, { reexecute: false });
      expect(verification.problems).toEqual([]);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('says clearly when Postgres cannot be reached', async () => {
    await expect(Store.open('postgres://kaizen:secret@127.0.0.1:1/postgres')).rejects.toThrow(
      /kaizen:\*\*\*@127\.0\.0\.1:1\/postgres: cannot reach the Postgres run database/,
    );
  });
});
