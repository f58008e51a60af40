import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOBODY, bwrapArgv, findBwrap, findPrlimit, probeBwrap, treeResidentKb } from './bwrap.ts';
import { type ResultMessage, resultVerdict } from './output.ts';
import { supportFilesProblem } from './support-files.ts';
import type { FailureClass, JsRequest, Sandbox, SandboxRequest, SandboxResult } from './types.ts';

const HOST = fileURLToPath(new URL('./isolate-host.js', import.meta.url));
/** The result serialiser the host injects into each isolate (and imports, so it needs reading too). */
const RESULT_JSON = fileURLToPath(new URL('./result-json.js', import.meta.url));
/** Extra wall-clock time the parent gives the host process before it kills it (the isolate's own timeout comes first). */
const GRACE_MS = 1500;
/** Resident memory of the host process itself, on top of the isolate's cap, before the parent kills it. */
const HOST_RSS_MB = 160;

export interface IsolateSandboxOptions {
  /** Host processes kept (default: min(4, cores)); each runs one evaluation at a time, each in a fresh isolate. */
  poolSize?: number;
  /** A host process is replaced after this many evaluations (default 200). */
  recycleAfter?: number;
  /** The Node binary for the host processes (default: the one running Kaizen). */
  nodePath?: string;
  /** The bubblewrap binary around the host processes (default: `bwrap` if installed and working; null: none). */
  bwrapPath?: string | null;
}

interface Host {
  child: ChildProcess;
  ready: Promise<void>;
  evaluations: number;
  busy: boolean;
  dead: boolean;
  pending: ((message: HostReply | null) => void) | null;
}

interface HostReply {
  id?: number;
  ready?: boolean;
  reply?: string;
  failure?: FailureClass;
  error?: string;
  stdout?: string;
}

/** Resolves isolated-vm (and node-gyp-build, which loads its binary) for the host's read grants. */
function isolatedVm(): { entry: string; readDirs: string[] } | null {
  try {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('isolated-vm');
    const gyp = require.resolve('node-gyp-build', { paths: [dirname(entry)] });
    return { entry, readDirs: [dirname(entry), dirname(gyp)] };
  } catch {
    return null;
  }
}

/** Whether the isolate backend can run here (isolated-vm installed and loadable by this Node). */
export function isolateAvailable(): boolean {
  const ivm = isolatedVm();
  if (!ivm) return false;
  try {
    createRequire(import.meta.url)(ivm.entry);
    return true;
  } catch {
    return false;
  }
}

/**
 * The isolate backend for JavaScript/TypeScript candidates: each evaluation in a fresh isolated-vm Isolate (no Node
 * API, memory cap, CPU/wall timeout, JSON in and out by copy), inside a pool of host processes started with Node's
 * permission model and an empty environment, inside bubblewrap when available. A host that times out, crashes or
 * grows too large is killed and replaced. See README.md in this folder for what it guarantees.
 */
export class IsolateSandbox implements Sandbox {
  private readonly poolSize: number;
  private readonly recycleAfter: number;
  private readonly nodePath: string;
  private readonly bwrap: string | null;
  private readonly dropToNobody: boolean;
  private readonly disableUserns: boolean;
  private readonly hosts: Host[] = [];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private readonly ivm = isolatedVm();

  constructor(options: IsolateSandboxOptions = {}) {
    this.poolSize = Math.max(1, options.poolSize ?? Math.min(4, availableParallelism()));
    this.recycleAfter = options.recycleAfter ?? 200;
    this.nodePath = options.nodePath ?? process.execPath;
    const probe = probeBwrap(options.bwrapPath === undefined ? findBwrap() : options.bwrapPath);
    this.bwrap = probe.bwrap;
    this.dropToNobody = probe.dropToNobody;
    this.disableUserns = probe.disableUserns;
  }

  /** Whether the host processes run inside bubblewrap. */
  get confined(): boolean {
    return this.bwrap !== null;
  }

  async run(request: SandboxRequest): Promise<SandboxResult> {
    const started = performance.now();
    if (request.kind !== 'js') return failure('sandbox-error', 'the isolate sandbox runs JavaScript/TypeScript candidates only', started);
    // An isolate has no file system: support files are honoured only as modules the program imports (relative paths).
    const badFiles = moduleFilesProblem(request);
    if (badFiles) return failure('sandbox-error', badFiles, started);
    if (!this.ivm) return failure('sandbox-error', 'isolated-vm is not installed: the isolate sandbox cannot run', started);
    let host: Host;
    try {
      host = await this.acquire();
    } catch (e) {
      return failure('sandbox-error', `could not start the isolate host: ${(e as Error).message}`, started);
    }
    try {
      return await this.evaluateOn(host, request, started);
    } finally {
      this.release(host);
    }
  }

