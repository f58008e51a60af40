import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KaizenConfigInput } from '../../src/config/config.ts';
import { deepMerge, loadTask } from '../../src/config/load.ts';
import { evolve } from '../../src/engine/evolve.ts';
import { whyIneffective } from '../../src/improve/effect.ts';
import { defaultImprover, type Improver, policyConfig, validateVariant } from '../../src/improve/improver.ts';
import { type ImproveResult, improve } from '../../src/improve/loop.ts';
import { compareWithNoise } from '../../src/improve/noise.ts';
import { renderImproveReport } from '../../src/improve/report.ts';
import { loadSuite } from '../../src/improve/suite.ts';
import type { Stats } from '../../src/improve/types.ts';
import { Store } from '../../src/store/store.ts';
import { mean, sampleSd } from '../../src/util/stats.ts';
import { tempDir } from '../support/tmp.ts';
import { TASKS } from './support/suite.ts';

const BUDGET = 12;
const SEEDS = [1000, 1001];
const CIRCLE_20 = join(TASKS, 'circle-20');

/** Circle packing n = 20 for training, n = 12 held out. */
function suite(): string {
  const dir = tempDir('kaizen-noise-');
  writeFileSync(join(dir, 'suite.json'), JSON.stringify({ name: 'noise', training: [{ dir: CIRCLE_20 }], heldOut: [{ dir: join(TASKS, 'circle-12') }] }));
  return dir;
}

const run = (dir: string) => improve({ suite: loadSuite(dir), out: join(dir, 'out', 'improve.db'), generations: 0, seeds: SEEDS.length, innerBudget: BUDGET });

/** What a run found: improvers and their per-seed scores, exactly. */
const findings = (r: ImproveResult) => r.archive.map((e) => [e.improver.id, e.training.perSeed, e.heldOut?.perSeed ?? null, e.status]);

/** One inner run as inner.ts makes it (the improver's policy, then budget, seed and concurrency 1): its best score. */
async function innerBest(improver: Improver, seed: number, db: string): Promise<{ seedScore: number; best: number }> {
  const overrides = deepMerge(policyConfig(improver), { budget: { samples: BUDGET }, seed, concurrency: 1 }) as KaizenConfigInput;
  const r = await evolve({ task: await loadTask(CIRCLE_20, overrides), out: db, resume: 'never', onNotice: () => {} });
  return { seedScore: r.seedScore!, best: r.bestScore ?? r.seedScore! };
}

/** An improver's training statistics on circle-20 over the test's seeds, scored as inner.ts scores them. */
async function trainingStats(improver: Improver, db: string): Promise<Stats> {
  const perSeed: number[] = [];
  for (const seed of SEEDS) {
    const { seedScore, best } = await innerBest(improver, seed, db);
    perSeed.push((100 * (best - seedScore)) / Math.abs(seedScore));
  }
  return { perSeed, mean: mean(perSeed), sd: sampleSd(perSeed), runs: [] };
}

function variant(policy: Record<string, unknown>): Improver {
  const v = validateVariant(defaultImprover(), { policy }, 'hand');
  if (!v.ok) throw new Error(v.reasons.join('; '));
  return v.improver;
}

