// Fixtures of the paper tests (facts.test.ts, paper.test.ts): a study built directly in a store, the way `kaizen
// study` records one — its arm runs are real evolution runs of a tiny task (scripted proposals, so each seed gives
// known values, a failure, an incorrect answer and a duplicate), the study's events written with the store's API.
import { join } from 'node:path';
import { evolve } from '../../src/engine/evolve.ts';
import { newRunId } from '../../src/engine/open-run.ts';
import type { StudyArmFigures, StudyArmRunData, StudyPlan } from '../../src/ledger/events.ts';
import { Store } from '../../src/store/store.ts';
import { mean, sampleSd } from '../../src/util/stats.ts';
import { numberTask, scripted } from '../ledger/support.ts';
import { tempDir } from '../support/tmp.ts';

export interface StudyFixture {
  db: string;
  dir: string;
  studyId: string;
  plan: StudyPlan;
  /** `${arm}/${seed}` → run id. */
  runs: Record<string, string>;
}

/** Each arm's final champion by seed: `higher` sits 1 + 0.02·seed above the control, `noisy` within noise of it. */
export const BEST: Record<string, (seed: number) => number> = {
  control: (s) => 3 + 0.1 * s,
  higher: (s) => 4 + 0.12 * s,
  noisy: (s) => 3 + 0.1 * s + [0.3, -0.4, 0.05][s]!,
};

/** Proposals of one arm × seed: a step up, a crash, the best, a duplicate (rejected), an incorrect answer, one below the best. */
function bodies(arm: string, seed: number): string[] {
  const best = BEST[arm]!(seed);
  return [
    `export function run() { return ${best - 0.5}; }`,
    'export function run() { throw new Error("boom"); }',
    `export function run() { return ${best}; }`,
    `export function run() { return ${best - 0.5}; }`,
    'export function run() { return "x"; }',
    `export function run() { return ${best - 0.25}; }`,
  ];
}

export async function syntheticStudy(): Promise<StudyFixture> {
  const dir = numberTask(6);
  const db = join(tempDir('kaizen-study-'), 'kaizen.db');
  const plan: StudyPlan = {
    name: 'fixture-study',
    question: 'Does returning a larger constant raise the best score?',
    hypothesis: 'The arm that proposes larger constants ends higher than the control.',
    arms: [
      { name: 'control', task: './task' },
      { name: 'higher', task: './task', config: { islands: { count: 1 } } },
      { name: 'noisy', task: './task' },
    ],
    seeds: [0, 1, 2],
    samples: 6,
    metric: 'best-score',
    test: { kind: 'paired-by-seed', threshold: 2 },
  };
  const runs: Record<string, string> = {};
  for (const arm of plan.arms) {
    for (const seed of plan.seeds) {
      const result = await evolve({
        task: dir,
        out: db,
        resume: 'never',
        config: { seed, ...(arm.config ?? {}) },
        operators: [{ operator: scripted(bodies(arm.name, seed)), weight: 1 }],
      });
      runs[`${arm.name}/${seed}`] = result.runId;
    }
  }
  const studyId = await recordStudy(db, dir, plan, runs);
  return { db, dir, studyId, plan, runs };
}

/**
 * A study of `plan` over arm runs already in the store at `db` (`runs`: `${arm}/${seed}` → run id), recorded as `kaizen
 * study` records one: registered, one event per arm × seed with its champion's score, the result by the paired test.
 */
export async function recordStudy(db: string, dir: string, plan: StudyPlan, runs: Record<string, string>): Promise<string> {
  const store = await Store.open(db);
  try {
    const studyId = newRunId('study');
    await store.createRun({
      id: studyId,
      task_name: `study:${plan.name}`,
      task_dir: dir,
      task_hash: 'f'.repeat(64),
      config_json: JSON.stringify({ kind: 'study', plan }),
      seed: 0,
      status: 'running',
      pid: process.pid,
    });
    await store.appendEvent(studyId, 'study.registered', null, { plan, fileSha256: 'f'.repeat(64), taskHashes: {} });
    const registered = (await store.ledgerEvents(studyId))[0]!;
    const armRuns: StudyArmRunData[] = [];
    for (const arm of plan.arms) {
      for (const seed of plan.seeds) {
        const runId = runs[`${arm.name}/${seed}`]!;
        const events = await store.ledgerEvents(runId);
        const champion = events.filter((e) => e.type === 'champion.changed').at(-1)!;
        const head = events.at(-1)!;
        const data: StudyArmRunData = { arm: arm.name, seed, runId, value: JSON.parse(champion.data_json).score, headSeq: head.seq!, headHash: head.hash! };
        armRuns.push(data);
        await store.appendEvent(studyId, 'study.arm-run', null, data);
      }
    }
    const valuesOf = (name: string) => plan.seeds.map((s) => armRuns.find((r) => r.arm === name && r.seed === s)!.value);
    const control = valuesOf(plan.arms[0]!.name);
    const arms: StudyArmFigures[] = plan.arms.map((arm, i) => {
      const values = valuesOf(arm.name);
      const figures: StudyArmFigures = { arm: arm.name, n: values.length, mean: mean(values), sd: sampleSd(values), values };
      if (i === 0) return figures;
      const diffs = values.map((v, k) => v - control[k]!);
      const meanDiff = mean(diffs);
      const se = sampleSd(diffs) / Math.sqrt(diffs.length);
      const verdict = meanDiff > 2 * se ? 'better' : meanDiff < -2 * se ? 'worse' : 'within noise';
      return { ...figures, vsControl: { n: diffs.length, meanDiff, se, verdict } };
    });
    await store.appendEvent(studyId, 'study.result', null, { registration: { seq: registered.seq!, hash: registered.hash! }, arms });
    await store.setRunStatus(studyId, 'completed');
    return studyId;
  } finally {
    await store.close();
  }
}
