// The outer loop's settings: the options with the suite's defaults filled in, and the identity a resumed run must share.

import { join, resolve } from 'node:path';
import { loadTask } from '../config/load.ts';
import type { ModelEntry } from '../models/spec.ts';
import { sha256 } from '../util/hash.ts';
import type { ImproveOptions, SettingsSummary } from './types.ts';

export interface Settings {
  generations: number;
  seeds: number;
  innerBudget: number;
  k: number;
  outerSeed: number;
  /** Evaluations in flight in an inner run: 1 unless asked, since only then is an inner run reproducible per seed. */
  concurrency: number;
  models: ModelEntry[];
  /** The improve database. */
  db: string;
  /** Where the improvers' prompt folders are written (beside the database). */
  workDir: string;
  /** The settings as results and the ledger show them. */
  summary: SettingsSummary;
}

export function resolveSettings(options: ImproveOptions): Settings {
  const suite = options.suite;
  const generations = options.generations ?? suite.defaults.generations ?? 5;
  const seeds = options.seeds ?? suite.defaults.seeds ?? 2;
  const innerBudget = options.innerBudget ?? suite.defaults.innerBudget ?? 16;
  const k = options.k ?? 1;
  const outerSeed = options.seed ?? 0;
  const models = options.models ?? [];
  const concurrency = options.concurrency ?? 1;
  const db = resolve(options.out ?? join(suite.dir, '.kaizen', 'improve.db'));
  // Key order matters: the summary is part of the recorded settings that a resumed run must match.
  const summary = {
    generations,
    seeds,
    innerBudget,
    k,
    seed: outerSeed,
    models: models.map((m) => (typeof m === 'string' ? m : m.id)),
    concurrency,
  };
  return { generations, seeds, innerBudget, k, outerSeed, concurrency, models, db, workDir: join(db, '..', 'improvers'), summary };
}

/**
 * What a resumed run must share with the recorded one: the suite file, every task's definition, program and search
 * settings (not its budget or concurrency, as `kaizen run`), and the outer loop's settings, the inner runs' concurrency
 * included: above 1 an inner run is not reproducible per seed, and every improver must be scored under the same conditions.
 */
export async function identityOf(options: ImproveOptions, s: Settings): Promise<Record<string, unknown>> {
  const tasks = [...options.suite.training, ...options.suite.heldOut];
  const loaded = await Promise.all(tasks.map((t) => loadTask(t.dir)));
  const taskIds = loaded.map(({ identity, programCode, config: { budget: _b, concurrency: _c, ...search } }) => [identity, programCode, search]);
  return {
    suite: sha256(options.suite.text),
    tasks: sha256(JSON.stringify(taskIds)),
    ...s.summary,
    heldOutFor: options.heldOutFor ?? 'training-winners',
    innerConfig: options.innerConfig ?? null,
    // Only when given, so improve runs recorded before seeds existed keep their identity.
    ...(options.seedPrompts ? { seedPrompts: sha256(JSON.stringify(Object.entries(options.seedPrompts).sort())) } : {}),
  };
}