describe('kaizen improve: reproducible inner runs and measured noise', () => {
  let first: ImproveResult;

  it('the same seeds give the same inner scores: twice in one run (the repeat) and across two runs, exactly', async () => {
    first = await run(suite());
    const second = await run(suite());
    expect(first.options.concurrency).toBe(1);
    expect(first.noise).not.toBeNull();
    expect(first.noise!.repeat).toEqual(first.noise!.first);
    expect(first.noise!.repeatSpread).toBe(0);
    expect(first.noise!.first).toEqual(first.archive[0]!.training.perSeed);
    expect(findings(second)).toEqual(findings(first));
    expect(second.noise).toEqual(first.noise);
    // Not vacuous: the seeds score differently, so equal results are not equal by accident.
    expect(new Set(first.archive[0]!.training.perSeed).size).toBe(SEEDS.length);
    // Every inner run ran one evaluation at a time (what makes it reproducible; at 2, circle-20 at 30 samples gave
    // 1.4479, 1.4593 and 1.4479 on one seed).
    const store = await Store.open(first.db);
    try {
      const inner = (await store.listRuns()).filter((r) => r.id !== first.runId);
      expect(inner).toHaveLength(3 * SEEDS.length);
      for (const r of inner) expect(JSON.parse(r.config_json).concurrency).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('settings the effect rules call unread leave an offline inner run exactly as it was; a setting they call read does not', async () => {
    const db = join(tempDir('kaizen-noise-'), 'k.db');
    const root = defaultImprover();
    const mode = { models: false, languages: ['javascript'], innerBudget: BUDGET, concurrency: 1 };
    // Every setting the rules call unread offline, changed at once (one inner run instead of one per setting).
    const unread = {
      selection: { alpha: 3 },
      novelty: { threshold: 0.6, maxResamples: 0 },
      lessons: { every: 3 },
      llm: { mix: { diff: 0.1 } },
      islands: { migrants: 3, migrationInterval: 40 },
      inspirations: { random: 3 },
    };
    const v = variant(unread);
    for (const path of [
      'selection.alpha',
      'novelty.threshold',
      'novelty.maxResamples',
      'lessons.every',
      'llm.mix.diff',
      'islands.migrants',
      'inspirations.random',
    ])
      expect(whyIneffective(path, v.policy, mode), path).not.toBeNull();
    const base = await innerBest(root, SEEDS[0]!, db);
    expect(await innerBest(v, SEEDS[0]!, db)).toEqual(base);
    // The control: settings the rules call read move the score (so the equalities above are not the task's inertia).
    const read = [{ islands: { count: 1 } }, { operators: { offline: { numeric: 0.05, ast: 0.95 } } }];
    const moved: number[] = [];
    for (const policy of read) moved.push((await innerBest(variant(policy), SEEDS[0]!, db)).best);
    expect(
      moved.some((b) => b !== base.best),
      JSON.stringify([base.best, moved]),
    ).toBe(true);
  });

  it('the report says plainly that a change without effect is within noise, and labels the curve as best-so-far estimates', async () => {
    const root = first.archive[0]!;
    const noEffect = variant({ selection: { alpha: 3 } });
    const training = await trainingStats(noEffect, join(tempDir('kaizen-noise-'), 'k.db'));
    expect(training.perSeed).toEqual(root.training.perSeed);
    const c = compareWithNoise(training, root.training, first.noise);
    expect(c).toMatchObject({ diff: 0, identical: true, within: true });
    const report = renderImproveReport({
      ...first,
      archive: [first.archive[0]!, { improver: noEffect, generation: 2, children: 0, training, status: 'archived' }],
    });
    const row = report.split('\n').find((l) => l.startsWith(`| ${noEffect.id}`))!;
    expect(row).toMatch(/\+0\.000: within noise \(the same score on every seed: no measurable effect\)/);
    expect(row.split('|')).toHaveLength(11); // nine cells: the wording holds no stray `|`
    expect(report).toMatch(/Every variant's training difference from the default is within noise/);
    expect(report).toMatch(/the repeat reproduced every score exactly \(repeat spread 0\)/);
    expect(report).toMatch(/Settings the inner runs do not read under the default policy .*`selection\.alpha` \(read by the power-law strategy only/);
    expect(report).toMatch(/`novelty\.threshold` \(the novelty threshold screens model edits only; no model is configured\)/);
    expect(report).toMatch(/## Compounding curve: best-so-far of estimates, not gated progress/);
    expect(report).toMatch(/\| generation \| best-so-far training mean \(estimate\) \|.*\| default improver \(gated\) \| its held-out mean \|/);
  });

  it('a difference counts as beyond noise only past 2 × pooled SE plus the repeat spread', () => {
    const stats = (perSeed: number[]): Stats => ({ perSeed, mean: mean(perSeed), sd: sampleSd(perSeed), runs: [] });
    const base = stats([1, 2, 3]);
    const noise = { concurrency: 2, first: [2], repeat: [2.5], repeatSpread: 0.5 };
    // SE = √(2·(1/3)) = 0.8165; band = 1.633 without the repeat spread, 2.133 with it.
    expect(compareWithNoise(stats([3, 4, 5]), base, null)).toMatchObject({ within: false, identical: false });
    expect(compareWithNoise(stats([3, 4, 5]), base, noise)).toMatchObject({ within: true });
    expect(compareWithNoise(stats([3, 4, 5]), base, noise).text).toBe('+2.000: within noise (band ±2.133)');
    expect(compareWithNoise(stats([-1, 0, 1]), base, null).text).toBe('-2.000: beyond noise (band ±1.633)');
  });
});
