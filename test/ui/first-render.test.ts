// What the run list's and overview's first render depends on (issue 19; timed by bench/ui.ts): no Intl object made
// (a fresh page's first one loads the locale's data), each page's data asked for while its code is still loading and
// asked only once, the run list drawn in the first frame, the tab bar's optional tabs in one request, a long champion
// ancestry folded, and the build steps behind them (uPlot's lazy Intl, the inline stylesheet).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';
import { inlineEntryCss } from '../../web/build/inline-css.ts';
import { lazyIntl } from '../../web/build/lazy-intl.ts';
import { clock, plainNumber, when } from '../../web/src/api.ts';
import { REPO, tempDir } from '../support/tmp.ts';
import { CHROMIUM, type Dashboard, ensureFrontEnd, HAS_CHROMIUM, openDashboard } from './browser.ts';
import { bigRun } from './fixtures.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** Installed before the page's scripts: counts every Intl.NumberFormat, DateTimeFormat and Collator made. */
const COUNT_INTL = `(() => {
  window.__intl = 0;
  for (const name of ['NumberFormat', 'DateTimeFormat', 'Collator']) {
    const Real = Intl[name];
    Intl[name] = new Proxy(Real, {
      construct(target, args) { window.__intl++; window.__intlStacks = [...(window.__intlStacks ?? []), new Error().stack]; return Reflect.construct(target, args); },
      apply(target, self, args) { window.__intl++; window.__intlStacks = [...(window.__intlStacks ?? []), new Error().stack]; return Reflect.apply(target, self, args); },
    });
  }
})();`;

/** How many Intl objects the page made, and where (for the failure message). */
const intlMade = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as { __intl: number; __intlStacks?: string[] };
    return { count: w.__intl, where: (w.__intlStacks ?? []).join('\n---\n') };
  });
const expectNoIntl = async (page: Page) => {
  const { count, where } = await intlMade(page);
  expect(count, where).toBe(0);
};

/** The paths the page has asked for, one entry per request. */
const resources = (page: Page) =>
  page.evaluate(() => (performance.getEntriesByType('resource') as unknown as { name: string }[]).map((e) => ({ path: new URL(e.name).pathname })));

type Step = { id: number; sample: number | null; score: number | null; gain: number | null; improvement: boolean };

