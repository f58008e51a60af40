// What every CLI error must look like: one `kaizen: …` line on stderr, no stack trace, a non-zero exit code.
import { expect } from 'vitest';

/** One line on stderr, matching `pattern`, no stack trace, a non-zero exit code. */
export function expectOneLineError(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.status, r.stderr).not.toBe(0);
  expect(r.status).not.toBeNull();
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^kaizen: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}
