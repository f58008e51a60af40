// @ts-check
// Entry point of a JavaScript/TypeScript candidate's child process (plain JavaScript, so the child starts without
// Node's type stripping: that alone cost ~40 ms per evaluation). Started by the process sandbox with an empty
// environment, a scratch cwd and Node's permission model, from a copy in the sandbox's own folder (so its path tells
// the candidate nothing about the project); it imports the candidate, calls the requested export and writes the JSON
// result to fd 3, serialised with a cap (result-json.js). Nothing here is trusted by the parent: it parses and caps
// whatever arrives on fd 3.
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resultJson } from './result-json.js';

const RESULT_FD = 3;

/** @param {unknown} message */
function send(message) {
  const text = JSON.stringify(message);
  const buf = Buffer.from(`${text}\n`);
  let off = 0;
  while (off < buf.length) off += writeSync(RESULT_FD, buf, off);
}

/** Blocking writes to the stdout/stderr pipes: a flood then stalls the candidate instead of growing its heap. */
function blockingStdio() {
  for (const stream of [process.stdout, process.stderr]) {
    /** @type {{ _handle?: { setBlocking?: (b: boolean) => void } }} */ (/** @type {unknown} */ (stream))._handle?.setBlocking?.(true);
  }
}

async function main() {
  blockingStdio();
  const [programPath, requestPath] = process.argv.slice(2);
  /** @type {{ exportName: string, args: unknown[], outputMaxBytes: number }} */
  const { exportName, args, outputMaxBytes } = JSON.parse(readFileSync(requestPath, 'utf8'));
  /** @type {Record<string, any>} */
  const mod = await import(pathToFileURL(programPath).href);
  const fn = mod[exportName] ?? mod.default?.[exportName];
  if (typeof fn !== 'function') {
    send({ error: `the program has no exported function "${exportName}"` });
    return;
  }
  const value = await fn(...args);
  const result = resultJson(value, outputMaxBytes);
  send('json' in result ? { outputJson: result.json } : result);
}

main().then(
  () => process.exit(0),
  (e) => {
    const err = /** @type {Error} */ (e);
    try {
      send({ error: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`, stack: String(err?.stack ?? '').slice(0, 4000) });
    } catch {
      // fd 3 gone: the parent reports a crash from the exit code.
    }
    process.exit(1);
  },
);