describe.skipIf(!HAS_CHROMIUM)("the run list's and overview's first render in Chromium", () => {
  let dashboard: Dashboard;
  let page: Page;
  let runId: string;
  let path: Step[];

  beforeAll(async () => {
    const db = join(tempDir('kaizen-ui-first-'), 'kaizen.db');
    runId = await bigRun(db, 3000);
    const store = await Store.open(db);
    // bigRun's champion: the best correct program (bigRun writes rows, not the champion).
    const best = (await store.read.figureRows(runId)).filter((r) => r.correct === 1 && r.score !== null).sort((a, b) => b.score! - a.score!)[0];
    await store.setChampion(runId, best.id, { score: best.score!, holdout: null, evaluated: 3000 });
    await store.close();
    dashboard = await openDashboard(db);
    page = dashboard.page;
    await page.context().addInitScript({ content: COUNT_INTL });
    path = (await dashboard.api<{ champion: Step[] }>(`api/runs/${runId}`)).champion;
  }, 120_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('makes no Intl object on the run list or the overview (a fresh page pays ~100 ms for the first)', async () => {
    await page.goto(`${dashboard.base}?load=0#/`);
    await page.locator(`tr[data-run="${runId}"]`).waitFor();
    expect(await page.locator(`tr[data-run="${runId}"] td`).last().textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect((await resources(page)).filter((r) => r.path === '/api/runs')).toHaveLength(1); // the preload, taken
    await expectNoIntl(page);
    await page.goto(`${dashboard.base}?load=1#/run/${runId}/overview`);
    await page.getByTestId('score-chart').locator('canvas').waitFor();
    // Hover the chart: the legend's values are formatted too.
    const box = (await page.getByTestId('score-chart').locator('canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    expect(await page.getByTestId('score-chart').locator('.u-legend').textContent()).toMatch(/\d/);
    await expectNoIntl(page);
    // The counter counts: the check above is not vacuous.
    await page.evaluate(() => new Intl.NumberFormat().format(1));
    expect((await intlMade(page)).count).toBe(1);
  });

  it("asks for the overview's data and the tab bar's while the overview's code loads, and once each", async () => {
    // The overview's code is held back half a second: its data must be asked for meanwhile, not after it has loaded.
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => asked.push(new URL(r.url()).pathname);
    page.on('request', onRequest);
    let askedWhileHeld: string[] = [];
    const chunk = /\/assets\/overview-[^/]+\.js$/;
    await page.route(chunk, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      askedWhileHeld = [...asked];
      await route.continue();
    });
    try {
      await page.goto(`${dashboard.base}?load=2#/run/${runId}/overview`);
      await page.getByTestId('score-chart').locator('canvas').waitFor();
      await page.locator('nav.tabs a', { hasText: 'Lineage' }).waitFor();
    } finally {
      await page.unroute(chunk);
      page.off('request', onRequest);
    }
    expect(askedWhileHeld).toContain(`/api/runs/${runId}`);
    expect(askedWhileHeld).toContain(`/api/runs/${runId}/tabs`);
    const seen = await resources(page);
    expect(seen.filter((r) => r.path === `/api/runs/${runId}`)).toHaveLength(1);
    expect(seen.filter((r) => r.path === `/api/runs/${runId}/tabs`)).toHaveLength(1);
    // The run list's data: asked for once, by index.html's preload, and taken (not asked again) by the page.
    expect(seen.filter((r) => r.path === '/api/runs')).toHaveLength(1);
    // One request for the optional tabs, not one per tab.
    expect(seen.filter((r) => /\/(front|prompts|battle)$/.test(r.path))).toEqual([]);
    expect(await page.locator('nav.tabs a').allTextContents()).not.toContain('Core War');
  });

  it("lists a ledger's first problems and the rest on request (a record written outside the ledger has thousands)", async () => {
    // bigRun writes its programs straight into the store: each is named (no event, a made-up code hash).
    const ledger = await dashboard.api<{ problems: string[]; warnings: string[] }>(`api/runs/${runId}/ledger`);
    const count = ledger.problems.length + ledger.warnings.length;
    expect(count).toBeGreaterThan(3000);
    await page.goto(`${dashboard.base}?load=ledger#/run/${runId}/safeguards`);
    await page.locator('[data-testid="ledger"].error').waitFor();
    const lines = page.getByTestId('ledger-line');
    expect(await lines.count()).toBe(20);
    const all = page.getByTestId('ledger-all');
    expect(await all.textContent()).toBe(`show all ${count} problems and warnings`);
    expect(await lines.allTextContents()).toEqual([...ledger.problems, ...ledger.warnings].slice(0, 20));
    await all.click();
    await expect.poll(() => lines.count()).toBe(count);
    expect(await all.count()).toBe(0);
  });

  it("draws the run list's first frame with its rows when the data came before the script (no frame of Loading…)", async () => {
    // The page's script is held back a little, so the run list's data (preloaded by index.html) has surely come.
    const script = /\/assets\/index-[^/]+\.js$/;
    await page.route(script, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await route.continue();
    });
    await page.addInitScript({
      content: `window.__loadingSeen = false; new MutationObserver(() => { if (document.body && document.body.textContent.includes('Loading')) window.__loadingSeen = true; }).observe(document, { subtree: true, childList: true, characterData: true });`,
    });
    try {
      await page.goto(`${dashboard.base}?load=list#/`);
      await page.locator(`tr[data-run="${runId}"]`).waitFor();
    } finally {
      await page.unroute(script);
    }
    expect(await page.evaluate(() => (globalThis as unknown as { __loadingSeen: boolean }).__loadingSeen)).toBe(false);
    // The observer sees "Loading": the check above is not vacuous (a run page shows it while its view's code loads).
    await page.goto(`${dashboard.base}?load=list2#/run/${runId}/journal`);
    await page.locator('nav.tabs a', { hasText: 'Lineage' }).waitFor();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { __loadingSeen: boolean }).__loadingSeen)).toBe(true);
  });

  it("draws a run page's view in its first frame when its code and data came within the wait (no frame of Loading…)", async () => {
    // The tab bar's answer is held back a little, so the overview's code and data, asked for with it, have come by
    // then. A load where they had not (a slow machine) proves nothing and is tried again.
    const tabs = new RegExp(`/api/runs/${runId}/tabs$`);
    await page.route(tabs, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await route.continue();
    });
    await page.addInitScript({
      content: `window.__firstRender = null; window.__viewLoading = false; new MutationObserver(() => { const app = document.getElementById('app'); if (app && app.childNodes.length > 0 && window.__firstRender === null) window.__firstRender = performance.now(); if (app && app.textContent.includes('Loading')) window.__viewLoading = true; }).observe(document, { subtree: true, childList: true, characterData: true });`,
    });
    const loads: { first: number; loading: boolean; came: number }[] = [];
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        await page.goto(`${dashboard.base}?load=whole${attempt}#/run/${runId}/overview`);
        await page.getByTestId('score-chart').locator('canvas').waitFor();
        const load = await page.evaluate((id) => {
          const w = globalThis as unknown as { __firstRender: number; __viewLoading: boolean };
          const ends = (performance.getEntriesByType('resource') as unknown as { name: string; responseEnd: number }[])
            .filter((e) => /\/assets\/overview-[^/]+\.js$/.test(e.name) || new URL(e.name).pathname === `/api/runs/${id}`)
            .map((e) => e.responseEnd);
          return { first: w.__firstRender, loading: w.__viewLoading, came: ends.length === 2 ? Math.max(...ends) : Number.POSITIVE_INFINITY };
        }, runId);
        loads.push(load);
        if (load.came < load.first) break;
      }
    } finally {
      await page.unroute(tabs);
    }
    const fair = loads.find((l) => l.came < l.first);
    expect(fair, `the view's code and data never came before the first render: ${JSON.stringify(loads)}`).toBeDefined();
    expect(fair!.loading).toBe(false);
  });

  it("has a run page's text styles looked up while its first answers are on their way (web/src/fonts.ts)", async () => {
    // Before the page's scripts: the styles the primer holds before the first render, the styles of the text the
    // overview shows when its chart appears (its first frame: what is below the chart comes a frame later), and the
    // fonts its canvases draw in.
    await page.addInitScript({
      content: `(() => {
        const canvas = new Set();
        const font = Object.getOwnPropertyDescriptor(CanvasRenderingContext2D.prototype, 'font');
        Object.defineProperty(CanvasRenderingContext2D.prototype, 'font', { get() { return font.get.call(this); }, set(v) { canvas.add(v); font.set.call(this, v); } });
        const f = (window.__fonts = { primed: null, used: null, canvas });
        const style = (el) => { const s = getComputedStyle(el); return s.fontWeight + ' ' + s.fontSize + ' ' + s.fontFamily; };
        new MutationObserver(() => {
          const app = document.getElementById('app');
          const primer = document.querySelector('body > div[aria-hidden]');
          if (f.primed === null && app && app.childNodes.length === 0 && primer) f.primed = [...primer.children].map(style);
          if (f.used === null && document.querySelector('[data-testid="score-chart"] canvas')) {
            const used = new Set();
            const walk = document.createTreeWalker(app, NodeFilter.SHOW_TEXT);
            for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.textContent.trim() && n.parentElement.getClientRects().length) used.add(style(n.parentElement));
            f.used = [...used];
          }
        }).observe(document, { subtree: true, childList: true });
      })();`,
    });
    await page.goto(`${dashboard.base}?load=fonts#/run/${runId}/overview`);
    await page.getByTestId('score-chart').locator('canvas').waitFor();
    await page.getByTestId('champion').waitFor(); // a frame later: the page has settled
    const fonts = await page.evaluate(() => {
      const f = (globalThis as unknown as { __fonts: { primed: string[] | null; used: string[] | null; canvas: Set<string> } }).__fonts;
      return {
        primed: f.primed,
        used: f.used,
        canvas: [...f.canvas],
        left: (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('body > div[aria-hidden]')
          .length,
      };
    });
    expect(fonts.primed, 'no primer before the first render').not.toBeNull();
    // Canvas fonts as the same "weight size family" (uPlot's and the chart's: "bold 12px system-ui, sans-serif").
    const canvas = fonts.canvas.map((c) => {
      const m = /^(bold )?(\d+px) (.+)$/.exec(c);
      return m ? `${m[1] ? 700 : 400} ${m[2]} ${m[3]}` : c;
    });
    expect(fonts.used!.length).toBeGreaterThan(3);
    expect(canvas.length).toBeGreaterThan(0);
    for (const s of [...fonts.used!, ...canvas]) expect(fonts.primed, `${s} is not primed`).toContain(s);
    expect(fonts.left, 'the primer is removed once the page has rendered').toBe(0);
  });

  it("draws the best-so-far line through its changes only, with the same pixels as uPlot's stepped line", async () => {
    await page.goto(`${dashboard.base}?load=steps#/run/${runId}/overview`);
    await page.getByTestId('score-chart').locator('canvas').waitFor();
    // The installed uPlot as a global of the page, for the reference (the dashboard's copy is inside its bundle): a
    // script of the dashboard's own origin, as its Content-Security-Policy allows no other.
    await page.route('**/reference-uplot.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `${readFileSync(join(REPO, 'node_modules/uplot/dist/uPlot.iife.min.js'), 'utf8')}\nwindow.__uPlot = uPlot;`,
      }),
    );
    await page.addScriptTag({ url: `${dashboard.base}reference-uplot.js` });
    await page.unroute('**/reference-uplot.js');
    // In the page (a string: this file has no DOM types): the overview's own path builder, taken from its chart, and
    // uPlot's stepped one draw the same series into two fresh charts; their pixels are compared.
    const compared = await page.evaluate<{ differ: number; inked: number }>(`(async () => {
      const ours = document.querySelector('[data-testid="score-chart"]').uplot.series[1].paths;
      // A step line with a gap before its first value and after its last (Compare's shorter run), and flat stretches.
      const xs = Array.from({ length: 3000 }, (_, i) => i);
      const ys = xs.map((i) => (i < 40 || i > 2900 ? null : 1 + Math.floor(i / 97) * 0.013 + (i > 1500 ? 0.2 : 0)));
      const draw = async (paths) => {
        const box = document.createElement('div');
        document.body.append(box);
        const series = [{}, { stroke: '#1d4ed8', width: 2, spanGaps: true, paths }];
        const u = new window.__uPlot({ width: 900, height: 300, scales: { x: { time: false } }, legend: { show: false }, cursor: { show: false }, series }, [xs, ys], box);
        // uPlot draws in a microtask after it is made: the pixels are read a task later.
        await new Promise((resolve) => setTimeout(resolve));
        const canvas = box.querySelector('canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        u.destroy();
        box.remove();
        return pixels;
      };
      const a = await draw(ours);
      const b = await draw(window.__uPlot.paths.stepped({ align: 1 }));
      let differ = 0;
      let inked = 0;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ++;
      for (let i = 3; i < a.length; i += 4) if (a[i] > 0) inked++;
      return { differ, inked };
    })()`);
    expect(compared.inked).toBeGreaterThan(1000); // the line was drawn
    expect(compared.differ).toBe(0);
  });

  it('draws the run page whatever tab the address names (an unknown or inherited name asks for nothing early)', async () => {
    for (const [i, tab] of ['constructor', 'toString', '__proto__', 'nothing'].entries()) {
      await page.goto(`${dashboard.base}?load=tab${i}#/run/${runId}/${tab}`);
      await page.locator('nav.tabs a', { hasText: 'Lineage' }).waitFor();
      expect(await page.getByTestId('run-id').textContent()).toBe(runId);
    }
  });

  it('folds a long champion ancestry into its ends, with the steps between summed, and unfolds it on request', async () => {
    expect(path.length).toBeGreaterThan(13); // long enough to fold (6 steps at each end)
    await page.goto(`${dashboard.base}?load=3#/run/${runId}/overview`);
    const rows = page.getByTestId('champion-path').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(13);
    const folded = page.getByTestId('champion-path-folded');
    expect(await folded.locator('td').first().textContent()).toBe(`… ${path.length - 12} steps`);
    const between = path.slice(6, -6);
    expect(await folded.locator('td').nth(2).textContent()).toContain(`${between.filter((s) => s.improvement).length} improving`);
    const ids = async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-program')))).map((id) => (id === null ? null : Number(id)));
    const ends = (steps: Step[]) => steps.map((step) => step.id);
    expect(await ids()).toEqual([...ends(path.slice(0, 6)), null, ...ends(path.slice(-6))]);
    // The folded row's gain is the steps' total (each step's gain against its parent), or — when one has no score.
    const sum = between.every((s) => s.gain !== null) ? between.reduce((a, s) => a + s.gain!, 0) : null;
    const shown = (await folded.locator('td').nth(4).textContent())!;
    if (sum === null) expect(shown).toBe('—');
    else expect(Number(shown)).toBeCloseTo(sum, 3);
    await folded.getByRole('button', { name: 'show every step' }).click();
    await expect.poll(() => rows.count()).toBe(path.length);
    expect(await ids()).toEqual(ends(path));
  });
});

