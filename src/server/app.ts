import { type Context, Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { KaizenError } from '../errors.ts';
import type { Run, Store } from '../store/store.ts';
import { agentsView } from './agents.ts';
import { requireHost, requireToken } from './auth.ts';
import { battleFromQuery, runBattle } from './battle.ts';
import { eventsAfter, liveStream } from './live.ts';
import { modelsView } from './models.ts';
import { lineage, programDetail } from './programs.ts';
import { listRuns, overviewFigures, overviewHead, runTabs } from './runs.ts';
import { joinJsonObjects, ReadMemo } from './read-memo.ts';
import { LedgerChecks, type LedgerVerifier, safeguardsView } from './safeguards.ts';
import { serveFrontEnd } from './static.ts';
import { attachment, chartSvg, type Download, programDownload, runDownload } from './views.ts';

/** A run id the store does not hold: 404, as an unknown program is. */
class NoSuchRun extends KaizenError {}

export interface AppOptions {
  store: Store;
  token: string;
  /** The built front end (index.html and assets); null: API only. */
  webDir: string | null;
  liveIntervalMs?: number;
  /** How the ledger is verified (default: on the server's thread; serve.ts gives it a thread of its own). */
  verifyLedger?: LedgerVerifier;
  /** Whether to answer a request with this Host header (see allowedHosts in auth.ts); absent: any Host (in-process use). */
  allowHost?: (host: string | undefined) => boolean;
}

/**
 * The Content-Security-Policy of every response. The front end (web/, built by Vite) loads one module script and one
 * stylesheet from ./assets, fetches the JSON API and subscribes to the live events with EventSource (same origin, hence
 * connect-src 'self'); it has no inline script, eval or remote resource. Styles need 'unsafe-inline': Preact's and
 * Battle's and the lineage's style attributes, uPlot's element styles. Images: 'self' and data: URIs (no
 * view uses one today; they cannot run script).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The dashboard's HTTP app: a read-only JSON API over the run database, an SSE stream, and the built front end. */
export function createApp(options: AppOptions): Hono {
  const { store } = options;
  const app = new Hono();
  // First, so that every response carries the headers: refusals of Host and token, errors, the API, the SSE stream and
  // the front end. No Strict-Transport-Security: the dashboard is served over plain HTTP.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      xFrameOptions: 'DENY',
      xContentTypeOptions: true,
      referrerPolicy: 'no-referrer',
      strictTransportSecurity: false,
    }),
  );
  if (options.allowHost) app.use('*', requireHost(options.allowHost));
  app.use('*', requireToken(options.token));
  app.onError((e, c) => {
    if (e instanceof NoSuchRun) return c.json({ error: e.message }, 404);
    if (e instanceof KaizenError) return c.json({ error: e.message }, 400);
    return c.json({ error: (e as Error).message }, 500);
  });
  const run = async (id: string) => {
    const r = await store.getRun(id);
    if (!r) throw new NoSuchRun(`no run ${id}`);
    return r;
  };

  // Answers that are a function of the record alone, kept while it is unchanged (read-memo.ts). The run is read
  // inside `compute`, after the memo has taken its stamp, so nothing older than the stamp is kept under it.
  const memo = new ReadMemo(store);
  const jsonText = (c: Context, text: string) => c.body(text, 200, { 'content-type': 'application/json' });
  const keptJson = (name: string, id: string, compute: (r: Run) => Promise<unknown>) =>
    memo.json(JSON.stringify([name, id]), async () => compute(await run(id)));
  const kept = (name: string, compute: (r: Run) => Promise<unknown>) => async (c: Context) =>
    jsonText(c, await keptJson(name, c.req.param('id') ?? '', compute));

  app.get('/api/runs', async (c) => c.json(await listRuns(store)));
  app.get('/api/runs/:id', async (c) => {
    const id = c.req.param('id');
    const head = await overviewHead(store, await run(id));
    return jsonText(c, joinJsonObjects(head, await keptJson('overview', id, (r) => overviewFigures(store, r))));
  });
  app.get('/api/runs/:id/tabs', async (c) => c.json(await runTabs(store, await run(c.req.param('id')))));
  app.get(
    '/api/runs/:id/programs',
    kept('lineage', (r) => lineage(store, r)),
  );
  app.get('/api/runs/:id/models', async (c) => c.json(await modelsView(store, await run(c.req.param('id')))));
  app.get('/api/runs/:id/agents', async (c) => c.json(await agentsView(store, await run(c.req.param('id')))));
  // A multi-objective run's Pareto front (store.read.runFront); null, not 404, for a run with one score.
  app.get('/api/runs/:id/front', async (c) => c.json(await store.read.runFront((await run(c.req.param('id'))).id)));
  // A run's prompt variants (store.read.runPrompts); null, not 404, for a run whose prompts did not evolve.
  app.get('/api/runs/:id/prompts', async (c) => c.json(await store.read.runPrompts((await run(c.req.param('id'))).id)));
  app.get('/api/runs/:id/safeguards', async (c) => c.json(await safeguardsView(store, await run(c.req.param('id')))));
  const ledgerChecks = new LedgerChecks(options.verifyLedger);
  app.get('/api/runs/:id/ledger', async (c) => c.json(await ledgerChecks.view(store, await run(c.req.param('id')))));
  app.get('/api/runs/:id/events', async (c) => c.json(await eventsAfter(store, (await run(c.req.param('id'))).id, Number(c.req.query('after') ?? 0))));
  app.get('/api/runs/:id/live', async (c) => liveStream(c, store, (await run(c.req.param('id'))).id, options.liveIntervalMs));
  app.get('/api/programs/:id', async (c) => {
    const p = await programDetail(store, Number(c.req.param('id')));
    return p ? c.json(p) : c.json({ error: `no program ${c.req.param('id')}` }, 404);
  });
  // A Redcode run's battle viewer settings (its hill); null, not 404, for a run of another language.
  app.get('/api/runs/:id/battle', async (c) => c.json(await runBattle(store, await run(c.req.param('id')))));
  // The programs table, grid, islands and journal tabs (store/program-table.ts, store/run-views.ts).
  app.get(
    '/api/runs/:id/table',
    kept('table', (r) => store.read.programList(r.id)),
  );
  app.get('/api/runs/:id/search', async (c) => c.json({ ids: await store.read.searchPrograms((await run(c.req.param('id'))).id, c.req.query('text') ?? '') }));
  // { grid: null } for a run without a MAP-Elites grid.
  app.get('/api/runs/:id/grid', async (c) => c.json({ grid: await store.read.runGrid((await run(c.req.param('id'))).id) }));
  app.get('/api/runs/:id/islands', async (c) => c.json(await store.read.runIslands((await run(c.req.param('id'))).id)));
  app.get('/api/runs/:id/journal', async (c) => c.json(await store.read.runJournal((await run(c.req.param('id'))).id)));
  // Downloads: saved by the browser under their own names.
  const download = (c: Context, d: Download) => c.body(d.body, 200, { 'content-type': d.type, 'content-disposition': attachment(d.filename) });
  app.get('/api/runs/:id/download', async (c) => download(c, await runDownload(store, await run(c.req.param('id')))));
  app.get('/api/runs/:id/charts/:name{[a-z]+\\.svg}', async (c) =>
    download(c, await chartSvg(store, await run(c.req.param('id')), c.req.param('name').replace(/\.svg$/, ''))),
  );
  app.get('/api/programs/:id/neighbours', async (c) => {
    const n = await store.read.programNeighbours(Number(c.req.param('id')));
    return n ? c.json(n) : c.json({ error: `no program ${c.req.param('id')}` }, 404);
  });
  app.get('/api/programs/:id/download', async (c) => {
    const d = await programDownload(store, Number(c.req.param('id')), c.req.query('as') ?? 'code');
    return d ? download(c, d) : c.json({ error: `no program ${c.req.param('id')}` }, 404);
  });
  app.get('/api/corewar/battle', async (c) => c.json(await battleFromQuery(store, c.req.query())));
  app.all('/api/*', (c) => c.json({ error: 'no such endpoint' }, 404));

  // The front end: precompressed, hashed assets cached for a year (static.ts).
  app.get('*', (c) => serveFrontEnd(c, options.webDir));
  return app;
}
