import { spawn } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Mount, NOBODY, bwrapArgv, findBwrap, findPrlimit, probeBwrap } from './bwrap.ts';
import {
  type BuildResult,
  CompileCache,
  type CompileOutcome,
  compileKey,
  compilerIdentity,
  compilerMessage,
  defaultCompileCacheDir,
  privateDir,
  shortenPaths,
} from './compile.ts';
import { type TreeShape, TreeCpu } from './cpu.ts';
import { type ResultMessage, type Verdict, parseOutput, resultVerdict } from './output.ts';
import { supportFilesProblem as checkSupportFiles, parentFolders } from './support-files.ts';
import { StdoutLines } from './stdout-lines.ts';
import { type SweepReport, createHome, killGroup, readNoFollow, removeHome, removeTree, sweepScratchOnce, trackGroup, untrackGroup } from './scratch.ts';
import type { CommandRequest, FailureClass, JsRequest, Sandbox, SandboxLimits, SandboxRequest, SandboxResult, SupportFile } from './types.ts';
import { which } from './which.ts';

export { which } from './which.ts';

/**
 * The JS runner and the serialiser it imports: copied into each sandbox's home folder (`runner/`) and run from there, so
 * that a candidate's argv and mounts never show where Kaizen is installed (the project's path).
 */
const RUNNER_FILES = ['js-runner.js', 'result-json.js'].map((name) => ({ name, source: fileURLToPath(new URL(`./${name}`, import.meta.url)) }));
const MEMORY_PATTERN = /out of memory|heap limit|allocation failed|MemoryError|Cannot allocate memory|std::bad_alloc/i;
/** Node reserves virtual address space at start-up: it does not boot under an address-space limit below ~2 GiB. */
const NODE_MIN_ADDRESS_SPACE_MB = 2048;
/**
 * Node's private writable mappings at start-up (VmData ~575 MB on Node 24; it does not boot under RLIMIT_DATA of 512 MB):
 * its data limit is the memory cap plus this. Unlike the address space, it grows only with what the program maps.
 */
const NODE_START_DATA_MB = 1024;
/**
 * Inside bubblewrap, a JS candidate's Node binary and runner appear at these neutral paths: the host's would show where
 * Kaizen (and often its Node) is installed, i.e. the project's path.
 */
const NODE_INSIDE = '/opt/sandbox/node';
const RUNNER_INSIDE = '/opt/sandbox/runner';
/** Defaults of a compile step. */
const COMPILE_TIMEOUT_MS = 60_000;
const COMPILE_MEMORY_MB = 2048;
/** Compiler messages kept (the error shows the first 20 lines of them). */
const COMPILE_LOG_BYTES = 64_000;
/** How often the process tree is sampled: with a CPU limit, and without one (memory only, and the CPU figure). */
const CPU_POLL_MS = 10;
const MEMORY_POLL_MS = 50;
/** In `output: 'text'` mode, `result.stdout` keeps only this much of stdout (the whole text is `result.output`). */
const TEXT_STDOUT_PREFIX_BYTES = 1024;
/**
 * Runs a command candidate and then writes `times` (its children's CPU time: everything it reaped) on descriptor 3,
 * which the candidate does not inherit. Its exit status is the candidate's (128 + n for a signal).
 */
const TIMES_SCRIPT = '"$@" 3>&-; s=$?; times >&3; exit $s';
/** The JS runner's request file in the scratch folder (not a support file's name). */
const JS_REQUEST_FILE = '.kaizen-request.json';

