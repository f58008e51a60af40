import { readdirSync, readFileSync } from 'node:fs';

/**
 * Whether a process still runs, by pid on this machine: the one liveness test of Kaizen (scratch-folder owners,
 * run owners). It lives in sandbox/ because sandbox/ imports nothing of ours; store/ imports it from here.
 *
 * A pid alone can lie two ways. `kill(pid, 0)` failing with EPERM means the process exists but belongs to another
 * user: alive. And a dead process's pid is eventually reused by an unrelated one: so the owner records its start time
 * (field 22 of /proc/<pid>/stat, clock ticks after boot) and a live process with another start time is not it.
 */

/** How a pid is looked at; replaced in tests to reach outcomes a test cannot provoke (EPERM when running as root). */
export interface PidProbe {
  /** Fields of /proc/<pid>/stat from field 3 (state) on, or null when it cannot be read (gone, hidden, not Linux). */
  stat(pid: number): string[] | null;
  /** `process.kill(pid, 0)`: throws ESRCH when there is no such process, EPERM when it is another user's. */
  kill(pid: number): void;
  /** Threads of the process (a zombie leader may still have live threads). */
  threads(pid: number): number;
}

export const procProbe: PidProbe = {
  stat(pid) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) is in parentheses and may contain spaces and parentheses itself.
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null;
    }
  },
  kill(pid) {
    process.kill(pid, 0);
  },
  threads(pid) {
    try {
      return readdirSync(`/proc/${pid}/task`).length;
    } catch {
      return 0;
    }
  },
};

/** Index of the start time (field 22) in {@link PidProbe.stat}'s fields, which begin at field 3. */
const START_FIELD = 19;

/** The start time of a process (field 22 of /proc/<pid>/stat), or null when it cannot be read (gone, not Linux). */
export function processStart(pid: number, probe: PidProbe = procProbe): string | null {
  return probe.stat(pid)?.[START_FIELD] ?? null;
}

/**
 * Whether the process `pid` (started at `start`, when it was recorded) still runs on this machine. In doubt: yes.
 * A recorded start time that differs from the live process's means the pid was reused: no. A zombie (killed, not yet
 * reaped by its parent) runs no more, unless only its main thread ended.
 */
export function pidAlive(pid: number, start: string | null = null, probe: PidProbe = procProbe): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  const fields = probe.stat(pid);
  const liveStart = fields?.[START_FIELD];
  if (fields && liveStart !== undefined) {
    if (start !== null && liveStart !== start) return false;
    return !(fields[0] === 'Z' && probe.threads(pid) <= 1);
  }
  try {
    probe.kill(pid);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
