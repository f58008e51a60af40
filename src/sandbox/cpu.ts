import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time and resident memory of a process tree, sampled from /proc.
 *
 * Every sample walks the tree from its root, each process before its children (its `stat` before its `children`), and
 * sums `utime + stime + cutime + cstime` of every process: a live process's own time, plus everything its children
 * used that it has reaped (the kernel adds a reaped child's whole total to its reaper's `cutime`/`cstime`, so a child
 * reaped by its parent, or an orphan reaped by the PID namespace's init, stays counted after it is gone). Because a
 * process is read before its descendants and a child's time moves into its reaper only after the child has turned
 * `X` (EXIT_DEAD), which the walk skips, a sample never counts anything twice; a process reaped between two reads is
 * missed by that one sample only (an undercount), which the running maximum absorbs.
 *
 * The one way to make CPU time vanish is a parent that ignores SIGCHLD (or sets SA_NOCLDWAIT): its children are
 * auto-reaped and the kernel adds their time to nobody. `TreeCpu` makes up for it: a process that disappears (two
 * samples in a row, so a process the walk merely missed while it was being reparented is not taken for gone) had a
 * last-seen total; if its parent's reaped time (or, for orphans, everyone's) did not grow by at least that much over
 * the same window, the shortfall is added as lost time. What an auto-reaped process used after its last sample, and
 * processes that live less than a sampling interval and are auto-reaped, stay invisible: the wall-clock cap bounds that.
 */

/** Clock ticks per second of /proc's times (USER_HZ, 100 on every Linux we know of; asked once). */
const TICKS_PER_SECOND = sysconf('CLK_TCK', 100);
const PAGE_KB = sysconf('PAGESIZE', 4096) / 1024;
/** Bound on the processes a walk visits (the sandbox allows 64 per evaluation). */
const MAX_PROCESSES = 4096;

function sysconf(name: string, fallback: number): number {
  try {
    const r = spawnSync('getconf', [name], { encoding: 'utf8', timeout: 2000 });
    const n = Number(r.stdout?.trim());
    return Number.isFinite(n) && n > 0 ? n : fallback;
  } catch {
    return fallback;
  }
}

export interface ProcEntry {
  pid: number;
  ppid: number;
  /** pid and start time: a reused pid is another process. */
  key: string;
  state: string;
  /** utime + stime (ticks). */
  own: number;
  /** cutime + cstime (ticks): reaped children's totals. */
  kids: number;
  start: number;
  rssKb: number;
}

/** Parses /proc/<pid>/stat (the command name in parentheses may hold spaces and parentheses). */
export function parseStat(pid: number, text: string): ProcEntry | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const f = text.slice(close + 2).split(' ');
  if (f.length < 22) return null;
  const start = Number(f[19]);
  return {
    pid,
    ppid: Number(f[1]),
    key: `${pid}:${start}`,
    state: f[0],
    own: Number(f[11]) + Number(f[12]),
    kids: Number(f[13]) + Number(f[14]),
    start,
    rssKb: Number(f[21]) * PAGE_KB,
  };
}

/** Every process of the tree under `root` (itself included), each before its descendants; dead (`X`) ones skipped. */
export function walkTree(root: number): ProcEntry[] {
  const out: ProcEntry[] = [];
  const stack = [root];
  let guard = 0;
  while (stack.length > 0 && guard++ < MAX_PROCESSES) {
    const pid = stack.pop() as number;
    let entry: ProcEntry | null;
    try {
      entry = parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      continue; // gone
    }
    if (!entry || entry.state === 'X') continue;
    out.push(entry);
    try {
      for (const task of readdirSync(`/proc/${pid}/task`)) {
        let kids = '';
        try {
          kids = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
        } catch {
          continue;
        }
        if (kids) for (const k of kids.split(' ')) stack.push(Number(k));
      }
    } catch {
      // gone since its stat was read
    }
  }
  return out;
}

/**
 * Which processes of the tree belong to the sandbox rather than the candidate: the root (its own time and what it
 * reaps: bubblewrap outside the namespaces, or nothing when the root is the candidate), bubblewrap's init inside the
 * PID namespace (its own time; what it reaps is orphans of the candidate), and the shell that reports `times` (its own
 * time). Each is found once, by structure: the earliest-started child of the level above.
 */
export interface TreeShape {
  /** The root is bubblewrap: its earliest child is bubblewrap's init. */
  bwrap: boolean;
  /** The candidate runs under the `times` shell: the init's earliest child (or the root itself without bubblewrap). */
  wrapper: boolean;
}

