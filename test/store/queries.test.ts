import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { figureRowsQuery, hasCasesQuery, runTotalsQuery, treeQuery } from '../../src/store/queries.ts';
import type { Database } from '../../src/store/schema.ts';
import { Store } from '../../src/store/store.ts';
import { proposalsOf } from '../../src/store/figures.ts';
import { sha256 } from '../../src/util/hash.ts';
import { tempDir } from '../support/tmp.ts';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('the read side', () => {
  it('answers from rows written through the store: totals, trees, events after an id, poll state', async () => {
    store = await Store.open(join(tempDir(), 'kaizen.db'));
    const run = await store.createRun({
      id: 'run-q',
      task_name: 't',
      task_dir: '/t',
      task_hash: 'h',
      config_json: '{}',
      seed: 1,
      status: 'running',
      pid: null,
    });
    const base = { run_id: run.id, island: 0, generation: 0, operator: 'op', model: null, language: 'js', parent_id: null };
    const proposal = (sample: number) => ({ type: 'proposal.created' as const, data: { sample, parent: null, operator: 'op', change: 'c' } });
    const a = await store.insertProgram({ ...base, sample: 0, status: 'pending', code: 'a', code_hash: sha256('a'), cost: 0.5 }, proposal(0));
    const b = await store.insertProgram({ ...base, sample: 1, status: 'rejected', code: 'b', code_hash: sha256('b'), cost: 0.25 }, proposal(1));
    await store.updateProgram(
      run.id,
      a,
      { status: 'evaluated', correct: 1, score: 3, evaluated_at: '2026-01-01T00:00:00Z' },
      { type: 'evaluation.completed', data: { correct: true, score: 3 } },
    );
    await store.insertProgram(
      { ...base, sample: null, status: 'migrant', island: 1, parent_id: a, code: 'a', code_hash: sha256('a'), cost: 9 },
      { type: 'migration', data: { from: 0, to: 1, source: a } },
    );
    await store.setChampion(run.id, a, { score: 3, holdout: null, evaluated: 1 });
    await store.setState(run.id, 'k', { v: 1 });

    const totals = (await store.read.runTotals()).get(run.id);
    expect(totals).toMatchObject({ samples: 1, cost: 0.75 });
    expect((await store.read.championScores()).get(run.id)).toBe(3);
    expect((await store.read.tree(run.id)).map((r) => [r.id, r.parent, r.status])).toEqual([
      [a, null, 'evaluated'],
      [b, null, 'rejected'],
      [b + 1, a, 'migrant'],
    ]);
    expect((await store.read.tree(run.id, b)).map((r) => r.id)).toEqual([b + 1]);
    expect(proposalsOf(await store.read.figureRows(run.id)).map((r) => r.sample)).toEqual([0, 1]);
    const all = await store.read.eventsAfter(run.id, 0);
    expect(all.map((e) => e.type)).toEqual(['proposal.created', 'proposal.created', 'evaluation.completed', 'migration', 'champion.changed']);
    expect((await store.read.eventsAfter(run.id, all[1].id, { types: ['migration', 'champion.changed'] })).map((e) => e.data)).toEqual([
      { from: 0, to: 1, source: a },
      { score: 3, holdout: null, evaluated: 1 },
    ]);
    expect(await store.read.eventCounts(run.id)).toEqual({ 'proposal.created': 2, 'evaluation.completed': 1, migration: 1, 'champion.changed': 1 });
    expect(await store.read.maxEventId(run.id)).toBe(all.at(-1)!.id);
    expect(await store.read.maxProgramId(run.id)).toBe(b + 1);
    expect(await store.read.pollState(run.id, 'k')).toEqual({ top: all.at(-1)!.id, state: '{"v":1}' });
    expect((await store.read.figureRows(run.id)).map((r) => r.status)).toEqual(['evaluated', 'rejected', 'migrant']);
  });
});

describe('queries over every program of a run', () => {
  // SQLite keeps a row's columns in table order, and cost, created_at, evaluated_at and usage_json come after code,
  // prompt and reply: a query that reads them from the table walks every program's texts. These must be answered from
  // the index programs_figures alone (a new figure column needs a new index).
  it('are answered from the index programs_figures, without reading a program', async () => {
    const path = join(tempDir(), 'kaizen.db');
    await (await Store.open(path)).close();
    const sqlite = new SQLite(path, { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const plan = (query: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
      const { sql, parameters } = query.compile();
      return (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join('; ');
    };
    for (const query of [figureRowsQuery(db, 'r'), runTotalsQuery(db), treeQuery(db, 'r', 0)])
      expect(plan(query)).toMatch(/USING COVERING INDEX programs_figures\b/);
    // Whether the run has multi-case programs: from the partial index of those alone (empty for other runs).
    expect(plan(hasCasesQuery(db, 'r'))).toMatch(/USING INDEX programs_cases\b/);
    await db.destroy();
  });
});
