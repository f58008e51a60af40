import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAKED_HIDDEN_SEED, type MultiCaseRun, multiCaseRun } from '../support/multi-case-run.ts';
import { ARTIFACTS, CHROMIUM, type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!HAS_CHROMIUM)('the dashboard on a multi-case run, in headless Chromium', () => {
  let run: MultiCaseRun;
  let dashboard: Dashboard;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    run = await multiCaseRun();
    dashboard = await openDashboard(run.db);
    ({ page, base } = dashboard);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it("renders a program's public and hidden case tables", async () => {
    await page.goto(`${base}#/program/${run.ids.champion}`);
    const table = page.getByTestId('case-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await table.locator('thead th').allTextContents()).toEqual(['case', 'input', 'verdict', 'score', 'CPU ms', 'wall ms', 'answer', 'feedback']);
    expect(await rows.nth(2).locator('td').allTextContents()).toEqual(['2', 'seed 2', 'time-limit', '0', '2000', '36', '—', 'CPU limit 2000 ms exceeded']);
    expect(await page.getByTestId('cases-summary').textContent()).toContain('stage 2 reached · 4 cases · 3 ok');
    const hidden = page.getByTestId('hidden-case-table');
    expect(await hidden.locator('tbody tr').count()).toBe(3);
    expect(await hidden.locator('tbody tr td:nth-child(2)').allTextContents()).toEqual(['hidden', 'hidden', 'hidden']);
    expect(await page.locator('main').textContent()).not.toContain(String(LEAKED_HIDDEN_SEED));
    await page.screenshot({ path: join(ARTIFACTS, 'cases-program.png'), fullPage: true });

    // A program stopped at stage 1 has no hidden table.
    await page.goto(`${base}#/program/${run.ids.early}`);
    await expect.poll(() => page.getByTestId('case-table').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('hidden-case-table').count()).toBe(0);
  });

  it('shows the stages reached on the run overview', async () => {
    await page.goto(`${base}#/run/${run.runId}/overview`);
    const stages = page.getByTestId('stage-counts');
    await stages.waitFor();
    expect(await stages.locator('tbody tr').allTextContents()).toEqual(['stage 12', 'stage 23']);
    expect(await page.getByTestId('cases-overview').textContent()).toContain('3 hidden-case checks, 2 promoted');
    await page.getByTestId('hidden-chart').locator('canvas').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'cases-overview.png'), fullPage: true });
  });
});
