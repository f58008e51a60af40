import type { Member } from '../population/member.ts';
import type { Population } from '../population/population.ts';
import type { ProgramRow } from '../store/store.ts';
import type { Tally } from './tally.ts';

/** What the population knows of a recorded program. */
export function memberOf(row: ProgramRow): Member {
  return {
    id: row.id,
    island: row.island,
    score: row.correct && row.score !== null ? row.score : Number.NEGATIVE_INFINITY,
    correct: row.correct === 1,
    generation: row.generation,
    codeHash: row.code_hash,
    children: 0,
    features: row.features_json ? JSON.parse(row.features_json) : undefined,
    objectives: row.objectives_json ? JSON.parse(row.objectives_json) : undefined,
  };
}

const done = (r: ProgramRow) => r.status === 'evaluated' || r.status === 'failed';

/**
 * The restore stage: rebuilds the population and the counters from a run's programs (all of them, in id order) and
 * returns those left pending (recorded, never evaluated: the process died with them in flight).
 */
export function restoreFromRecord(rows: readonly ProgramRow[], population: Population, tally: Tally, championId: number | null): ProgramRow[] {
  const pending: ProgramRow[] = [];
  for (const row of rows) {
    if (row.sample !== null) tally.nextSample = Math.max(tally.nextSample, row.sample + 1);
    if (row.status === 'pending') pending.push(row);
    if (row.status === 'rejected') tally.rejected++;
    if (done(row)) {
      tally.evaluated++;
      if (row.status === 'failed' || row.correct !== 1) tally.failed++;
      if (row.sample === 0 && row.correct === 1) tally.seedScore = row.score;
    }
    if (row.failure_class === 'violation') tally.violations++;
    else if (done(row) || row.status === 'migrant') population.add(memberOf(row));
  }
  for (const row of rows) {
    if (row.parent_id !== null && row.status !== 'migrant' && row.status !== 'rejected') population.noteChild(row.parent_id);
  }
  // The champion is the promoted program (the holdout gate may have refused better search scores).
  tally.best = championId !== null ? population.get(championId) : undefined;
  tally.curve.push(...bestSoFar(rows));
  return pending;
}

/** The best-so-far curve, replayed in the order evaluations finished: [evaluations so far, best score]. */
export function bestSoFar(rows: readonly ProgramRow[]): [number, number][] {
  const finished = rows.filter(done).sort((a, b) => (a.evaluated_at ?? '').localeCompare(b.evaluated_at ?? '') || a.id - b.id);
  const curve: [number, number][] = [];
  finished.forEach((r, i) => {
    const last = curve[curve.length - 1];
    if (r.correct === 1 && r.score !== null && (!last || r.score > last[1])) curve.push([i + 1, r.score]);
  });
  return curve;
}

/** Dollars the record shows spent on proposals (copies between islands cost nothing). */
export function proposalCost(rows: readonly ProgramRow[]): number {
  return rows.reduce((sum, r) => sum + (r.status !== 'migrant' ? (r.cost ?? 0) : 0), 0);
}

/** The model calls the record shows: one per proposal a model wrote (answered or failed). */
export function proposalCalls(rows: readonly ProgramRow[]): number {
  return rows.filter((r) => r.status !== 'migrant' && r.model !== null).length;
}
