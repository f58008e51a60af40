import { tmpdir } from 'node:os';
import { IsolateSandbox, type IsolateSandboxOptions, isolateAvailable } from './isolate.ts';
import { ProcessSandbox, type ProcessSandboxOptions } from './process.ts';
import { type SweepReport, sweepScratchOnce } from './scratch.ts';
import type { Sandbox, SandboxRequest, SandboxResult } from './types.ts';

export type SandboxBackend = 'auto' | 'isolate' | 'process';

export interface CreateSandboxOptions {
  /**
   * `auto` (default): JavaScript/TypeScript candidates in the isolate backend (when isolated-vm loads; otherwise the
   * process backend), command candidates in the process backend (bubblewrap). `isolate`: JS/TS in isolates; command
   * candidates are refused. `process`: everything in the process backend.
   */
  backend?: SandboxBackend;
  process?: ProcessSandboxOptions;
  isolate?: IsolateSandboxOptions;
}

/** A sandbox that routes each request to the backend chosen for its kind. */
export class RoutingSandbox implements Sandbox {
  readonly backend: SandboxBackend;
  private processSandbox: ProcessSandbox | null = null;
  private isolateSandbox: IsolateSandbox | null = null;
  private readonly options: CreateSandboxOptions;
  private readonly useIsolate: boolean;
  /** The background clean-up of scratch folders left by killed Kaizen processes (whichever backend runs). */
  readonly swept: Promise<SweepReport>;

  constructor(options: CreateSandboxOptions = {}) {
    this.options = options;
    this.backend = options.backend ?? 'auto';
    this.useIsolate = this.backend === 'isolate' || (this.backend === 'auto' && isolateAvailable());
    this.swept = sweepScratchOnce(options.process?.scratchRoot ?? tmpdir(), options.process?.sweepDelayMs);
  }

  /** Which backend runs a request of this kind. */
  backendFor(kind: SandboxRequest['kind']): 'isolate' | 'process' | 'refused' {
    if (kind === 'js') return this.useIsolate ? 'isolate' : 'process';
    return this.backend === 'isolate' ? 'refused' : 'process';
  }

  run(request: SandboxRequest): Promise<SandboxResult> {
    const backend = this.backendFor(request.kind);
    if (backend === 'refused') {
      return Promise.resolve({
        ok: false,
        failure: 'sandbox-error',
        error: 'the isolate backend runs JavaScript/TypeScript only; use backend "auto" or "process" for commands',
        stdout: '',
        stderr: '',
        exitCode: null,
        signal: null,
        durationMs: 0,
      });
    }
    if (backend === 'isolate') {
      this.isolateSandbox ??= new IsolateSandbox(this.options.isolate);
      return this.isolateSandbox.run(request);
    }
    this.processSandbox ??= new ProcessSandbox(this.options.process);
    return this.processSandbox.run(request);
  }

  async close(): Promise<void> {
    await Promise.all([this.isolateSandbox?.close(), this.processSandbox?.close()]);
  }
}

/** The sandbox for a run: see {@link CreateSandboxOptions.backend}. */
export function createSandbox(options: CreateSandboxOptions = {}): RoutingSandbox {
  return new RoutingSandbox(options);
}
