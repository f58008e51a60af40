// A long-lived confined process that talks over its stdin/stdout: what a coding agent needs (it works on a folder
// tree for many turns and asks a trusted broker for model calls), where ProcessSandbox runs one program once.
// The same confinement as ProcessSandbox: bubblewrap (no network at all, own PID namespace, only the given folders
// visible, the writable ones bound read-write), rlimits inside, a wall-clock limit and a CPU-time limit of the whole
// process tree, and one kill of the process group that reaches every descendant. Without bubblewrap it refuses:
// there is no unconfined fallback for code that rewrites itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { bwrapArgv, findBwrap, findPrlimit, NOBODY, probeBwrap } from './bwrap.ts';
import { TreeCpu } from './cpu.ts';
import { killGroup, trackGroup, untrackGroup } from './scratch.ts';

export interface ConfinedOptions {
  /** Command line run inside the sandbox (absolute program path). */
  argv: string[];
  cwd: string;
  /** Folders bound read-write (the process's scratch); owned by the sandbox user for the run. */
  writable: string[];
  /** Folders or files bound read-only at the same path (the agent's code, the Node binary's folder). */
  readOnly: string[];
  /** The whole environment the process sees. */
  env: Record<string, string>;
  /** Wall-clock limit of the whole tree. */
  timeoutMs: number;
  /** CPU-time limit (user + system) of the whole tree. */
  cpuMs?: number;
  /** Resident memory cap of the tree, and the address-space limit of each process. */
  memoryMb: number;
  /** RLIMIT_NPROC inside the sandbox (a fork bomb stops here). Default 64. */
  processes?: number;
  /** stderr kept (bytes); beyond it stderr is dropped, not fatal. */
  logMaxBytes?: number;
  /** One stdout line beyond this many bytes kills the process (a flood on the broker channel). Default 1 MB. */
  maxLineBytes?: number;
}

export type ConfinedStop = 'timeout' | 'time-limit' | 'memory' | 'flood' | 'killed' | 'sandbox-error';

export interface ConfinedResult {
  exitCode: number | null;
  signal: string | null;
  /** Why the sandbox stopped it, when it did. */
  stopped: { reason: ConfinedStop; message: string } | null;
  stderr: string;
  durationMs: number;
  cpuMs: number | null;
}

export interface ConfinedProcess {
  /** Writes one line to the process's stdin (ignored once it is gone). */
  send(line: string): void;
  /** Kills the whole tree now. */
  kill(reason: ConfinedStop, message: string): void;
  /** Processes alive in the sandbox right now (the tree below bubblewrap), for tests and the record. */
  pid: number | undefined;
  done: Promise<ConfinedResult>;
}

const POLL_MS = 50;

/** Whether confined processes can run here, and if not why. */
export function confinementProblem(): string | null {
  return probeBwrap(findBwrap()).reason;
}