export interface ProcessSandboxOptions {
  /**
   * Where scratch folders go (default: the OS temp folder): each sandbox keeps its evaluations' scratch folders in a
   * folder of its own there, `kaizen-sbx-<random>/`, removed on close and at exit; those of killed Kaizen
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
  /**
   * Where compiled binaries (and compile errors) are cached (default: `KAIZEN_COMPILE_CACHE`, or
   * `~/.cache/kaizen/compile`); a private folder (0700). If it cannot be used, the sandbox's own folder is used instead
   * (cached for the life of the sandbox only).
   */
  compileCacheDir?: string;
  /** Entries kept in the compile cache, least recently used removed first (default 500). */
  compileCacheEntries?: number;
  /**
   * Host paths (files or folders) bound read-only into every evaluation's view, beside the system folders: trusted
   * tools that live outside /usr and need their data at run time (e.g. TeX's /etc/texmf and /var/lib/texmf for
   * pdflatex). Each must exist. Never candidate-controlled: the sandbox's owner chooses them. Without bubblewrap
   * everything is visible anyway.
   */
  readOnlyPaths?: string[];
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
  /** Forbid nested user namespaces inside bubblewrap (`--disable-userns`, when this bubblewrap supports it). */
  private readonly disableUserns: boolean;
  /**
   * The background clean-up of scratch folders left by dead Kaizen processes under the scratch root (once per process
   * and root; it does not hold the process open: a process that ends before it starts never sees it settle).
   */
  readonly swept: Promise<SweepReport>;
  /** This sandbox's folder of scratch folders (created at the first evaluation), and the evaluations using it. */
  private home: Home | null = null;
  /** The shell that reports the CPU time of command candidates (`times`), if there is one. */
  private readonly shell: string | null;
  private readonly compileCacheDir: string;
  private readonly compileCacheEntries: number;
  private readonly readOnlyPaths: string[];
  private compileCache: CompileCache | null = null;
  /** The home folder holding the compile cache, when the configured folder could not be used. */
  private compileCacheHome: Home | null = null;

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
    this.disableUserns = probe.disableUserns;
    this.swept = sweepScratchOnce(this.scratchRoot, options.sweepDelayMs);
    this.shell = which('sh', '/usr/bin:/bin');
    this.compileCacheDir = options.compileCacheDir ?? defaultCompileCacheDir();
    this.compileCacheEntries = options.compileCacheEntries ?? 500;
    this.readOnlyPaths = [...(options.readOnlyPaths ?? [])];
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
    const badFiles = supportFilesProblem(request);
    if (badFiles) return failure('sandbox-error', badFiles);
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
      this.home ??= newHome(this.scratchRoot);
      home = this.home;
    } catch (e) {
      return failure('sandbox-error', `could not create a scratch folder in ${this.scratchRoot}: ${(e as Error).message}`);
    }
    home.active++;
    let scratch: string | null = null;
    try {
      let compiled: CompileOutcome | null = null;
      if (request.kind === 'command' && request.compile) {
        compiled = await this.compile(request, home);
        if (!compiled.ok) {
          const { compileMs, cached } = compiled;
          return { ...failure('compile-error', compiled.error), stderr: compiled.stderr, compileMs, compileCached: cached };
        }
      }
      scratch = mkdtempSync(join(home.path, 'eval-'));
      const programPath = join(scratch, request.programFile);
      writeFileSync(programPath, request.code);
      const nobody = this.bwrap !== null && this.dropToNobody;
      writeSupportFiles(scratch, request.files, nobody);
      let binaryPath: string | null = null;
      if (compiled) {
        binaryPath = join(scratch, binaryFile(request.programFile));
        copyFileSync(compiled.binary, binaryPath);
        chmodSync(binaryPath, 0o755);
        if (nobody) chownSync(binaryPath, NOBODY, NOBODY);
      }
      const argv = request.kind === 'js' ? this.jsArgv(request, scratch, programPath, home.runner) : commandArgv(request, programPath, binaryPath);
      if (nobody) {
        chownSync(scratch, NOBODY, NOBODY);
        chownSync(programPath, NOBODY, NOBODY);
      }
      const result = await this.execute(request, argv, scratch, home.runner);
      return compiled ? { ...result, compileMs: compiled.compileMs, compileCached: compiled.cached } : result;
    } catch (e) {
      return failure('sandbox-error', `the sandbox could not run the candidate: ${(e as Error).message}`);
    } finally {
      // What cannot be removed now goes with the home folder.
      if (scratch) await removeTree(scratch).catch(() => {});
      home.active--;
      if (home.closed && home.active === 0) await disposeHome(home);
    }
  }

  private jsArgv(request: JsRequest, scratch: string, programPath: string, hostRunnerDir: string): string[] {
    const requestPath = join(scratch, JS_REQUEST_FILE);
    const { exportName, args, limits } = request;
    writeFileSync(requestPath, JSON.stringify({ exportName, args, outputMaxBytes: limits.outputMaxBytes }));
    const runnerDir = this.bwrap ? RUNNER_INSIDE : hostRunnerDir;
    return [
      this.bwrap ? NODE_INSIDE : this.nodePath,
      '--permission',
      `--allow-fs-read=${scratch}/`,
      `--allow-fs-read=${runnerDir}/`,
      `--max-old-space-size=${limits.memoryMb}`,
      '--disable-proto=delete',
      join(runnerDir, 'js-runner.js'),
      programPath,
      requestPath,
    ];
  }

  /**
   * Wraps a command line in bubblewrap (limits set inside it) or, unsandboxed, in prlimit alone. `readOnly`: paths
   * outside the system folders to bind read-only (the interpreter); `mounts`: host paths bound read-only elsewhere
   * (bubblewrap only); `writable`: the one folder it may write.
   */
  private confine(
    argv: string[],
    options: { readOnly: string[]; mounts?: Mount[]; writable: string; addressSpaceMb: number; dataMb: number | null; cpuSeconds: number },
  ): string[] {
    const { addressSpaceMb: mb, dataMb, cpuSeconds } = options;
    if (this.bwrap) {
      return bwrapArgv({
        bwrap: this.bwrap,
        prlimit: this.prlimit,
        readOnly: options.readOnly.filter((p) => !p.startsWith(`${options.writable}/`)),
        mounts: options.mounts,
        writable: [options.writable],
        cwd: options.writable,
        limits: { addressSpaceMb: mb, dataMb, cpuSeconds, processes: this.maxProcesses, fileSizeMb: 64, openFiles: 256 },
        argv,
        disableUserns: this.disableUserns,
      });
    }
    if (!this.prlimit) return argv;
    const data = dataMb === null ? [] : [`--data=${dataMb * 1024 * 1024}`];
    return [this.prlimit, `--as=${mb * 1024 * 1024}`, ...data, `--cpu=${cpuSeconds}`, `--fsize=${64 * 1024 * 1024}`, '--core=0', '--nofile=256', '--', ...argv];
  }

  /** Whether a command runs Node (`node {program}`), which needs address space beyond its memory cap to start. */
  private isNode(exe: string): boolean {
    return exe === this.nodePath || /^node(js)?\d*$/.test(basename(exe));
  }

  /** Runs the candidate in its scratch folder and turns what happened into a result. */
  private async execute(request: SandboxRequest, argv: string[], scratch: string, runnerDir: string): Promise<SandboxResult> {
    const { limits } = request;
    const wrapped = request.kind === 'command' && this.shell !== null;
    const cpuLimit = limits.cpuMs;
    const node = request.kind === 'js' || this.isNode(argv[0]);
    const jsMounts = [
      { source: this.nodePath, target: NODE_INSIDE },
      { source: runnerDir, target: RUNNER_INSIDE },
    ];
    const watched = await this.spawnAndWatch({
      argv: this.confine(wrapped ? [this.shell as string, '-c', TIMES_SCRIPT, 'kaizen-sandbox', ...argv] : argv, {
        readOnly: [...(request.kind === 'js' ? [] : [argv[0]]), ...this.readOnlyPaths],
        mounts: request.kind === 'js' ? jsMounts : [],
        writable: scratch,
        // Node needs address space far beyond its memory cap, so its data limit (what it maps writable) binds instead;
        // for everything else the address space is the tighter cap (it includes the data).
        addressSpaceMb: node ? limits.memoryMb + NODE_MIN_ADDRESS_SPACE_MB : limits.memoryMb,
        dataMb: node ? limits.memoryMb + NODE_START_DATA_MB : null,
        cpuSeconds: Math.ceil((cpuLimit ?? limits.timeoutMs) / 1000) + 1,
      }),
      cwd: scratch,
      env: { HOME: scratch, TMPDIR: scratch, ...request.env, ...(cpuLimit !== undefined ? { KAIZEN_TIME_LIMIT_MS: String(cpuLimit) } : {}) },
      stdin: request.kind === 'command' ? request.stdin : undefined,
      limits,
      floodFails: true,
      stdout: request.kind !== 'command' ? 'log' : request.output === 'text' ? 'text' : request.output === 'stdout' ? 'last-line' : 'log',
      fd3: request.kind === 'js' ? 'result' : wrapped ? 'times' : 'none',
      shape: { bwrap: this.bwrap !== null, wrapper: wrapped },
    });
    const base = {
      stdout: watched.stdout,
      stderr: watched.stderr,
      exitCode: watched.exitCode,
      signal: watched.signal,
      durationMs: watched.durationMs,
      ...(watched.cpuMs !== null ? { cpuMs: watched.cpuMs } : {}),
    };
    if (watched.stopped) return { ok: false, ...watched.stopped, ...base };
    if (cpuLimit !== undefined) {
      const used = watched.cpuMs ?? 0;
      // Over the limit however it ended (RLIMIT_CPU's SIGXCPU/SIGKILL included: it fires beyond the limit).
      const xcpu = watched.signal === 'SIGXCPU' || watched.exitCode === 128 + 24;
      if (used > cpuLimit || xcpu) return { ok: false, failure: 'time-limit', error: `used ${Math.round(used)} ms of CPU, limit ${cpuLimit} ms`, ...base };
    }
    let verdict: Verdict;
    if (request.kind === 'js') verdict = readJsResult(watched.result, limits.outputMaxBytes);
    else if (request.output === 'text') verdict = watched.exitCode === 0 ? { ok: true, output: watched.text ?? '' } : { ok: false, failure: 'crash' };
    else verdict = readCommandResult(request, scratch, watched.lastLine, watched.exitCode);
    if (!verdict.ok && verdict.failure === 'crash' && MEMORY_PATTERN.test(`${verdict.error}\n${base.stderr}`)) {
      verdict.failure = 'memory';
    } else if (!verdict.ok && verdict.failure !== 'output-too-large' && (watched.signal || (watched.exitCode ?? 0) !== 0)) {
      verdict.failure = MEMORY_PATTERN.test(base.stderr) ? 'memory' : 'crash';
      verdict.error ??= `exited with ${watched.signal ?? `code ${watched.exitCode}`}: ${lastLine(base.stderr)}`;
    }
    if (verdict.failure === 'memory') verdict.error = `exceeded the ${limits.memoryMb} MB memory cap (${lastLine(base.stderr) || verdict.error})`;
    return { ...verdict, ...base };
  }

  /** The compiled binary of a request with a compile step: from the cache, or compiled now (once for concurrent requests). */
  private async compile(request: CommandRequest, home: Home): Promise<CompileOutcome> {
    const step = request.compile as NonNullable<CommandRequest['compile']>;
    if (step.command.length === 0) return { ok: false, error: 'the compile command is empty', stderr: '', compileMs: 0, cached: false };
    const compiler = resolveExecutable(step.command[0], request.env.PATH);
    const key = compileKey({
      command: step.command,
      programFile: request.programFile,
      code: request.code,
      compiler: await compilerIdentity(compiler),
      files: request.files,
    });
    // A fallback cache lives in the sandbox's home folder: gone with it when the sandbox is closed.
    if (this.compileCacheHome && this.compileCacheHome !== home) this.compileCache = this.compileCacheHome = null;
    if (!this.compileCache) {
      let dir: string;
      try {
        dir = privateDir(this.compileCacheDir);
      } catch (e) {
        if (!warnedCompileCache) {
          warnedCompileCache = true;
          process.emitWarning(`compile cache ${this.compileCacheDir} unusable (${(e as Error).message}); caching in the sandbox's folder only`, {
            code: 'KAIZEN_COMPILE_CACHE',
          });
        }
        dir = privateDir(join(home.path, 'compile-cache'));
        this.compileCacheHome = home;
      }
      this.compileCache = new CompileCache(dir, this.compileCacheEntries);
    }
    return this.compileCache.obtain(key, () => this.runCompiler(request, compiler, home));
  }

  /** Compiles in a scratch folder of its own, confined like a candidate (the source is the candidate's). */
  private async runCompiler(request: CommandRequest, compiler: string, home: Home): Promise<BuildResult> {
    const step = request.compile as NonNullable<CommandRequest['compile']>;
    const timeoutMs = step.timeoutMs ?? COMPILE_TIMEOUT_MS;
    const memoryMb = step.memoryMb ?? COMPILE_MEMORY_MB;
    const dir = mkdtempSync(join(home.path, 'compile-'));
    const cleanup = () => removeTree(dir).catch(() => {});
    let keep = false; // a binary stays until the cache has copied it
    try {
      const source = join(dir, request.programFile);
      const binary = join(dir, binaryFile(request.programFile));
      writeFileSync(source, request.code);
      const nobody = this.bwrap !== null && this.dropToNobody;
      // Beside the source, as in the scratch folder: headers it includes.
      writeSupportFiles(dir, request.files, nobody);
      if (nobody) {
        chownSync(dir, NOBODY, NOBODY);
        chownSync(source, NOBODY, NOBODY);
      }
      const argv = step.command.map((part) => part.replaceAll('{program}', source).replaceAll('{binary}', binary));
      argv[0] = compiler;
      const watched = await this.spawnAndWatch({
        argv: this.confine(argv, { readOnly: [compiler], writable: dir, addressSpaceMb: memoryMb, dataMb: null, cpuSeconds: Math.ceil(timeoutMs / 1000) + 1 }),
        cwd: dir,
        env: { PATH: request.env.PATH ?? '/usr/bin:/bin', HOME: dir, TMPDIR: dir, LC_ALL: 'C' },
        limits: { timeoutMs, memoryMb, outputMaxBytes: 0, logMaxBytes: COMPILE_LOG_BYTES },
        floodFails: false,
        stdout: 'log',
        fd3: 'none',
        shape: { bwrap: this.bwrap !== null, wrapper: false },
      });
      const compileMs = Math.round(watched.durationMs);
      const stderr = shortenPaths(`${watched.stderr}${watched.stdout ? `\n${watched.stdout}` : ''}`, dir).trim();
      if (watched.stopped?.failure === 'sandbox-error') throw new Error(watched.stopped.error);
      if (watched.stopped) {
        const why =
          watched.stopped.failure === 'timeout'
            ? `the compiler ran longer than ${timeoutMs} ms; killed`
            : watched.stopped.failure === 'memory'
              ? `the compiler used more than ${memoryMb} MB; killed`
              : watched.stopped.error;
        return { ok: false, error: why, stderr, compileMs, cacheable: false };
      }
      if (watched.exitCode !== 0) {
        const message = compilerMessage(stderr, dir) || `the compiler exited with ${watched.signal ?? `code ${watched.exitCode}`}`;
        return { ok: false, error: message, stderr, compileMs, cacheable: watched.signal === null && (watched.exitCode ?? 0) < 128 };
      }
      let isFile = false;
      try {
        isFile = lstatSync(binary).isFile();
      } catch {}
      if (!isFile) return { ok: false, error: `the compile command wrote no binary at {binary}`, stderr, compileMs, cacheable: false };
      keep = true;
      return { ok: true, binary, compileMs, cleanup };
    } finally {
      if (!keep) await cleanup();
    }
  }

  private spawnAndWatch(spec: WatchSpec): Promise<Watched> {
    const { limits, argv } = spec;
    const started = performance.now();
    return new Promise((resolvePromise) => {
      const child = spawn(argv[0], argv.slice(1), {
        cwd: spec.cwd,
        env: spec.env,
        detached: true, // own process group: one kill reaches every descendant that stays in it
        ...(this.bwrap && this.dropToNobody ? { uid: NOBODY, gid: NOBODY } : {}),
        stdio: [spec.stdin !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe', spec.fd3 === 'none' ? 'ignore' : 'pipe'],
      });
      trackGroup(child.pid);
      let stopped: { failure: FailureClass; error: string } | null = null;
      const stop = (failureClass: FailureClass, error: string) => {
        if (!stopped) stopped = { failure: failureClass, error };
        killGroup(child);
      };
      if (spec.stdin !== undefined && child.stdin) {
        child.stdin.on('error', () => {}); // EPIPE: a candidate that does not read its input is not the sandbox's failure
        child.stdin.end(spec.stdin);
      }

      const logs = { stdout: new CappedText(limits.logMaxBytes), stderr: new CappedText(limits.logMaxBytes) };
      let logBytes = 0;
      // Output on stdout's last line: that line is capped by outputMaxBytes, the lines before it are log.
      const lines = spec.stdout === 'last-line' ? new StdoutLines(limits.outputMaxBytes) : null;
      const onLog = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        logs[stream].push(chunk);
        if (lines && stream === 'stdout') lines.push(chunk);
        else logBytes += chunk.length;
        if (!spec.floodFails || logBytes + (lines?.logBytes ?? 0) <= limits.logMaxBytes) return;
        // A line past the output cap that would also pass the log cap: too long for an answer (or an endless line).
        if (lines?.writingOverLine) stop('output-too-large', `printed a line of more than ${limits.outputMaxBytes} bytes on stdout`);
        else stop('output-flood', `printed more than ${limits.logMaxBytes} bytes on stdout/stderr`);
      };
      // Text output: stdout is the result (capped by outputMaxBytes), apart from the log cap; the log keeps a prefix.
      const text =
        spec.stdout === 'text' ? { chunks: [] as Buffer[], bytes: 0, prefix: new CappedText(Math.min(TEXT_STDOUT_PREFIX_BYTES, limits.logMaxBytes)) } : null;
      if (text) {
        child.stdout?.on('data', (chunk: Buffer) => {
          text.bytes += chunk.length;
          text.prefix.push(chunk);
          if (text.bytes > limits.outputMaxBytes) stop('output-too-large', `printed more than ${limits.outputMaxBytes} bytes on stdout`);
          else text.chunks.push(chunk);
        });
      } else child.stdout?.on('data', onLog('stdout'));
      child.stderr?.on('data', onLog('stderr'));

      const fd3Chunks: Buffer[] = [];
      let fd3Bytes = 0;
      const fd3Max = spec.fd3 === 'result' ? limits.outputMaxBytes + 1024 : 4096;
      const fd3 = child.stdio[3] as NodeJS.ReadableStream | null;
      fd3?.on('data', (chunk: Buffer) => {
        fd3Bytes += chunk.length;
        if (fd3Bytes <= fd3Max) fd3Chunks.push(chunk);
        else if (spec.fd3 === 'result') stop('output-too-large', `returned more than ${limits.outputMaxBytes} bytes`);
        // `times`: beyond a few lines it is the candidate writing through /proc; the poll's figure stands.
      });
      fd3?.on('error', () => {});

      const cpuLimit = limits.cpuMs;
      const timer = setTimeout(
        () =>
          cpuLimit !== undefined
            ? stop('time-limit', `still running after ${limits.timeoutMs} ms of wall clock (CPU limit ${cpuLimit} ms); killed`)
            : stop('timeout', `still running after ${limits.timeoutMs} ms; killed`),
        limits.timeoutMs,
      );
      const tree = child.pid !== undefined ? new TreeCpu(child.pid, spec.shape) : null;
      const rssCapKb = (limits.memoryMb + 64) * 1024;
      const watch = setInterval(
        () => {
          if (!tree) return;
          const cpu = tree.sample();
          if (tree.rssKb !== null && tree.rssKb > rssCapKb) stop('memory', `resident memory above ${limits.memoryMb} MB; killed`);
          if (cpuLimit !== undefined && cpu > cpuLimit) stop('time-limit', `used ${Math.round(cpu)} ms of CPU, limit ${cpuLimit} ms; killed`);
        },
        cpuLimit !== undefined ? CPU_POLL_MS : MEMORY_POLL_MS,
      );

      let exit: { code: number | null; signal: string | null } = { code: null, signal: null };
      child.on('exit', (code, signal) => {
        exit = { code, signal };
        killGroup(child); // descendants that outlive the candidate die with it
      });
      child.on('error', (e) => stop('sandbox-error', `could not start ${argv[0]}: ${e.message}`));
      child.on('close', () => {
        untrackGroup(child.pid);
        clearTimeout(timer);
        clearInterval(watch);
        const fd3Text = Buffer.concat(fd3Chunks).toString('utf8');
        const reported = spec.fd3 === 'times' ? timesMs(fd3Text) : null;
        const polled = tree && tree.samples > 0 ? tree.cpuMs : null;
        const cpuMs = reported === null && polled === null ? null : Math.round(Math.max(reported ?? 0, polled ?? 0));
        resolvePromise({
          stopped,
          stdout: text ? text.prefix.text() : logs.stdout.text(),
          stderr: logs.stderr.text(),
          text: text ? Buffer.concat(text.chunks).toString('utf8') : null,
          lastLine: lines ? lines.lastLine() : null,
          result: spec.fd3 === 'result' ? fd3Text : '',
          exitCode: exit.code,
          signal: exit.signal,
          durationMs: performance.now() - started,
          cpuMs,
        });
      });
    });
  }
}