  /** Process ids of the live host processes (bubblewrap's, when confined). */
  get pids(): number[] {
    return this.hosts.flatMap((h) => (h.child.pid === undefined ? [] : [h.child.pid]));
  }

  /** Stops every host process. */
  async close(): Promise<void> {
    for (const host of [...this.hosts]) this.kill(host);
  }

  private evaluateOn(host: Host, request: JsRequest, started: number): Promise<SandboxResult> {
    const { limits } = request;
    const id = this.nextId++;
    host.evaluations++;
    let argsJson: string;
    try {
      argsJson = JSON.stringify(request.args);
    } catch (e) {
      return Promise.resolve(failure('sandbox-error', `the arguments are not JSON: ${(e as Error).message}`, started));
    }
    return new Promise((resolvePromise) => {
      let stopped: { failure: FailureClass; error: string } | null = null;
      const finish = (reply: HostReply | null) => {
        clearTimeout(timer);
        clearInterval(memoryWatch);
        host.pending = null;
        const base = {
          stdout: (reply?.stdout ?? '').slice(0, limits.logMaxBytes),
          stderr: '',
          exitCode: null,
          signal: null,
          durationMs: performance.now() - started,
        };
        if (stopped) return resolvePromise({ ok: false, ...stopped, ...base });
        if (!reply) return resolvePromise({ ok: false, failure: 'crash', error: 'the isolate host died during the evaluation', ...base });
        if (reply.failure) {
          if (reply.failure === 'timeout' || reply.failure === 'memory' || reply.failure === 'sandbox-error') this.kill(host); // start clean
          return resolvePromise({ ok: false, failure: reply.failure, error: reply.error ?? reply.failure, ...base });
        }
        const verdict = readReply(reply.reply, limits.outputMaxBytes);
        resolvePromise({ ...verdict, ...base });
      };
      const stop = (failureClass: FailureClass, error: string) => {
        stopped ??= { failure: failureClass, error };
        this.kill(host);
      };
      host.pending = finish;
      const timer = setTimeout(() => stop('timeout', `still running after ${limits.timeoutMs} ms; the isolate host was killed`), limits.timeoutMs + GRACE_MS);
      const rssCapKb = (limits.memoryMb * 2 + HOST_RSS_MB) * 1024;
      const memoryWatch = setInterval(() => {
        const rss = treeResidentKb(host.child.pid);
        if (rss !== null && rss > rssCapKb) stop('memory', `the isolate host grew above ${Math.round(rssCapKb / 1024)} MB; killed`);
      }, 100);
      const typescript = /\.(c|m)?ts$/.test(request.programFile);
      host.child.send({
        id,
        code: request.code,
        programFile: request.programFile,
        typescript,
        files: (request.files ?? []).map((f) => ({ name: f.name, content: f.content })),
        exportName: request.exportName,
        argsJson,
        memoryMb: limits.memoryMb,
        timeoutMs: limits.timeoutMs,
        logMaxBytes: limits.logMaxBytes,
        outputMaxBytes: limits.outputMaxBytes,
      });
    });
  }

  private async acquire(): Promise<Host> {
    for (;;) {
      const idle = this.hosts.find((h) => !h.busy && !h.dead);
      if (idle) {
        idle.busy = true;
        holdOpen(idle, true);
        await idle.ready;
        return idle;
      }
      if (this.hosts.length < this.poolSize) {
        const host = this.spawnHost();
        host.busy = true;
        await host.ready;
        return host;
      }
      await new Promise<void>((res) => this.waiting.push(res));
    }
  }

  private release(host: Host): void {
    host.busy = false;
    holdOpen(host, false);
    if (host.evaluations >= this.recycleAfter) this.kill(host);
    this.waiting.shift()?.();
  }

