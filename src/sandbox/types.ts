/** How an evaluation in the sandbox ended. Everything but `ok` is a failure class recorded with the program. */
export const FAILURE_CLASSES = [
  'timeout', // wall-clock limit reached; the whole process group was killed
  'memory', // memory cap reached
  'output-flood', // stdout/stderr beyond the cap; killed
  'output-too-large', // the returned output beyond outputMaxBytes (a JS result: stopped while it is serialised)
  'invalid-output', // no output, output that is not JSON, or a JS result that cannot be serialised (cyclic, too deep, BigInt)
  'crash', // the candidate threw or exited non-zero
  'sandbox-error', // the sandbox itself could not run the candidate
  'time-limit', // CPU time of the whole process tree beyond limits.cpuMs (or, with cpuMs set, the wall clock reached); killed
  'compile-error', // the compile step (CommandRequest.compile) failed: `error` holds the compiler's first lines
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface SandboxLimits {
  /** Wall-clock cap. Reaching it is `timeout`, or `time-limit` when `cpuMs` is set. */
  timeoutMs: number;
  memoryMb: number;
  outputMaxBytes: number;
  logMaxBytes: number;
  /**
   * CPU-time cap (user + system) of the whole process tree, forked children included (process backend). Beyond it:
   * `time-limit`. The candidate sees it as `KAIZEN_TIME_LIMIT_MS`; RLIMIT_CPU is set to `ceil(cpuMs / 1000) + 1` s.
   */
  cpuMs?: number;
}

export interface SandboxRequestBase {
  /** The candidate's source, written into a fresh scratch folder as `programFile`. */
  code: string;
  programFile: string;
  limits: SandboxLimits;
  /** The whole environment the candidate sees. */
  env: Record<string, string>;
  /**
   * Support files written beside the program before it runs (read-only, mode 0444), e.g. a trainer module the program
   * imports; a compile step sees them too (headers). Names are paths relative to the program's folder, folders allowed
   * (`data.js`, `lib/search.js`): segments of letters, digits, _ . -, no leading `/`, no backslash, no empty, `.` or
   * `..` segment, at most 8 segments; not the program's own name (nor another name the sandbox uses), and no name both
   * a file and a folder (`a` and `a/b`). The isolate backend takes only JavaScript/TypeScript modules (`.js`, `.mjs`,
   * `.ts`, `.mts`), which the program and each other import with relative specifiers (`./data.js`, `../lib/x.mjs`); any
   * other file needs the process backend. Inline content: requests travel as JSON to queue workers.
   */
  files?: SupportFile[];
}

/** A trusted file of the task, written into the candidate's scratch folder beside its program. */
export interface SupportFile {
  /** Path relative to the program's folder, e.g. `lib/search.js` (see {@link SandboxRequestBase.files}). */
  name: string;
  content: string;
}

/** Import a JavaScript/TypeScript module and call one export with JSON arguments. */
export interface JsRequest extends SandboxRequestBase {
  kind: 'js';
  exportName: string;
  args: unknown[];
}

/**
 * Run a command (`{program}` replaced by the program's path, `{binary}` by the compiled binary's) and read JSON from
 * stdout's last line or a file (`'stdout'`, `{ file }`), or take stdout as it is (`'text'`: `output` is a string).
 */
export interface CommandRequest extends SandboxRequestBase {
  kind: 'command';
  command: string[];
  output: 'stdout' | 'text' | { file: string };
  /** Written to the candidate's stdin, which is then closed (a candidate that does not read it is fine). */
  stdin?: string;
  /** Build the program first, in the same confinement; the binary is cached by source and compiler (see README.md). */
  compile?: CompileStep;
}

/** A compile step: `{program}` is the source's path, `{binary}` the path the binary must be written to. */
export interface CompileStep {
  command: string[];
  /** Wall-clock cap of the compile (default 60 000 ms). */
  timeoutMs?: number;
  /** Memory cap of the compiler (default 2048 MB). */
  memoryMb?: number;
}

export type SandboxRequest = JsRequest | CommandRequest;

export interface SandboxResult {
  ok: boolean;
  failure?: FailureClass;
  /** One line on what went wrong, for feedback and the record. */
  error?: string;
  output?: unknown;
  /** Captured stdout/stderr, truncated to the log cap. */
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /** CPU time (user + system, ms) of the candidate's whole process tree, for process-backend runs where measurable. */
  cpuMs?: number;
  /** With a compile step: how long the compile took (the original compile's duration when cached). */
  compileMs?: number;
  /** With a compile step: whether the binary (or the compile error) came from the cache. */
  compileCached?: boolean;
}

/** Where candidates run. Later backends (isolates, namespaces, remote workers) implement the same interface. */
export interface Sandbox {
  run(request: SandboxRequest): Promise<SandboxResult>;
  /** Remote executors (a work queue): workers, queue depth and jobs in flight, for progress displays. */
  snapshot?(): Promise<ExecutorSnapshot>;
}

/** How busy a remote executor is: what progress displays and the dashboard show while a run farms out evaluations. */
export interface ExecutorStats {
  /** Jobs queued and not yet taken by a worker. */
  waiting: number;
  /** Jobs a worker is evaluating now. */
  active: number;
  /** Jobs waiting for a retry after a failed delivery. */
  delayed: number;
  /** Jobs that failed every delivery (kept for a day). */
  failed: number;
  /** Jobs completed (kept for a day). */
  completed: number;
  /** Workers connected to the queue. */
  workers: number;
}

/** What a remote executor reports; the coordinator stores it in run_state (executor/stats.ts, EXECUTOR_STATE_KEY) every few seconds during a run. */
export interface ExecutorSnapshot extends ExecutorStats {
  /** `redis` or `postgres`: where the BullMQ queue lives. */
  backend: 'redis' | 'postgres';
  /** The queue's location without any password, and its name. */
  location: string;
  queue: string;
  /** This coordinator's evaluations in flight (sent and not yet returned). */
  inFlight: number;
  /** When the snapshot was taken (ISO time); a stale one means the coordinator stopped. */
  at: string;
}
