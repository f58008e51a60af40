import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbPathFor, openExistingStore } from '../../src/cli/shared.ts';
import { type EvolveResult, evolve } from '../../src/engine/evolve.ts';
import { EXECUTOR_STATE_KEY, type ExecutorSnapshot } from '../../src/executor/stats.ts';
import type { modelsView } from '../../src/server/models.ts';
import type { lineage, programDetail } from '../../src/server/programs.ts';
import type { listRuns, runOverview } from '../../src/server/runs.ts';
import type { LedgerView, safeguardsView } from '../../src/server/safeguards.ts';
import { startUiServer, type UiServer } from '../../src/server/serve.ts';
import { Store } from '../../src/store/store.ts';
import { copyExample, tempDir } from '../support/tmp.ts';
import { ARTIFACTS, CHROMIUM, ensureFrontEnd, HAS_CHROMIUM, launch } from '../ui/browser.ts';
import { postgresUnavailable } from './postgres.ts';
import { usePostgres } from './use-postgres.ts';

const unavailable = postgresUnavailable();
if (unavailable) console.warn(`skipping the dashboard-on-Postgres tests: ${unavailable}`);

type Json<F extends (...a: never[]) => unknown> = NonNullable<Awaited<ReturnType<F>>>;

/** The events of a server-sent event stream as they arrive. */
async function* sse(response: Response): AsyncGenerator<{ event: string; data: string }> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      const field = (name: string) => block.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).replace(/^ /, ''));
      yield { event: field('event')[0] ?? 'message', data: field('data').join('\n') };
    }
  }
}