  private kill(host: Host): void {
    if (!host.dead) {
      host.dead = true;
      const index = this.hosts.indexOf(host);
      if (index >= 0) this.hosts.splice(index, 1);
    }
    if (host.child.pid !== undefined) {
      try {
        process.kill(-host.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private spawnHost(): Host {
    const ivm = this.ivm as NonNullable<typeof this.ivm>;
    const nodeArgv = [
      this.nodePath,
      '--permission',
      '--allow-addons',
      `--allow-fs-read=${HOST}`,
      `--allow-fs-read=${RESULT_JSON}`,
      ...ivm.readDirs.map((d) => `--allow-fs-read=${d}/*`),
      '--allow-fs-read=/etc/alpine-release',
      '--max-old-space-size=256',
      '--disable-proto=delete',
      '--no-node-snapshot',
      HOST,
      ivm.entry,
    ];
    const argv = this.bwrap
      ? bwrapArgv({
          bwrap: this.bwrap,
          prlimit: findPrlimit(),
          readOnly: [this.nodePath, HOST, RESULT_JSON, ...ivm.readDirs],
          writable: [],
          cwd: '/tmp',
          // The host is long-lived: CPU time is limited per evaluation by the isolate and the parent's watchdog.
          limits: { addressSpaceMb: null, cpuSeconds: 24 * 3600, processes: 16, fileSizeMb: 1, openFiles: 128 },
          argv: nodeArgv,
          disableUserns: this.disableUserns,
        })
      : nodeArgv;
    const child = spawn(argv[0], argv.slice(1), {
      env: {},
      cwd: '/',
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'json',
      ...(this.bwrap && this.dropToNobody ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let markReady: () => void = () => {};
    let markFailed: (e: Error) => void = () => {};
    const ready = new Promise<void>((res, rej) => {
      markReady = res;
      markFailed = rej;
    });
    ready.catch(() => {});
    const host: Host = { child, ready, evaluations: 0, busy: false, dead: false, pending: null };
    child.on('message', (message: HostReply) => {
      if (message?.ready) markReady();
      else if (host.pending && typeof message?.id === 'number') host.pending(message);
    });
    const onGone = () => {
      markFailed(new Error('the isolate host exited during start-up'));
      this.kill(host);
      host.pending?.(null);
    };
    child.on('exit', onGone);
    child.on('error', onGone);
    this.hosts.push(host);
    return host;
  }
}

/** Support files the isolate can honour: JavaScript/TypeScript modules the program imports by relative specifier. */
const MODULE_FILE = /\.(js|mjs|ts|mts)$/;

/**
 * Why the isolate cannot take a request's support files, or null: their names follow the process backend's rules
 * (support-files.ts), and each must be a module (`.js`, `.mjs`, `.ts`, `.mts`): anything else would need a file system.
 */
function moduleFilesProblem(request: JsRequest): string | null {
  if (request.files === undefined) return null;
  const invalid = supportFilesProblem(request.files, new Map([[request.programFile, "the program's own name"]]));
  if (invalid) return invalid;
  const other = request.files.find((f) => !MODULE_FILE.test(f.name));
  if (other) {
    return `support files need the process sandbox (the isolate sandbox has no file system): ${JSON.stringify(other.name)} is not a .js/.mjs/.ts/.mts module`;
  }
  return null;
}

/** An idle host must not keep Kaizen's event loop alive; a busy one must. */
function holdOpen(host: Host, on: boolean): void {
  const channel = host.child.channel as { ref?: () => void; unref?: () => void } | undefined;
  if (on) {
    host.child.ref();
    channel?.ref?.();
  } else {
    host.child.unref();
    channel?.unref?.();
  }
}

function readReply(reply: string | undefined, maxBytes: number): Pick<SandboxResult, 'ok' | 'failure' | 'error' | 'output'> {
  if (typeof reply !== 'string') return { ok: false, failure: 'invalid-output', error: 'no result from the isolate' };
  if (reply.length > maxBytes * 4 + 1024) return { ok: false, failure: 'output-too-large', error: `returned more than ${maxBytes} bytes` };
  let message: ResultMessage;
  try {
    message = JSON.parse(reply);
  } catch {
    return { ok: false, failure: 'invalid-output', error: 'the result channel carried something that is not JSON' };
  }
  return resultVerdict(message, maxBytes);
}

function failure(failureClass: FailureClass, error: string, started: number): SandboxResult {
  return { ok: false, failure: failureClass, error, stdout: '', stderr: '', exitCode: null, signal: null, durationMs: performance.now() - started };
}
