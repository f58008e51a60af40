import type { SandboxResult } from './types.ts';

export type Verdict = Pick<SandboxResult, 'ok' | 'failure' | 'error' | 'output'>;

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

/** What the JS backends' result channel carries (isolate-host.js, js-runner.js): one of these fields. */
export interface ResultMessage {
  outputJson?: unknown;
  error?: unknown;
  invalid?: unknown;
  tooLarge?: unknown;
}

/**
 * What the serialiser next to the candidate reported (result-json.js, in the isolate or the JS runner): it threw
 * (`crash`), its result cannot be serialised (`invalid-output`, saying why), was cut off past the cap
 * (`output-too-large`), or its JSON text, which is checked again here. Shared by both JS backends.
 */
export function resultVerdict(message: ResultMessage, maxBytes: number): Verdict {
  if (typeof message.error === 'string') return { ok: false, failure: 'crash', error: message.error.slice(0, 2000) };
  if (typeof message.invalid === 'string') return { ok: false, failure: 'invalid-output', error: message.invalid.slice(0, 2000) };
  if (message.tooLarge !== undefined)
    return { ok: false, failure: 'output-too-large', error: `returned more than ${maxBytes} bytes (stopped while serialising it)` };
  if (typeof message.outputJson !== 'string') return { ok: false, failure: 'invalid-output', error: 'no output in the result' };
  return parseOutput(message.outputJson, maxBytes);
}
