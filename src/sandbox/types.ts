/** How an evaluation in the sandbox ended. Everything but `ok` is a failure class recorded with the program. */
export const FAILURE_CLASSES = [
  'timeout', // wall-clock limit reached; the whole process group was killed
  'memory', // memory cap reached
  'output-flood', // stdout/stderr beyond the cap; killed
  'output-too-large', // the returned output beyond its cap
  'invalid-output', // no output, or output that is not JSON
  'crash', // the candidate threw or exited non-zero
  'sandbox-error', // the sandbox itself could not run the candidate
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
  outputMaxBytes: number;
  logMaxBytes: number;
}

export interface SandboxRequestBase {
  /** The candidate's source, written into a fresh scratch folder as `programFile`. */
  code: string;
  programFile: string;
  limits: SandboxLimits;
  /** The whole environment the candidate sees. */
  env: Record<string, string>;
}

/** Import a JavaScript/TypeScript module and call one export with JSON arguments. */
export interface JsRequest extends SandboxRequestBase {
  kind: 'js';
  exportName: string;
  args: unknown[];
}

/** Run a command (`{program}` replaced by the program's path) and read JSON from stdout's last line or a file. */
export interface CommandRequest extends SandboxRequestBase {
  kind: 'command';
  command: string[];
  output: 'stdout' | { file: string };
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
