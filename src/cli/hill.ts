// `kaizen corewar hill [options] PATHS...`: the command glue (flags, files, output) around corewar/hill.ts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pmarsBattleSetup } from '../corewar/cli.ts';
import { Arena } from '../corewar/arena/index.ts';
import { assembleEntrant, type Entrant, formatHillTable, type HillResult, hillJson, runHill } from '../corewar/hill.ts';
import { type BattleOptions, validateSettings } from '../corewar/mars/battle.ts';
import type { MarsSettings } from '../corewar/types.ts';
import { KaizenError } from '../errors.ts';
import { type HillName, HILLS } from '../tasks/hills.ts';

/** Commander's values: pMARS flags as typed (checked by pMARS's rules), Kaizen's own options parsed. */
export interface HillCliOptions {
  r?: string;
  s?: string;
  c?: string;
  p?: string;
  l?: string;
  d?: string;
  S?: string;
  F?: string;
  f?: boolean;
  P?: boolean;
  hill?: string;
  seed?: number;
  threads?: number;
  matrix?: boolean;
  json?: boolean;
}

const PMARS_VALUES = ['r', 's', 'c', 'p', 'l', 'd', 'S', 'F'] as const;
const MAX_SEED = 2147483646; // pMARS's RNG state lies in 0 … 2^31-2

export async function hillAction(paths: string[], opts: HillCliOptions): Promise<void> {
  const { settings, options } = setup(opts);
  // The worker threads start while the warriors are read and assembled.
  const arena = new Arena({ threads: opts.threads });
  arena.start();
  let result: HillResult;
  try {
    const files = warriorFiles(paths);
    const entrants = assembleAll(files, settings);
    if (entrants.length < 2) throw new KaizenError(`a hill needs at least two warriors; ${entrants.length} assembled from ${files.length} file(s)`);
    result = await runHill(entrants, settings, options, { arena });
  } finally {
    await arena.close();
  }
  process.stdout.write(opts.json ? `${JSON.stringify(hillJson(result), null, 2)}\n` : formatHillTable(result, { matrix: opts.matrix }));
}

/** Settings and options as `kaizen corewar battle` derives them from the same flags (--hill's come first, so flags override them). */
function setup(opts: HillCliOptions): { settings: MarsSettings; options: BattleOptions } {
  const argv: string[] = [];
  if (opts.hill !== undefined) {
    if (!(opts.hill in HILLS)) throw new KaizenError(`--hill must be one of ${Object.keys(HILLS).join(', ')}, got "${opts.hill}"`);
    const h = HILLS[opts.hill as HillName];
    argv.push('-s', `${h.coreSize}`, '-c', `${h.maxCycles}`, '-p', `${h.maxProcesses}`, '-l', `${h.maxLength}`, '-d', `${h.minDistance}`);
  }
  for (const flag of PMARS_VALUES) if (opts[flag] !== undefined) argv.push(`-${flag}`, opts[flag]);
  if (opts.f) argv.push('-f');
  if (opts.P) argv.push('-P');
  const r = pmarsBattleSetup(argv);
  if ('error' in r) throw new KaizenError(r.error);
  try {
    validateSettings(2, r.settings); // the MARS's own limits, checked here rather than on a worker thread
  } catch (e) {
    throw new KaizenError((e as Error).message);
  }
  if (opts.threads !== undefined && opts.threads < 0) throw new KaizenError(`--threads must be 0 or more, got ${opts.threads}`);
  if (opts.seed === undefined) return r;
  if (opts.f || opts.F !== undefined) throw new KaizenError('--seed cannot be combined with -F or -f (they fix the seed)');
  if (opts.seed < 0 || opts.seed > MAX_SEED) throw new KaizenError(`--seed must be in 0 … ${MAX_SEED}, got ${opts.seed}`);
  return { settings: r.settings, options: { ...r.options, seed: opts.seed } };
}

/** Files as given (any extension) and the .red files under folders, recursively, in name order; each once. */
function warriorFiles(paths: readonly string[]): string[] {
  const found: string[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw new KaizenError(`no such file or folder: ${path}`);
    }
    if (isFolder) found.push(...redFilesUnder(path));
    else found.push(path);
  }
  const seen = new Set<string>();
  const files = found.filter((f) => !seen.has(resolve(f)) && seen.add(resolve(f)));
  if (files.length === 0) throw new KaizenError(`no warriors (.red files) in ${paths.join(', ')}`);
  return files;
}

function redFilesUnder(folder: string): string[] {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return entries.flatMap((e) => {
    const path = join(folder, e.name);
    if (e.isDirectory()) return redFilesUnder(path);
    return e.isFile() && /\.red$/i.test(e.name) ? [path] : [];
  });
}

/** Assembles every file; one that cannot be read or assembled is left out, with its first error on stderr. */
function assembleAll(files: readonly string[], settings: MarsSettings): Entrant[] {
  const entrants: Entrant[] = [];
  for (const file of files) {
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`kaizen corewar hill: left out ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? e})\n`);
      continue;
    }
    const r = assembleEntrant(source, settings, file);
    if (r.ok) entrants.push(r.entrant);
    else process.stderr.write(`kaizen corewar hill: left out ${file}: ${r.errors[0] ?? 'it does not assemble'}\n`);
  }
  return entrants;
}
