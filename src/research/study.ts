// Pre-registered studies (`kaizen study FILE`): an experiment over Kaizen's own search. The plan (arms, seeds, samples,
// metric and test) is validated, then registered in a run of its own (id `study-…`, task `study:NAME`) as event #1,
// before any arm runs; every arm × seed is then an ordinary evolution run in the same store, recorded against the
// registration as it finishes (`study.arm-run`), and the declared paired test is applied to whatever came out
// (`study.result`). A null result is a result.
//
// Resuming. The same command on the same store finds the study's unfinished run by its name and the study file's
// sha256 (the run's task_hash): a changed file is a new study. Arm × seed pairs that have their `study.arm-run` are
// skipped. Each pair's evolution run is tracked by id in the study run's state (`study.runs`, written as soon as the
// run reports its first evaluation); a run killed before that is recognised by its task hash (task, arm settings and
// seed), its creation after the registration, and no other pair claiming it. The tracked run is then recorded if it
// had finished, resumed if it is the task's newest unfinished run (evolve resumes only that one), and otherwise
// abandoned for a fresh run, with a notice in the study's ledger either way.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { z } from 'zod';
import { caseTaskOf } from '../cases/case-task.ts';
import { DEFAULT_HIDDEN_COUNT } from '../cases/case-set.ts';
import { configSchema, type KaizenConfigInput } from '../config/config.ts';
import { deepMerge, type LoadedTask, loadTask } from '../config/load.ts';
import { BASE_ENV } from '../engine/evaluate.ts';
import { evolve, type Progress } from '../engine/evolve.ts';
import { newRunId, taskHash } from '../engine/open-run.ts';
import { completes } from '../engine/scheduler.ts';
import { KaizenError } from '../errors.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { eventData, type RegistrationRef } from '../ledger/events.ts';
import { OWNER_STATE_KEY, type Heartbeat, ownerAlive, ownerDescription, startHeartbeat } from '../store/run-owner.ts';
import { type Run, STUDY_RUN_PREFIX, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { machineInfo } from '../util/machine.ts';
import { mean, sampleSd } from '../util/stats.ts';
import type { StudyArm, StudyArmFigures, StudyArmRunData, StudyPlan, StudyResultData, Verdict } from './types.ts';

/** run_state key of a study run: the evolution run of each arm × seed, by `pairKey`. */
export const STUDY_RUNS_STATE_KEY = 'study.runs';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NAME_RULE = 'letters, digits, ".", "_" and "-", starting with a letter or a digit';
const text = (what: string) => z.string().regex(/\S/, `${what} must not be empty`);

const armSchema = z.strictObject({
  name: z.string().regex(NAME, `an arm's name is ${NAME_RULE}`),
  task: z.string().min(1, 'a task folder, relative to the study file'),
  config: z.record(z.string(), z.unknown()).optional(),
});

/** A study file's shape (ledger/events.ts StudyPlan), with what the analysis needs: ≥ 2 arms and ≥ 2 distinct seeds. */
export const studyPlanSchema = z.strictObject({
  name: z.string().regex(NAME, `a study's name is ${NAME_RULE}`),
  question: text('the question'),
  hypothesis: text('the hypothesis'),
  arms: z
    .array(armSchema)
    .min(2, 'at least two arms: the first is the control, every other one is compared with it')
    .superRefine((arms, ctx) => {
      const seen = new Set<string>();
      arms.forEach((arm, i) => {
        if (seen.has(arm.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `arm name "${arm.name}" is used twice` });
        seen.add(arm.name);
      });
    }),
  seeds: z
    .array(z.number().int())
    .min(2, 'at least two seeds: the paired test estimates its standard error from the spread between seeds')
    .superRefine((seeds, ctx) => {
      seeds.forEach((seed, i) => {
        if (seeds.indexOf(seed) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `seed ${seed} is listed twice` });
      });
    }),
  samples: z.number().int().min(1),
  metric: z.enum(['best-score', 'holdout-score']),
  test: z.strictObject({ kind: z.literal('paired-by-seed'), threshold: z.number().positive() }),
});

// The schema describes exactly the registered shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _planShape: Same<z.output<typeof studyPlanSchema>, StudyPlan> = true;
void _planShape;

/** `arms[1].config.islands.count`. */
function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

function issuesText(error: z.ZodError, prefix: readonly PropertyKey[] = []): string[] {
  return error.issues.map((issue) => `  field ${fieldName([...prefix, ...issue.path])}: ${issue.message}`);
}

