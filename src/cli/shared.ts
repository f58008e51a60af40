import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { languageOf } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import { postgresUrl, type Run, Store } from '../store/store.ts';
import { redactUrl } from '../util/redact.ts';

/** The store a command was given: `--store`, or `--db`/`--out` (the same thing), or $KAIZEN_STORE. */
export function storeArg(opts: { db?: string; out?: string; store?: string }): string | undefined {
  const given = [opts.store, opts.db, opts.out].filter((x): x is string => !!x);
  if (new Set(given).size > 1) throw new KaizenError(`--store and --db/--out name different stores (${given.map(redactUrl).join(', ')}); give one`);
  return given[0] ?? (process.env.KAIZEN_STORE || undefined);
}

/** The run database of a task folder, unless a file or a postgres:// URL is named. */
export function dbPathFor(dir: string, explicit?: string): string {
  if (explicit && postgresUrl(explicit)) return explicit;
  return resolve(explicit ?? join(dir, '.kaizen', 'kaizen.db'));
}

/** A run database for a read-only command (status, best, export, report, verify, ui…): opened read-only, never migrated. */
export async function openExistingStore(dir: string, explicit?: string): Promise<Store> {
  const path = dbPathFor(dir, explicit);
  if (!postgresUrl(path) && !existsSync(path)) throw new KaizenError(`${path}: no run database here; start a run with \`kaizen run ${dir}\``);
  return Store.open(path, { readOnly: true });
}

/** The run named by --run, or the newest one. */
export async function pickRun(store: Store, runId?: string): Promise<Run> {
  const run = runId ? await store.getRun(runId) : await store.latestRun();
  if (!run) throw new KaizenError(runId ? `${redactUrl(store.path)}: no run ${runId}` : `${redactUrl(store.path)}: no runs yet`);
  return run;
}

export const fmt = (score: number | null | undefined, digits = 6) => (score === null || score === undefined ? '—' : score.toFixed(digits));

/** A program file named on the command line: its absolute path, its code and its language (from the extension). */
export function readProgramFile(file: string): { path: string; code: string; language: string } {
  const path = resolve(file);
  try {
    return { path, code: readFileSync(path, 'utf8'), language: languageOf(path) };
  } catch (e) {
    throw new KaizenError(`${file}: cannot read the program: ${(e as Error).message}`);
  }
}
