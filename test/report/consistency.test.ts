import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import { gatherReport } from '../../src/report/data.ts';
import { startUiServer, type UiServer } from '../../src/server/serve.ts';
import { Store } from '../../src/store/store.ts';
import { CLI, copyExample } from '../support/tmp.ts';

// One run, three views: `kaizen status --json` (through the CLI), the report's data, and the dashboard's API must
// show the same samples, island counts and operator improvements (the figures store/figures.ts defines).
describe('status, report and dashboard agree on one run', () => {
  let db: string;
  let runId: string;
  let server: UiServer;

  beforeAll(async () => {
    const dir = copyExample('circle-packing');
    db = join(dir, '.kaizen', 'kaizen.db');
    const result = await evolve({ task: dir, config: { budget: { samples: 60 }, islands: { count: 3, migrationInterval: 7 }, seed: 3, concurrency: 2 } });
    runId = result.runId;
    expect(result.evaluated).toBe(60);
    server = await startUiServer({ db, webDir: null });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('counts samples, islands and improvements the same way everywhere', async () => {
    const cli = spawnSync(process.execPath, [CLI, 'status', '--db', db, '--json'], { encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const status = JSON.parse(cli.stdout);

    const store = await Store.open(db);
    const report = await gatherReport(store, (await store.getRun(runId))!);
    await store.close();

    const api = async <T>(path: string): Promise<T> => {
      const r = await fetch(`http://127.0.0.1:${server.port}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
      expect(r.status).toBe(200);
      return (await r.json()) as T;
    };
    const runs = await api<{ id: string; samples: number; budget: number }[]>('/api/runs');
    const overview = await api<{ samples: number; improvements: number; islands: { island: number; programs: number; best: number | null }[] }>(
      `/api/runs/${runId}`,
    );
    const models = await api<{
      improvements: number;
      operators: Record<string, { proposals: number; improvements: number }>;
      totals: Record<string, { pulls: number; improvements: number }>;
    }>(`/api/runs/${runId}/models`);

    // Samples: the budget, everywhere (the runs list once showed 63/60, counting rejected proposals).
    expect(status.evaluated).toBe(60);
    expect(report.counts.evaluated).toBe(60);
    expect(runs.find((r) => r.id === runId)).toMatchObject({ samples: 60, budget: 60 });
    expect(overview.samples).toBe(60);

    // Islands: three of them, with migrants; the same membership and best in every view.
    expect(status.islands).toHaveLength(3);
    expect(status.migrants).toBeGreaterThan(2);
    expect(report.islands).toEqual(status.islands);
    expect(overview.islands).toEqual(status.islands);

    // Improvements, in all and per operator.
    expect(status.cost.improvements).toBeGreaterThan(0);
    expect(report.counts.improvements).toBe(status.cost.improvements);
    expect(overview.improvements).toBe(status.cost.improvements);
    expect(models.improvements).toBe(status.cost.improvements);
    const byOperator = (o: Record<string, { proposals: number; improvements: number }>) =>
      Object.fromEntries(Object.entries(o).map(([k, g]) => [k, [g.proposals, g.improvements]]));
    expect(byOperator(report.operators)).toEqual(byOperator(status.byOperator));
    expect(byOperator(models.operators)).toEqual(byOperator(status.byOperator));
    // The dashboard's per-arm totals (offline operators here) are the same figures again.
    expect(Object.fromEntries(Object.entries(models.totals).map(([k, t]) => [k, [t.pulls, t.improvements]]))).toEqual(byOperator(status.byOperator));
  });
});
