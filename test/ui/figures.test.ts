// The dashboard's figures and placement (issue 19): best-so-far monotone on every axis, the same counts as
// `kaizen status --json` (the real CLI on the same store), budgets, Compare, the cost axis, legend precision, the
// Core War tab, readable events, diffs, change notes and the champion summary. Battles are in battle-viewer.test.ts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import { NumericOperator } from '../../src/operators/offline/index.ts';
import { Store } from '../../src/store/store.ts';
import { Rng } from '../../src/util/rng.ts';
import type { Overview } from '../../web/src/api.ts';
import { rawDb } from '../support/raw-db.ts';
import { CLI, copyExample, REPO, tempDir } from '../support/tmp.ts';
import { ARTIFACTS, CHROMIUM, type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';
import { slowOperator } from './fixtures.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** `kaizen status --json` of a run, from the real command on the same store. */
function status(db: string, runId: string) {
  const r = spawnSync(process.execPath, [CLI, 'status', REPO, '--db', db, '--run', runId, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kaizen status failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as {
    evaluated: number;
    budget: number;
    bestScore: number | null;
    bestProgramId: number | null;
    islands: { island: number; programs: number; best: number | null }[];
    cost: { improvements: number };
    byOperator: Record<string, { proposals: number; improvements: number }>;
  };
}

/** The data a chart drew (uPlot's own arrays). */
const chartData = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => (el as unknown as { uplot: { data: (number | null)[][] } }).uplot.data.map((s) => [...s]));

const nonDecreasing = (xs: (number | null)[]) => xs.every((x, i) => i === 0 || x === null || xs[i - 1] === null || x >= xs[i - 1]!);

// A negative constant the numeric operator can change, and its note.
const NEGATIVE = '// EVOLVE-BLOCK-START\nconst OFFSET = -0.5;\n// EVOLVE-BLOCK-END\nexport function run() { return OFFSET; }\n';

/**
 * A run written straight into the store whose evaluations finish out of sample order (so a best-so-far taken in
 * sample order goes down against time), with costs, gains in the 4th decimal, and one child made by the real numeric
 * operator from a program holding a negative constant.
 */
async function shuffledRun(db: string, id: string, count: number): Promise<{ id: string; negativeChild: number; change: string }> {
  const store = await Store.open(db);
  await store.createRun({
    id,
    task_name: 'synthetic',
    task_dir: '/nowhere',
    task_hash: 'x',
    config_json: JSON.stringify({ budget: { samples: count } }),
    seed: 1,
    status: 'completed',
    pid: null,
  });
  const raw = rawDb(db);
  const first =
    Number(
      (
        await raw
          .selectFrom('programs')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    ) + 1;
  // After the run's creation: the overview measures time from it.
  const t0 = Date.now() + 1000;
  const child = await new NumericOperator().propose({ code: NEGATIVE, language: 'javascript', inspirations: [], rng: new Rng(3, 1) });
  if (!child) throw new Error('the numeric operator made no child');
  // Sample i finishes at (count - i) seconds when i is odd: late samples, some with the best scores, finish first.
  const rows = Array.from({ length: count }, (_, i) => ({
    id: first + i,
    run_id: id,
    sample: i,
    parent_id: i === 0 ? null : first + i - 1,
    island: i % 2,
    generation: i,
    operator: i === 0 ? 'seed' : 'numeric',
    model: null,
    status: 'evaluated' as const,
    correct: 1,
    score: 0.5 + 0.0003 * i * (i % 3 === 0 ? 1 : 0.5),
    language: 'javascript',
    code: i === count - 1 ? child.code : NEGATIVE,
    code_hash: `s${i}`,
    change: i === count - 1 ? child.change : i === 0 ? null : `variant ${i}`,
    failure_class: null,
    created_at: new Date(t0 + i * 1000).toISOString(),
    evaluated_at: new Date(t0 + (i % 2 === 1 ? count - i : i) * 1000 + 500).toISOString(),
    cost: 0.001 * (i % 4),
  }));
  try {
    await raw.insertInto('programs').values(rows).execute();
  } finally {
    await raw.destroy();
  }
  const best = rows.reduce((a, b) => (b.score > a.score ? b : a));
  await store.updateRun(id, { best_program_id: best.id, seed_score: rows[0].score });
  await store.close();
  return { id, negativeChild: first + count - 1, change: child.change };
}

describe.skipIf(!HAS_CHROMIUM)("the dashboard's figures in headless Chromium", () => {
  let db: string;
  let circle: { runId: string; bestProgramId: number | null };
  let corewar: string;
  let shuffled: Awaited<ReturnType<typeof shuffledRun>>;
  let dashboard: Dashboard;
  let page: Page;
  let base: string;
  let task: string;

  beforeAll(async () => {
    db = join(tempDir('kaizen-ui-figures-'), 'kaizen.db');
    task = copyExample('circle-packing');
    circle = await evolve({ task, out: db, config: { budget: { samples: 30 } } });
    process.env.KAIZEN_NANO_BENCHMARK = join(REPO, 'examples/corewar-nano/opponents');
    corewar = (await evolve({ task: copyExample('corewar-nano'), out: db, config: { budget: { samples: 6 } } })).runId;
    delete process.env.KAIZEN_NANO_BENCHMARK;
    shuffled = await shuffledRun(db, 'run-shuffled', 60);
    dashboard = await openDashboard(db);
    ({ page, base } = dashboard);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  const api = <T>(path: string): Promise<T> => dashboard.api<T>(path);

  it('API: samples, improvements, islands and operators are the figures of kaizen status --json', async () => {
    for (const runId of [circle.runId, corewar, shuffled.id]) {
      const s = status(db, runId);
      const o = await api<{ samples: number; improvements: number; islands: unknown }>(`api/runs/${runId}`);
      expect(o.samples).toBe(s.evaluated);
      expect(o.improvements).toBe(s.cost.improvements);
      expect(o.islands).toEqual(s.islands);
      const m = await api<{ operators: Record<string, { proposals: number; improvements: number }> }>(`api/runs/${runId}/models`);
      expect(m.operators).toEqual(s.byOperator);
      const row = (await api<{ id: string; samples: number; budget: number | null }[]>('api/runs')).find((r) => r.id === runId)!;
      expect(row.samples).toBe(s.evaluated);
      expect(row.samples).toBeLessThanOrEqual(row.budget!);
    }
    expect(status(db, circle.runId).islands.length).toBe(2);
  });

  it('the run list shows samples within the budget, as kaizen status counts them', async () => {
    await page.goto(`${base}#/`);
    await page.locator(`tr[data-run="${circle.runId}"]`).waitFor();
    for (const runId of [circle.runId, corewar, shuffled.id]) {
      const cell = (await page.locator(`tr[data-run="${runId}"] td`).nth(4).textContent())!;
      const [samples, budget] = cell.split('/').map((x) => Number(x.trim()));
      expect(samples).toBe(status(db, runId).evaluated);
      expect(samples).toBeLessThanOrEqual(budget);
    }
    await shot(page, 'runs');
  });

  it("the overview's samples, improvements and islands equal kaizen status; the champion summary tells how it was reached", async () => {
    const s = status(db, circle.runId);
    await page.goto(`${base}#/run/${circle.runId}/overview`);
    await page.getByTestId('score-chart').locator('canvas').waitFor();
    expect(Number(await page.getByTestId('samples').textContent())).toBe(s.evaluated);
    expect(Number(await page.getByTestId('improvements').textContent())).toBe(s.cost.improvements);
    for (const i of s.islands) expect(await page.locator(`tr[data-island="${i.island}"] td`).nth(1).textContent()).toBe(String(i.programs));
    expect(await page.locator('tr[data-island]').count()).toBe(s.islands.length);
    // The champion: its score and program, and its ancestry from the initial program with each step's gain.
    const champion = page.getByTestId('champion');
    expect(await champion.getByRole('link').getAttribute('href')).toBe(`#/program/${s.bestProgramId}`);
    const shown = Number(await page.getByTestId('champion-score').textContent());
    expect(Math.abs(shown - s.bestScore!)).toBeLessThan(1e-9 + 10 ** -Number((await page.getByTestId('champion-score').textContent())!.split('.')[1].length));
    const path = page.getByTestId('champion-path').locator('tbody tr');
    expect(await path.first().locator('td').nth(1).textContent()).toBe('0');
    expect(await path.last().getAttribute('data-program')).toBe(String(s.bestProgramId));
    const gains = (await path.locator('td:nth-child(5)').allTextContents()).slice(1).map(Number);
    const scores = (await path.locator('td:nth-child(4)').allTextContents()).map(Number);
    expect(gains.every((g) => Number.isFinite(g))).toBe(true);
    expect(gains.reduce((a, b) => a + b, 0)).toBeCloseTo(scores.at(-1)! - scores[0], 3);
    await shot(page, 'overview');
  });

  it('draws best-so-far non-decreasing against samples, time and cost, on a run whose evaluations finish out of order', async () => {
    await page.goto(`${base}#/run/${shuffled.id}/overview`);
    await page.getByTestId('score-chart').locator('canvas').waitFor();
    const axis = page.getByTestId('x-axis');
    for (const x of ['samples', 'seconds', 'cost']) {
      await axis.locator(`button[data-axis="${x}"]`).click();
      await expect.poll(() => axis.locator(`button[data-axis="${x}"]`).getAttribute('aria-pressed')).toBe('true');
      await expect.poll(async () => (await chartData(page, 'score-chart'))[0].length).toBe(60);
      const [xs, best, scores] = await chartData(page, 'score-chart');
      expect(nonDecreasing(xs)).toBe(true);
      expect(nonDecreasing(best), `${x}: ${best.join(' ')}`).toBe(true);
      expect(best.at(-1)).toBe(Math.max(...(scores as number[])));
    }
    // The old curve (best in sample order, drawn in time order) would go down here: the test can tell.
    const { curve } = await api<Overview>(`api/runs/${shuffled.id}`);
    const byTime = curve.sample.map((_, i) => i).sort((a, b) => curve.seconds[a] - curve.seconds[b]);
    expect(nonDecreasing(byTime.map((i) => curve.best[i]))).toBe(false);
  });

  it("legends give the run's gains in the 4th decimal, not rounded to 2", async () => {
    await page.goto(`${base}#/run/${shuffled.id}/overview`);
    const chart = page.getByTestId('score-chart');
    await chart.locator('canvas').waitFor();
    const over = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(over.x + over.width - 1, over.y + over.height / 2);
    const value = chart.locator('.u-legend .u-series').nth(1).locator('.u-value');
    const [, best] = await chartData(page, 'score-chart');
    await expect.poll(() => value.textContent()).toMatch(/^\d+\.\d{4,}$/);
    expect(Number(await value.textContent())).toBeCloseTo(best.at(-1)!, 6);
  });

  it('the cost axis is not $0–100 when every sample cost $0', async () => {
    await page.goto(`${base}#/run/${circle.runId}/overview`);
    await page.getByTestId('score-chart').locator('canvas').waitFor();
    await page.getByTestId('x-axis').getByRole('button', { name: /^cost/ }).click();
    await expect.poll(async () => (await chartData(page, 'score-chart'))[0].every((x) => x === 0)).toBe(true);
    const scale = await page.getByTestId('score-chart').evaluate((el) => {
      const x = (el as unknown as { uplot: { scales: { x: { min: number; max: number } } } }).uplot.scales.x;
      return [x.min, x.max];
    });
    expect(Math.abs(scale[0])).toBe(0);
    expect(scale[1]).toBeLessThanOrEqual(1);
    expect(await page.getByTestId('x-axis').locator('button[data-axis="cost"]').textContent()).toContain('$0');
  });

  it("Compare stops the shorter run's line at its last sample", async () => {
    await page.goto(`${base}#/compare/${shuffled.id}/${circle.runId}`);
    await page.getByTestId('compare-chart').locator('canvas').waitFor();
    const [xs, long, short] = await chartData(page, 'compare-chart');
    const end = Math.max(...(await api<Overview>(`api/runs/${circle.runId}`)).curve.sample);
    expect(end).toBeLessThan(59);
    xs.forEach((x, i) => {
      if (x! > end) expect(short[i]).toBeNull();
      else expect(short[i]).not.toBeNull();
    });
    expect(long.at(-1)).not.toBeNull();
    await shot(page, 'compare');
  });

  it('Compare names a run that does not exist instead of loading forever', async () => {
    for (const [a, b, named] of [
      ['nope', circle.runId, 'no run nope'],
      [circle.runId, 'nope2', 'no run nope2'],
      ['nope', 'nope2', 'no run nope; no run nope2'],
    ]) {
      await page.goto(`${base}#/compare/${a}/${b}`);
      await expect.poll(() => page.getByTestId('compare-error').textContent(), { timeout: 10_000 }).toBe(named);
    }
    expect((await fetch(`${base}api/runs/nope`, { headers: { authorization: `Bearer ${dashboard.server.token}` } })).status).toBe(404);
  });

  it('says so for a tab that does not exist, and names a run whose address has a malformed escape', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}#/run/${circle.runId}/nosuchtab`);
    await expect.poll(() => page.getByTestId('no-such-tab').textContent()).toContain('No tab “nosuchtab”');
    await page.goto(`${base}#/run/%E0%A4%A/overview`);
    await expect.poll(() => page.locator('p.error').textContent()).toBe('no run %E0%A4%A');
    expect(errors).toEqual([]);
  });

  it('draws the failure chart over every bucket of the run, its last bar within the axis', async () => {
    await page.goto(`${base}#/run/${shuffled.id}/overview`);
    await page.getByTestId('failure-chart').locator('canvas').waitFor();
    const { failures, curve } = await api<Overview>(`api/runs/${shuffled.id}`);
    const [xs, ...bars] = await chartData(page, 'failure-chart');
    const last = curve.sample.at(-1)!;
    const size = failures.bucketSize;
    // Buckets 0, size, … up to the last sample's, then the x where that bucket ends.
    expect(xs).toEqual(Array.from({ length: Math.floor(last / size) + 2 }, (_, i) => i * size));
    const sent = new Map(failures.buckets.map((b) => [b.start, b.counts]));
    failures.classes.forEach((c, k) => {
      expect(bars[k].at(-1)).toBeNull();
      expect(bars[k].slice(0, -1)).toEqual(xs.slice(0, -1).map((x) => sent.get(x!)?.[c] ?? 0));
    });
    const scale = await page.getByTestId('failure-chart').evaluate((el) => {
      const x = (el as unknown as { uplot: { scales: { x: { min: number; max: number } } } }).uplot.scales.x;
      return [x.min, x.max];
    });
    expect(scale).toEqual([0, xs.at(-1)]);
  });

  it('a chart of values that are all $0 spans 0–1, not 0–100, and its title says why', async () => {
    await page.goto(`${base}#/run/${circle.runId}/models`);
    const chart = page.locator('.chart', { hasText: 'Cost (USD) over time' });
    await chart.locator('canvas').waitFor();
    expect(await chart.locator('.u-title').textContent()).toBe('Cost (USD) over time: every sample cost $0');
    const y = await chart.evaluate((el) => {
      const s = (el as unknown as { uplot: { scales: { y: { min: number; max: number } } } }).uplot.scales.y;
      return [s.min, s.max];
    });
    expect(y).toEqual([0, 1]);
  });

  it('shows the Core War tab only on a Redcode run', async () => {
    await page.goto(`${base}#/run/${circle.runId}/overview`);
    await page.getByTestId('score-chart').waitFor();
    await page.getByRole('link', { name: 'Lineage' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('nav.tabs a', { hasText: 'Core War' }).count()).toBe(0);
    await page.goto(`${base}#/run/${corewar}/overview`);
    await page.locator('nav.tabs a', { hasText: 'Core War' }).waitFor();
    // The tab bar's one request, beside /battle (null exactly for a run that is not Redcode).
    for (const id of [circle.runId, corewar]) {
      const battle = await api<unknown>(`api/runs/${id}/battle`);
      expect((await api<{ redcode: boolean }>(`api/runs/${id}/tabs`)).redcode).toBe(battle !== null);
    }
  });

  it('renders safeguard events as tables of fields, not JSON', async () => {
    await page.goto(`${base}#/run/${circle.runId}/safeguards`);
    await expect.poll(() => page.getByTestId('ledger').textContent()).toContain('verifies');
    const tables = page.getByTestId('event-table');
    expect(await tables.count()).toBeGreaterThan(0);
    const text = (await page.locator('main').textContent())!;
    expect(text).not.toMatch(/\{"|":/);
    // The run's drift measurement: a column per measured field, headed in words.
    const drift = page.locator('h3', { hasText: 'Drift measurements (1)' }).locator('xpath=following-sibling::table[1]');
    expect(await drift.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['evaluated', 'failure rate']));
    expect(await drift.locator('tbody tr').count()).toBe(1);
    await shot(page, 'safeguards');
  });

  it("lists a running run's live events as fields, not JSON", async () => {
    await page.goto(`${base}#/`);
    await page.locator(`tr[data-run="${circle.runId}"]`).waitFor();
    const before = await page.locator('tr[data-run]').count();
    // A budget it will not reach: the run goes on until the page has shown its events (on a loaded machine the page
    // may take seconds to open), then it is stopped.
    const stop = new AbortController();
    const running = evolve({
      task,
      out: db,
      resume: 'never',
      config: { budget: { samples: 1000 } },
      operators: [{ operator: slowOperator(300), weight: 1 }],
      signal: stop.signal,
    });
    try {
      await expect.poll(() => page.locator('tr[data-run]').count(), { timeout: 15_000 }).toBe(before + 1);
      await page.locator('tr[data-run]').first().locator('a').first().click();
      const events = page.getByTestId('live-events');
      await expect.poll(() => events.textContent(), { timeout: 30_000 }).toMatch(/score \d/);
      // No JSON: objects are fields, not `{"key": …}` (free text such as a lessons summary may quote).
      expect(await events.textContent()).not.toMatch(/\{"|":/);
    } finally {
      stop.abort();
      await running;
    }
  });

  it('shows a diff as one file changed (no RENAMED badge), and a change note with its minus signs', async () => {
    await page.goto(`${base}#/program/${shuffled.negativeChild}`);
    const diff = page.getByTestId('diff');
    await diff.locator('.d2h-ins').first().waitFor();
    expect(await diff.locator('.d2h-tag').allTextContents()).not.toContain('RENAMED');
    expect(await diff.locator('.d2h-file-name').first().textContent()).toContain('program.js');
    expect(shuffled.change).toMatch(/-0\.5 → -?\d/);
    expect(await page.locator('main').textContent()).toContain(shuffled.change);
  });
});
