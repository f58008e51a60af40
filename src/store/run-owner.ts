import { hostname } from 'node:os';
import type { Run, Store } from './store.ts';

/**
 * Who works a run. The process working it refreshes a heartbeat in run_state every {@link HEARTBEAT_MS}; another
 * process (of `kaizen run` or `kaizen improve`) resumes the run only once its owner is dead: by a pid check on the
 * same host, by a heartbeat older than three beats from another host sharing the store.
 */
export const OWNER_STATE_KEY = 'coordinator';
export const HEARTBEAT_MS = 10_000;

export interface Heartbeat {
  host: string;
  pid: number;
  at: string;
  /** `kaizen improve`: working time of all sessions so far (a session killed with -9 loses at most one beat of it). */
  activeMs?: number;
}

export function ownerAlive(run: Run, heartbeat: Heartbeat | undefined): boolean {
  if (heartbeat && heartbeat.host !== hostname()) return Date.now() - Date.parse(heartbeat.at) < 3 * HEARTBEAT_MS;
  return pidAlive(run.pid);
}

/** "process 4242 on node-7" (another host) or "process 4242" (this one), for refusals. */
export function ownerDescription(run: Run, heartbeat: Heartbeat | undefined): string {
  return heartbeat && heartbeat.host !== hostname() ? `process ${heartbeat.pid} on ${heartbeat.host}` : `process ${run.pid}`;
}

function pidAlive(pid: number | null): boolean {
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One beat (a failed write only makes the run look idle for a while). */
export function writeHeartbeat(store: Store, runId: string, extra: Partial<Heartbeat> = {}): Promise<void> {
  const beat: Heartbeat = { host: hostname(), pid: process.pid, at: new Date().toISOString(), ...extra };
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
