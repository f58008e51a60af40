import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOBODY, bwrapArgv, findBwrap, findPrlimit, probeBwrap, treeResidentKb } from './bwrap.ts';
import { parseOutput } from './output.ts';
import { type SweepReport, createHome, readNoFollow, removeHome, removeTree, sweepScratchOnce, trackGroup, untrackGroup } from './scratch.ts';
import type { CommandRequest, FailureClass, JsRequest, Sandbox, SandboxRequest, SandboxResult } from './types.ts';
import { which } from './which.ts';

export { which } from './which.ts';

const RUNNER = fileURLToPath(new URL('./js-runner.js', import.meta.url));
const MEMORY_PATTERN = /out of memory|heap limit|allocation failed|MemoryError|Cannot allocate memory|std::bad_alloc/i;
/** Node reserves virtual address space at start-up: it does not boot under an address-space limit below ~2 GiB. */
const NODE_MIN_ADDRESS_SPACE_MB = 2048;

export interface ProcessSandboxOptions {
  /**
   * Where scratch folders go (default: the OS temp folder): each sandbox keeps its evaluations' scratch folders in a
   * folder of its own there, `kaizen-sbx-<pid>-<random>/`, removed on close and at exit; those of killed Kaizen
   * processes are swept in the background when a sandbox is created (see scratch.ts).
   */
  scratchRoot?: string;
  /** The Node binary for JavaScript candidates (default: the one running Kaizen). */
  nodePath?: string;
  /** The bubblewrap binary (default: `bwrap` if installed and working; `null`: act as if it were not installed). */
  bwrapPath?: string | null;
  /**
   * Run candidates without bubblewrap when it is unavailable (default: the environment variable
   * `KAIZEN_ALLOW_UNSANDBOXED=1`). Without it, and without bubblewrap, every evaluation is refused.
   */
  allowUnsandboxed?: boolean;
  /** Processes a candidate may have at once inside bubblewrap (RLIMIT_NPROC; default 64). */
  maxProcesses?: number;
  /**
   * When the sweep of scratch folders left by killed Kaizen processes starts, after the first sandbox with this
   * scratch root is created in this process (default 1000 ms: after the first evaluations).
   */
  sweepDelayMs?: number;
}

let warnedUnsandboxed = false;

/**
 * The process backend: every evaluation in a fresh child process, in its own process group and scratch folder, with
 * only the environment the task allows, a wall-clock timeout that kills the whole group, caps on memory, CPU time,
 * processes, file size and open files, and caps on everything it prints or returns. Inside bubblewrap when available
 * (no network, no file system but the system folders read-only and the scratch folder, uid 65534); without it, it
 * refuses to run unless explicitly allowed. See README.md in this folder for what it guarantees.
 */
export class ProcessSandbox implements Sandbox {
  private readonly scratchRoot: string;
  private readonly nodePath: string;
  private readonly prlimit: string | null;
  private readonly bwrap: string | null;
  /** Why bubblewrap is not used, when it is not. */
  readonly unsandboxedReason: string | null;
  private readonly allowUnsandboxed: boolean;
  private readonly maxProcesses: number;
  /** Start bubblewrap as uid 65534 on the host (when Kaizen runs as root and the kernel allows it). */
  private readonly dropToNobody: boolean;
  /**
   * The background clean-up of scratch folders left by dead Kaizen processes under the scratch root (once per process
   * and root; it does not hold the process open: a process that ends before it starts never sees it settle).
   */
  readonly swept: Promise<SweepReport>;
  /** This sandbox's folder of scratch folders (created at the first evaluation), and the evaluations using it. */
  private home: Home | null = null;

