// Inner runs: an improver evaluated on a task set, one ordinary, sandboxed, ledgered `kaizen run` per task and seed.
//
// Scores. A task's raw scores are not comparable (sum of radii, a distance, Core War points), so one inner run is
// scored by its relative improvement over its own seed program, in percent: 100 · (best − seed) / scale, with scale
// = the suite's `scale` for the task or |seed score|. An improver's score on a task set for one seed is the mean of
// that over the tasks; over seeds we report mean ± sd.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KaizenConfigInput } from '../config/config.ts';
import { deepMerge, loadTask } from '../config/load.ts';
import { evolve } from '../engine/evolve.ts';
import { mean, sampleSd } from '../util/stats.ts';
import { type Improver, policyConfig } from './improver.ts';
import type { OuterRecord } from './record.ts';
import type { Settings } from './settings.ts';
import type { SuiteTask } from './suite.ts';
import { type ImproveOptions, type InnerResult, Interrupted, type Stats, type TaskSet } from './types.ts';

/** An inner run as the outer ledger records it: the improver and task set it counts for, and its result. */
export interface InnerEvent extends Omit<InnerResult, 'lessons'> {
  improver: string;
  set: TaskSet;
}

export class InnerRuns {
  /** Inner runs done in this session. */
  done = 0;
  /** Inner runs restored from the record of earlier sessions. */
  restored = 0;
  private readonly options: ImproveOptions;
  private readonly s: Settings;
  private readonly record: OuterRecord;

  constructor(options: ImproveOptions, s: Settings, record: OuterRecord) {
    this.options = options;
    this.s = s;
    this.record = record;
  }

  /** The improver's score on `set`: every task under every seed, a mean per seed, then mean ± sd over seeds. */
  async evaluate(improver: Improver, set: TaskSet): Promise<Stats> {
    const tasks = set === 'training' ? this.options.suite.training : this.options.suite.heldOut;
    const runs: InnerResult[] = [];
    const perSeed: number[] = [];
    for (let s = 0; s < this.s.seeds; s++) {
      const rs: InnerResult[] = [];
      for (const t of tasks) rs.push(await this.inner(improver, set, t, 1000 + s));
      runs.push(...rs);
      perSeed.push(mean(rs.map((r) => r.normalised)));
    }
    return { perSeed, mean: mean(perSeed), sd: sampleSd(perSeed), runs };
  }

  /** An inner run's result: from the record when an earlier session finished it, else by running it now. */
  private async inner(improver: Improver, set: TaskSet, task: SuiteTask, seed: number): Promise<InnerResult> {
    const recorded = this.record.next(['inner.completed']);
    const r = recorded ? await this.restore(recorded) : await this.run(improver, task, seed);
    // Only a finished inner run is recorded, once, for the one (improver, set, task, seed) it counts for; replay
    // checks that the recorded one is for this very slot.
    const { lessons: _l, ...result } = r;
    await this.record.emit('inner.completed', { improver: improver.id, set, ...result } satisfies InnerEvent);
    return r;
  }

  private async restore(e: InnerEvent): Promise<InnerResult> {
    this.restored++;
    const lessons = (await this.record.store.getState<{ text: string }>(e.runId, 'lessons'))?.text;
    return {
      task: e.task,
      dir: e.dir,
      seed: e.seed,
      runId: e.runId,
      seedScore: e.seedScore,
      bestScore: e.bestScore,
      normalised: e.normalised,
      ...(lessons ? { lessons } : {}),
    };
  }

  /**
   * One ordinary, sandboxed, ledgered run of `task` under `improver`. An inner run stopped before its budget (Ctrl-C,
   * kill, failing models) is not counted and is redone from scratch on resume rather than continued: a continued run
   * rebuilds its population and re-draws its proposals, so its score would depend on where it was cut, and every
   * improver must be scored under the same conditions for the gate's comparison to be fair. It costs at most one
   * inner run per interruption; the abandoned run stays in the database, referenced by no `inner.completed` event.
   */
  private async run(improver: Improver, task: SuiteTask, seed: number): Promise<InnerResult> {
    if (this.options.signal?.aborted) throw new Interrupted('aborted');
    const promptsDir = join(this.s.workDir, improver.id, 'prompts');
    mkdirSync(promptsDir, { recursive: true });
    for (const [name, text] of Object.entries(improver.prompts)) writeFileSync(join(promptsDir, name), text);
    // The improver's policy, then what no improver may set: budget, seed, concurrency (1 unless asked: reproducible per
    // seed), models, its prompts folder.
    const fixed: KaizenConfigInput = {
      budget: { samples: this.s.innerBudget },
      seed,
      models: this.s.models,
      llm: { prompts: promptsDir },
      concurrency: this.s.concurrency,
    };
    const overrides = deepMerge(deepMerge(policyConfig(improver), this.options.innerConfig ?? {}), fixed) as KaizenConfigInput;
    const loaded = await loadTask(task.dir, overrides);
    const r = await evolve({ task: loaded, out: this.s.db, resume: 'never', signal: this.options.signal, onNotice: () => {} });
    if (r.stoppedBy === 'aborted') throw new Interrupted('aborted');
    if (r.stoppedBy === 'models-failing') throw new Interrupted(`the models are failing in inner run ${r.runId}: ${(r.modelErrors ?? []).join('; ')}`);
    this.done++;
    this.record.touch();
    const seedScore = r.seedScore;
    const best = r.bestScore ?? seedScore;
    const scale = task.scale ?? (seedScore !== null && seedScore !== 0 ? Math.abs(seedScore) : 1);
    const normalised = seedScore !== null && best !== null ? (100 * (best - seedScore)) / scale : 0;
    const lessons = (await this.record.store.getState<{ text: string }>(r.runId, 'lessons'))?.text;
    return { task: loaded.task.name, dir: task.dir, seed, runId: r.runId, seedScore, bestScore: r.bestScore, normalised, ...(lessons ? { lessons } : {}) };
  }
}
