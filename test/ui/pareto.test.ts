import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import type { UiServer } from '../../src/server/serve.ts';
import type { RunFront } from '../../src/store/queries.ts';
import { Store } from '../../src/store/store.ts';
import { copyExampleWith, copyExample } from '../support/tmp.ts';
import { ARTIFACTS, CHROMIUM, type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!HAS_CHROMIUM)('the Pareto front in the dashboard, in headless Chromium', () => {
  let db: string;
  let pareto: string;
  let single: string;
  let front: RunFront;
  let dashboard: Dashboard;
  let server: UiServer;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    const task = copyExampleWith('circle-packing-pareto');
    db = join(task, '..', 'kaizen.db');
    pareto = (await evolve({ task, out: db, config: { budget: { samples: 60 } } })).runId;
    single = (await evolve({ task: copyExample('circle-packing'), out: db, config: { budget: { samples: 8 } } })).runId;
    const store = await Store.open(db);
    front = (await store.read.runFront(pareto))!;
    await store.close();
    dashboard = await openDashboard(db);
    ({ server, page, base } = dashboard);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('serves runFront at /api/runs/ID/front, and null for a run with one score', async () => {
    const auth = { headers: { authorization: `Bearer ${server.token}` } };
    const got = await fetch(`${base}api/runs/${pareto}/front`, auth);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(JSON.parse(JSON.stringify(front)));
    const none = await fetch(`${base}api/runs/${single}/front`, auth);
    expect(none.status).toBe(200);
    expect(await none.json()).toBeNull();
    // The tab bar's one request says the same: a Front tab exactly where /front is not null.
    const tabs = async (id: string) => ((await (await fetch(`${base}api/runs/${id}/tabs`, auth)).json()) as { front: boolean }).front;
    expect([await tabs(pareto), await tabs(single)]).toEqual([true, false]);
  });

  it('highlights exactly the front, marks the seed, and shows a point’s values on hover', async () => {
    await page.goto(`${base}#/run/${pareto}/overview`);
    await page.getByRole('link', { name: 'Front', exact: true }).click();
    const chart = page.getByTestId('front-chart');
    await chart.waitFor();
    const marks = chart.locator('circle.front-point');
    await expect.poll(() => marks.count()).toBe(front.front.length);
    const ids = (await marks.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))))).sort((a, b) => a - b);
    expect(ids).toEqual(front.front.map((p) => p.id).sort((a, b) => a - b));
    // Every other correct program is a grey point; the seed is ringed.
    expect(await chart.locator('circle.point').count()).toBe(front.points.length - front.front.length);
    expect(await chart.locator('circle.seed-point').count()).toBe(front.seed ? 1 : 0);
    expect(await page.getByTestId('front-size').textContent()).toBe(String(front.front.length));
    expect(await page.getByTestId('front-table').locator('tbody tr').count()).toBe(front.front.length);
    // Two objectives: no axis selects.
    expect(await page.getByTestId('front-x').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'pareto-front.png'), fullPage: true });

    const target = front.front.at(-1)!;
    await chart.locator(`circle.front-point[data-id="${target.id}"]`).hover();
    const hover = await page.getByTestId('front-hover').textContent();
    expect(hover).toContain(`#${target.id} (front)`);
    expect(hover).toContain(`code_bytes ${target.values.code_bytes}`);
    expect(hover).toContain(`sum_radii ${Number(target.values.sum_radii.toPrecision(6))}`);
  });

  it('opens a front point’s program when it is clicked', async () => {
    await page.goto(`${base}#/run/${pareto}/front`);
    const chart = page.getByTestId('front-chart');
    await expect.poll(() => chart.locator('circle.front-point').count()).toBe(front.front.length);
    // A front point no other mark covers (two programs may share their values).
    const id = await chart.locator('circle.front-point').evaluateAll((els) => {
      const doc = (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): unknown } }).document;
      for (const el of els) {
        const box = el.getBoundingClientRect();
        if (doc.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === el) return Number(el.getAttribute('data-id'));
      }
      return null;
    });
    expect(id).not.toBeNull();
    await chart.locator(`circle.front-point[data-id="${id}"]`).click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/program/${id}`);
    await expect.poll(() => page.getByTestId('program-title').textContent()).toContain(`Program #${id}`);
  });

  it('has no Front tab on a run with one score', async () => {
    await page.goto(`${base}#/run/${single}/overview`);
    await page.getByTestId('score-chart').waitFor();
    await page.getByRole('link', { name: 'Lineage' }).waitFor();
    expect(await page.locator('nav.tabs a').allTextContents()).not.toContain('Front');
    // The tab appears on the two-objective run once its front has loaded: the page's check is not vacuous.
    await page.goto(`${base}#/run/${pareto}/overview`);
    await expect.poll(() => page.locator('nav.tabs a').allTextContents()).toContain('Front');
  });
});
