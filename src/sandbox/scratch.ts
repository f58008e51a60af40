import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  readlinkSync,
  rmSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { lstat, readdir, rm, rmdir, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pidAlive, processStart } from './pid.ts';

/**
 * Scratch folders of the process backend, and the clean-up of those a killed Kaizen left behind.
 *
 * Every ProcessSandbox keeps its evaluations' scratch folders in one *home* folder of its own,
 * `<scratchRoot>/kaizen-sbx-<random>/` (no pid, no project path: candidates see their folder's path), holding an owner file (pid, the process's start time from /proc, boot id,
 * PID namespace, host name). The home is removed when the sandbox is closed and when the process exits. A process that
 * is SIGKILLed cannot do either: the next sandbox created on the same machine sweeps, in the background, every home
 * whose owner is provably dead (same host, boot and PID namespace; no process with that pid and start time) and that
 * this user owns. Anything else is left alone: live owners, other users' folders, symlinks, folders without a valid
 * owner file (look-alikes, the flat `kaizen-sbx-XXXXXX` folders of older versions).
 */

/**
 * Name of a home: `kaizen-sbx-<6 characters of mkdtemp>`; earlier versions put the owner's pid in it
 * (`kaizen-sbx-<pid>-<6 characters>`), which must then match the owner file's.
 */
const HOME_NAME = /^kaizen-sbx-(?:([1-9]\d{0,9})-)?[A-Za-z0-9]{6}$/;
export const OWNER_FILE = 'owner.json';
const OWNER_KIND = 'kaizen-sandbox-scratch';
const OWNER_MAX_BYTES = 4096;
/** open(2)'s O_PATH (the same value on x86-64 and arm64); Node does not export it. */
const O_PATH = 0o10000000;

export interface ScratchOwner {
  kind: typeof OWNER_KIND;
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot): a later process reusing the pid has another one. */
  start: string | null;
  bootId: string | null;
  pidNamespace: string | null;
  hostname: string;
  created: string;
}

interface Machine {
  bootId: string | null;
  pidNamespace: string | null;
  hostname: string;
}

let machineCache: Machine | undefined;
function machine(): Machine {
  machineCache ??= {
    bootId: quietly(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()),
    pidNamespace: quietly(() => readlinkSync('/proc/self/ns/pid')),
    hostname: hostname(),
  };
  return machineCache;
}

// ---- homes of this process --------------------------------------------------------------------------------------

const liveHomes = new Set<string>();
const liveGroups = new Set<number>();
let exitHook = false;

/**
 * Creates this process's home under `root`: mode 0711 (bubblewrap, started as uid 65534 when Kaizen is root, must reach
 * the scratch folders inside; other users cannot list them), the owner file written before anything else goes in.
 */
export function createHome(root: string): string {
  const home = mkdtempSync(join(root, 'kaizen-sbx-'));
  chmodSync(home, 0o711);
  const owner: ScratchOwner = { kind: OWNER_KIND, pid: process.pid, start: processStart(process.pid), ...machine(), created: new Date().toISOString() };
  writeFileSync(join(home, OWNER_FILE), `${JSON.stringify(owner)}\n`, { flag: 'wx', mode: 0o600 });
  liveHomes.add(home);
  if (!exitHook) {
    exitHook = true;
    process.on('exit', onExit);
  }
  return home;
}

/** Removes a home of this process (its scratch folders first, the owner file last). */
export async function removeHome(home: string): Promise<void> {
  await removeHomeContents(home);
  liveHomes.delete(home);
}

/** A candidate's process group, killed if Kaizen exits while it runs. */
export function trackGroup(pid: number | undefined): void {
  if (pid !== undefined) liveGroups.add(pid);
}

export function untrackGroup(pid: number | undefined): void {
  if (pid !== undefined) liveGroups.delete(pid);
}

/** Kills a sandboxed child's whole process group (it was spawned detached: one kill reaches every descendant in it). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // group already gone
  }
}

function onExit(): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const home of liveHomes) {
    try {
      // A candidate killed a moment ago may still be writing: what stays keeps its owner file, for the next sweep.
      for (const entry of readdirSync(home)) if (entry !== OWNER_FILE) removeTreeSync(join(home, entry));
      unlinkSync(join(home, OWNER_FILE));
      rmdirSync(home);
    } catch {
      // left for the next sweep
    }
  }
}

// ---- removal ------------------------------------------------------------------------------------------------------

/**
 * Removes a file or folder tree without following symlinks. A candidate may have left folders without write or read
 * permission (chmod 555 or 000): if plain removal fails, the folders this user owns are made accessible (through an
 * O_PATH descriptor, so a symlink is never chmod-ed) and removal is tried once more.
 */
export async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch {
    unlockTree(path);
    await rm(path, { recursive: true, force: true });
  }
}

export function removeTreeSync(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    unlockTree(path);
    rmSync(path, { recursive: true, force: true });
  }
}

/** Gives this user rwx on every real folder (not symlink) it owns under `path`. */
function unlockTree(path: string): void {
  const uid = process.getuid?.();
  const stack = [path];
  let guard = 0;
  while (stack.length > 0 && guard++ < 1_000_000) {
    const dir = stack.pop() as string;
    if (!unlockDir(dir, uid)) continue;
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) stack.push(join(dir, entry));
  }
}