/** Starts `options.argv` confined; `onLine` receives each line it writes to stdout. */
export function startConfined(options: ConfinedOptions, onLine: (line: string) => void): ConfinedProcess {
  const probe = probeBwrap(findBwrap());
  if (!probe.bwrap) throw new Error(`cannot confine an agent: ${probe.reason}`);
  const nobody = probe.dropToNobody;
  if (nobody) for (const dir of options.writable) chownTree(dir);
  const memoryMb = options.memoryMb;
  const cpuSeconds = Math.ceil((options.cpuMs ?? options.timeoutMs) / 1000) + 1;
  const argv = bwrapArgv({
    bwrap: probe.bwrap,
    prlimit: findPrlimit(),
    readOnly: options.readOnly,
    writable: options.writable,
    cwd: options.cwd,
    // Node reserves far more address space than it uses: the resident-memory poll is the real cap.
    limits: { addressSpaceMb: null, cpuSeconds, processes: options.processes ?? 64, fileSizeMb: 64, openFiles: 256 },
    argv: options.argv,
    disableUserns: probe.disableUserns,
  });
  const started = performance.now();
  const child: ChildProcess = spawn(argv[0], argv.slice(1), {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    ...(nobody ? { uid: NOBODY, gid: NOBODY } : {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  trackGroup(child.pid);
  let stopped: ConfinedResult['stopped'] = null;
  const kill = (reason: ConfinedStop, message: string) => {
    stopped ??= { reason, message };
    killGroup(child);
  };
  child.stdin?.on('error', () => {});
  const maxLine = options.maxLineBytes ?? 1024 * 1024;
  // readline has no line cap: watch the bytes between newlines ourselves.
  let pending = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    const nl = chunk.lastIndexOf(10);
    pending = nl < 0 ? pending + chunk.length : chunk.length - nl - 1;
    if (pending > maxLine) kill('flood', `wrote a line longer than ${maxLine} bytes on its broker channel; killed`);
  });
  if (child.stdout)
    createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
      if (!stopped) onLine(line);
    });
  const logMax = options.logMaxBytes ?? 64 * 1024;
  const errChunks: Buffer[] = [];
  let errBytes = 0;
  child.stderr?.on('data', (chunk: Buffer) => {
    if (errBytes >= logMax) return;
    const part = chunk.subarray(0, logMax - errBytes);
    errChunks.push(part);
    errBytes += part.length;
  });
  const timer = setTimeout(() => kill('timeout', `still running after ${options.timeoutMs} ms; the whole process tree was killed`), options.timeoutMs);
  const tree = child.pid !== undefined ? new TreeCpu(child.pid, { bwrap: true, wrapper: false }) : null;
  const rssCapKb = (memoryMb + 64) * 1024;
  const watch = setInterval(() => {
    if (!tree) return;
    const cpu = tree.sample();
    if (tree.rssKb !== null && tree.rssKb > rssCapKb) kill('memory', `resident memory above ${memoryMb} MB; killed`);
    if (options.cpuMs !== undefined && cpu > options.cpuMs) kill('time-limit', `used ${Math.round(cpu)} ms of CPU, limit ${options.cpuMs} ms; killed`);
  }, POLL_MS);
  const done = new Promise<ConfinedResult>((resolve) => {
    let exit: { code: number | null; signal: string | null } = { code: null, signal: null };
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      killGroup(child); // descendants that outlive the agent die with it
    });
    child.on('error', (e) => kill('sandbox-error', `could not start ${argv[0]}: ${e.message}`));
    child.on('close', () => {
      untrackGroup(child.pid);
      clearTimeout(timer);
      clearInterval(watch);
      resolve({
        exitCode: exit.code,
        signal: exit.signal,
        stopped,
        stderr: Buffer.concat(errChunks).toString('utf8'),
        durationMs: Math.round(performance.now() - started),
        cpuMs: tree && tree.samples > 0 ? Math.round(tree.cpuMs) : null,
      });
    });
  });
  return {
    send(line) {
      if (child.stdin && !child.stdin.destroyed && child.exitCode === null) child.stdin.write(`${line}\n`);
    },
    kill,
    pid: child.pid,
    done,
  };
}

/**
 * Runs a command confined to completion (no stdin traffic): the harness's scoring run of hidden tests. stdout is
 * kept as log text, like stderr.
 */
export async function runConfined(options: ConfinedOptions): Promise<ConfinedResult & { stdout: string }> {
  const out: string[] = [];
  let bytes = 0;
  const logMax = options.logMaxBytes ?? 64 * 1024;
  const proc = startConfined({ ...options, maxLineBytes: Number.MAX_SAFE_INTEGER }, (line) => {
    if (bytes < logMax) out.push(line);
    bytes += line.length + 1;
  });
  const result = await proc.done;
  return { ...result, stdout: out.join('\n').slice(0, logMax) };
}

/** Hands a scratch tree to the sandbox user (Kaizen as root runs bubblewrap as uid 65534). Symlinks are not followed. */
function chownTree(dir: string): void {
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) return;
  chownSync(dir, NOBODY, NOBODY);
  if (st.isDirectory()) for (const e of readdirSync(dir)) chownTree(join(dir, e));
}
