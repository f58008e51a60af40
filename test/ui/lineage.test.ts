import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import { Store } from '../../src/store/store.ts';
import { copyExample, tempDir } from '../support/tmp.ts';
import { ARTIFACTS, CHROMIUM, type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** What the lineage view exposes to tests (web/src/views/lineage-canvas.ts). */
interface LineageHandle {
  centre(id: number, k: number): void;
  screenPosition(id: number): { x: number; y: number } | null;
}

interface Drawn {
  id: number;
  operator: string;
  island: number;
  score: number | null;
  muted: boolean;
}

describe.skipIf(!HAS_CHROMIUM)('the lineage view', () => {
  let dash: Dashboard;
  let runId: string;
  let best: number;
  let programs: Drawn[];

  beforeAll(async () => {
    const db = join(tempDir('kaizen-lineage-'), 'kaizen.db');
    // A real run: the seed, the offline operators, copies between islands (operator "migrate"), failures.
    const run = await evolve({ task: copyExample('circle-packing'), out: db, config: { budget: { samples: 40 } } });
    runId = run.runId;
    best = run.bestProgramId!;
    const store = await Store.open(db);
    programs = (await store.programs(runId)).map((p) => ({
      id: p.id,
      operator: p.operator,
      island: p.island,
      score: p.score,
      muted: p.status === 'failed' || p.status === 'rejected' || (p.status === 'evaluated' && p.correct === 0),
    }));
    await store.close();
    dash = await openDashboard(db);
  }, 120_000);

  afterAll(async () => {
    await dash?.close();
  });

  const open = async (hash = `#/run/${runId}/lineage`) => {
    await dash.page.goto(`${dash.base}${hash}`);
    await dash.page.locator('[data-testid="lineage"][data-ready]').waitFor();
  };
  const legend = (kind: string) => dash.page.locator(`[data-testid="lineage-legend"] [data-legend="${kind}"]`);

  it('reaches the browser compressed', async () => {
    // The first load of this page (openDashboard): the entry script came over the wire, compressed by the build.
    const sizes = await dash.page.evaluate(() =>
      (performance.getEntriesByType('resource') as unknown as { name: string; encodedBodySize: number; decodedBodySize: number }[])
        .filter((e) => /\/assets\/index-[^/]+\.js$/.test(e.name))
        .map((e) => ({ wire: e.encodedBodySize, plain: e.decodedBodySize })),
    );
    expect(sizes).toHaveLength(1);
    expect(sizes[0].wire).toBeLessThan(sizes[0].plain / 2);
  });

  it('has a legend naming exactly the colours it uses', async () => {
    await open();
    const coloured = programs.filter((p) => !p.muted);
    await dash.page.getByTestId('colour-by').selectOption('operator');
    const operators = [...new Set(coloured.map((p) => p.operator))].sort();
    expect(operators.length).toBeGreaterThan(1);
    await expect.poll(() => legend('operator').allTextContents()).toEqual(operators);
    expect(await legend('muted').count()).toBe(programs.some((p) => p.muted) ? 1 : 0);
    await dash.page.screenshot({ path: join(ARTIFACTS, 'lineage.png'), fullPage: true });

    await dash.page.getByTestId('colour-by').selectOption('island');
    const islands = [...new Set(coloured.map((p) => p.island))].sort((a, b) => a - b);
    await expect.poll(() => legend('island').allTextContents()).toEqual(islands.map((i) => `island ${i}`));

    await dash.page.getByTestId('colour-by').selectOption('score');
    const scores = coloured.flatMap((p) => (p.score === null ? [] : [p.score]));
    await expect.poll(() => legend('score').textContent()).toBe(`score ${Math.min(...scores).toFixed(4)} → ${Math.max(...scores).toFixed(4)}`);
  });

  it('shows the hovered program with its score to 4 decimals', async () => {
    await open();
    const at = await dash.page.evaluate((id) => {
      const view = (globalThis as unknown as { __kaizenLineage: LineageHandle }).__kaizenLineage;
      view.centre(id, 2);
      return view.screenPosition(id)!;
    }, best);
    await dash.page.mouse.move(at.x, at.y);
    const champion = programs.find((p) => p.id === best)!;
    expect(String(champion.score).length).toBeGreaterThan(8); // the raw figure has many more digits than shown
    await expect.poll(() => dash.page.getByTestId('lineage-hover').textContent()).toMatch(new RegExp(`^#${best} · .* · score ${champion.score!.toFixed(4)}$`));
  });

  it('zooms and pans', async () => {
    await open();
    const where = () => dash.page.evaluate((id) => (globalThis as unknown as { __kaizenLineage: LineageHandle }).__kaizenLineage.screenPosition(id)!, best);
    const box = (await dash.page.getByTestId('lineage').boundingBox())!;
    const before = await where();
    await dash.page.mouse.move(box.x + 10, box.y + 10);
    await dash.page.mouse.wheel(0, -400);
    await expect.poll(async () => (await where()).x).not.toBe(before.x);
    const zoomed = await where();
    await dash.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await dash.page.mouse.down();
    await dash.page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 30, { steps: 4 });
    await dash.page.mouse.up();
    const panned = await where();
    expect(panned.x - zoomed.x).toBeCloseTo(80, 0);
    expect(panned.y - zoomed.y).toBeCloseTo(30, 0);
  });

  it('opens a program on click and keeps the colour choice on Back', async () => {
    await open();
    await dash.page.getByTestId('colour-by').selectOption('operator');
    await expect.poll(() => dash.page.url()).toContain('colour=operator');
    const at = await dash.page.evaluate((id) => {
      const view = (globalThis as unknown as { __kaizenLineage: LineageHandle }).__kaizenLineage;
      view.centre(id, 2);
      return view.screenPosition(id)!;
    }, best);
    await dash.page.mouse.click(at.x, at.y);
    await expect.poll(() => dash.page.getByTestId('program-title').textContent()).toContain(`Program #${best}`);
    await dash.page.goBack();
    await dash.page.locator('[data-testid="lineage"][data-ready]').waitFor();
    expect(await dash.page.getByTestId('colour-by').inputValue()).toBe('operator');
    expect(await legend('operator').count()).toBeGreaterThan(1);
    // Reached again from the tab (no colour in the address): the session remembers it.
    await dash.page.goto(`${dash.base}#/run/${runId}/overview`);
    await dash.page.getByRole('link', { name: 'Lineage' }).click();
    await dash.page.locator('[data-testid="lineage"][data-ready]').waitFor();
    expect(await dash.page.getByTestId('colour-by').inputValue()).toBe('operator');
  });
});