let warnedCompileCache = false;

interface WatchSpec {
  /** The whole command line (confined). */
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin?: string;
  limits: SandboxLimits;
  /** Beyond `logMaxBytes` of stdout/stderr: stop with `output-flood` (true) or just keep the first bytes (false). */
  floodFails: boolean;
  /**
   * What stdout is: log (capped with stderr by `logMaxBytes`), the output text (`text`: up to `outputMaxBytes`,
   * beyond: `output-too-large`), or log lines and then the output line (`last-line`: see stdout-lines.ts).
   */
  stdout: 'log' | 'text' | 'last-line';
  /** Descriptor 3: the JS runner's result channel, the `times` report of the command wrapper, or nothing. */
  fd3: 'result' | 'times' | 'none';
  shape: TreeShape;
}

interface Watched {
  stopped: { failure: FailureClass; error: string } | null;
  stdout: string;
  stderr: string;
  text: string | null;
  /** With `stdout: 'last-line'`: the output line (`'over'`: longer than `outputMaxBytes`; null: none). */
  lastLine: string | 'over' | null;
  result: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** The larger of the tree's sampled CPU time and what the `times` wrapper reported (null: neither measured). */
  cpuMs: number | null;
}

/**
 * The CPU time in a `times` report (`0m0.010000s 0m0.000000s`, one line for the shell, one for its children): the
 * largest user + system of any line. The candidate could write lines of its own through /proc: taking the largest means
 * that can only raise its figure, never lower it.
 */
