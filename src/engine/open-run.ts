import type { LoadedTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import { type Heartbeat, OWNER_STATE_KEY, ownerAlive, ownerDescription } from '../store/run-owner.ts';
import type { Run, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';

/** Identity of a run's task: what must not change under a resumed run (the budget and concurrency may). */
export function taskHash(loaded: LoadedTask): string {
  const { budget: _b, concurrency: _c, ...search } = loaded.config;
  return sha256(JSON.stringify([loaded.identity, loaded.programCode, search]));
}

/** The open/resume stage: continues the task's unfinished run when allowed and safe, else starts a new one. */
export async function openOrResumeRun(store: Store, loaded: LoadedTask, resume: 'auto' | 'never' | 'required'): Promise<{ run: Run; resumed: boolean }> {
  const hash = taskHash(loaded);
  const unfinished = resume === 'never' ? undefined : await store.unfinishedRun(loaded.task.name);
  if (unfinished) {
    const heartbeat = await store.getState<Heartbeat>(unfinished.id, OWNER_STATE_KEY);
    if (unfinished.status === 'running' && ownerAlive(unfinished, heartbeat)) {
      throw new KaizenError(`run ${unfinished.id} of ${loaded.task.name} is in progress in ${ownerDescription(unfinished, heartbeat)}; wait for it or stop it first`);
    }
    if (unfinished.task_hash !== hash) {
      throw new KaizenError(
        `run ${unfinished.id} of ${loaded.task.name} did not finish, but the task, its program or its search settings changed since; ` +
          'start a new run with `kaizen run --new`',
      );
    }
    await store.updateRun(unfinished.id, { status: 'running', pid: process.pid });
    await store.appendEvent(unfinished.id, 'run.resumed', null, { pid: process.pid });
    return { run: { ...unfinished, status: 'running' }, resumed: true };
  }
  if (resume === 'required') throw new KaizenError(`there is no unfinished run of ${loaded.task.name} to resume`);
  const id = `run-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${sha256(`${Math.random()}${process.pid}`).slice(0, 6)}`;
  const run = await store.createRun({
    id,
    task_name: loaded.task.name,
    task_dir: loaded.dir,
    task_hash: hash,
    config_json: JSON.stringify(loaded.config),
    seed: loaded.config.seed,
    status: 'running',
    pid: process.pid,
  });
  await store.appendEvent(id, 'run.started', null, { task: loaded.task.name, config: loaded.config });
  return { run, resumed: false };
}