/** One arm, ready to run: its task folder, the task as the arm sees it, and that task's hash (as registered). */
export interface StudyArmTask {
  arm: StudyArm;
  dir: string;
  /** The task loaded with the arm's overrides (no model unless the arm names one), before the run's seed and budget. */
  loaded: LoadedTask;
  taskHash: string;
}

export interface LoadedStudy {
  file: string;
  dir: string;
  sha256: string;
  plan: StudyPlan;
  arms: StudyArmTask[];
}

/** An arm's overrides of its task's config: offline (no model) unless the arm names models, then the arm's settings. */
export function armOverrides(arm: StudyArm): KaizenConfigInput {
  return deepMerge({ models: [] }, arm.config ?? {}) as KaizenConfigInput;
}

/** What one arm × seed run is given: the arm's overrides, the seed, and the plan's samples as its budget. */
export function runOverrides(plan: StudyPlan, arm: StudyArm, seed: number): KaizenConfigInput {
  return deepMerge(armOverrides(arm), { seed, budget: { samples: plan.samples } }) as KaizenConfigInput;
}

/**
 * Reads and checks a study file: its shape, each arm's task folder, each arm's settings through the real config schema
 * (merged over the task's own config), and that the metric and the operators make sense for the task. Every error
 * names the file and the field. Nothing is recorded.
 */
