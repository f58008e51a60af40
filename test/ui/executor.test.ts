import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXECUTOR_STATE_KEY, type ExecutorSnapshot } from '../../src/executor/stats.ts';
import type { runOverview } from '../../src/server/runs.ts';
import { startUiServer, type UiServer } from '../../src/server/serve.ts';
import { Store } from '../../src/store/store.ts';
import { tempDir } from '../support/tmp.ts';
import { ARTIFACTS, CHROMIUM, ensureFrontEnd, HAS_CHROMIUM, launch } from './browser.ts';
import { bigRun, executorSnapshot } from './fixtures.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.skipIf(!HAS_CHROMIUM)('the executor panel in headless Chromium', () => {
  let db: string;
  let store: Store;
  let server: UiServer;
  let browser: Awaited<ReturnType<typeof launch>>;
  let page: Page;
  let base: string;
  const runId = 'run-queue';
  const localRun = 'run-local';
  const write = (s: ExecutorSnapshot) => store.setState(runId, EXECUTOR_STATE_KEY, s);
  const text = (id: string) => page.getByTestId(`executor-${id}`).textContent();

  beforeAll(async () => {
    const webDir = ensureFrontEnd();
    db = join(tempDir('kaizen-ui-executor-'), 'kaizen.db');
    await bigRun(db, 60, { id: runId, status: 'running' });
    await bigRun(db, 20, { id: localRun, status: 'completed' });
    store = await Store.open(db);
    // A running run needs a live owner, else the dashboard shows it interrupted: this process stands in for its coordinator.
    await store.updateRun(runId, { pid: process.pid });
    server = await startUiServer({ db, liveIntervalMs: 200, webDir });
    base = server.url.replace(/\?token=.*/, '');
    browser = await launch();
    page = await browser.context.newPage();
    await page.goto(server.url); // sets the token cookie
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  it('serves the snapshot with the overview, and null for a run that evaluates locally', async () => {
    const snapshot = executorSnapshot();
    await write(snapshot);
    const api = async (id: string) =>
      (await (await fetch(`${base}api/runs/${id}`, { headers: { authorization: `Bearer ${server.token}` } })).json()) as Awaited<
        ReturnType<typeof runOverview>
      >;
    const queued = await api(runId);
    expect(queued.executor).toEqual(snapshot);
    expect(Date.parse(queued.now)).toBeGreaterThanOrEqual(Date.parse(snapshot.at));
    expect((await api(localRun)).executor).toBeNull();
    await page.goto(`${base}#/run/${localRun}/overview`);
    await page.getByTestId('score-chart').locator('canvas').waitFor();
    expect(await page.getByTestId('executor').count()).toBe(0);
  });

  it('shows the numbers and follows the snapshot live, without reloading', async () => {
    await write(executorSnapshot());
    await page.goto(`${base}#/run/${runId}/overview`);
    await page.getByTestId('executor').waitFor();
    expect(await text('where')).toBe('redis · redis://10.0.0.5:6379/0 · queue kaizen-evaluations');
    expect(await text('workers')).toBe('3');
    expect(await text('depth')).toBe('7');
    expect(await text('depth-note')).toBe('5 waiting · 2 delayed');
    expect(await text('active')).toBe('3');
    expect(await text('inflight')).toBe('4');
    expect(await text('failed')).toBe('1');
    expect(await text('completed')).toBe('42');
    expect(await text('age')).toMatch(/^updated \d s ago$/);
    expect(await page.getByTestId('executor').getAttribute('data-stale')).toBe('no');
    expect(await page.getByTestId('executor-stale').count()).toBe(0);

    // The page must not reload: a mark left on the window survives the live updates.
    await page.evaluate(() => {
      (globalThis as unknown as { __mark: number }).__mark = 42;
    });
    await write(executorSnapshot({ workers: 5, waiting: 12, delayed: 0, active: 5, inFlight: 8, failed: 2, completed: 57 }));
    await expect.poll(() => text('workers'), { timeout: 5_000 }).toBe('5');
    expect(await text('depth')).toBe('12');
    expect(await text('depth-note')).toBe('12 waiting · 0 delayed');
    expect(await text('active')).toBe('5');
    expect(await text('inflight')).toBe('8');
    expect(await text('failed')).toBe('2');
    expect(await text('completed')).toBe('57');
    expect(await page.evaluate(() => (globalThis as unknown as { __mark?: number }).__mark)).toBe(42);
    await shot(page, '10-executor');

    // The coordinator stopped refreshing it: the panel says so.
    await write(
      executorSnapshot({
        workers: 5,
        waiting: 12,
        delayed: 0,
        active: 5,
        inFlight: 8,
        failed: 2,
        completed: 57,
        at: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
    await expect.poll(() => page.getByTestId('executor').getAttribute('data-stale'), { timeout: 5_000 }).toBe('yes');
    expect(await page.getByTestId('executor-stale').textContent()).toMatch(/no update for 6\d s/);
    expect(await text('age')).toMatch(/^updated 6\d s ago$/);
    expect(await page.evaluate(() => (globalThis as unknown as { __mark?: number }).__mark)).toBe(42);
    await shot(page, '10b-executor-stale');
  });

  it('marks the snapshot stale once the run is over, however fresh', async () => {
    await store.updateRun(runId, { status: 'completed' });
    await write(executorSnapshot({ workers: 2, waiting: 0, delayed: 0, active: 0, inFlight: 0, completed: 60 }));
    await page.goto(`${base}#/`);
    await page.goto(`${base}#/run/${runId}/overview`);
    await expect.poll(() => text('completed')).toBe('60');
    expect(await page.getByTestId('executor').getAttribute('data-stale')).toBe('yes');
    expect(await page.getByTestId('executor-stale').textContent()).toContain('the run is completed');
  });
});
