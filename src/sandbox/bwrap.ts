import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync, readdirSync } from 'node:fs';
import { which } from './which.ts';

/** The unprivileged user a sandbox runs as on the host when Kaizen itself runs as root (so RLIMIT_NPROC applies). */
export const NOBODY = 65534;

/** System folders the interpreters need, bound read-only (or recreated as the symlinks they are on merged-/usr systems). */
const SYSTEM_DIRS = ['/usr', '/bin', '/lib', '/lib32', '/lib64', '/sbin'];
/** The few files of /etc that dynamic linking, locales and Python need. Nothing else of /etc is visible. */
const ETC_FILES = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/localtime',
  '/etc/alternatives',
  '/etc/nsswitch.conf',
  '/etc/alpine-release',
];

/** Size of the sandbox's private /tmp (a tmpfs in memory). */
export const TMP_MB = 64;

export interface BwrapLimits {
  /** RLIMIT_AS in MB (null: none). */
  addressSpaceMb: number | null;
  /** RLIMIT_DATA in MB: private writable mappings (heap, anonymous mmap), checked when they are made (null: none). */
  dataMb?: number | null;
  /** RLIMIT_CPU in seconds. */
  cpuSeconds: number;
  /** RLIMIT_NPROC, counted per sandbox (the limit is set inside the sandbox's own user namespace). */
  processes: number;
  fileSizeMb: number;
  openFiles: number;
}

let cached: string | null | undefined;
/** The bubblewrap binary, if it is installed and can create namespaces here. */
export function findBwrap(): string | null {
  if (cached !== undefined) return cached;
  cached = which('bwrap', '/usr/bin:/bin:/usr/local/bin');
  return cached;
}

export function findPrlimit(): string | null {
  return which('prlimit', '/usr/bin:/bin');
}

/** A host path bound read-only at another path inside the sandbox. */
export interface Mount {
  source: string;
  target: string;
}

/**
 * The bubblewrap command line around `argv`: every namespace unshared (no network at all, loopback included; own PID,
 * IPC, UTS and user namespace; with `disableUserns`, no nested user namespace inside), uid/gid 65534 inside, read-only
 * system folders, a fresh /proc, /dev and tmpfs /tmp, `readOnly` paths (an interpreter outside /usr) bound read-only
 * at the same path and `mounts` at theirs, `writable` (the scratch folder) bound read-write at the same path, a
 * read-only root, and the resource limits set by prlimit inside.
 */
export function bwrapArgv(options: {
  bwrap: string;
  prlimit: string | null;
  readOnly: string[];
  /** Host paths bound read-only at other paths (e.g. the Node binary at a neutral path that names no project). */
  mounts?: Mount[];
  writable: string[];
  cwd: string;
  limits: BwrapLimits;
  argv: string[];
  /** From the probe: whether this bubblewrap can forbid nested user namespaces (`--disable-userns`). */
  disableUserns: boolean;
}): string[] {
  const args = [options.bwrap, '--unshare-all', '--die-with-parent', '--new-session', '--uid', String(NOBODY), '--gid', String(NOBODY)];
  // A nested user namespace gives the candidate every capability inside it (mount, chroot, raw sockets...): the
  // kernel's least-tested code paths, where exploits start. --disable-userns needs a user namespace of our own.
  if (options.disableUserns) args.push('--unshare-user', '--disable-userns');
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    const st = lstatSync(dir);
    if (st.isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  for (const file of ETC_FILES) if (existsSync(file)) args.push('--ro-bind', file, file);
  // tmpfs lives in the host's memory: bounded, so a candidate cannot fill RAM through files.
  args.push(
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(16 * 1024 * 1024),
    '--tmpfs',
    '/dev/shm',
    '--size',
    String(TMP_MB * 1024 * 1024),
    '--tmpfs',
    '/tmp',
  );
  const seen = new Set<string>();
  for (const path of options.readOnly) {
    if (seen.has(path) || isUnderSystemDir(path)) continue;
    seen.add(path);
    args.push('--ro-bind', path, path);
  }
  for (const mount of options.mounts ?? []) args.push('--ro-bind', mount.source, mount.target);
  for (const path of options.writable) args.push('--bind', path, path);
  // The root itself is a tmpfs bubblewrap made writable: left so, a candidate could fill the host's memory through
  // files there that no process's memory counts. Read-only, only /tmp (capped) and the bound folders take writes.
  args.push('--remount-ro', '/');
  args.push('--chdir', options.cwd, '--');
  const { limits } = options;
  if (options.prlimit) {
    args.push(
      options.prlimit,
      `--nproc=${limits.processes}`,
      `--cpu=${limits.cpuSeconds}`,
      `--fsize=${limits.fileSizeMb * 1024 * 1024}`,
      `--nofile=${limits.openFiles}`,
      '--core=0',
    );
    if (limits.addressSpaceMb !== null) args.push(`--as=${limits.addressSpaceMb * 1024 * 1024}`);
    if (limits.dataMb != null) args.push(`--data=${limits.dataMb * 1024 * 1024}`);
    args.push('--');
  }
  return [...args, ...options.argv];
}

function isUnderSystemDir(path: string): boolean {
  return path.startsWith('/usr/');
}

/** Resident memory (kB) of a process and all its descendants (the sandbox's real processes sit below bwrap). */
export function treeResidentKb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  let total = 0;
  let found = false;
  const stack = [pid];
  let guard = 0;
  while (stack.length > 0 && guard++ < 4096) {
    const p = stack.pop() as number;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) {
        total += Number(m[1]);
        found = true;
      }
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (kids) for (const k of kids.split(' ')) stack.push(Number(k));
      }
    } catch {
      // gone
    }
  }
  return found ? total : null;
}