describe.skipIf(unavailable !== null)('the dashboard on a Postgres run store', () => {
  const pg = usePostgres();
  let store: Store;
  let ui: UiServer;
  let run: EvolveResult;
  let base: string;
  const api = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ui.token}` } });
    expect(r.status, `${path}: ${r.status}`).toBe(200);
    return (await r.json()) as T;
  };
  const snapshot = (over: Partial<ExecutorSnapshot> = {}): ExecutorSnapshot => ({
    backend: 'postgres',
    location: pg.url,
    queue: 'kaizen-evaluations',
    workers: 2,
    waiting: 3,
    delayed: 1,
    active: 2,
    failed: 0,
    completed: 18,
    inFlight: 2,
    at: new Date().toISOString(),
    ...over,
  });

  beforeAll(async () => {
    run = await evolve({ task: copyExample('circle-packing'), out: pg.url, resume: 'never', config: { budget: { samples: 20 } } });
    store = await Store.open(pg.url);
    // As `kaizen ui --db postgres://…` does (src/cli/ui.ts): check the database opens, then serve it; only the front
    // end is the tests' own build (test/ui/browser.ts says why).
    const dir = tempDir('kaizen-pg-ui-');
    await (await openExistingStore(dir, pg.url)).close();
    ui = await startUiServer({ db: dbPathFor(dir, pg.url), webDir: HAS_CHROMIUM ? ensureFrontEnd() : null });
    base = ui.url.replace(/\?token=.*/, '');
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
    await store?.close();
  });

  it('asks for the token and lists the run', async () => {
    expect((await fetch(`${base}api/runs`)).status).toBe(403);
    const runs = await api<Json<typeof listRuns>>('api/runs');
    expect(runs.map((r) => r.id)).toEqual([run.runId]);
    const [row] = runs;
    expect(row.task.startsWith('circle-packing')).toBe(true);
    expect(row.status).toBe('completed');
    // Samples are the programs evaluated, the seed's included: what the budget of 20 counts (README, "What the figures mean").
    expect(row.samples).toBe(20);
    expect(row.budget).toBe(20);
    expect(row.bestScore).toBe(run.bestScore);
    expect(row.seedScore).toBe(run.seedScore);
    expect(row.bestProgramId).toBe(run.bestProgramId);
    expect(row.durationMs).toBeGreaterThan(0);
  });

  it('serves the overview, with the executor snapshot once there is one', async () => {
    const before = await api<Json<typeof runOverview>>(`api/runs/${run.runId}`);
    expect(before.run.status).toBe('completed');
    expect(before.run.bestProgramId).toBe(run.bestProgramId);
    expect(before.curve.sample).toEqual(Array.from({ length: 20 }, (_, i) => i)); // the seed (sample 0) and 19 proposals
    expect(before.curve.best.at(-1)).toBe(run.bestScore);
    // Island members: the 20 evaluated programs and the seed's copy on the second island.
    expect(before.samples).toBe(20);
    expect(before.islands.reduce((n, i) => n + i.programs, 0)).toBe(21);
    expect(before.executor).toBeNull();

    // Postgres has no change stamp (Store.changeStamp): the server keeps nothing and computes every answer afresh.
    expect(await store.changeStamp()).toBeNull();
    const s = snapshot();
    await store.setState(run.runId, EXECUTOR_STATE_KEY, s);
    const after = await api<Json<typeof runOverview>>(`api/runs/${run.runId}`);
    expect(after.executor).toEqual(s);
  });

  it('serves the lineage and a program with its diff', async () => {
    const programs = await store.programs(run.runId);
    const tree = await api<Json<typeof lineage>>(`api/runs/${run.runId}/programs`);
    expect(tree.id).toEqual(programs.map((p) => p.id));
    expect(tree.parent).toEqual(programs.map((p) => p.parent_id));
    expect(tree.score).toEqual(programs.map((p) => p.score));
    expect(tree.bestProgramId).toBe(run.bestProgramId);
    expect(tree.champion[0]).toBe(run.bestProgramId);
    expect(programs.find((p) => p.id === tree.champion.at(-1))!.parent_id).toBeNull();
    expect(tree.lastEvent).toBe(Math.max(...(await store.ledgerEvents(run.runId)).map((e) => e.id)));

    const byId = new Map(programs.map((p) => [p.id, p]));
    const changed = programs.find((p) => p.parent_id !== null && p.code !== byId.get(p.parent_id)?.code)!;
    expect(changed).toBeDefined();
    const detail = await api<Json<typeof programDetail>>(`api/programs/${changed.id}`);
    expect(detail.runId).toBe(run.runId);
    expect(detail.parentId).toBe(changed.parent_id);
    expect(detail.code).toBe(changed.code);
    expect(detail.code).toContain('EVOLVE-BLOCK-START');
    // One file changed in place: the same name on both sides (a diff viewer reads two names as a rename).
    expect(detail.diff).toMatch(/^--- a\/program\.js\b/m);
    expect(detail.diff).toMatch(/^\+\+\+ b\/program\.js\b/m);
    expect(detail.diff).toMatch(/^@@ /m);
    expect(detail.score).toBe(changed.score);
    expect(detail.parentScore).toBe(byId.get(changed.parent_id!)!.score);
    expect((await fetch(`${base}api/programs/999999`, { headers: { authorization: `Bearer ${ui.token}` } })).status).toBe(404);
  });

  it('serves the models and the safeguards, whose ledger verifies', async () => {
    const models = await api<Json<typeof modelsView>>(`api/runs/${run.runId}/models`);
    const pulls = Object.values(models.totals).reduce((n, t) => n + t.pulls, 0);
    expect(pulls).toBe(19);
    expect(models.samples).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    for (const s of Object.values(models.series)) expect(s.pulls).toHaveLength(19);

    const safeguards = await api<Json<typeof safeguardsView>>(`api/runs/${run.runId}/safeguards`);
    const ledger = await api<LedgerView>(`api/runs/${run.runId}/ledger`);
    expect(ledger.problems).toEqual([]);
    expect(ledger.ok).toBe(true);
    expect(ledger.unsigned).toBe(0);
    expect(ledger.events).toBe((await store.ledgerEvents(run.runId)).length);
    expect(ledger.signedSeq).toBe(ledger.events);
    expect(Object.keys(safeguards.events).sort()).toEqual(['drift.measured', 'drift.warning', 'holdout.checked', 'overfit', 'violation']);
  });

  it('streams executor snapshots as they change', async () => {
    await store.setState(run.runId, EXECUTOR_STATE_KEY, snapshot());
    const abort = new AbortController();
    const response = await fetch(`${base}api/runs/${run.runId}/live`, { headers: { authorization: `Bearer ${ui.token}` }, signal: abort.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = sse(response);
    const next = async (type: string) => {
      // Not `for await`: leaving that loop would end the generator, and the stream is read again after.
      for (let r = await events.next(); !r.done; r = await events.next()) {
        if (r.value.event === type) return JSON.parse(r.value.data) as { executor: ExecutorSnapshot | null; now: string };
      }
      throw new Error(`the stream ended before an ${type} event`);
    };
    try {
      const first = await next('executor'); // the current one, on the first poll
      expect(first.executor).toMatchObject({ backend: 'postgres', workers: 2, completed: 18 });
      const changed = snapshot({ workers: 4, waiting: 0, delayed: 0, active: 4, completed: 20, at: new Date(Date.now() + 1).toISOString() });
      await store.setState(run.runId, EXECUTOR_STATE_KEY, changed);
      const second = await next('executor');
      expect(second.executor).toEqual(changed);
      expect(Date.parse(second.now)).toBeGreaterThanOrEqual(Date.parse(first.now));
    } finally {
      abort.abort();
      await events.return(undefined).catch(() => {});
    }
  });

  it.skipIf(!HAS_CHROMIUM)(`draws the lineage in a browser (${CHROMIUM})`, async () => {
    const programs = (await store.programs(run.runId)).length;
    const browser = await launch();
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(ui.url); // sets the token cookie
      await page.goto(`${base}#/run/${run.runId}/lineage`);
      await expect.poll(() => page.getByTestId('node-count').textContent(), { timeout: 15_000 }).toBe(String(programs));
      await page.screenshot({ path: join(ARTIFACTS, '11-lineage-postgres.png'), fullPage: true });
      await page.getByRole('link', { name: 'Overview' }).click();
      await expect.poll(() => page.getByTestId('executor-workers').textContent(), { timeout: 15_000 }).toBe('4');
    } catch (e) {
      await page.screenshot({ path: join(ARTIFACTS, 'failed-postgres.png'), fullPage: true }).catch(() => {});
      throw new Error(`${(e as Error).message}\npage errors: ${problems.join('\n') || 'none'}`, { cause: e });
    } finally {
      await browser.close();
    }
  });
});
