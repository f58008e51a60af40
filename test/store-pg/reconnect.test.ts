import { describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { Store } from '../../src/store/store.ts';
import { sha256 } from '../../src/util/hash.ts';
import { copyExample } from '../support/tmp.ts';
import { postgresUnavailable } from './postgres.ts';
import { usePostgres } from './use-postgres.ts';
import { simpleQuery, startProxy } from './proxy.ts';

const unavailable = postgresUnavailable();
if (unavailable) console.warn(`skipping the Postgres reconnection tests: ${unavailable}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BUDGET = 40;

describe.skipIf(unavailable !== null)('the Postgres run store across lost connections', () => {
  const server = usePostgres();

  /** Runs circle packing while `disturb` works on the server; returns the run id once the run has finished. */
  async function disturbedRun(disturb: (running: () => boolean) => Promise<void>): Promise<string> {
    let running = true;
    let failure: unknown = null;
    const disturbing = disturb(() => running).catch((e: unknown) => {
      failure = e;
    });
    let result: Awaited<ReturnType<typeof evolve>>;
    try {
      result = await evolve({ task: copyExample('circle-packing'), out: server.url, resume: 'never', config: { budget: { samples: BUDGET }, concurrency: 2 } });
    } finally {
      running = false;
      await disturbing;
    }
    if (failure) throw failure;
    expect(result.stoppedBy).toBe('budget');
    expect(result.evaluated).toBe(BUDGET);
    return result.runId;
  }

  /** What a run must look like however often its connections died: complete, each proposal once, a sound ledger. */
  async function expectIntact(runId: string): Promise<void> {
    const store = await Store.open(server.url);
    try {
      const run = (await store.getRun(runId))!;
      expect(run.status).toBe('completed');
      const programs = await store.programs(runId);
      const samples = programs.map((p) => p.sample).filter((s) => s !== null);
      expect(samples.sort((a, b) => a - b)).toEqual(samples.map((_, i) => i)); // every proposal number once, none skipped
      expect(programs.filter((p) => p.status === 'pending')).toEqual([]);
      expect(programs.filter((p) => p.sample !== null && (p.status === 'evaluated' || p.status === 'failed')).length).toBe(BUDGET); // the seed included
      const events = await store.ledgerEvents(runId);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === 'run.completed')).toHaveLength(1);
      const verification = await verifyRun(store, run, { reexecute: false });
      expect(verification.problems).toEqual([]);
      expect(verification.unsigned).toBe(0);
    } finally {
      await store.close();
    }
  }

  it('finishes a circle-packing run whose connections are all terminated again and again', async () => {
    let rounds = 0;
    let terminated = 0;
    const runId = await disturbedRun(async (running) => {
      while (running()) {
        await sleep(50);
        const n = await server.terminateOthers();
        if (n > 0) rounds++;
        terminated += n;
      }
    });
    expect(rounds).toBeGreaterThanOrEqual(5);
    expect(terminated).toBeGreaterThanOrEqual(rounds);
    await expectIntact(runId);
  });

  it('finishes a circle-packing run across a server restart', async () => {
    let upAt = Number.POSITIVE_INFINITY;
    const runId = await disturbedRun(async (running) => {
      // Mid-run: once some proposals are recorded, the server goes down for a moment and comes back.
      while (running()) {
        const [{ n }] = await server.admin<{ n: number }>(
          "SELECT count(*)::int AS n FROM programs JOIN runs ON runs.id = programs.run_id WHERE runs.status = 'running'",
        );
        if (n >= 8) break;
        await sleep(50);
      }
      if (!running()) return;
      await server.down();
      await sleep(400);
      await server.up();
      upAt = Date.now();
    });
    await expectIntact(runId);
    // The restart came mid-run: the run went on recording after the server was back.
    const store = await Store.open(server.url);
    try {
      expect((await store.programs(runId)).some((p) => Date.parse(p.created_at) > upAt)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('settles a COMMIT whose answer was lost: no event twice, none lost, the right program id', async () => {
    const proxy = await startProxy(server.url);
    const store = await Store.open(proxy.url, { keyDir: server.keyDir, reconnectMs: 10_000 });
    try {
      const run = await store.createRun({
        id: 'run-cut',
        task_name: 't',
        task_dir: '/t',
        task_hash: 'h',
        config_json: '{}',
        seed: 1,
        status: 'running',
        pid: null,
      });
      await store.appendEvent(run.id, 'run.started', null, { task: 't', config: {} });
      const commit = simpleQuery('commit');

      proxy.cut(commit, 'reply'); // the server committed; the client never heard
      await store.appendEvent(run.id, 'run.notice', null, { message: '1' });
      proxy.cut(commit, 'before'); // the connection died as COMMIT left: the server rolled back
      await store.appendEvent(run.id, 'run.notice', null, { message: '2' });
      proxy.cut(commit, 'reply');
      const base = { run_id: run.id, island: 0, generation: 0, operator: 'x', model: null, status: 'pending' as const, language: 'js', parent_id: null };
      const id = await store.insertProgram(
        { ...base, sample: 0, code: 'c', code_hash: sha256('c') },
        { type: 'proposal.created', data: { sample: 0, parent: null, operator: 'x', change: 'c' } },
      );
      proxy.cut(commit, 'before');
      await store.updateProgram(run.id, id, { status: 'evaluated', correct: 1, score: 1 }, { type: 'evaluation.completed', data: { correct: true, score: 1 } });
      // An autocommit INSERT re-run after its first try committed unseen: createRun knows its own row.
      proxy.cut(Buffer.from('insert into "runs"'), 'reply');
      const other = await store.createRun({
        id: 'run-cut-2',
        task_name: 't',
        task_dir: '/t',
        task_hash: 'h',
        config_json: '{}',
        seed: 1,
        status: 'running',
        pid: null,
      });
      expect(proxy.cuts).toBe(5);

      const events = await store.ledgerEvents(run.id);
      expect(events.map((e) => [e.seq, e.type, e.data_json])).toEqual([
        [1, 'run.started', '{"task":"t","config":{}}'],
        [2, 'run.notice', '{"message":"1"}'],
        [3, 'run.notice', '{"message":"2"}'],
        [4, 'proposal.created', '{"sample":0,"parent":null,"operator":"x","change":"c"}'],
        [5, 'evaluation.completed', '{"correct":true,"score":1}'],
      ]);
      const programs = await store.programs(run.id);
      expect(programs.map((p) => [p.id, p.status])).toEqual([[id, 'evaluated']]);
      expect((await store.listRuns()).filter((r) => r.id === other.id)).toHaveLength(1);
      expect((await verifyRun(store, (await store.getRun(run.id))!, { reexecute: false })).problems).toEqual([]);
    } finally {
      await store.close();
      await proxy.close();
    }
  });

  it('rides out a short outage, and names the database (without its password) when it lasts past the deadline', async () => {
    const url = server.url.replace('//kaizen@', '//kaizen:s3cret@');
    const store = await Store.open(url, { keyDir: server.keyDir, reconnectMs: 1500 });
    try {
      const run = await store.createRun({
        id: 'run-down',
        task_name: 't',
        task_dir: '/t',
        task_hash: 'h',
        config_json: '{}',
        seed: 1,
        status: 'running',
        pid: null,
      });
      await server.down();
      const back = sleep(500).then(() => server.up());
      await store.appendEvent(run.id, 'run.notice', null, { message: '1' }); // waits for the server
      expect((await store.getRun(run.id))?.head_seq).toBe(1);
      await back;

      await server.down();
      const started = Date.now();
      const expected = `postgres://kaizen:***@127.0.0.1:${server.port}/postgres: lost the Postgres run database and could not get it back within 1.5 s`;
      // A ledger transaction and a single read, both given up on with the same clear message.
      const outcomes = await Promise.allSettled([store.appendEvent(run.id, 'run.notice', null, { message: '2' }), store.getRun(run.id)]);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        const message = ((outcome as PromiseRejectedResult).reason as Error).message;
        expect(message).toContain(expected);
        expect(message).not.toContain('s3cret');
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await server.up();
      await store.close();
    }
    const after = await Store.open(server.url);
    try {
      expect((await after.ledgerEvents('run-down')).map((e) => e.seq)).toEqual([1]);
    } finally {
      await after.close();
    }
  });
});
