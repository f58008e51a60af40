// The self-edit guard: what a parent agent left in the copy of its own folder becomes a child only if it is a
// change to that folder and nothing else. The harness, broker, scoring, limits and benchmark never enter the copy,
// so a change to them cannot even be expressed as a file here; what the guard refuses is the next best thing: a
// setting the agent does not own (a time limit, a budget), a link or special file, code that imports the network,
// code that does not compile, a folder without its entry point. Every refusal is recorded with its reasons.
import { stripTypeScriptTypes } from 'node:module';
import type { Files } from './benchmark.ts';
import { SETTING_RANGES } from './operators.ts';
import { safePath } from './tree.ts';

export interface GuardVerdict {
  ok: boolean;
  /** Why it was refused (every reason found, not only the first). */
  reasons: string[];
  /** Suspicious but allowed (recorded with the child). */
  flags: string[];
}

const MAX_FILES = 40;
const MAX_FILE_BYTES = 64 * 1024;
const ALLOWED_EXTENSIONS = /\.(ts|md|json)$/;
const NETWORK =
  /\bfrom\s+['"](node:)?(net|http|https|http2|dgram|tls|dns|inspector|worker_threads|cluster)['"]|\b(require|import)\s*\(\s*['"](node:)?(net|http|https|http2|dgram|tls|dns)['"]/;
/** Things agent code has no business touching: flagged for the record (the sandbox stops them anyway). */
const SUSPICIOUS: [RegExp, string][] = [
  [/\/proc\/|\/sys\//, 'reads /proc or /sys'],
  [/hidden/i, 'mentions hidden tests'],
  [/\bprocess\.env\b/, 'reads its environment'],
  [/API_KEY|\bapiKey\b|authorization/i, 'looks for keys'],
  [/process\.exit\(0\)[^\n]*\b(test|pass)/i, 'exits with success around tests'],
];

/** Checks a child agent's files (`after`) made from its parent's (`before`); `problems`: what the workspace read refused. */
export function guardSelfEdit(before: Files, after: Files, problems: readonly string[]): GuardVerdict {
  const reasons: string[] = [...problems.map((p) => `workspace: ${p}`)];
  const flags: string[] = [];
  const paths = Object.keys(after);
  if (JSON.stringify(before) === JSON.stringify(after)) reasons.push('the agent changed nothing');
  if (paths.length > MAX_FILES) reasons.push(`${paths.length} files (at most ${MAX_FILES})`);
  if (!('main.ts' in after)) reasons.push('main.ts, the entry point, is gone');
  for (const path of paths) {
    const text = after[path];
    if (!safePath(path)) reasons.push(`${path}: not a plain relative path`);
    if (!ALLOWED_EXTENSIONS.test(path)) reasons.push(`${path}: only .ts, .md and .json files belong to an agent`);
    if (Buffer.byteLength(text) > MAX_FILE_BYTES) reasons.push(`${path}: ${Buffer.byteLength(text)} bytes (at most ${MAX_FILE_BYTES})`);
    if (text === before[path]) continue;
    if (path.endsWith('.ts')) {
      if (NETWORK.test(text)) reasons.push(`${path}: imports a network module (agents have no network)`);
      try {
        stripTypeScriptTypes(text);
      } catch (e) {
        reasons.push(`${path}: does not compile (${(e as Error).message.split('\n')[0]})`);
      }
      const added = addedText(before[path] ?? '', text);
      for (const [pattern, what] of SUSPICIOUS) if (pattern.test(added)) flags.push(`${path}: ${what}`);
    }
    if (path.endsWith('.json') && path !== 'settings.json') reasons.push(...limitKeys(path, text));
  }
  if ('settings.json' in after) reasons.push(...settingsProblems(after['settings.json']));
  else reasons.push('settings.json is gone');
  return { ok: reasons.length === 0, reasons, flags };
}

/** Settings an agent may own, within their ranges; anything else (a time limit, a budget) is the harness's. */
export function settingsProblems(text: string): string[] {
  let settings: unknown;
  try {
    settings = JSON.parse(text);
  } catch (e) {
    return [`settings.json: not JSON (${(e as Error).message})`];
  }
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return ['settings.json: not an object'];
  const out: string[] = [];
  for (const [key, value] of Object.entries(settings)) {
    const range = SETTING_RANGES[key];
    if (!range) {
      out.push(`settings.json: "${key}" is not an agent setting (limits, budgets and scoring belong to the harness)`);
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < range[0] || value > range[1]) {
      out.push(`settings.json: ${key} = ${JSON.stringify(value)} is outside ${range[0]}..${range[1]}`);
    }
  }
  for (const key of Object.keys(SETTING_RANGES)) if (!(key in settings)) out.push(`settings.json: ${key} is missing`);
  return out;
}

/** Names of the harness's limits and budgets (HarnessLimits, BrokerLimits) and their usual spellings. */
const LIMIT_KEY = /time.?(limit|out)|timeout|deadline|cpu|memory|budget|processes|nproc|calls|tokens|dollars|refusals|cost|score/i;

/**
 * A JSON file besides settings.json that names a limit ("limits.json" with a time limit): nothing reads it, but an
 * agent writing one is trying to own a limit, so it is refused like the same key in settings.json.
 */
function limitKeys(path: string, text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown, depth: number) => {
    if (!v || typeof v !== 'object' || depth > 4) return;
    for (const [key, inner] of Object.entries(v)) {
      if (LIMIT_KEY.test(key)) out.push(`${path}: "${key}" is a limit (limits, budgets and scoring belong to the harness, not to an agent's files)`);
      walk(inner, depth + 1);
    }
  };
  walk(value, 0);
  return out;
}

/** Lines of `after` not in `before` (a cheap view of what an edit added). */
function addedText(before: string, after: string): string {
  const old = new Set(before.split('\n'));
  return after
    .split('\n')
    .filter((l) => !old.has(l))
    .join('\n');
}
