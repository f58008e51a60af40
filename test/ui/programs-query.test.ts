// The programs table's search, filters, sort and page kept in the address: Back from a program page, a reload and a
// shared link show the same rows; a stale or edited address cannot filter by a value the run does not have.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import { parseTableQuery, tableQueryString } from '../../web/src/program-rows.ts';
import { copyExample, tempDir } from '../support/tmp.ts';
import { type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';

describe('the table query in the address', () => {
  it('reads what it writes, 1-based pages, "no model" as an empty value, defaults left out', () => {
    const q = {
      text: 'radius 0.1',
      view: { status: 'failed' as const, operator: 'numeric', island: 1, model: null, sort: 'sample' as const, dir: 'asc' as const, page: 2 },
    };
    const s = tableQueryString(q);
    expect(s).toBe('q=radius+0.1&status=failed&operator=numeric&island=1&model=&sort=sample&dir=asc&page=3');
    expect(parseTableQuery(new URLSearchParams(s))).toEqual(q);
    expect(tableQueryString({ text: '', view: { sort: 'score', dir: 'desc', page: 0 } })).toBe('');
  });

  it('leaves out what is malformed', () => {
    expect(parseTableQuery(new URLSearchParams('sort=name&dir=up&page=-4&island=x'))).toEqual({ text: '', view: { sort: 'score', dir: 'desc', page: 0 } });
  });
});

describe.skipIf(!HAS_CHROMIUM)('the programs table in Chromium', () => {
  let dashboard: Dashboard;
  let page: Page;
  let runId: string;

  beforeAll(async () => {
    const db = join(tempDir('kaizen-ui-query-'), 'kaizen.db');
    runId = (await evolve({ task: copyExample('circle-packing'), out: db, config: { budget: { samples: 30 } } })).runId;
    dashboard = await openDashboard(db);
    page = dashboard.page;
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  const hashOf = (p: Page) => new URL(p.url()).hash;
  const ids = async () => {
    const table = page.locator('[data-testid=programs-table][data-ready]');
    await table.waitFor();
    return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-program'))));
  };

  it('keeps its filters and sort across a program page and Back, and across a reload', async () => {
    await page.goto(`${dashboard.base}#/run/${runId}/programs`);
    await page.locator('[data-testid=programs-table][data-ready]').waitFor();
    await page.getByTestId('filter-island').selectOption({ label: '1' });
    await page.getByTestId('sort-sample').click(); // sample, highest first
    await expect.poll(() => hashOf(page)).toBe(`#/run/${runId}/programs?island=1&sort=sample`);
    const shown = await ids();
    expect(shown.length).toBeGreaterThan(2);

    await page.locator(`tr[data-program="${shown[1]}"] a`).click();
    await expect.poll(() => hashOf(page)).toBe(`#/program/${shown[1]}`);
    await page.goBack();
    await expect.poll(ids).toEqual(shown);
    expect(await page.getByTestId('filter-island').inputValue()).not.toBe('');

    await page.reload();
    await expect.poll(ids).toEqual(shown);
  });

  it('follows a new address for the same table, and drops a filter the run has no value for instead of showing nothing', async () => {
    await page.goto(`${dashboard.base}#/run/${runId}/programs?island=1`);
    const island1 = await ids();
    await page.goto(`${dashboard.base}#/run/${runId}/programs`); // the same page: only the hash changes
    await expect.poll(async () => (await ids()).length).toBeGreaterThan(island1.length);
    const all = await ids();
    await page.goto(`${dashboard.base}#/run/${runId}/programs?operator=no-such-operator&island=99`);
    await expect.poll(ids).toEqual(all);
    await page.reload();
    await expect.poll(ids).toEqual(all);
    await expect.poll(() => hashOf(page)).toBe(`#/run/${runId}/programs`);
  });
});
