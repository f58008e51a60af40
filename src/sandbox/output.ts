import type { SandboxResult } from './types.ts';

type Verdict = Pick<SandboxResult, 'ok' | 'failure' | 'error' | 'output'>;

/** Deeper JSON than this is refused: the judge and the record walk outputs recursively. */
export const MAX_OUTPUT_DEPTH = 256;

/** Nesting depth of a JSON text (brackets outside strings), stopping as soon as it passes `limit`. */
export function jsonDepth(json: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/**
 * Parses a candidate's output: size cap, depth cap, then JSON.parse (which defines `__proto__` as a plain own
 * property, never as the prototype, so an output cannot pollute the host's prototypes).
 */
export function parseOutput(json: string | null, maxBytes: number): Verdict {
  if (json === null) return { ok: false, failure: 'invalid-output', error: 'the output file was not written (or is not a regular file)' };
  if (Buffer.byteLength(json) > maxBytes) return { ok: false, failure: 'output-too-large', error: `output larger than ${maxBytes} bytes` };
  if (jsonDepth(json, MAX_OUTPUT_DEPTH) > MAX_OUTPUT_DEPTH) {
    return { ok: false, failure: 'invalid-output', error: `output nested deeper than ${MAX_OUTPUT_DEPTH} levels` };
  }
  try {
    return { ok: true, output: JSON.parse(json) };
  } catch (e) {
    return { ok: false, failure: 'invalid-output', error: `output is not JSON: ${(e as Error).message}` };
  }
}
