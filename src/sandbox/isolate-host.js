// @ts-check
// The process that hosts isolated-vm isolates for the isolate sandbox (plain JavaScript: it starts without type
// stripping). Started by src/sandbox/isolate.ts with an empty environment, Node's permission model (read access to
// this file and isolated-vm only, no writes, no child processes, no workers), inside bubblewrap when available.
// Every request gets a fresh Isolate with no Node API at all: the candidate sees plain ECMAScript plus a capped
// `console`. Values cross the isolate boundary only as JSON strings; no Reference or Callback is ever handed in. The
// program may import its module files (sent inline with the request) by relative specifier; nothing else.
import { createRequire, stripTypeScriptTypes } from 'node:module';
import { resultJson } from './result-json.js';

const ivmPath = process.argv[2];
/** @type {any} */
const ivm = createRequire(import.meta.url)(ivmPath);

/** Runs inside the isolate before the candidate: a console that keeps at most `max` characters of text. */
const PRELUDE = `(() => {
  const max = __kaizenLogMax;
  delete globalThis.__kaizenLogMax;
  let size = 0;
  let flooded = false;
  const parts = [];
  const fmt = (v) => {
    if (typeof v === 'string') return v;
    try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch { return String(v); }
  };
  const log = (...args) => {
    if (flooded) throw new Error('printed more than the log cap');
    const line = args.map(fmt).join(' ') + '\\n';
    size += line.length;
    if (size > max) { flooded = true; parts.push(line.slice(0, Math.max(0, max - (size - line.length)))); throw new Error('printed more than the log cap'); }
    parts.push(line);
  };
  const console = { log, info: log, warn: log, error: log, debug: log, trace: log };
  Object.defineProperty(globalThis, 'console', { value: console, writable: true, configurable: true });
  Object.defineProperty(globalThis, '__kaizenLogs', { value: () => JSON.stringify({ text: parts.join(''), flooded }) });
})();`;

/** The isolate's own CPU timeout comes first (it leaves the isolate readable for the logs); this catches the rest. */
const WALL_GRACE_MS = 250;

/**
 * Calls the export and serialises its result inside the isolate, capped at the output size (result-json.js), so an
 * over-size result never leaves it. The reply is a JSON envelope: `{ outputJson }`, `{ error }` (threw or no such
 * export), `{ invalid }` (cannot be serialised) or `{ tooLarge }` (characters counted before it stopped).
 */
const DRIVER = `(async () => {
  const resultJson = ${resultJson.toString()};
  const ns = __kaizenNs;
  const name = __kaizenExport;
  const argsJson = __kaizenArgs;
  const outputMax = __kaizenOutputMax;
  delete globalThis.__kaizenNs;
  delete globalThis.__kaizenExport;
  delete globalThis.__kaizenArgs;
  delete globalThis.__kaizenOutputMax;
  const fn = ns[name] ?? ns.default?.[name];
  if (typeof fn !== 'function') return JSON.stringify({ error: 'the program has no exported function "' + name + '"' });
  const value = await fn(...JSON.parse(argsJson));
  const result = resultJson(value, outputMax);
  return JSON.stringify('json' in result ? { outputJson: result.json } : result);
})()`;

/** The reply envelope's largest size: the output escaped once more (at most twice as long) and the envelope. */
const replyMaxChars = (/** @type {number} */ outputMaxBytes) => outputMaxBytes * 2 + 1024;

/** The virtual folder the program and its module files live in: the program is `file:///sandbox/<programFile>`. */
const ROOT = 'file:///sandbox/';
/** Module files: the program's support files it may import (the parent sends only these). */
const MODULE_FILE = /\.(js|mjs|ts|mts)$/;
const TYPESCRIPT_FILE = /\.(c|m)?ts$/;

/** A module's path inside the virtual root (`lib/x.js`), or null for a URL outside it (or with a query or fragment). */
function pathInRoot(/** @type {URL} */ url) {
  if (url.search || url.hash || !url.href.startsWith(ROOT)) return null;
  try {
    return decodeURIComponent(url.href.slice(ROOT.length));
  } catch {
    return null;
  }
}

/**
 * Links the program with its module files: relative specifiers (`./x.js`, `../lib/y.mjs`) resolve against the
 * importing module's path in the virtual root; each module is compiled once (a module imported twice is one
 * instance). Anything else — bare names (`fs`, `node:fs`), absolute paths and URLs, a path outside the root — is
 * refused, and so is a path that is not among the files.
 * @param {any} isolate
 * @param {any} program the program's compiled module
 * @param {string} programPath
 * @param {{ name: string, content: string }[]} files
 */
function linker(isolate, program, programPath, files) {
  /** @type {Map<string, string>} */
  const sources = new Map();
  for (const file of files) if (MODULE_FILE.test(file.name)) sources.set(file.name, file.content);
  /** @type {Map<string, any>} */
  const byPath = new Map([[programPath, program]]);
  /** @type {Map<any, string>} */
  const pathOf = new Map([[program, programPath]]);
  return (/** @type {string} */ specifier, /** @type {any} */ referrer) => {
    const from = pathOf.get(referrer);
    if (from === undefined || !(specifier.startsWith('./') || specifier.startsWith('../'))) {
      throw new Error(`imports are not available in the isolate sandbox (import "${specifier}")`);
    }
    const path = pathInRoot(new URL(specifier, ROOT + from));
    if (path === null) throw new Error(`imports are not available in the isolate sandbox (import "${specifier}" from ${from} leaves the program's folder)`);
    const known = byPath.get(path);
    if (known) return known;
    const source = sources.get(path);
    if (source === undefined) throw new Error(`no module ${JSON.stringify(path)} among the program's files (import "${specifier}" from ${from})`);
    const module = compileModule(isolate, source, path);
    byPath.set(path, module);
    pathOf.set(module, path);
    return module;
  };
}