export function timesMs(text: string): number | null {
  let best: number | null = null;
  for (const m of text.matchAll(/(\d+)m(\d+(?:\.\d+)?)s\s+(\d+)m(\d+(?:\.\d+)?)s/g)) {
    const ms = (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
    if (Number.isFinite(ms)) best = Math.max(best ?? 0, ms);
  }
  return best;
}

/** The binary's file name in the scratch folder: the program's without its extension (`program.cpp` → `program`). */
function binaryFile(programFile: string): string {
  const stem = programFile.slice(0, programFile.length - extname(programFile).length);
  return stem && stem !== programFile ? stem : `${programFile}.bin`;
}

/**
 * Why a request's support files cannot be written beside its program, or null (see support-files.ts): each a relative
 * path (`data.js`, `lib/search.js`: segments of letters, digits, _ . -; no leading `/`, no backslash, no empty, `.` or
 * `..` segment; at most 8 segments), listed once, not a name the sandbox uses (the program, its binary, the JS runner's
 * request, the output file), and no name both a file and a folder (`a` and `a/b`).
 */
function supportFilesProblem(request: SandboxRequest): string | null {
  const reserved = new Map<string, string>([[request.programFile, "the program's own name"]]);
  if (request.kind === 'js') reserved.set(JS_REQUEST_FILE, "the name of the runner's request file");
  else {
    if (request.compile) reserved.set(binaryFile(request.programFile), "the compiled binary's name");
    if (typeof request.output === 'object') reserved.set(request.output.file, "the output file's name");
  }
  return checkSupportFiles(request.files, reserved);
}

/**
 * Writes support files into `dir` (validated by {@link supportFilesProblem}), read-only (0444), creating the folders
 * they need (0755); all of them uid 65534's with `nobody`, like the scratch folder.
 */
function writeSupportFiles(dir: string, files: readonly SupportFile[] | undefined, nobody: boolean): void {
  const made = new Set<string>();
  for (const file of files ?? []) {
    for (const folder of parentFolders(file.name)) {
      if (made.has(folder)) continue;
      made.add(folder);
      const path = join(dir, folder);
      mkdirSync(path, { mode: 0o755 });
      chmodSync(path, 0o755);
      if (nobody) chownSync(path, NOBODY, NOBODY);
    }
    const path = join(dir, file.name);
    writeFileSync(path, file.content, { flag: 'wx', mode: 0o444 });
    chmodSync(path, 0o444);
    if (nobody) chownSync(path, NOBODY, NOBODY);
  }
}

interface Home {
  path: string;
  /** The folder of the JS runner's copy (`<home>/runner`). */
  runner: string;
  active: number;
  closed: boolean;
}

/** A new home folder with the JS runner copied in: read-only files (0444) in a folder with a package.json saying ESM. */
function newHome(scratchRoot: string): Home {
  const path = createHome(scratchRoot);
  const runner = join(path, 'runner');
  mkdirSync(runner, { mode: 0o755 });
  chmodSync(runner, 0o755);
  writeFileSync(join(runner, 'package.json'), '{ "type": "module" }\n', { mode: 0o444 });
  for (const file of RUNNER_FILES) writeFileSync(join(runner, file.name), readFileSync(file.source), { mode: 0o444 });
  return { path, runner, active: 0, closed: false };
}

async function disposeHome(home: Home): Promise<void> {
  await removeHome(home.path).catch(() => {}); // what stays keeps its owner file: swept once this process is gone
}

function readJsResult(text: string, maxBytes: number): Verdict {
  const line = text.split('\n').find((l) => l.trim().length > 0);
  if (!line) return { ok: false, failure: 'crash', error: 'the candidate ended without returning a result' };
  let message: ResultMessage;
  try {
    message = JSON.parse(line);
  } catch {
    return { ok: false, failure: 'invalid-output', error: 'the result channel carried something that is not JSON' };
  }
  return resultVerdict(message, maxBytes);
}

function readCommandResult(request: CommandRequest, scratch: string, lastLine: string | 'over' | null, code: number | null): Verdict {
  if (code !== 0) return { ok: false, failure: 'crash', error: `exited with code ${code}` };
  const max = request.limits.outputMaxBytes;
  if (request.output === 'stdout') {
    if (lastLine === null) return { ok: false, failure: 'invalid-output', error: 'printed nothing on stdout (expected JSON on the last line)' };
    if (lastLine === 'over') return { ok: false, failure: 'output-too-large', error: `output larger than ${max} bytes (stdout's last line)` };
    return parseOutput(lastLine, max);
  }
  if (typeof request.output !== 'object') return { ok: false, failure: 'sandbox-error', error: `unknown output mode ${String(request.output)}` };
  const file = resolve(scratch, request.output.file);
  if (!file.startsWith(`${scratch}/`))
    return { ok: false, failure: 'sandbox-error', error: `output file ${request.output.file} is outside the scratch folder` };
  return parseOutput(readNoFollow(file, max + 1), max);
}

function commandArgv(request: CommandRequest, programPath: string, binaryPath: string | null): string[] {
  const argv = request.command.map((part) => part.replaceAll('{program}', programPath));
  if (argv.some((part) => part.includes('{binary}'))) {
    if (binaryPath === null) throw new Error('the command uses {binary} but the request has no compile step');
    for (let i = 0; i < argv.length; i++) argv[i] = argv[i].replaceAll('{binary}', binaryPath);
  }
  argv[0] = resolveExecutable(argv[0], request.env.PATH);
  return argv;
}

/**
 * An executable named without a path is looked up on the candidate's PATH, not the host's: the task decides which
 * interpreters it may run (and a host PATH full of version-manager shims would slow every evaluation down).
 */
function resolveExecutable(exe: string, path: string | undefined): string {
  if (isAbsolute(exe) || exe.includes('/')) return exe;
  const found = which(exe, path);
  if (!found) throw new Error(`command "${exe}" is not on the candidate's PATH (${path ?? 'unset'})`);
  return found;
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