  constructor(options: ProcessSandboxOptions = {}) {
    this.scratchRoot = options.scratchRoot ?? tmpdir();
    this.nodePath = options.nodePath ?? process.execPath;
    this.prlimit = findPrlimit();
    this.maxProcesses = options.maxProcesses ?? 64;
    this.allowUnsandboxed = options.allowUnsandboxed ?? process.env.KAIZEN_ALLOW_UNSANDBOXED === '1';
    const probe = probeBwrap(options.bwrapPath === undefined ? findBwrap() : options.bwrapPath);
    this.bwrap = probe.bwrap;
    this.unsandboxedReason = probe.reason;
    this.dropToNobody = probe.dropToNobody;
    this.swept = sweepScratchOnce(this.scratchRoot, options.sweepDelayMs);
  }

  /**
   * Removes this sandbox's scratch folders: now if no evaluation runs, otherwise when the last one ends (they are not
   * stopped). A later evaluation starts a new folder.
   */
  async close(): Promise<void> {
    const home = this.home;
    this.home = null;
    if (!home) return;
    home.closed = true;
    if (home.active === 0) await disposeHome(home);
  }

  /** Whether candidates run inside bubblewrap. */
  get confined(): boolean {
    return this.bwrap !== null;
  }

  async run(request: SandboxRequest): Promise<SandboxResult> {
    if (!this.bwrap) {
      if (!this.allowUnsandboxed) {
        return failure(
          'sandbox-error',
          `refusing to run an untrusted candidate without bubblewrap (${this.unsandboxedReason}); install bubblewrap, or set KAIZEN_ALLOW_UNSANDBOXED=1 to accept no network or file-system isolation`,
        );
      }
      if (!warnedUnsandboxed) {
        warnedUnsandboxed = true;
        process.emitWarning(
          `Kaizen is running candidates WITHOUT bubblewrap (${this.unsandboxedReason}): they can reach the network (loopback included), read files the user can read, and fork without a process limit.`,
          { code: 'KAIZEN_UNSANDBOXED' },
        );
      }
    }
    let home: Home;
    try {
      this.home ??= { path: createHome(this.scratchRoot), active: 0, closed: false };
      home = this.home;
    } catch (e) {
      return failure('sandbox-error', `could not create a scratch folder in ${this.scratchRoot}: ${(e as Error).message}`);
    }
    home.active++;
    let scratch: string | null = null;
    try {
      scratch = mkdtempSync(join(home.path, 'eval-'));
      const programPath = join(scratch, request.programFile);
      writeFileSync(programPath, request.code);
      const argv = request.kind === 'js' ? this.jsArgv(request, scratch, programPath) : commandArgv(request, programPath);
      if (this.bwrap && this.dropToNobody) {
        chownSync(scratch, NOBODY, NOBODY);
        chownSync(programPath, NOBODY, NOBODY);
      }
      return await this.spawnAndWatch(request, this.confine(argv, request, scratch), scratch);
    } catch (e) {
      return failure('sandbox-error', `the sandbox could not run the candidate: ${(e as Error).message}`);
    } finally {
      // What cannot be removed now goes with the home folder.
      if (scratch) await removeTree(scratch).catch(() => {});
      home.active--;
      if (home.closed && home.active === 0) await disposeHome(home);
    }
  }

  private jsArgv(request: JsRequest, scratch: string, programPath: string): string[] {
    const requestPath = join(scratch, '.kaizen-request.json');
    writeFileSync(requestPath, JSON.stringify({ exportName: request.exportName, args: request.args }));
    return [
      this.nodePath,
      '--permission',
      `--allow-fs-read=${scratch}/`,
      `--allow-fs-read=${RUNNER}`,
      `--max-old-space-size=${request.limits.memoryMb}`,
      '--disable-proto=delete',
      RUNNER,
      programPath,
      requestPath,
    ];
  }