/** Compiles one module of the program (TypeScript stripped first); errors name the file. */
function compileModule(/** @type {any} */ isolate, /** @type {string} */ source, /** @type {string} */ path) {
  let code = source;
  if (TYPESCRIPT_FILE.test(path)) {
    try {
      code = stripTypeScriptTypes(code, { mode: 'strip' });
    } catch (e) {
      throw new Error(`TypeScript the sandbox cannot strip in ${path}: ${/** @type {Error} */ (e).message}`);
    }
  }
  try {
    return isolate.compileModuleSync(code, { filename: ROOT + path });
  } catch (e) {
    const err = /** @type {Error} */ (e);
    if (err && typeof err.message === 'string') err.message = `${path}: ${err.message}`;
    throw err;
  }
}

/**
 * @param {{ id: number, code: string, programFile?: string, typescript: boolean, files?: { name: string, content: string }[], exportName: string, argsJson: string, memoryMb: number, timeoutMs: number, logMaxBytes: number, outputMaxBytes: number }} req
 */
async function evaluate(req) {
  const started = Date.now();
  const deadline = started + req.timeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  let code = req.code;
  if (req.typescript) {
    try {
      code = stripTypeScriptTypes(code, { mode: 'strip' });
    } catch (e) {
      return { failure: 'crash', error: `TypeScript the sandbox cannot strip: ${/** @type {Error} */ (e).message}` };
    }
  }
  const programPath = pathInRoot(new URL(req.programFile || 'program.mjs', ROOT)) ?? 'program.mjs';
  const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, req.memoryMb) });
  /** @type {any} */
  let context;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let wallTimeout = false;
  try {
    context = isolate.createContextSync();
    const jail = context.global;
    jail.setSync('globalThis', jail.derefInto());
    jail.setSync('__kaizenLogMax', req.logMaxBytes);
    isolate.compileScriptSync(PRELUDE).runSync(context, { timeout: 1000 });
    const module = isolate.compileModuleSync(code, { filename: ROOT + programPath });
    module.instantiateSync(context, linker(isolate, module, programPath, Array.isArray(req.files) ? req.files : []));
    // A promise that never settles would otherwise wait forever: the wall clock disposes the isolate.
    const wall = new Promise((_, reject) => {
      timer = setTimeout(() => {
        wallTimeout = true;
        reject(new Error('Script execution timed out.'));
        try {
          isolate.dispose();
        } catch {}
      }, req.timeoutMs + WALL_GRACE_MS);
    });
    await Promise.race([module.evaluate({ timeout: remaining() }), wall]);
    jail.setSync('__kaizenNs', module.namespace.derefInto());
    jail.setSync('__kaizenExport', req.exportName);
    jail.setSync('__kaizenArgs', req.argsJson);
    jail.setSync('__kaizenOutputMax', req.outputMaxBytes);
    const driver = isolate.compileScriptSync(DRIVER);
    // A reference, not a copy: the reply's size is checked before a byte of it enters this process (the driver runs
    // after the candidate's code, which may have replaced JSON.stringify; a primitive string's length it cannot fake).
    const replyRef = await Promise.race([driver.run(context, { timeout: remaining(), promise: true, reference: true }), wall]);
    clearTimeout(timer);
    const logs = readLogs(isolate, context);
    if (logs.flooded) return { failure: 'output-flood', error: `printed more than ${req.logMaxBytes} bytes of console output`, stdout: logs.text };
    const length = context.evalClosureSync('return typeof $0 === "string" ? $0.length : -1', [replyRef.derefInto()], { timeout: 1000 });
    if (length < 0) return { failure: 'invalid-output', error: 'the driver returned no text', stdout: logs.text };
    if (length > replyMaxChars(req.outputMaxBytes))
      return { failure: 'output-too-large', error: `returned more than ${req.outputMaxBytes} bytes`, stdout: logs.text };
    return { reply: replyRef.copySync(), stdout: logs.text };
  } catch (e) {
    clearTimeout(timer);
    const message = String(/** @type {Error} */ (e)?.message ?? e);
    const logs = isolate.isDisposed ? { text: '', flooded: false } : readLogs(isolate, context);
    if (logs.flooded) return { failure: 'output-flood', error: `printed more than ${req.logMaxBytes} bytes of console output`, stdout: logs.text };
    if (wallTimeout || /Script execution timed out/.test(message)) {
      return { failure: 'timeout', error: `still running after ${req.timeoutMs} ms; stopped`, stdout: logs.text };
    }
    if (/memory limit|out of memory|Array buffer allocation failed/i.test(message) || isolate.isDisposed) {
      return { failure: 'memory', error: `exceeded the ${req.memoryMb} MB memory cap (${message.slice(0, 200)})`, stdout: logs.text };
    }
    const name = String(/** @type {Error} */ (e)?.name ?? 'Error');
    return { failure: 'crash', error: `${name}: ${message}`.slice(0, 2000), stdout: logs.text };
  } finally {
    if (!isolate.isDisposed) isolate.dispose();
  }
}

/** @returns {{ text: string, flooded: boolean }} */
function readLogs(/** @type {any} */ isolate, /** @type {any} */ context) {
  try {
    const json = isolate.compileScriptSync('__kaizenLogs()').runSync(context, { timeout: 500 });
    const parsed = JSON.parse(String(json));
    return { text: String(parsed.text), flooded: parsed.flooded === true };
  } catch {
    return { text: '', flooded: false };
  }
}

process.on('message', (/** @type {any} */ req) => {
  evaluate(req).then(
    (result) => process.send?.({ id: req.id, ...result }),
    (e) => process.send?.({ id: req.id, failure: 'sandbox-error', error: String(e?.message ?? e) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