export async function loadStudy(file: string): Promise<LoadedStudy> {
  const path = resolve(file);
  if (extname(path).toLowerCase() !== '.json') throw new KaizenError(`${file}: a study file is JSON (*.json)`);
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    throw new KaizenError(`${file}: cannot read the study file: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new KaizenError(`${file}: the study is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = studyPlanSchema.safeParse(json);
  if (!parsed.success) throw new KaizenError(`${file} is not a valid study:\n${issuesText(parsed.error).join('\n')}`);
  const plan: StudyPlan = parsed.data;
  const dir = dirname(path);
  const arms: StudyArmTask[] = [];
  for (const [i, arm] of plan.arms.entries()) arms.push(await loadArm(file, dir, plan, arm, i));
  return { file: path, dir, sha256: sha256(raw), plan, arms };
}

async function loadArm(file: string, studyDir: string, plan: StudyPlan, arm: StudyArm, i: number): Promise<StudyArmTask> {
  const where = (field: string) => `${file}: field arms[${i}]${field} (arm ${arm.name})`;
  const dir = resolve(studyDir, arm.task);
  if (!existsSync(dir)) throw new KaizenError(`${where('.task')}: ${dir} does not exist`);
  let base: LoadedTask;
  try {
    base = await loadTask(dir);
  } catch (e) {
    if (e instanceof KaizenError) throw new KaizenError(`${where('.task')}: ${e.message}`);
    throw e;
  }
  const config = arm.config ?? {};
  if ('seed' in config) throw new KaizenError(`${where('.config.seed')}: the study sets each run's seed (field seeds)`);
  const budget = config.budget;
  if (budget && typeof budget === 'object' && 'samples' in budget) {
    throw new KaizenError(`${where('.config.budget.samples')}: the study sets each run's budget (field samples)`);
  }
  const checked = configSchema.safeParse(deepMerge(base.config, runOverrides(plan, arm, plan.seeds[0]!)));
  if (!checked.success) {
    throw new KaizenError(
      `${file} is not a valid study: arm ${arm.name}'s settings over its task's config:\n${issuesText(checked.error, ['arms', i, 'config']).join('\n')}`,
    );
  }
  let loaded: LoadedTask;
  try {
    loaded = await loadTask(dir, armOverrides(arm));
  } catch (e) {
    if (e instanceof KaizenError) throw new KaizenError(`${where('.config')}: ${e.message}`);
    throw e;
  }
  const c = loaded.config;
  if (plan.metric === 'holdout-score' && !hasHoldout(loaded)) {
    throw new KaizenError(`${file}: field metric: holdout-score needs a holdout, but arm ${arm.name}'s task (${dir}) has no holdout and no hidden cases`);
  }
  const jsLike = loaded.language === 'javascript' || loaded.language === 'typescript';
  const offline = c.operators.offline.numeric > 0 || (c.operators.offline.ast > 0 && jsLike);
  if (c.models.length === 0 && loaded.language !== 'redcode' && !offline) {
    throw new KaizenError(
      `${where('.config.operators.offline')}: no offline operator can change a ${loaded.language} program with these weights ` +
        '(numeric handles every language, ast JavaScript and TypeScript only), and the arm names no model',
    );
  }
  return { arm, dir, loaded, taskHash: taskHash(loaded) };
}

/** Whether a run of the task checks its champions on held-out data: a holdout judge, or hidden cases. */
function hasHoldout(loaded: LoadedTask): boolean {
  const caseTask = caseTaskOf(loaded.task, loaded.dir, BASE_ENV);
  if (caseTask) return (loaded.task.cases?.hidden?.count ?? DEFAULT_HIDDEN_COUNT) > 0;
  return loaded.task.holdout !== undefined;
}

// ── analysis ───────────────────────────────────────────────────────────────────────────────────────────

/** The paired test's verdict: `better` if mean > threshold·SE, `worse` if mean < −threshold·SE, else within noise. */
export function verdictOf(meanDiff: number, se: number, threshold: number): Verdict {
  if (meanDiff > threshold * se) return 'better';
  if (meanDiff < -threshold * se) return 'worse';
  return 'within noise';
}

/** Each arm's figures over the seeds (in the plan's order) and each non-control arm's paired difference with the control. */
export function analyse(plan: StudyPlan, armRuns: readonly StudyArmRunData[], registration: RegistrationRef): StudyResultData {
  const recordedValue = (arm: string, seed: number): number => {
    const run = armRuns.find((r) => r.arm === arm && r.seed === seed);
    if (!run) throw new Error(`study ${plan.name}: arm ${arm} has no recorded run for seed ${seed}`);
    return run.value;
  };
  const control = plan.arms[0]!.name;
  const controlValues = plan.seeds.map((s) => recordedValue(control, s));
  const arms: StudyArmFigures[] = plan.arms.map((arm, i) => {
    const values = plan.seeds.map((s) => recordedValue(arm.name, s));
    const figures: StudyArmFigures = { arm: arm.name, n: values.length, mean: mean(values), sd: sampleSd(values), values };
    if (i === 0) return figures;
    const diffs = values.map((v, k) => v - controlValues[k]!);
    const meanDiff = mean(diffs);
    const se = sampleSd(diffs) / Math.sqrt(diffs.length);
    return { ...figures, vsControl: { n: diffs.length, meanDiff, se, verdict: verdictOf(meanDiff, se, plan.test.threshold) } };
  });
  return { registration, arms };
}

// ── running ────────────────────────────────────────────────────────────────────────────────────────────

export interface StudyOptions {
  /** The study file. */
  file: string;
  /** The store the study and its runs are recorded in: a SQLite file or a postgres:// URL. */
  store: string;
  /** Stops the study after the arm run in progress has stopped (it stays resumable). */
  signal?: AbortSignal;
  /** Human-readable news: registration, resumptions, each pair's start and end. */
  onMessage?: (message: string) => void;
  /** Each arm run's progress. */
  onProgress?: (pair: { arm: string; seed: number }, progress: Progress) => void;
  /** After each `study.arm-run` is recorded. */
  onArmRun?: (data: StudyArmRunData) => void;
  /** Where an arm's candidates run (e.g. `kaizen worker`s behind a queue), by task folder; default the local pool. */
  sandboxFor?: (taskDir: string) => Promise<Sandbox | undefined>;
}

export interface StudyOutcome {
  /** The study's own run. */
  runId: string;
  store: string;
  file: string;
  fileSha256: string;
  plan: StudyPlan;
  taskHashes: Record<string, string>;
  /** Whether an unfinished registration of this very file was continued. */
  resumed: boolean;
  registration: RegistrationRef;
  /** Every arm × seed recorded so far, in the order recorded. */
  armRuns: StudyArmRunData[];
  /** completed: every pair ran and the analysis is recorded; interrupted: run the same command to continue. */
  status: 'completed' | 'interrupted';
  /** Why the study stopped early. */
  stoppedBy?: string;
  result?: StudyResultData;
  /** The `study.result` event's place in the chain. */
  resultRef?: RegistrationRef;
  notices: string[];
}

/** A pair's key in the study run's `study.runs` state. */
export const pairKey = (arm: string, seed: number): string => JSON.stringify([arm, seed]);

/** Thrown inside runStudy when an arm run stops before its budget: the study stays resumable. */
class Stopped extends Error {}

/**
 * Runs (or continues) the study in `options.file`: registration first, then every arm × seed that has no
 * `study.arm-run` yet, then the analysis. Returns with status `interrupted` when stopped (signal, or an arm run that
 * stopped before its budget); throws on errors, leaving the study resumable.
 */
export async function runStudy(options: StudyOptions): Promise<StudyOutcome> {
  const study = await loadStudy(options.file);
  const { plan } = study;
  const say = options.onMessage ?? (() => {});
  const store = await Store.open(options.store);
  let stopHeartbeat = () => {};
  try {
    const opened = await openStudyRun(store, study);
    const { run, registration } = opened;
    stopHeartbeat = startHeartbeat(store, run.id);
    const notices: string[] = [];
    const notice = async (message: string) => {
      notices.push(message);
      say(message);
      await store.appendEvent(run.id, 'run.notice', null, { message });
    };
    for (const message of opened.notices) await notice(message);
    for (const a of study.arms) {
      if (a.loaded.config.concurrency > 1) {
        say(
          `arm ${a.arm.name} runs with ${a.loaded.config.concurrency} evaluations in flight: its runs depend on timing and will not replay exactly ("concurrency": 1 in its config makes them reproducible)`,
        );
      }
    }
    say(
      opened.resumed
        ? `continuing study ${plan.name}: run ${run.id}, registered as event #${registration.seq}`
        : `registered study ${plan.name}: run ${run.id}, event #${registration.seq} (file sha256 ${study.sha256.slice(0, 12)}), before any arm ran`,
    );

    const armRuns = await recordedArmRuns(store, run.id);
    const outcome = (status: StudyOutcome['status'], extra: Partial<StudyOutcome> = {}): StudyOutcome => ({
      runId: run.id,
      store: store.path,
      file: study.file,
      fileSha256: study.sha256,
      plan,
      taskHashes: Object.fromEntries(study.arms.map((a) => [a.arm.name, a.taskHash])),
      resumed: opened.resumed,
      registration,
      armRuns,
      status,
      notices,
      ...extra,
    });
    const stop = async (stoppedBy: string) => {
      await store.updateRun(run.id, { status: 'interrupted', pid: null });
      return outcome('interrupted', { stoppedBy });
    };

    try {
      for (const seed of plan.seeds) {
        for (const arm of study.arms) {
          if (armRuns.some((r) => r.arm === arm.arm.name && r.seed === seed)) continue;
          if (options.signal?.aborted) return await stop('aborted');
          const data = await runPair(store, run, study, arm, seed, armRuns, options, notice);
          await store.appendEvent(run.id, 'study.arm-run', null, data);
          armRuns.push(data);
          say(`arm ${data.arm}, seed ${data.seed}: ${plan.metric} ${data.value} (run ${data.runId}, head #${data.headSeq})`);
          options.onArmRun?.(data);
        }
      }
    } catch (e) {
      if (e instanceof Stopped) return await stop(e.message);
      await store.updateRun(run.id, { status: 'interrupted', pid: null }).catch(() => {});
      await store.appendEvent(run.id, 'run.notice', null, { message: `stopped by an error: ${(e as Error).message}` }).catch(() => {});
      throw e;
    }

    const result = analyse(plan, armRuns, registration);
    await store.appendEvent(run.id, 'study.result', null, result);
    const last = (await store.ledgerEvents(run.id)).at(-1)!;
    await store.setRunStatus(run.id, 'completed');
    await store.updateRun(run.id, { pid: null });
    return outcome('completed', { result, resultRef: { seq: last.seq!, hash: last.hash! } });
  } finally {
    stopHeartbeat();
    await store.close();
  }
}

/** The study's run: this file's unfinished registration, continued, or a new one (registration as event #1). */
async function openStudyRun(store: Store, study: LoadedStudy): Promise<{ run: Run; registration: RegistrationRef; resumed: boolean; notices: string[] }> {
  const { plan } = study;
  const taskName = `${STUDY_RUN_PREFIX}:${plan.name}`;
  const taskHashes = Object.fromEntries(study.arms.map((a) => [a.arm.name, a.taskHash]));
  const earlier = (await store.listRuns()).filter((r) => r.task_name === taskName);
  const unfinished = earlier.filter((r) => r.status === 'running' || r.status === 'interrupted');
  const same = unfinished.find((r) => r.task_hash === study.sha256);
  const notices: string[] = [];
  if (same) {
    const heartbeat = await store.getState<Heartbeat>(same.id, OWNER_STATE_KEY);
    if (same.status === 'running' && ownerAlive(same, heartbeat)) {
      throw new KaizenError(`study ${plan.name} (run ${same.id}) is in progress in ${ownerDescription(same, heartbeat)}; wait for it or stop it first`);
    }
    const registration = await registrationOf(store, same.id);
    const registered = eventData(registration.row, 'study.registered');
    if (registered.fileSha256 !== study.sha256)
      throw new KaizenError(`run ${same.id}: its registration names another study file (sha256 ${registered.fileSha256})`);
    for (const [arm, hash] of Object.entries(registered.taskHashes)) {
      if (taskHashes[arm] !== hash) {
        const a = study.arms.find((x) => x.arm.name === arm)!;
        throw new KaizenError(
          `study ${plan.name} (run ${same.id}): arm ${arm}'s task (${a.dir}: the task, its program or its settings) changed since it was registered; ` +
            'restore it to continue, or register a new study (a study file with another name)',
        );
      }
    }
    await store.updateRun(same.id, { status: 'running', pid: process.pid });
    await store.appendEvent(same.id, 'run.resumed', null, { pid: process.pid, machine: machineInfo() });
    return { run: { ...same, status: 'running', pid: process.pid }, registration: registration.ref, resumed: true, notices };
  }
  for (const r of unfinished) {
    notices.push(
      `the study file changed since run ${r.id} registered study ${plan.name} (sha256 ${r.task_hash.slice(0, 12)}, now ${study.sha256.slice(0, 12)}): ` +
        `this is a new study; run ${r.id} stays unfinished`,
    );
  }
  const completed = earlier.find((r) => r.status === 'completed' && r.task_hash === study.sha256);
  if (completed) notices.push(`study ${plan.name} was completed in run ${completed.id}; this is a new registration of the same file (a replication)`);

  const id = newRunId(STUDY_RUN_PREFIX);
  const run = await store.createRun({
    id,
    task_name: taskName,
    task_dir: study.dir,
    task_hash: study.sha256,
    config_json: JSON.stringify({ kind: 'study', file: study.file, plan }),
    seed: 0,
    status: 'running',
    pid: process.pid,
  });
  await store.appendEvent(id, 'study.registered', null, { plan, fileSha256: study.sha256, taskHashes });
  return { run, registration: (await registrationOf(store, id)).ref, resumed: false, notices };
}

async function registrationOf(store: Store, runId: string) {
  const row = (await store.ledgerEvents(runId)).find((e) => e.type === 'study.registered');
  if (!row || row.seq === null || row.hash === null) throw new KaizenError(`run ${runId}: the study's registration is not in its ledger`);
  return { row, ref: { seq: row.seq, hash: row.hash } };
}

async function recordedArmRuns(store: Store, runId: string): Promise<StudyArmRunData[]> {
  return (await store.events(runId)).filter((e) => e.type === 'study.arm-run').map((e) => eventData(e, 'study.arm-run'));
}

/** One arm × seed: its evolution run (recorded, resumed, or new) and its metric, as the `study.arm-run` event says. */
async function runPair(
  store: Store,
  studyRun: Run,
  study: LoadedStudy,
  arm: StudyArmTask,
  seed: number,
  armRuns: readonly StudyArmRunData[],
  options: StudyOptions,
  notice: (message: string) => Promise<void>,
): Promise<StudyArmRunData> {
  const { plan } = study;
  const name = arm.arm.name;
  const say = options.onMessage ?? (() => {});
  const loaded = await loadTask(arm.dir, runOverrides(plan, arm.arm, seed));
  const tracked = (await store.getState<Record<string, string>>(studyRun.id, STUDY_RUNS_STATE_KEY)) ?? {};
  const track = async (runId: string) => {
    if (tracked[pairKey(name, seed)] === runId) return;
    tracked[pairKey(name, seed)] = runId;
    await store.setState(studyRun.id, STUDY_RUNS_STATE_KEY, tracked);
  };

  const earlier = await pairRun(store, studyRun, loaded, tracked[pairKey(name, seed)], [...armRuns.map((r) => r.runId), ...Object.values(tracked)]);
  let resume: 'never' | 'required' = 'never';
  if (earlier?.status === 'completed') {
    await track(earlier.id);
    await notice(`arm ${name}, seed ${seed}: run ${earlier.id} had finished before the study stopped; recording it`);
    return { arm: name, seed, runId: earlier.id, ...(await metricOf(store, earlier.id, plan)) };
  }
  if (earlier && earlier.status !== 'failed') {
    if ((await store.unfinishedRun(loaded.task.name))?.id === earlier.id) {
      resume = 'required';
      await notice(`arm ${name}, seed ${seed}: resuming its interrupted run ${earlier.id}`);
    } else {
      await notice(
        `arm ${name}, seed ${seed}: its interrupted run ${earlier.id} is not the newest unfinished run of ${loaded.task.name}, so it cannot be resumed; starting afresh`,
      );
    }
  } else if (earlier) {
    await notice(`arm ${name}, seed ${seed}: its run ${earlier.id} failed; starting afresh`);
  }

  if (resume === 'never') say(`arm ${name}, seed ${seed}: running (${plan.samples} samples)`);
  const result = await evolve({
    sandbox: await options.sandboxFor?.(loaded.dir),
    task: loaded,
    out: options.store,
    resume,
    signal: options.signal,
    onProgress: (p) => {
      void track(p.runId).catch(() => {});
      options.onProgress?.({ arm: name, seed }, p);
    },
    onNotice: () => {},
  });
  await track(result.runId);
  if (resume === 'required' && earlier && result.runId !== earlier.id)
    throw new Error(`arm ${name}, seed ${seed}: resumed run ${result.runId}, not ${earlier.id}`);
  if (!completes(result.stoppedBy)) throw new Stopped(`arm ${name}, seed ${seed}: run ${result.runId} stopped (${result.stoppedBy}) before its budget`);
  return { arm: name, seed, runId: result.runId, ...(await metricOf(store, result.runId, plan)) };
}

/**
 * A pair's earlier evolution run: the one tracked for it, else an unfinished run of the same task, settings and seed
 * (task hash) created after the study's registration that no other pair claims (one killed before it was tracked).
 */
async function pairRun(store: Store, studyRun: Run, loaded: LoadedTask, trackedId: string | undefined, claimed: string[]): Promise<Run | undefined> {
  if (trackedId) return store.getRun(trackedId);
  const hash = taskHash(loaded);
  return (await store.listRuns()).find(
    (r) =>
      r.task_name === loaded.task.name &&
      r.task_hash === hash &&
      (r.status === 'running' || r.status === 'interrupted') &&
      r.created_at >= studyRun.created_at &&
      !claimed.includes(r.id),
  );
}

/** A finished run's metric (from its last champion.changed event) and its ledger head. */
export async function metricOf(store: Store, runId: string, plan: StudyPlan): Promise<{ value: number; headSeq: number; headHash: string }> {
  const events = await store.ledgerEvents(runId);
  const champion = events.filter((e) => e.type === 'champion.changed').at(-1);
  if (!champion) throw new KaizenError(`run ${runId} has no champion (no correct program in ${plan.samples} samples): its ${plan.metric} is undefined`);
  const data = eventData(champion, 'champion.changed');
  const value = plan.metric === 'best-score' ? data.score : data.holdout;
  if (value === null || !Number.isFinite(value)) {
    throw new KaizenError(`run ${runId}: its champion (program ${champion.program_id}) has no ${plan.metric === 'holdout-score' ? 'holdout score' : 'score'}`);
  }
  const head = events.at(-1)!;
  if (head.seq === null || head.hash === null) throw new KaizenError(`run ${runId}: its last event is not chained`);
  return { value, headSeq: head.seq, headHash: head.hash };
}

// ── output ─────────────────────────────────────────────────────────────────────────────────────────────

const num = (x: number, digits = 6) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
const signed = (x: number, digits = 6) => `${x >= 0 ? '+' : '−'}${num(Math.abs(x), digits)}`;

/** The per-arm table: n, mean, sd and the values in seed order. */
export function studyTable(plan: StudyPlan, result: StudyResultData): string {
  const rows = [
    ['arm', 'n', 'mean', 'sd', `values (seeds ${plan.seeds.join(', ')})`],
    ...result.arms.map((a, i) => [`${a.arm}${i === 0 ? ' (control)' : ''}`, String(a.n), num(a.mean), num(a.sd), a.values.map((v) => num(v)).join(', ')]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n');
}

/** A verdict line per non-control arm, by the registered test. */
export function verdictLines(plan: StudyPlan, result: StudyResultData): string[] {
  const control = result.arms[0]!.arm;
  return result.arms.flatMap((a) =>
    a.vsControl
      ? [
          `${a.arm} − ${control}: ${signed(a.vsControl.meanDiff)} ± ${num(a.vsControl.se)} (SE, paired by seed, n = ${a.vsControl.n}) → ` +
            `${a.vsControl.verdict.toUpperCase()} (threshold ${plan.test.threshold} SE)`,
        ]
      : [],
  );
}
