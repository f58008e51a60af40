// Opening a run: the one place where `kaizen run` and `kaizen improve` decide whether to resume an unfinished run of
// their task or to start a new one. A run is resumed only when its owner is dead (run-owner.ts) and it is still the
// same work (its task hash); the run's row then changes hands and its ledger says so (run.started / run.resumed).

import type { LoadedTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import type { EventPayloads } from '../ledger/events.ts';
import { type Heartbeat, OWNER_STATE_KEY, ownerAlive, ownerDescription } from '../store/run-owner.ts';
import type { Run, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { machineInfo } from '../util/machine.ts';

/** `auto`: resume the task's unfinished run if there is one; `never`: always start a new run; `required`: fail if there is none. */
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
  if (mode === 'required') throw new KaizenError(`there is no unfinished ${request.wording.unfinished} to resume`);
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

async function resume(store: Store, run: Run, request: RunRequest): Promise<OpenedRun> {
  const { wording } = request;
  const heartbeat = await store.getState<Heartbeat>(run.id, OWNER_STATE_KEY);
  if (run.status === 'running' && ownerAlive(run, heartbeat)) {
    throw new KaizenError(`${wording.run(run.id)} is in progress in ${ownerDescription(run, heartbeat)}; wait for it or stop it first`);
  }
  if (run.task_hash !== request.hash) {
    throw new KaizenError(`${wording.run(run.id)} did not finish, but ${wording.changed(run)} changed since; ${wording.startAfresh}`);
  }
  const extra = (await request.beforeResume?.(run)) ?? {};
  await store.updateRun(run.id, { status: 'running', pid: process.pid });
  await store.appendEvent(run.id, 'run.resumed', null, { pid: process.pid, machine: machineInfo(), ...extra });
  return { run: { ...run, status: 'running', pid: process.pid }, resumed: true, ...(heartbeat ? { lastHeartbeat: heartbeat } : {}) };
}

/** `kaizen run`'s run of a task: resumed while the task, its program and its search settings are the same. */
export function openTaskRun(store: Store, loaded: LoadedTask, mode: ResumeMode): Promise<OpenedRun> {
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
    },
    mode,
  );
}