  /** Wraps the candidate's command line in bubblewrap (limits set inside it) or, unsandboxed, in prlimit alone. */
  private confine(argv: string[], request: SandboxRequest, scratch: string): string[] {
    const mb = request.kind === 'js' ? request.limits.memoryMb + NODE_MIN_ADDRESS_SPACE_MB : request.limits.memoryMb;
    const cpuSeconds = Math.ceil(request.limits.timeoutMs / 1000) + 1;
    if (this.bwrap) {
      const readOnly = request.kind === 'js' ? [this.nodePath, RUNNER] : [argv[0]];
      return bwrapArgv({
        bwrap: this.bwrap,
        prlimit: this.prlimit,
        readOnly,
        writable: [scratch],
        cwd: scratch,
        limits: { addressSpaceMb: mb, cpuSeconds, processes: this.maxProcesses, fileSizeMb: 64, openFiles: 256 },
        argv,
      });
    }
    if (!this.prlimit) return argv;
    return [this.prlimit, `--as=${mb * 1024 * 1024}`, `--cpu=${cpuSeconds}`, `--fsize=${64 * 1024 * 1024}`, '--core=0', '--nofile=256', '--', ...argv];
  }

  private spawnAndWatch(request: SandboxRequest, argv: string[], scratch: string): Promise<SandboxResult> {
    const { limits } = request;
    const started = performance.now();
    return new Promise((resolvePromise) => {
      const child = spawn(argv[0], argv.slice(1), {
        cwd: scratch,
        env: { HOME: scratch, TMPDIR: scratch, ...request.env },
        detached: true, // own process group: one kill reaches every descendant that stays in it
        ...(this.bwrap && this.dropToNobody ? { uid: NOBODY, gid: NOBODY } : {}),
        stdio: ['ignore', 'pipe', 'pipe', request.kind === 'js' ? 'pipe' : 'ignore'],
      });
      trackGroup(child.pid);
      let stopped: { failure: FailureClass; error: string } | null = null;
      const stop = (failureClass: FailureClass, error: string) => {
        if (!stopped) stopped = { failure: failureClass, error };
        killGroup(child);
      };

      const logs = { stdout: new CappedText(limits.logMaxBytes), stderr: new CappedText(limits.logMaxBytes) };
      let logBytes = 0;
      const onLog = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
        logBytes += chunk.length;
        logs[which].push(chunk);
        if (logBytes > limits.logMaxBytes) stop('output-flood', `printed more than ${limits.logMaxBytes} bytes on stdout/stderr`);
      };
      child.stdout?.on('data', onLog('stdout'));
      child.stderr?.on('data', onLog('stderr'));

      const resultChunks: Buffer[] = [];
      let resultBytes = 0;
      const resultPipe = child.stdio[3] as NodeJS.ReadableStream | null;
      resultPipe?.on('data', (chunk: Buffer) => {
        resultBytes += chunk.length;
        if (resultBytes > limits.outputMaxBytes + 1024) stop('output-too-large', `returned more than ${limits.outputMaxBytes} bytes`);
        else resultChunks.push(chunk);
      });
      resultPipe?.on('error', () => {});

      const timer = setTimeout(() => stop('timeout', `still running after ${limits.timeoutMs} ms; killed`), limits.timeoutMs);
      const rssCapKb = (limits.memoryMb + 64) * 1024;
      const memoryWatch = setInterval(() => {
        const rss = treeResidentKb(child.pid);
        if (rss !== null && rss > rssCapKb) stop('memory', `resident memory above ${limits.memoryMb} MB; killed`);
      }, 50);

      let exit: { code: number | null; signal: string | null } = { code: null, signal: null };
      child.on('exit', (code, signal) => {
        exit = { code, signal };
        killGroup(child); // descendants that outlive the candidate die with it
      });
      child.on('error', (e) => stop('sandbox-error', `could not start ${argv[0]}: ${e.message}`));
      child.on('close', () => {
        untrackGroup(child.pid);
        clearTimeout(timer);
        clearInterval(memoryWatch);
        const base = {
          stdout: logs.stdout.text(),
          stderr: logs.stderr.text(),
          exitCode: exit.code,
          signal: exit.signal,
          durationMs: performance.now() - started,
        };
        if (stopped) {
          resolvePromise({ ok: false, ...stopped, ...base });
          return;
        }
        const verdict =
          request.kind === 'js'
            ? readJsResult(Buffer.concat(resultChunks).toString('utf8'), limits.outputMaxBytes)
            : readCommandResult(request, scratch, base.stdout, exit.code);
        if (!verdict.ok && verdict.failure === 'crash' && MEMORY_PATTERN.test(`${verdict.error}\n${base.stderr}`)) {
          verdict.failure = 'memory';
        } else if (!verdict.ok && verdict.failure !== 'output-too-large' && (exit.signal || (exit.code ?? 0) !== 0)) {
          verdict.failure = MEMORY_PATTERN.test(base.stderr) ? 'memory' : 'crash';
          verdict.error ??= `exited with ${exit.signal ?? `code ${exit.code}`}: ${lastLine(base.stderr)}`;
        }
        if (verdict.failure === 'memory') verdict.error = `exceeded the ${limits.memoryMb} MB memory cap (${lastLine(base.stderr) || verdict.error})`;
        resolvePromise({ ...verdict, ...base });
      });
    });
  }
}

