import { join, resolve } from 'node:path';
import { loadTask } from '../config/load.ts';
import { type ExecutorMonitor, monitorExecutor } from '../executor/monitor.ts';
import { EXECUTOR_STATE_KEY } from '../executor/stats.ts';
import { STANDIN_MODEL } from '../models/spec.ts';
import { startWireServer, type WireServer } from '../models/wire-server.ts';
import { evolutionStandin } from '../operators/standin.ts';
import { createSandbox } from '../sandbox/create.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { startHeartbeat } from '../store/run-owner.ts';
import { postgresUrl, Store } from '../store/store.ts';
import { EvolutionLoop } from './loop.ts';
import { openTaskRun } from './open-run.ts';
import { buildStages } from './stages.ts';
import type { EvolveOptions, EvolveResult } from './types.ts';

export type { EvolveOptions, EvolveResult, Progress, StopReason } from './types.ts';

/** Evolves a task's program: the whole loop, resumable at any point. */
export async function evolve(options: EvolveOptions): Promise<EvolveResult> {
  const loaded = typeof options.task === 'string' ? await loadTask(options.task, options.config) : options.task;
  const dbPath = options.out && postgresUrl(options.out) ? options.out : resolve(options.out ?? join(loaded.dir, '.kaizen', 'kaizen.db'));
  const store = await Store.open(dbPath);
  const config = loaded.config;
  let sandbox: (Sandbox & { close?: () => Promise<void> }) | undefined;
  let monitor: ExecutorMonitor | null = null;
  let stopHeartbeat = () => {};
  let standin: WireServer | null = null;
  try {
    const { run, resumed } = await openTaskRun(store, loaded, options.resume ?? 'auto', options.onNotice);
    // Says that this process works the run, so a coordinator on another host sharing the store does not resume it.
    stopHeartbeat = startHeartbeat(store, run.id);
    sandbox = options.sandbox ?? createSandbox({ backend: config.sandbox.backend, process: { allowUnsandboxed: config.sandbox.allowUnsandboxed } });
    let loop: EvolutionLoop | undefined;
    // A remote executor's state, stored every 2 s for the dashboard and shown in the progress line.
    const snapshot = sandbox.snapshot?.bind(sandbox);
    if (snapshot) {
      monitor = monitorExecutor(snapshot, async (s) => {
        await store.setState(run.id, EXECUTOR_STATE_KEY, s);
        if (loop) options.onProgress?.(loop.progress());
      });
    }
    const named = (m: (typeof config.models)[number]) => (typeof m === 'string' ? m : m.id) === STANDIN_MODEL;
    if (config.models.some(named)) standin = await startWireServer(evolutionStandin());
    const stages = await buildStages(store, loaded, run, { ...options, standinUrl: standin?.url }, sandbox, () => ({
      executor: monitor?.latest() ?? undefined,
    }));
    loop = new EvolutionLoop(stages);
    return await loop.run(resumed);
  } finally {
    stopHeartbeat();
    await standin?.close();
    await monitor?.stop();
    if (!options.sandbox) await sandbox?.close?.();
    await store.close();
  }
}
