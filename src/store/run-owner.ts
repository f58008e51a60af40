import { hostname } from 'node:os';
import { pidAlive, processStart } from '../sandbox/pid.ts';
import type { RunStatus } from './schema.ts';
import type { Run, Store } from './store.ts';

/**
 * Who works a run. The process working it refreshes a heartbeat in run_state every {@link HEARTBEAT_MS}; another
 * process (of `kaizen run` or `kaizen improve`) resumes the run only once its owner is dead: by a pid check on the
 * same host (with the owner's start time from its heartbeat, so that a reused pid does not pass for it), by a
 * heartbeat older than three beats from another host sharing the store.
 */
export const OWNER_STATE_KEY = 'coordinator';
export const HEARTBEAT_MS = 10_000;

export interface Heartbeat {
  host: string;
  pid: number;
  at: string;
  /** The process's start time (/proc/<pid>/stat), to tell it from a later process given the same pid; null off Linux. */
  start?: string | null;
  /** `kaizen improve`: working time of all sessions so far (a session killed with -9 loses at most one beat of it). */
  activeMs?: number;
}

/** Whether the process that owns `run` still works it (never this process: a run it owned earlier is its to take). */
export function ownerAlive(run: Run, heartbeat: Heartbeat | undefined): boolean {
  if (heartbeat && heartbeat.host !== hostname()) return Date.now() - Date.parse(heartbeat.at) < 3 * HEARTBEAT_MS;
  if (run.pid === null || run.pid === process.pid) return false;
  // The heartbeat may still be the previous owner's for a moment after a resume: its start time is only this pid's if the pids agree.
  return pidAlive(run.pid, heartbeat?.pid === run.pid ? (heartbeat.start ?? null) : null);
}

/**
 * The status to show for a run: one recorded `running` whose owner died (killed, the machine rebooted) is
 * `interrupted`, as it would be had its owner stopped it; the next `kaizen run` of its task resumes it.
 */
export function shownStatus(run: Run, heartbeat: Heartbeat | undefined): RunStatus {
  if (run.status !== 'running' || run.pid === process.pid) return run.status;
  return ownerAlive(run, heartbeat) ? 'running' : 'interrupted';
}

/** {@link shownStatus}, with the run's heartbeat read from the store. */
export async function currentStatus(store: Store, run: Run): Promise<RunStatus> {
  return run.status === 'running' ? shownStatus(run, await store.getState<Heartbeat>(run.id, OWNER_STATE_KEY)) : run.status;
}

/** "process 4242 on node-7" (another host) or "process 4242" (this one), for refusals. */
export function ownerDescription(run: Run, heartbeat: Heartbeat | undefined): string {
  return heartbeat && heartbeat.host !== hostname() ? `process ${heartbeat.pid} on ${heartbeat.host}` : `process ${run.pid}`;
}

/** One beat (a failed write only makes the run look idle for a while). */
export function writeHeartbeat(store: Store, runId: string, extra: Partial<Heartbeat> = {}): Promise<void> {
  const beat: Heartbeat = { host: hostname(), pid: process.pid, start: processStart(process.pid), at: new Date().toISOString(), ...extra };
  return store.setState(runId, OWNER_STATE_KEY, beat).catch(() => {});
}

/** Beats now and every {@link HEARTBEAT_MS} until the returned function is called. */
export function startHeartbeat(store: Store, runId: string, extra: () => Partial<Heartbeat> = () => ({})): () => void {
  const write = () => void writeHeartbeat(store, runId, extra());
  write();
  const timer = setInterval(write, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}
