import type { SandboxRequest, SandboxResult } from '../sandbox/types.ts';
import { sha256 } from '../util/hash.ts';

/** The BullMQ queue evaluation jobs go through unless a name is given. */
export const DEFAULT_QUEUE_NAME = 'kaizen-evaluations';

/** What travels with each job: the sandbox request and the content hash of the coordinator's task files. */
export interface EvaluationJobData {
  taskHash: string;
  request: SandboxRequest;
}

export type EvaluationJobResult = SandboxResult;

/** Keys sorted at every level, so equal requests serialize (and hash) equally. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * The job id of a request: a hash of the coordinator's scope, the task files' hash and the request. The same candidate sent twice (a retry,
 * a duplicate delivery) is the same job, so BullMQ runs it once and both waits get its result. BullMQ refuses
 * integer-like ids and ':' in ids; the prefix and hex digits avoid both.
 */
export function evaluationJobId(scope: string, taskHash: string, request: SandboxRequest): string {
  return `eval-${sha256(`${scope}\n${taskHash}\n${canonical(request)}`)}`;
}

/** A SandboxResult for a failure of the queue itself (not of the candidate). */
export function queueFailure(error: string, durationMs = 0): SandboxResult {
  return { ok: false, failure: 'sandbox-error', error, stdout: '', stderr: '', exitCode: null, signal: null, durationMs };
}
