// The Core War battle viewer (issue 19): the run's own hill by default, play/pause, the cell inspector and the
// result banner, in headless Chromium on real runs of the Core War example (nano, and a copy set on the tiny hill).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '../../src/corewar/assembler/index.ts';
import { evolve } from '../../src/engine/evolve.ts';
import { hillSettings } from '../../src/tasks/corewar.ts';
import { copyExample, REPO, tempDir } from '../support/tmp.ts';
import { ARTIFACTS, CHROMIUM, type Dashboard, HAS_CHROMIUM, openDashboard } from './browser.ts';

if (!HAS_CHROMIUM) console.warn(`test/ui: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** An instruction as text with its fields reduced into the core, so both sides write -1 and 79 alike. */
const normalise = (text: string, coreSize: number) => text.replace(/-?\d+/g, (n) => String(((Number(n) % coreSize) + coreSize) % coreSize));

describe.skipIf(!HAS_CHROMIUM)('the battle viewer in headless Chromium', () => {
  let db: string;
  let nano: { runId: string; bestProgramId: number | null };
  let tiny: string;
  let dashboard: Dashboard;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    db = join(tempDir('kaizen-ui-battle-'), 'kaizen.db');
    process.env.KAIZEN_NANO_BENCHMARK = join(REPO, 'examples/corewar-nano/opponents');
    try {
      nano = await evolve({ task: copyExample('corewar-nano'), out: db, config: { budget: { samples: 6 } } });
      // The same task on the tiny hill: the viewer must replay on it without being told.
      const task = copyExample('corewar-nano');
      const file = join(task, 'task.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace("hill: 'nano'", "hill: 'tiny'").replace('rounds: 20', 'rounds: 4'));
      tiny = (await evolve({ task, out: db, config: { budget: { samples: 3 } } })).runId;
    } finally {
      delete process.env.KAIZEN_NANO_BENCHMARK;
    }
    dashboard = await openDashboard(db);
    ({ page, base } = dashboard);
  }, 180_000);

  afterAll(async () => {
    await dashboard?.close();
  });

  const api = <T>(path: string): Promise<T> => dashboard.api<T>(path);

  it("replays on the run's own hill by default", async () => {
    expect(await api(`api/runs/${tiny}/battle`)).toMatchObject({ hill: 'tiny', recorded: true });
    await page.goto(`${base}#/run/${tiny}/battle`);
    await page.getByTestId('step').waitFor();
    expect(await page.getByTestId('hill').inputValue()).toBe('tiny');
    expect(await page.locator('main').textContent()).toContain('core 800');
    await page.goto(`${base}#/run/${nano.runId}/battle`);
    await page.getByTestId('step').waitFor();
    expect(await page.getByTestId('hill').inputValue()).toBe('nano');
  });

  it('shows the instruction of the clicked cell, its owner and its last writer', async () => {
    await page.goto(`${base}#/run/${nano.runId}/battle`);
    await page.getByTestId('step').waitFor();
    const a = Number(await page.getByTestId('warrior-a').inputValue());
    const placed = /placed at (\d+) and (\d+)/.exec((await page.locator('main').textContent())!)!;
    const at = Number(placed[1]);
    // Warrior A's first instruction, assembled here, is at its position before the first cycle.
    const code = (await api<{ code: string }>(`api/programs/${a}`)).code;
    const assembled = assemble(code, hillSettings('nano', 1));
    if (!assembled.ok) throw new Error('the champion does not assemble');
    const first = assembled.warrior.instructions[0];
    const expected = `${first.op}.${first.mod} ${first.aMode}${first.a}, ${first.bMode}${first.b}`;
    const core = page.getByTestId('core');
    const box = (await core.boundingBox())!;
    const cell = box.width / Math.ceil(Math.sqrt(80));
    await page.mouse.click(box.x + (at % 9) * cell + cell / 2, box.y + Math.floor(at / 9) * cell + cell / 2);
    const inspector = page.getByTestId('inspector');
    await expect.poll(() => inspector.textContent()).toContain(`cell ${at}:`);
    expect(normalise((await page.getByTestId('inspector-instruction').textContent())!, 80)).toBe(normalise(expected, 80));
    expect(await inspector.textContent()).toContain(`owner A #${a}`);
    expect(await inspector.textContent()).toContain(`loaded with A #${a}`);
  });

  it('plays and pauses: the cycle counter stops and resumes; the result banner comes at the end', async () => {
    await page.goto(`${base}#/run/${nano.runId}/battle`);
    await page.getByTestId('step').waitFor();
    const cycle = async () => Number((await page.getByTestId('cycle-count').textContent())!.replace('cycle ', ''));
    expect(await cycle()).toBe(0);
    expect(await page.getByTestId('result').count()).toBe(0);
    const play = page.getByTestId('play');
    await play.click();
    await expect.poll(cycle).toBeGreaterThan(2);
    await play.click(); // pause
    expect(await play.textContent()).toBe('Play');
    const paused = await cycle();
    await page.waitForTimeout(500);
    expect(await cycle()).toBe(paused);
    await play.click();
    await expect.poll(cycle).toBeGreaterThan(paused);
    await play.click();
    // To the end: the banner says who won, or that both lived, and after how many cycles.
    const total = Number((await page.getByTestId('step').textContent())!.split('/')[1]);
    await page.getByTestId('cycle').fill(String(total));
    const banner = page.getByTestId('result');
    await banner.waitFor();
    const text = (await banner.textContent())!;
    const ends = /after (\d+) cycles/.exec(text)!;
    expect(Number(ends[1])).toBe(await cycle());
    expect(Number(ends[1])).toBeLessThanOrEqual(800);
    const endLine = (await page.locator('main').textContent())!;
    const alive = ['A', 'B'].map((w) => endLine.includes(`${w} alive`));
    if (alive[0] && alive[1]) expect(text).toMatch(/^Tie: both warriors alive after 800 cycles/);
    else expect(text).toMatch(new RegExp(`^${alive[0] ? 'A' : 'B'} \\(#\\d+ .*\\) wins after \\d+ cycles`));
    await page.getByTestId('core').hover();
    await page.screenshot({ path: join(ARTIFACTS, 'battle.png'), fullPage: true });
  });
});
