// What exploratory testing found hard to read: the program page's diff in dark mode, its metrics as raw JSON with
// unrounded floats, the safeguards tables' camelCase headings, the journal's raw ISO times, empty lessons steps and
// claims with a percentage over no comparison.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../../src/journal/claim.ts';
import { JOURNAL_STATE_KEY, type Journal } from '../../src/journal/journal.ts';
import { Store } from '../../src/store/store.ts';
import { when } from '../../web/src/api.ts';
import { rawDb } from '../support/raw-db.ts';
import { tempDir } from '../support/tmp.ts';
import { ARTIFACTS, CHROMIUM, type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';
import { bigRun } from './fixtures.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/**
 * Page code (a string: the tests compile without the DOM's types) answering, for each element matching `selector`, the
 * WCAG contrast ratio of its text colour against the background it is drawn on (its own and its ancestors', composited).
 */
const contrasts = (selector: string) => `(() => {
  const rgba = (css) => {
    const m = css.match(/^rgba?\\(([^)]*)\\)$/);
    if (!m) throw new Error('unparsed colour ' + css);
    const [r, g, b, a = 1] = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
  const backdrop = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  return [...document.querySelectorAll(${JSON.stringify(selector)})].map((el) => {
    const bg = backdrop(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    return Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
  });
})()`;

/** What the diff is read by: the file header's name, the changed lines' text and their changed words. */
const DIFF_TEXT = {
  'file header': '.d2h-file-name',
  'inserted line': '.d2h-ins .d2h-code-line-ctn',
  'deleted line': '.d2h-del .d2h-code-line-ctn',
  'changed words': '.d2h-code-line-ctn ins, .d2h-code-line-ctn del',
};

const claim = (over: Partial<Claim> & Pick<Claim, 'id' | 'kind'>): Claim => ({
  text: `claim ${over.id}`,
  effect: 0,
  se: null,
  n: 0,
  evidence: [],
  status: 'untested',
  ...over,
});

describe.skipIf(!HAS_CHROMIUM)('the program page, journal and safeguards read as text, in light and dark mode', () => {
  let dashboard: Dashboard;
  let page: Page;
  let base: string;
  let runId: string;
  let child: number;
  const lessonsTimes: string[] = [];

  beforeAll(async () => {
    const db = join(tempDir('kaizen-ui-readable-'), 'kaizen.db');
    runId = await bigRun(db, 12, { id: 'run-readable' });
    const store = await Store.open(db);
    const raw = rawDb(db);
    try {
      // A child with the figures a real run records: floats off by an ulp, a log2, an integer, a flag.
      const row = (await store.programs(runId)).find((p) => p.parent_id !== null && p.status === 'evaluated')!;
      child = row.id;
      await raw
        .updateTable('programs')
        .set({
          public_json: JSON.stringify({ gap: 0.0009999999999990008, sum_of_radii: 2.635983084917, valid: true, cases: { passed: 7 } }),
          private_json: null,
          features_json: JSON.stringify({ processes_log2: 6.321928094887363, length: 12 }),
        })
        .where('id', '=', child)
        .execute();
      // Two lessons steps, the first before anything was supported (no text), and a journal with claims measured and not.
      await store.appendEvent(runId, 'lessons.updated', null, { at: 10, source: 'journal', cost: 0, text: '' });
      await store.appendEvent(runId, 'lessons.updated', null, { at: 20, source: 'journal', cost: 0, text: '1. Raise the constant (effect +5%).' });
      for (const e of await store.events(runId)) if (e.type === 'lessons.updated') lessonsTimes.push(e.at);
      const journal: Journal = {
        at: 20,
        claims: [
          claim({ id: 'operator:numeric', kind: 'operator', effect: 0.05, se: 0.01, n: 6, evidence: [child], status: 'supported' }),
          claim({ id: 'constant:line 3:raise', kind: 'constant' }),
          claim({ id: 'failure:timeout:ast', kind: 'failure' }),
        ],
      };
      await store.setState(runId, JOURNAL_STATE_KEY, journal);
      await store.appendEvent(runId, 'drift.measured', null, {
        evaluated: 10,
        featureDistance: 0.123456789,
        embeddingDistance: null,
        failureRate: 0.1,
        violationRate: 0,
        holdoutGap: 0.05,
      });
    } finally {
      await raw.destroy();
      await store.close();
    }
    dashboard = await openDashboard(db);
    page = dashboard.page;
    base = dashboard.base;
  }, 180_000);

  afterAll(async () => {
    await page?.emulateMedia({ colorScheme: null });
    await dashboard?.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`draws the program's diff with readable contrast (WCAG AA, at least 4.5) in ${scheme} mode`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${base}#/program/${child}`);
      await page.getByTestId('diff').locator('.d2h-ins').first().waitFor();
      for (const [what, selector] of Object.entries(DIFF_TEXT)) {
        const ratios = (await page.evaluate(contrasts(selector))) as number[];
        expect(ratios.length, `${what}: ${selector}`).toBeGreaterThan(0);
        expect(Math.min(...ratios), `${what} in ${scheme} mode: contrast ${ratios.join(', ')}`).toBeGreaterThanOrEqual(4.5);
      }
      await shot(page, `program-diff-${scheme}`);
    });
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`highlights the program's code with readable contrast in ${scheme} mode, on the scheme's own background`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${base}#/program/${child}`);
      const code = page.getByTestId('code');
      await code.locator('span[class^="hljs-"]').first().waitFor();
      const ratios = (await page.evaluate(contrasts('[data-testid="code"], [data-testid="code"] span[class^="hljs-"]'))) as number[];
      expect(ratios.length).toBeGreaterThan(1);
      expect(Math.min(...ratios), `contrast ${ratios.join(', ')}`).toBeGreaterThanOrEqual(4.5);
      const background = (await page.evaluate(`getComputedStyle(document.querySelector('[data-testid="code"]')).backgroundColor`)) as string;
      const [r, g, b] = background.match(/\d+/g)!.map(Number);
      if (scheme === 'dark') expect(r + g + b, background).toBeLessThan(150);
      else expect(r + g + b, background).toBeGreaterThan(600);
    });
  }

  it("keeps light mode's diff as diff2html draws it: its pale backgrounds, the page's text", async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${base}#/program/${child}`);
    const diff = page.getByTestId('diff');
    await diff.locator('.d2h-ins').first().waitFor();
    // Page code: the tests compile without the DOM's types.
    type Styles = { getComputedStyle(el: unknown): Record<string, string> };
    const look = (selector: string, property: 'color' | 'backgroundColor') =>
      diff
        .locator(selector)
        .first()
        .evaluate((el, p) => (globalThis as unknown as Styles).getComputedStyle(el)[p], property);
    expect(await look('.d2h-file-header', 'backgroundColor')).toBe('rgb(247, 247, 247)');
    expect(await look('td.d2h-ins:not(.d2h-code-linenumber)', 'backgroundColor')).toBe('rgb(221, 238, 221)');
    // The deleted line has its replacement: it is drawn as changed, pale yellow.
    expect(await look('td.d2h-del:not(.d2h-code-linenumber)', 'backgroundColor')).toBe('rgb(253, 242, 208)');
    expect(await look('.d2h-ins .d2h-code-line-ctn', 'color')).toBe('rgb(17, 24, 39)'); // --text
  });

  it('shows metrics and features as name/value rows, rounded, with the exact value in the title', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${base}#/program/${child}`);
    const rows = async (testId: string) => {
      const table = page.getByTestId(testId);
      await table.waitFor();
      return table
        .locator('tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent, tr.querySelector('td')?.getAttribute('title') ?? null]),
        );
    };
    expect(await rows('metrics-public')).toEqual([
      ['gap', '0.001', '0.0009999999999990008'],
      ['sum_of_radii', '2.63598', '2.635983084917'],
      ['valid', 'true', null],
      ['cases.passed', '7', null],
    ]);
    expect(await rows('metrics-features')).toEqual([
      ['processes_log2', '6.32193', '6.321928094887363'],
      ['length', '12', null],
    ]);
    await expect(page.locator('pre.json').count()).resolves.toBe(0);
    await expect(page.getByTestId('metrics-private').count()).resolves.toBe(0);
  });

  it('heads the drift table in words, the field names as titles', async () => {
    await page.goto(`${base}#/run/${runId}/safeguards`);
    const table = page.locator('h3:has-text("Drift measurements") + table');
    await table.waitFor();
    const heads = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => [th.textContent, th.getAttribute('title')]));
    expect(heads).toEqual([
      ['event', null],
      ['at', null],
      ['program', null],
      ['evaluated', 'evaluated'],
      ['feature distance from the seed', 'featureDistance'],
      ['embedding distance from the seed', 'embeddingDistance'],
      ['failure rate', 'failureRate'],
      ['violation rate', 'violationRate'],
      ['largest search − holdout gap', 'holdoutGap'],
    ]);
    await expect(table.locator('tbody td').nth(4).textContent()).resolves.toBe('0.123457');
  });

  it("dates the journal's lessons steps as the run list does, says when a step had no lessons, and shows no percentage of nothing", async () => {
    await page.goto(`${base}#/run/${runId}/journal`);
    const steps = page.getByTestId('lessons-step');
    await steps.first().waitFor();
    // Newest first.
    expect(await page.getByTestId('lessons-time').allTextContents()).toEqual([...lessonsTimes].reverse().map(when));
    await expect(steps.nth(0).locator('pre').textContent()).resolves.toBe('1. Raise the constant (effect +5%).');
    await expect(steps.nth(0).getByTestId('lessons-empty').count()).resolves.toBe(0);
    await expect(steps.nth(1).locator('pre').count()).resolves.toBe(0);
    await expect(steps.nth(1).getByTestId('lessons-empty').textContent()).resolves.toContain('No lessons yet');

    const figures = await page
      .locator('[data-testid=claims] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute('data-claim'), tr.querySelectorAll('td')[2].textContent, tr.querySelectorAll('td')[3].textContent]),
      );
    expect(figures).toEqual([
      ['operator:numeric', '+5.00% ± 1.00% over 6 comparisons', `#${child}`],
      ['constant:line 3:raise', 'no comparison yet', 'none'],
      ['failure:timeout:ast', 'no tries yet', 'none'],
    ]);
    await shot(page, 'journal-readable');
  });
});
