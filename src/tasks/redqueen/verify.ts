// Re-fights every battle of a Red Queen run from its record and says which recorded figures differ.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Arena } from '../../corewar/arena/index.ts';
import { KaizenError } from '../../errors.ts';
import { type FileRef, fileRef, measureRound, type RedQueenRecord, type RoundRecord } from './record.ts';
import { redQueenReport } from './report.ts';

export const RECORD_FILE = 'redqueen.json';

export interface RedQueenDifference {
  /** Where in the record, e.g. `rounds[1].earlier.beaten`, or `report.md`. */
  path: string;
  recorded: unknown;
  refought: unknown;
}

export interface RedQueenVerification {
  ok: boolean;
  rounds: number;
  /** Figures compared: the leaves of the record's rounds, and the hashes of its initial and probe files. */
  figures: number;
  differences: RedQueenDifference[];
}

export function readRecord(dir: string): RedQueenRecord {
  const file = join(resolve(dir), RECORD_FILE);
  if (!existsSync(file)) throw new KaizenError(`${file}: no Red Queen record (run \`kaizen corewar redqueen\` first)`);
  let record: Partial<RedQueenRecord>;
  try {
    record = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KaizenError(`${file}: not a Red Queen record, its JSON does not parse (${(e as Error).message})`);
  }
  const lists = ['rounds', 'initial', 'probeSet', 'skipped'] as const;
  const missing = lists.filter((k) => !Array.isArray(record?.[k]));
  if (record?.version !== 1 || typeof record.settings !== 'object' || record.settings === null || missing.length) {
    throw new KaizenError(`${file}: not a Red Queen record of version 1${missing.length ? ` (no ${missing.join(', ')} list)` : ''}`);
  }
  return record as RedQueenRecord;
}

/** The record's warrior files hashed again: a file changed or gone since the run is a difference. */
function rehash(out: string, path: string, refs: readonly FileRef[], differences: RedQueenDifference[], count: { n: number }): void {
  refs.forEach((ref, i) => {
    const file = resolve(out, ref.file);
    count.n++;
    const now = existsSync(file) ? fileRef(out, file).sha256 : 'missing';
    if (now !== ref.sha256) differences.push({ path: `${path}[${i}].sha256`, recorded: ref.sha256, refought: now });
  });
}

/** Every leaf where `a` and `b` differ; counts the leaves compared. */
function diff(path: string, a: unknown, b: unknown, out: RedQueenDifference[], count: { n: number }): void {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) diff(Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`, (a as never)[k], (b as never)[k], out, count);
    return;
  }
  count.n++;
  if (!Object.is(a, b)) out.push({ path, recorded: a, refought: b });
}

/**
 * Measures each round again from the record alone (the same warrior files, hashes, seeds and settings), then
 * compares every figure, and report.md with the report the re-fought record gives.
 */
export async function verifyRedQueen(dir: string): Promise<RedQueenVerification> {
  const out = resolve(dir);
  const record = readRecord(out);
  const { rounds, ...run } = record;
  const differences: RedQueenDifference[] = [];
  const count = { n: 0 };
  // The rounds' own files are hashed again as they are fought; the initial and probe sets are only read from here.
  rehash(out, 'initial', run.initial, differences, count);
  rehash(out, 'probeSet', run.probeSet, differences, count);
  const arena = new Arena();
  const refought: RoundRecord[] = [];
  try {
    for (const r of rounds) {
      refought.push(
        await measureRound(arena, out, run, {
          round: r.round,
          runId: r.runId,
          evolutionScore: r.evolutionScore,
          start: resolve(out, r.start.file),
          champion: resolve(out, r.champion.file),
          earlier: refought.slice(),
        }),
      );
    }
  } finally {
    await arena.close();
  }
  diff('rounds', rounds, refought, differences, count);
  // The evolution's own score of its champion must be what fighting the champion's fitness battle again gives.
  refought.forEach((r, i) => {
    if (r.evolutionScore !== null && r.evolutionScore !== r.fitness.value) {
      differences.push({ path: `rounds[${i}].evolutionScore`, recorded: r.evolutionScore, refought: r.fitness.value });
    }
  });
  const reportFile = join(out, 'report.md');
  const report = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : null;
  if (report !== redQueenReport({ ...record, rounds: refought }))
    differences.push({ path: 'report.md', recorded: report, refought: 'the report of the re-fought record' });
  return { ok: differences.length === 0, rounds: rounds.length, figures: count.n, differences };
}
