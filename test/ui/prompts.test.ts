import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import type { UiServer } from '../../src/server/serve.ts';
import type { RunPrompts, VariantView } from '../../src/store/queries.ts';
import { Store } from '../../src/store/store.ts';
import { rawDb } from '../support/raw-db.ts';
import { copyExampleWith, copyExample } from '../support/tmp.ts';
import { ARTIFACTS, CHROMIUM, type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** Guidance a hostile model might write: markup that would run script if the page rendered it as HTML. */
const HOSTILE = 'Prefer hexagonal packings.\n<img src=x onerror="window.__pwned=1">\n<script>window.__pwned=2</script>\n</pre></td></tr><b>bold</b>';

/** A pool's variants as the tab orders them: highest rate first, then more decided, then the older. */
const ranked = (vs: VariantView[]) => [...vs].sort((a, b) => b.rate - a.rate || b.stats.decided - a.stats.decided || a.id - b.id);

describe.skipIf(!HAS_CHROMIUM)('evolved prompts in the dashboard, in headless Chromium', () => {
  let db: string;
  let evolved: string;
  let plain: string;
  let prompts: RunPrompts;
  let hostileId: number;
  let program: { id: number; variant: number };
  let dashboard: Dashboard;
  let server: UiServer;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    // The prompts example imports ../circle-packing/judge.ts and initial.js.
    const task = copyExampleWith('circle-packing-prompts');
    db = join(task, '..', 'kaizen.db');
    evolved = (await evolve({ task, out: db, config: { budget: { samples: 60 }, concurrency: 1 } })).runId;
    plain = (await evolve({ task: copyExample('circle-packing'), out: db, config: { budget: { samples: 8 } } })).runId;

    // A variant whose guidance is markup, as a model could write it: recorded the way the engine records one.
    const raw = rawDb(db);
    const first = await Store.open(db);
    const before = (await first.read.runPrompts(evolved))!;
    await first.close();
    hostileId = Math.max(...before.variants.map((v) => v.id)) + 1;
    const pool = before.variants[0].pool;
    await raw
      .insertInto('events')
      .values({
        run_id: evolved,
        at: new Date().toISOString(),
        type: 'prompt.variant',
        program_id: null,
        data_json: JSON.stringify({
          id: hostileId,
          pool,
          parent: before.variants[0].id,
          other: null,
          origin: 'model',
          text: HOSTILE,
          sample: 60,
          model: 'standin',
        }),
      })
      .execute();
    const row = await raw
      .selectFrom('programs')
      .select(['id', 'prompt_variant_id'])
      .where('run_id', '=', evolved)
      .where('prompt_variant_id', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    program = { id: row.id, variant: row.prompt_variant_id! };
    await raw.destroy();

    const store = await Store.open(db);
    prompts = (await store.read.runPrompts(evolved))!;
    await store.close();
    dashboard = await openDashboard(db);
    ({ server, page, base } = dashboard);
  }, 240_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  it('serves runPrompts at /api/runs/ID/prompts, null for a plain run, and the variant in the program detail', async () => {
    expect(prompts.variants.length).toBeGreaterThan(3);
    const auth = { headers: { authorization: `Bearer ${server.token}` } };
    const got = await fetch(`${base}api/runs/${evolved}/prompts`, auth);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(JSON.parse(JSON.stringify(prompts)));
    const none = await fetch(`${base}api/runs/${plain}/prompts`, auth);
    expect(none.status).toBe(200);
    expect(await none.json()).toBeNull();
    // The tab bar's one request says the same: a Prompts tab exactly where /prompts is not null.
    const tabs = async (id: string) => ((await (await fetch(`${base}api/runs/${id}/tabs`, auth)).json()) as { prompts: boolean }).prompts;
    expect([await tabs(evolved), await tabs(plain)]).toEqual([true, false]);
    const detail = (await (await fetch(`${base}api/programs/${program.id}`, auth)).json()) as { promptVariant: number | null };
    expect(detail.promptVariant).toBe(program.variant);
  });

  it('shows every pool’s variants as runPrompts counts them, ranked by rate, the best active one highlighted', async () => {
    await page.goto(`${base}#/run/${evolved}/overview`);
    await page.getByRole('link', { name: 'Prompts', exact: true }).click();
    await page.getByTestId('prompts').waitFor();
    const pools = [...new Set(prompts.variants.map((v) => v.pool))].sort((a, b) => a - b);
    expect(await page.locator('[data-testid^="prompt-pool-"]').count()).toBe(pools.length);
    for (const pool of pools) {
      const section = page.getByTestId(`prompt-pool-${pool}`);
      await expect.poll(() => section.locator('h3').textContent()).toContain(pools.length === 1 ? 'All islands' : `Island ${pool}`);
      const mine = ranked(prompts.variants.filter((v) => v.pool === pool));
      const rows = section.locator('tbody tr');
      const shown = await rows.evaluateAll((els) =>
        els.map((e) => ({
          id: e.getAttribute('data-testid'),
          decided: Number(e.querySelector('[data-testid="decided"]')?.textContent),
          improved: Number(e.querySelector('[data-testid="improved"]')?.textContent),
          rate: e.querySelector('[data-testid="rate"]')?.textContent,
          best: e.getAttribute('data-best') === 'true',
          retired: e.getAttribute('data-retired') === 'true',
        })),
      );
      expect(shown).toEqual(
        mine.map((v) => ({
          id: `prompt-variant-${v.id}`,
          decided: v.stats.decided,
          improved: v.stats.improved,
          rate: `${(v.rate * 100).toFixed(1)}%`,
          best: v.id === prompts.best.find((b) => b.pool === pool)?.id,
          retired: v.retired,
        })),
      );
    }
    expect(await page.getByTestId('prompts-count').textContent()).toBe(String(prompts.variants.length));
    expect(await page.getByTestId('prompts-retired').textContent()).toBe(String(prompts.variants.filter((v) => v.retired).length));
    expect(await page.getByTestId('prompts-recombined').textContent()).toBe(String(prompts.variants.filter((v) => v.origin === 'recombined').length));
    expect(await page.getByTestId('prompts-model').textContent()).toBe(String(prompts.variants.filter((v) => v.origin === 'model').length));
    // The seed variant: the built-in prompt alone.
    const seed = prompts.variants.find((v) => v.text === '')!;
    expect(await page.getByTestId(`prompt-variant-${seed.id}`).getByTestId('guidance').textContent()).toBe('built-in prompt only');
    await page.screenshot({ path: join(ARTIFACTS, 'prompts.png'), fullPage: true });
  });

  it('shows a model’s guidance as text: its markup makes no element and runs no script', async () => {
    await page.goto(`${base}#/run/${evolved}/prompts`);
    const row = page.getByTestId(`prompt-variant-${hostileId}`);
    await row.waitFor();
    expect(await row.getByTestId('guidance').textContent()).toBe(HOSTILE);
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('img').length,
      ),
    ).toBe(0);
    expect(await page.getByTestId('prompts').locator('script, b:text-is("bold")').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('links a variant to its parents', async () => {
    const child = prompts.variants.find((v) => v.parent !== null && v.id !== hostileId)!;
    await page.goto(`${base}#/run/${evolved}/prompts`);
    const row = page.getByTestId(`prompt-variant-${child.id}`);
    await row.waitFor();
    await row.getByTestId(`prompt-parent-${child.parent}`).click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/run/${evolved}/prompts?variant=${child.parent}`);
    await expect.poll(() => page.getByTestId(`prompt-variant-${child.parent}`).isVisible()).toBe(true);
  });

  it('links a program to the prompt variant it was written with', async () => {
    await page.goto(`${base}#/program/${program.id}`);
    const link = page.getByTestId('prompt-variant-link');
    await expect.poll(() => link.textContent()).toBe(`written with prompt variant ${program.variant}`);
    await link.click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/run/${evolved}/prompts?variant=${program.variant}`);
    const row = page.getByTestId(`prompt-variant-${program.variant}`);
    await row.waitFor();
    expect(await row.isVisible()).toBe(true);
    // A program of a plain run names no variant.
    const store = await Store.open(db);
    const other = (await store.read.tree(plain)).at(-1)!;
    await store.close();
    await page.goto(`${base}#/program/${other.id}`);
    await expect.poll(() => page.getByTestId('program-title').textContent()).toContain(`Program #${other.id}`);
    expect(await page.getByTestId('prompt-variant-link').count()).toBe(0);
  });

  it('has no Prompts tab on a run whose prompts did not evolve', async () => {
    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/runs/${plain}/tabs`));
    await page.goto(`${base}#/run/${plain}/overview`);
    expect(((await (await answered).json()) as { prompts: boolean }).prompts).toBe(false);
    await page.getByTestId('score-chart').waitFor();
    await page.getByRole('link', { name: 'Lineage' }).waitFor();
    expect(await page.locator('nav.tabs a').allTextContents()).not.toContain('Prompts');
    await page.goto(`${base}#/run/${plain}/prompts`);
    await page.getByTestId('prompts-none').waitFor();
    // The tab appears on the evolved run once its prompts have loaded: the check above is not vacuous.
    await page.goto(`${base}#/run/${evolved}/overview`);
    await expect.poll(() => page.locator('nav.tabs a').allTextContents()).toContain('Prompts');
  });
});