describe('the formatters that replace Intl, and the build-time edit of uPlot', () => {
  it('formats numbers as chart ticks and legends show them', () => {
    expect([0, 5, 1234, -1234567.5, 0.1 + 0.2, 1.00005, 1e-7, 1e21, 2.5e-12].map(plainNumber)).toEqual([
      '0',
      '5',
      '1,234',
      '-1,234,567.5',
      '0.3',
      '1.00005',
      '1e-7',
      '1e+21',
      '2.5e-12',
    ]);
  });

  it('formats timestamps in local time without Intl', () => {
    const iso = '2026-03-04T05:06:07Z';
    const d = new Date(iso);
    const two = (n: number) => String(n).padStart(2, '0');
    expect(clock(iso)).toBe(`${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`);
    expect(when(iso)).toBe(`${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clock(iso)}`);
  });

  it('edits the installed uPlot so that loading it makes no Intl object, and refuses a uPlot it does not recognise', () => {
    const source = readFileSync(join(REPO, 'node_modules/uplot/dist/uPlot.esm.js'), 'utf8');
    const edited = lazyIntl(source);
    // Outside functions, nothing constructs an Intl object any more (each `new Intl.` is inside an arrow).
    const atTopLevel = edited.split('\n').filter((line) => /^(const|let|var) .*new Intl\./.test(line) && !line.includes('=>'));
    expect(atTopLevel).toEqual([]);
    expect(source.split('\n').filter((line) => /^const .*new Intl\./.test(line))).toHaveLength(2);
    expect(() => lazyIntl(source.replace('const localTz = new Intl', 'const localTz = new  Intl'))).toThrow(
      /lazy-intl: expected uPlot's source to contain once \(found 0\)/,
    );
  });

  it("writes the entry's stylesheet into index.html, and refuses what it cannot inline", () => {
    const html = '<head><link rel="stylesheet" crossorigin href="./assets/index-A1.css"></head>';
    expect(inlineEntryCss(html, new Map([['assets/index-A1.css', 'p{color:red}']]))).toBe('<head><style>p{color:red}</style></head>');
    expect(() => inlineEntryCss(html, new Map())).toThrow(/links assets\/index-A1.css, which the build did not write/);
    expect(() => inlineEntryCss(html, new Map([['assets/index-A1.css', 'p{}</style><script>']]))).toThrow(/contains "<\/style"/);
  });

  it.skipIf(!HAS_CHROMIUM)('builds an index.html with the entry stylesheet inline and the run list preloaded', () => {
    const index = readFileSync(join(ensureFrontEnd(), 'index.html'), 'utf8');
    expect(index).not.toMatch(/<link rel="stylesheet"/);
    expect(index).toMatch(/<style>[^<]*--surface:/);
    expect(index).toContain('<link rel="preload" href="api/runs" as="fetch" crossorigin');
  });
});
