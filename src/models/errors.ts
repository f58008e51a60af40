// Typed failures of model calls, so the loop (and the doctor) can tell "retry later" from "fix your config".

export type ModelErrorKind =
  | 'timeout' // no answer within the deadline
  | 'rate-limit' // HTTP 429
  | 'server' // HTTP 5xx
  | 'network' // connection refused/reset, DNS
  | 'auth' // missing key, HTTP 401/403
  | 'bad-request' // other HTTP 4xx (400, 404 model not found, …): retrying will not help
  | 'bad-response' // the provider answered something unusable (not JSON, truncated, no choices)
  | 'circuit-open' // the model is resting after repeated failures
  | 'aborted'; // the caller cancelled

export class ModelError extends Error {
  override readonly name = 'ModelError';
  readonly kind: ModelErrorKind;
  /** Spec id of the model, e.g. `openai:gpt-5-mini`. */
  readonly model: string;
  readonly status: number | undefined;
  /** How long the provider asked us to wait (HTTP retry-after), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(kind: ModelErrorKind, model: string, message: string, opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(`${model}: ${message}`, { cause: opts.cause });
    this.kind = kind;
    this.model = model;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }

  /** Worth another attempt after a pause. */
  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'rate-limit' || this.kind === 'server' || this.kind === 'network';
  }
}