export interface BwrapProbe {
  /** The bubblewrap binary to use, or null when it is unavailable. */
  bwrap: string | null;
  /** Why it is unavailable. */
  reason: string | null;
  /** Start bubblewrap as uid 65534 on the host (Kaizen runs as root and the kernel lets uid 65534 create namespaces). */
  dropToNobody: boolean;
  /** Whether this bubblewrap forbids nested user namespaces inside the sandbox (`--disable-userns`, bubblewrap ≥ 0.8). */
  disableUserns: boolean;
}

const probes = new Map<string, BwrapProbe>();
let warnedRootNproc = false;
let warnedUserns = false;

function tryBwrap(bwrap: string, asNobody: boolean, extra: string[] = []): string | null {
  const r = spawnSync(bwrap, ['--unshare-all', ...extra, '--die-with-parent', '--ro-bind', '/', '/', '--', '/bin/true'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 5000,
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return r.status === 0 ? null : `bwrap failed: ${(r.stderr?.toString() || r.error?.message || `status ${r.status}`).trim()}`;
}

/**
 * Whether bubblewrap can create its namespaces here (it cannot in some containers, or where unprivileged user
 * namespaces are restricted). As root it is started as uid 65534, so that the kernel applies RLIMIT_NPROC; if that uid
 * may not create user namespaces, it falls back to root outside (uid 65534 inside) and warns that the process limit
 * is then not enforced.
 */
export function probeBwrap(bwrap: string | null): BwrapProbe {
  if (!bwrap) return { bwrap: null, reason: 'bubblewrap (bwrap) is not installed', dropToNobody: false, disableUserns: false };
  const known = probes.get(bwrap);
  if (known) return known;
  const asRoot = process.getuid?.() === 0;
  let probe: BwrapProbe;
  const reason = tryBwrap(bwrap, asRoot);
  if (reason === null) probe = { bwrap, reason: null, dropToNobody: asRoot, disableUserns: false };
  else if (asRoot && tryBwrap(bwrap, false) === null) {
    probe = { bwrap, reason: null, dropToNobody: false, disableUserns: false };
    if (!warnedRootNproc) {
      warnedRootNproc = true;
      process.emitWarning(`bubblewrap cannot run as uid ${NOBODY} here (${reason}); running it as root: the process limit (RLIMIT_NPROC) is not enforced`, {
        code: 'KAIZEN_SANDBOX_NPROC',
      });
    }
  } else probe = { bwrap: null, reason, dropToNobody: false, disableUserns: false };
  if (probe.bwrap) {
    probe.disableUserns = tryBwrap(bwrap, probe.dropToNobody, ['--unshare-user', '--disable-userns']) === null;
    if (!probe.disableUserns && !warnedUserns) {
      warnedUserns = true;
      process.emitWarning(
        `bubblewrap at ${bwrap} cannot forbid nested user namespaces (--disable-userns needs bubblewrap 0.8 or later): candidates can create them`,
        {
          code: 'KAIZEN_SANDBOX_USERNS',
        },
      );
    }
  }
  probes.set(bwrap, probe);
  return probe;
}