interface Counted {
  entry: ProcEntry;
  /** What this process adds to the candidate's total (ticks). */
  counted: number;
}

/** Running CPU-time total (and resident memory) of a process tree; see the comment at the top of this file. */
export class TreeCpu {
  private readonly root: number;
  private readonly shape: TreeShape;
  private rootKey: string | null = null;
  private initKey: string | null = null;
  private wrapperKey: string | null = null;
  /** The last two samples (older first). */
  private older: Map<string, Counted> | null = null;
  private previous: Map<string, Counted> | null = null;
  private lostTicks = 0;
  private maxTicks = 0;
  /** Resident memory of the whole tree (sandbox processes included) at the last sample, or null when it is gone. */
  rssKb: number | null = null;
  /** Samples that found the tree. */
  samples = 0;

  constructor(root: number, shape: TreeShape) {
    this.root = root;
    this.shape = shape;
  }

  /** The largest total seen so far (ms). */
  get cpuMs(): number {
    return (this.maxTicks * 1000) / TICKS_PER_SECOND;
  }

  /** Samples the tree; returns the running total (ms). */
  sample(): number {
    const entries = walkTree(this.root);
    this.identify(entries);
    const current = new Map<string, Counted>();
    let total = 0;
    let rss = 0;
    for (const entry of entries) {
      rss += entry.rssKb;
      const counted = this.countedPart(entry);
      total += counted;
      current.set(entry.key, { entry, counted });
    }
    this.rssKb = entries.length > 0 ? rss : null;
    if (entries.length > 0) this.samples++;
    if (this.older && this.previous) this.lostTicks += lostBetween(this.older, this.previous, current);
    this.older = this.previous;
    this.previous = current;
    this.maxTicks = Math.max(this.maxTicks, total + this.lostTicks);
    return this.cpuMs;
  }

  private countedPart(entry: ProcEntry): number {
    if (entry.key === this.rootKey && (this.shape.bwrap || this.shape.wrapper)) return this.shape.bwrap ? 0 : entry.kids;
    if (entry.key === this.initKey || entry.key === this.wrapperKey) return entry.kids;
    return entry.own + entry.kids;
  }

  private identify(entries: ProcEntry[]): void {
    const rootEntry = entries.find((e) => e.pid === this.root);
    if (!rootEntry) return;
    this.rootKey ??= rootEntry.key;
    if (!this.shape.bwrap) {
      if (this.shape.wrapper) this.wrapperKey ??= rootEntry.key;
      return;
    }
    if (this.initKey === null) this.initKey = earliestChild(entries, rootEntry.pid)?.key ?? null;
    if (this.initKey !== null && this.shape.wrapper && this.wrapperKey === null) {
      const init = entries.find((e) => e.key === this.initKey);
      if (init) this.wrapperKey = earliestChild(entries, init.pid)?.key ?? null;
    }
  }
}

function earliestChild(entries: ProcEntry[], parent: number): ProcEntry | undefined {
  let best: ProcEntry | undefined;
  for (const e of entries) if (e.ppid === parent && (!best || e.start < best.start)) best = e;
  return best;
}

/**
 * Time that vanished with processes gone between `older` and `previous` (absent from `previous` and `current`): for
 * each parent still alive, the gone children's last totals beyond what its reaped time grew by from `older` to
 * `current`; for orphans (the parent gone too), beyond the growth left over from all parents.
 */
function lostBetween(older: Map<string, Counted>, previous: Map<string, Counted>, current: Map<string, Counted>): number {
  const keyOfPid = new Map<number, string>();
  for (const [key, c] of older) keyOfPid.set(c.entry.pid, key);
  const goneByParent = new Map<string, number>();
  let orphans = 0;
  let any = false;
  for (const [key, c] of older) {
    if (previous.has(key) || current.has(key)) continue;
    any = true;
    const parentKey = keyOfPid.get(c.entry.ppid);
    if (parentKey !== undefined && current.has(parentKey)) goneByParent.set(parentKey, (goneByParent.get(parentKey) ?? 0) + c.counted);
    else orphans += c.counted;
  }
  if (!any) return 0;
  let lost = 0;
  let spare = 0;
  for (const [key, before] of older) {
    const now = current.get(key);
    if (!now) continue;
    const grown = Math.max(0, now.entry.kids - before.entry.kids);
    const gone = goneByParent.get(key) ?? 0;
    if (gone > grown) lost += gone - grown;
    else spare += grown - gone;
  }
  return lost + Math.max(0, orphans - spare);
}