interface Home {
  path: string;
  active: number;
  closed: boolean;
}

async function disposeHome(home: Home): Promise<void> {
  await removeHome(home.path).catch(() => {}); // what stays keeps its owner file: swept once this process is gone
}

type Verdict = Pick<SandboxResult, 'ok' | 'failure' | 'error' | 'output'>;

function readJsResult(text: string, maxBytes: number): Verdict {
  const line = text.split('\n').find((l) => l.trim().length > 0);
  if (!line) return { ok: false, failure: 'crash', error: 'the candidate ended without returning a result' };
  let message: { outputJson?: string; error?: string };
  try {
    message = JSON.parse(line);
  } catch {
    return { ok: false, failure: 'invalid-output', error: 'the result channel carried something that is not JSON' };
  }
  if (typeof message.error === 'string') return { ok: false, failure: 'crash', error: message.error.slice(0, 2000) };
  if (typeof message.outputJson !== 'string') return { ok: false, failure: 'invalid-output', error: 'no output in the result' };
  return parseOutput(message.outputJson, maxBytes);
}

function readCommandResult(request: CommandRequest, scratch: string, stdout: string, code: number | null): Verdict {
  if (code !== 0) return { ok: false, failure: 'crash', error: `exited with code ${code}` };
  const max = request.limits.outputMaxBytes;
  if (request.output === 'stdout') {
    const lines = stdout.split('\n').filter((l) => l.trim().length > 0);
    if (lines.length === 0) return { ok: false, failure: 'invalid-output', error: 'printed nothing on stdout (expected JSON on the last line)' };
    return parseOutput(lines[lines.length - 1], max);
  }
  const file = resolve(scratch, request.output.file);
  if (!file.startsWith(`${scratch}/`))
    return { ok: false, failure: 'sandbox-error', error: `output file ${request.output.file} is outside the scratch folder` };
  return parseOutput(readNoFollow(file, max + 1), max);
}

function commandArgv(request: CommandRequest, programPath: string): string[] {
  const argv = request.command.map((part) => part.replaceAll('{program}', programPath));
  const exe = argv[0];
  if (!isAbsolute(exe) && !exe.includes('/')) {
    // Looked up on the candidate's PATH, not the host's: the task decides which interpreters it may run
    // (and a host PATH full of version-manager shims would slow every evaluation down).
    const found = which(exe, request.env.PATH);
    if (!found) throw new Error(`command "${exe}" is not on the candidate's PATH (${request.env.PATH ?? 'unset'})`);
    argv[0] = found;
  }
  return argv;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // group already gone
  }
}

function failure(failureClass: FailureClass, error: string): SandboxResult {
  return { ok: false, failure: failureClass, error, stdout: '', stderr: '', exitCode: null, signal: null, durationMs: 0 };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 300);
}

/** Keeps the first `max` bytes of a stream as text. */
class CappedText {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly max: number;
  constructor(max: number) {
    this.max = max;
  }
  push(chunk: Buffer): void {
    if (this.size >= this.max) return;
    const part = chunk.subarray(0, this.max - this.size);
    this.chunks.push(part);
    this.size += part.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
