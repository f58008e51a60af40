// Opening a run: the one place where `kaizen run` and `kaizen improve` decide whether to resume an unfinished run of
// their task or to start a new one. A run is resumed only when its owner is dead (run-owner.ts) and it is still the
// same work (its task hash, or for `kaizen run` a config that differs only where a resume may change it:
// run-changes.ts); the run's row then changes hands and its ledger says so (run.started / run.resumed). `kaizen run
// --resume` also extends a completed run when its budget now reaches further than where the run stopped.

import type { LoadedTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import type { EventPayloads } from '../ledger/events.ts';
import { runFigures } from '../store/figures.ts';
import { type Heartbeat, OWNER_STATE_KEY, ownerAlive, ownerDescription } from '../store/run-owner.ts';
import type { KaizenConfig } from '../config/config.ts';
import { type ConfigChange, configChanges, describeChange, mayChangeOnResume } from './run-changes.ts';
import type { Run, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { machineInfo } from '../util/machine.ts';

/**
 * `auto`: resume the task's unfinished run if there is one, else start a new one; `never`: always start a new run;
 * `required`: resume the unfinished run, or extend the newest completed one; fail if there is neither.
 */
export type ResumeMode = 'auto' | 'never' | 'required';

/**
 * Identity of a run's task: what must not change under a resumed run (the budget and concurrency may). Databases
 * store it (runs.task_hash), so it must not change either.
 */
export function taskHash(loaded: LoadedTask): string {
  const { budget: _b, concurrency: _c, ...search } = loaded.config;
  return sha256(JSON.stringify([loaded.identity, loaded.programCode, search]));
}

/** A new run's id: `<prefix>-<UTC time, yyyymmddThhmmss>-<6 random hex digits>`, e.g. `run-20250101T120000-3fa2b1`. */
export function newRunId(prefix: string): string {
  return `${prefix}-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${sha256(`${Math.random()}${process.pid}`).slice(0, 6)}`;
}

/** How refusals speak of the caller's runs. */
export interface RunWording {
  /** An unfinished run by id: `run R of circle-packing`, `improve run R`. */
  run(id: string): string;
  /** What changed when the recorded run's hash differs: `the task, its program or its search settings`. */
  changed(recorded: Run): string;
  /** The way out after such a change: "start a new run with `kaizen run --new`". */
  startAfresh: string;
  /** What `required` found none of: `run of circle-packing`. */
  unfinished: string;
}

export interface RunRequest {
  /** Prefix of a new run's id: `run`, `improve`. */
  idPrefix: string;
  /** Runs of this task are the ones resumed (`circle-packing`, `improve:tiny`). */
  taskName: string;
  taskDir: string;
  /** What a resumed run must match (runs.task_hash): {@link taskHash} for `kaizen run`, a settings hash for `kaizen improve`. */
  hash: string;
  /** A new run's config_json (the task's config; improve's settings). */
  config: unknown;
  seed: number;
  /** Data of a new run's run.started event. */
  started: EventPayloads['run.started'];
  wording: RunWording;
  /**
   * Work on a run about to be resumed, once it is known to be resumable and before it changes hands (its row still
   * names the previous owner's pid); returns more data for the run.resumed event.
   */
  beforeResume?: (run: Run) => Promise<Record<string, unknown>>;
  /**
   * Runs whose config may change on resume (`kaizen run`): what changed in the recorded run, when its hash differs
   * (throws a refusal naming what forbids resuming), and whether a completed run can go further. Without it a resumed
   * run must match the hash exactly and completed runs are never extended.
   */
  changes?: ResumeChanges;
  /** Told what a run does that a user might not expect (a new run beside a completed one it could have extended). */
  onNotice?: (message: string) => void;
}

export interface ResumeChanges {
  /** The recorded run's config fields that this request changes (all of them allowed), or a KaizenError. */
  check(run: Run): Promise<ConfigChange[]>;
  /** Null when the completed run can go further with this request's budget; else why not, for the refusal. */
  cannotExtend(run: Run): Promise<string | null>;
}

export interface OpenedRun {
  /** The run's row, as this process now owns it (`running`, this pid). */
  run: Run;
  resumed: boolean;
  /** A resumed run's last heartbeat from its previous session (improve reads its working time from it). */
  lastHeartbeat?: Heartbeat;
}

/** Resumes the task's newest unfinished run (per `mode`) when its owner is dead and its hash matches; else starts a new one. */
export async function openOrResumeRun(store: Store, request: RunRequest, mode: ResumeMode): Promise<OpenedRun> {
  const unfinished = mode === 'never' ? undefined : await store.unfinishedRun(request.taskName);
  if (unfinished) return resume(store, unfinished, request);
  const completed = request.changes ? await store.newestRunOf(request.taskName, 'completed') : undefined;
  if (mode === 'required') {
    if (!completed || !request.changes) throw new KaizenError(`there is no unfinished ${request.wording.unfinished} to resume`);
    const why = await request.changes.cannotExtend(completed);
    if (why) throw new KaizenError(`${request.wording.run(completed.id)} completed ${why}; ${request.wording.startAfresh}`);
    return resume(store, completed, request);
  }
  if (mode === 'auto' && completed && request.changes && (await extendable(completed, request.changes))) {
    request.onNotice?.(
      `${request.wording.run(completed.id)} completed; this starts a new run from the initial program (\`--resume\` extends ${completed.id} with this budget instead)`,
    );
  }
  const id = newRunId(request.idPrefix);
  const run = await store.createRun({
    id,
    task_name: request.taskName,
    task_dir: request.taskDir,
    task_hash: request.hash,
    config_json: JSON.stringify(request.config),
    seed: request.seed,
    status: 'running',
    pid: process.pid,
  });
  await store.appendEvent(id, 'run.started', null, { ...request.started, machine: machineInfo() });
  return { run, resumed: false };
}

/** Whether `--resume` would extend a completed run: its budget reaches further and nothing forbids resuming it. */
async function extendable(run: Run, changes: ResumeChanges): Promise<boolean> {
  if ((await changes.cannotExtend(run)) !== null) return false;
  return changes.check(run).then(
    () => true,
    () => false,
  );
}

async function resume(store: Store, run: Run, request: RunRequest): Promise<OpenedRun> {
  const { wording } = request;
  const heartbeat = await store.getState<Heartbeat>(run.id, OWNER_STATE_KEY);
  if (run.status === 'running' && ownerAlive(run, heartbeat)) {
    throw new KaizenError(`${wording.run(run.id)} is in progress in ${ownerDescription(run, heartbeat)}; wait for it or stop it first`);
  }
  let changes: ConfigChange[] = [];
  if (request.changes) changes = await request.changes.check(run);
  else if (run.task_hash !== request.hash) {
    throw new KaizenError(`${wording.run(run.id)} did not finish, but ${wording.changed(run)} changed since; ${wording.startAfresh}`);
  }
  const extra = (await request.beforeResume?.(run)) ?? {};
  const base = { status: 'running' as const, pid: process.pid, finished_at: null };
  // The run's record takes the config it now runs under; the run.resumed event says what changed, in the same transaction.
  const patch = changes.length > 0 ? { ...base, config_json: JSON.stringify(request.config), task_hash: request.hash } : base;
  if (changes.length > 0) request.onNotice?.(`resuming ${run.id} with ${changes.map(describeChange).join(', ')}`);
  await store.resumeRun(run.id, patch, {
    pid: process.pid,
    machine: machineInfo(),
    ...(changes.length > 0 ? { changes } : {}),
    ...(run.status === 'completed' ? { extended: true } : {}),
    ...extra,
  });
  return { run: { ...run, ...patch }, resumed: true, ...(heartbeat ? { lastHeartbeat: heartbeat } : {}) };
}

/**
 * `kaizen run`'s run of a task: resumed while the task, its program and its search settings are the same (the budget,
 * the concurrency and the models may change), and with `required` extended when it completed and the budget is larger.
 */
export function openTaskRun(store: Store, loaded: LoadedTask, mode: ResumeMode, onNotice?: (message: string) => void): Promise<OpenedRun> {
  const name = loaded.task.name;
  return openOrResumeRun(
    store,
    {
      idPrefix: 'run',
      taskName: name,
      taskDir: loaded.dir,
      hash: taskHash(loaded),
      config: loaded.config,
      seed: loaded.config.seed,
      started: {
        task: name,
        config: loaded.config,
        ...(loaded.task.objectives ? { objectives: loaded.task.objectives, ...(loaded.task.champion ? { champion: loaded.task.champion } : {}) } : {}),
        // A Redcode task's hill (core size, length limit): the dashboard's battle viewer replays on it.
        ...(loaded.task.redcode ? { redcode: loaded.task.redcode } : {}),
      },
      wording: {
        run: (id) => `run ${id} of ${name}`,
        changed: () => 'the task, its program or its search settings',
        startAfresh: 'start a new run with `kaizen run --new`',
        unfinished: `run of ${name}`,
      },
      changes: taskRunChanges(store, loaded),
      onNotice,
    },
    mode,
  );
}

/** What may change under a resumed `kaizen run`, and how far a completed one can be extended. */
function taskRunChanges(store: Store, loaded: LoadedTask): ResumeChanges {
  const what = (run: Run) => `run ${run.id} of ${loaded.task.name}`;
  return {
    async check(run) {
      // A budget cannot take back samples already evaluated (status would read `evaluated 72/20`).
      if (run.status !== 'completed') {
        const evaluated = runFigures(await store.read.figureRows(run.id)).samples;
        const { samples } = loaded.config.budget;
        if (samples < evaluated) {
          throw new KaizenError(
            `${what(run)} cannot resume with --budget ${samples}: it has already evaluated ${evaluated} samples; give a budget of at least ${evaluated}, or start a new run with \`kaizen run --new\``,
          );
        }
      }
      const recorded = JSON.parse(run.config_json) as KaizenConfig;
      const changes = configChanges(recorded, loaded.config);
      if (run.task_hash === taskHash(loaded)) return changes;
      const forbidden = changes.filter((c) => !mayChangeOnResume(c));
      if (forbidden.length > 0) {
        throw new KaizenError(
          `${what(run)} cannot resume: ${forbidden.map(describeChange).join(', ')} changed since it started; put it back, or start a new run with \`kaizen run --new\``,
        );
      }
      // Only fields a resume may change differ, yet the hash does not match with the recorded models: the task changed.
      if (taskHash({ ...loaded, config: { ...loaded.config, models: recorded.models } }) !== run.task_hash) {
        const seed = (await store.programs(run.id)).find((p) => p.sample === 0);
        const changed =
          seed && seed.code !== loaded.programCode ? `the initial program (${loaded.programPath})` : `the task file (${loaded.taskFile}) or its support files`;
        throw new KaizenError(`${what(run)} cannot resume: ${changed} changed since it started; put it back, or start a new run with \`kaizen run --new\``);
      }
      return changes;
    },
    async cannotExtend(run) {
      const ended = await store.lastEvent<{ stoppedBy?: string; evaluated?: number; cost?: number }>(run.id, 'run.completed');
      const evaluated = ended?.evaluated ?? 0;
      const cost = ended?.cost ?? 0;
      const { samples, usd } = loaded.config.budget;
      if (samples <= evaluated) return `${evaluated} samples (budget ${samples}); give a larger --budget to extend it`;
      // A dollar budget stops a run before the call that would likely pass it, so the run may end under its budget:
      // it goes further only when the budget is larger than the one it stopped on.
      const stoppedOn = (JSON.parse(run.config_json) as KaizenConfig).budget?.usd;
      const spent = usd !== undefined && (ended?.stoppedBy === 'usd' ? stoppedOn !== undefined && usd <= stoppedOn : usd <= cost);
      if (spent) return `after spending $${cost.toFixed(4)} (budget $${usd}); give a larger --budget-usd to extend it`;
      return null;
    },
  };
}