/** chmod u+rwx on `dir` if it is a real folder owned by `uid`; whether it is a folder. */
function unlockDir(dir: string, uid: number | undefined): boolean {
  if (process.platform !== 'linux') {
    const st = quietly(() => lstatSync(dir));
    if (!st?.isDirectory()) return false;
    if (st.uid === uid && (st.mode & 0o700) !== 0o700) quietly(() => chmodSync(dir, 0o700));
    return true;
  }
  let fd: number;
  try {
    fd = openSync(dir, O_PATH | constants.O_NOFOLLOW | constants.O_DIRECTORY);
  } catch {
    return false; // not a folder, a symlink, or gone
  }
  try {
    const st = fstatSync(fd);
    if (st.uid === uid && (st.mode & 0o700) !== 0o700) quietly(() => chmodSync(`/proc/self/fd/${fd}`, 0o700));
    return true;
  } finally {
    closeSync(fd);
  }
}

async function removeHomeContents(home: string): Promise<void> {
  for (const entry of await readdir(home)) if (entry !== OWNER_FILE) await removeTree(join(home, entry));
  await unlink(join(home, OWNER_FILE)).catch(ignoreMissing);
  await rmdir(home).catch(ignoreMissing);
}

function ignoreMissing(e: NodeJS.ErrnoException): void {
  if (e.code !== 'ENOENT') throw e;
}

// ---- the sweep ----------------------------------------------------------------------------------------------------

export interface SweepReport {
  /** Homes of dead owners, removed. */
  removed: string[];
  /** Homes of dead owners that could not be removed entirely (they keep their owner file: the next sweep retries). */
  failed: string[];
  /** Homes whose owner still runs. */
  live: number;
  /** Homes of another host, boot or PID namespace, or whose owner file is missing or invalid; other users' folders. */
  ignored: number;
  durationMs: number;
}

/**
 * Removes the homes under `root` whose owner is dead on this machine. Never follows a symlink, never touches a folder
 * this user does not own or without a valid owner file, never one whose owner may be alive. Never rejects.
 */
export async function sweepScratch(root: string): Promise<SweepReport> {
  const started = performance.now();
  const report: SweepReport = { removed: [], failed: [], live: 0, ignored: 0, durationMs: 0 };
  let names: string[] = [];
  try {
    names = await readdir(root);
  } catch {
    names = [];
  }
  for (const name of names) {
    const match = HOME_NAME.exec(name);
    if (!match) continue;
    const home = join(root, name);
    let verdict: 'dead' | 'live' | 'ignored';
    try {
      verdict = await judgeHome(home, match[1] === undefined ? null : Number(match[1]));
    } catch {
      verdict = 'ignored';
    }
    if (verdict === 'live') report.live++;
    else if (verdict === 'ignored') report.ignored++;
    else {
      try {
        await removeHomeContents(home);
        report.removed.push(home);
      } catch {
        report.failed.push(home);
      }
    }
  }
  report.durationMs = performance.now() - started;
  return report;
}

const sweeps = new Map<string, Promise<SweepReport>>();
/** Default wait before the sweep starts: after the first evaluations. */
export const SWEEP_DELAY_MS = 1000;

/**
 * Starts the sweep of `root` once per process, in the background, `delayMs` from now (an unref'd timer: a process
 * that ends sooner does not wait for it, and its sweep never settles). The same promise afterwards.
 */
export function sweepScratchOnce(root: string, delayMs = SWEEP_DELAY_MS): Promise<SweepReport> {
  let sweep = sweeps.get(root);
  if (!sweep) {
    // Later, so that the first evaluations (and the isolate hosts' start-up) do not share the machine with it.
    sweep = new Promise<void>((res) => setTimeout(res, delayMs).unref()).then(() => sweepScratch(root));
    sweeps.set(root, sweep);
  }
  return sweep;
}

async function judgeHome(home: string, pidInName: number | null): Promise<'dead' | 'live' | 'ignored'> {
  const uid = process.getuid?.();
  const st = await lstat(home);
  if (!st.isDirectory() || st.uid !== uid) return 'ignored'; // a symlink, a file, another user's folder
  const owner = readOwner(join(home, OWNER_FILE), uid);
  if (!owner || (pidInName !== null && owner.pid !== pidInName)) return 'ignored';
  const here = machine();
  if (owner.hostname !== here.hostname || owner.bootId !== here.bootId || owner.pidNamespace !== here.pidNamespace) return 'ignored';
  return pidAlive(owner.pid, owner.start) ? 'live' : 'dead';
}

/**
 * At most `max` bytes of a regular file, opened without following a symlink a candidate may have planted (and, with
 * `uid`, only a file of that user); null for anything else.
 */
export function readNoFollow(path: string, max: number, uid?: number): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || (uid !== undefined && st.uid !== uid)) return null;
    const buf = Buffer.alloc(max);
    const n = readSync(fd, buf, 0, max, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The owner file, if it is a small regular file (not a symlink) of this user holding a well-formed owner. */
function readOwner(path: string, uid: number | undefined): ScratchOwner | null {
  const text = readNoFollow(path, OWNER_MAX_BYTES + 1, uid ?? -1);
  if (text === null || Buffer.byteLength(text) > OWNER_MAX_BYTES) return null;
  try {
    const owner = JSON.parse(text) as Partial<ScratchOwner>;
    const optional = (v: unknown) => v === null || typeof v === 'string';
    if (
      owner?.kind !== OWNER_KIND ||
      !Number.isSafeInteger(owner.pid) ||
      (owner.pid as number) <= 0 ||
      !optional(owner.start) ||
      !optional(owner.bootId) ||
      !optional(owner.pidNamespace) ||
      typeof owner.hostname !== 'string'
    ) {
      return null;
    }
    return owner as ScratchOwner;
  } catch {
    return null;
  }
}

function quietly<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}
