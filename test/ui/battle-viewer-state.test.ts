// The battle viewer's choices (warriors, round, hill) and the address bar, in headless Chromium: a link's warrior is
// chosen and listed, the seed is the default opponent, the view follows the URL and writes the choices into it, a
// round is clamped, and a run of another language or an unknown run shows one notice. On a synthetic Redcode run of
// 150 programs, written straight into the store, whose seed and weakest warriors are not among the best 100.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '../support/raw-db.ts';
import { REPO, tempDir } from '../support/tmp.ts';
import { CHROMIUM, type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';
import { bigRun } from './fixtures.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const OPPONENTS = join(REPO, 'examples/corewar-nano/opponents');

/** bigRun's programs made Redcode warriors (the example's opponents in turn); the seed scores 0, below all others. */
async function redcodeRun(db: string, id: string): Promise<void> {
  await bigRun(db, 150, { id });
  const warriors = readdirSync(OPPONENTS)
    .sort()
    .map((f) => readFileSync(join(OPPONENTS, f), 'utf8'));
  const raw = rawDb(db);
  try {
    const rows = await raw.selectFrom('programs').select(['id', 'sample']).where('run_id', '=', id).execute();
    for (const r of rows)
      await raw
        .updateTable('programs')
        .set({ language: 'redcode', code: warriors[r.id % warriors.length], ...(r.sample === 0 ? { score: 0 } : {}) })
        .where('id', '=', r.id)
        .execute();
  } finally {
    await raw.destroy();
  }
}

interface LineageAnswer {
  id: number[];
  score: (number | null)[];
  status: string[];
  sample: (number | null)[];
}

describe.skipIf(!HAS_CHROMIUM)("the battle viewer's choices and the address bar", () => {
  let dashboard: Dashboard;
  let page: Page;
  let base: string;
  const red = 'run-red';
  const js = 'run-js';
  let seed: number;
  /** The weakest evaluated warrior but the seed: outside the best 100. */
  let weakest: number;
  let best: number;
  let second: number;

  beforeAll(async () => {
    const db = join(tempDir('kaizen-ui-battle-state-'), 'kaizen.db');
    await redcodeRun(db, red);
    await bigRun(db, 20, { id: js });
    dashboard = await openDashboard(db);
    ({ page, base } = dashboard);
    const l = await dashboard.api<LineageAnswer>(`api/runs/${red}/programs`);
    const evaluated = l.id.map((id, i) => ({ id, score: l.score[i], sample: l.sample[i] })).filter((_, i) => l.status[i] === 'evaluated');
    evaluated.sort((x, y) => y.score! - x.score!);
    expect(evaluated.length).toBeGreaterThan(110);
    seed = evaluated.find((w) => w.sample === 0)!.id;
    expect(evaluated.findIndex((w) => w.id === seed)).toBeGreaterThanOrEqual(100);
    weakest = evaluated.filter((w) => w.id !== seed).at(-1)!.id;
    best = evaluated[0].id;
    second = evaluated[1].id;
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  const owned = () => page.getByTestId('owned').textContent();
  const hashOf = () => new URL(page.url()).hash;
  /** Waits for the replay of `a` against `b`. */
  const replaying = async (a: number, b: number) => {
    await expect.poll(owned).toContain(`A #${a} `);
    await expect.poll(owned).toContain(`B #${b} `);
  };

  it('shows only the notice on a run of another language', async () => {
    await page.goto(`${base}#/run/${js}/battle`);
    await page.getByText('not Redcode warriors').waitFor();
    for (const id of ['warrior-a', 'warrior-b', 'hill', 'round']) expect(await page.getByTestId(id).count()).toBe(0);
  });

  it("shows the server's error on an unknown run", async () => {
    await page.goto(`${base}#/run/nope/battle`);
    await page.locator('main .error').waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain('no run nope');
    expect(text).not.toContain('No evaluated warrior');
    expect(await page.getByTestId('warrior-a').count()).toBe(0);
  });

  it("replays a link's warrior outside the best 100 and selects it", async () => {
    await page.goto(`${base}#/run/${red}/battle?a=${weakest}`);
    await expect.poll(owned).toContain(`A #${weakest} `);
    expect(await page.getByTestId('warrior-a').inputValue()).toBe(String(weakest));
  });

  it('fights the seed by default, listed though outside the best 100', async () => {
    await page.goto(`${base}#/run/${red}/battle`);
    await replaying(best, seed);
    expect(await page.getByTestId('warrior-b').inputValue()).toBe(String(seed));
    expect(await page.getByTestId('warrior-b').locator(`option[value="${seed}"]`).textContent()).toContain('seed');
  });

  it('follows the address: a changed hash, Back and Forward', async () => {
    const shows = async (a: number) => {
      await expect.poll(owned).toContain(`A #${a} `);
      expect(await page.getByTestId('warrior-a').inputValue()).toBe(String(a));
    };
    await page.goto(`${base}#/run/${red}/battle?a=${second}`);
    await shows(second);
    await page.goto(`${base}#/run/${red}/battle?a=${best}`); // the hash alone changes: the same page
    await shows(best);
    await page.goBack();
    await shows(second);
    await page.goForward();
    await shows(best);
  });

  it('clamps the round to a whole number in range and shows the one replayed', async () => {
    await page.goto(`${base}#/run/${red}/battle`);
    const round = page.getByLabel('round', { exact: true });
    const replayed = async () => /round (\d+), core/.exec((await page.locator('main').textContent()) ?? '')?.[1];
    await expect.poll(replayed).toBe('0');
    for (const [typed, used] of [
      ['-1', '0'],
      ['2.7', '2'],
      ['5', '5'],
      ['1e12', '9999'],
      ['-3', '0'],
    ]) {
      await round.fill(typed);
      await round.press('Enter');
      await expect.poll(replayed).toBe(used);
      expect(await round.inputValue()).toBe(used);
    }
    // A round in the address is clamped alike.
    await page.goto(`${base}#/run/${red}/battle?round=-4.5`);
    await expect.poll(replayed).toBe('0');
    expect(await round.inputValue()).toBe('0');
  });

  it('writes the choices into the address: a reload and Back restore them', async () => {
    await page.goto(`${base}#/run/${red}/battle`);
    await expect.poll(owned).toContain(`A #${best} `);
    await page.getByTestId('warrior-b').selectOption(String(second));
    await replaying(best, second);
    const round = page.getByLabel('round', { exact: true });
    await round.fill('4');
    await round.press('Enter');
    await page.getByTestId('hill').selectOption('tiny');
    await expect.poll(() => page.locator('main').textContent()).toContain('round 4, core 800');
    const hash = hashOf();
    const q = new URLSearchParams(hash.split('?')[1]);
    expect(Object.fromEntries(q)).toEqual({ a: String(best), b: String(second), round: '4', hill: 'tiny' });
    await page.reload();
    await replaying(best, second);
    expect(await page.getByTestId('hill').inputValue()).toBe('tiny');
    expect(await round.inputValue()).toBe('4');
    await page.goto(`${base}#/run/${red}/overview`);
    await page.goBack();
    await replaying(best, second);
    expect(hashOf()).toBe(hash);
    expect(await page.getByTestId('hill').inputValue()).toBe('tiny');
  });

  it('says "1 process", not "1 processes"', async () => {
    await page.goto(`${base}#/run/${red}/battle`);
    // Before the first cycle, each warrior has one process.
    await expect.poll(owned).toMatch(/^A #\d+ .*: \d+ cells?, 1 process(?!es)/);
    const text = (await owned())!;
    expect(text).not.toMatch(/\b1 processes/);
    expect(text).not.toMatch(/\b1 cells/);
  });
});
