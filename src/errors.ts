/**
 * An error the user can cause and fix (a malformed config, a missing file, a bad flag).
 * The message names the file, field or candidate and says what to do; the CLI prints it without a stack trace.
 */
export class KaizenError extends Error {
  override readonly name = 'KaizenError';
}
