// Read-side views of a run for the dashboard: its MAP-Elites grid, its islands over time, its experiment journal and
// lessons. Each is computed from the record the way the engine rebuilds its own state, so the page shows what the
// search saw.

import type { Kysely } from 'kysely';
import type { Claim } from '../journal/claim.ts';
import { type FeatureAxis, MapElitesGrid } from '../population/map-elites.ts';
import type { Member } from '../population/member.ts';
import { FIGURE_COLUMNS, isEvaluated, isIslandMember, runFigures } from './figures.ts';
import type { Database } from './schema.ts';

export interface GridCell {
  /** The cell's bin on each axis, in axis order. */
  bins: number[];
  /** The elite: the best correct program offered to the cell. */
  id: number;
  score: number;
  sample: number | null;
  /** Correct programs that fell in the cell (the elite included). */
  programs: number;
}

export interface RunGrid {
  axes: FeatureAxis[];
  cells: GridCell[];
  /** Filled cells over all cells. */
  coverage: number;
}

/**
 * A run's MAP-Elites grid (null when its config has none): its programs offered in id order, as a resumed run replays
 * them (engine/restore.ts: evaluated programs and copies, less those quarantined for a violation).
 */
export async function runGrid(db: Kysely<Database>, runId: string): Promise<RunGrid | null> {
  const run = await db.selectFrom('runs').select('config_json').where('id', '=', runId).executeTakeFirst();
  const axes = run ? (JSON.parse(run.config_json) as { mapElites?: { features?: FeatureAxis[] } }).mapElites?.features : undefined;
  if (!axes?.length) return null;
  const rows = await db
    .selectFrom('programs')
    .select(['id', 'sample', 'island', 'status', 'correct', 'score', 'generation', 'code_hash', 'features_json', 'failure_class'])
    .where('run_id', '=', runId)
    .orderBy('id')
    .execute();
  const grid = new MapElitesGrid(axes);
  const offered = new Map<string, number>();
  const sample = new Map<number, number | null>();
  for (const r of rows) {
    if (!isIslandMember(r)) continue;
    const member: Member = {
      id: r.id,
      island: r.island,
      score: r.correct === 1 && r.score !== null ? r.score : Number.NEGATIVE_INFINITY,
      correct: r.correct === 1,
      generation: r.generation,
      codeHash: r.code_hash,
      children: 0,
      features: r.features_json ? (JSON.parse(r.features_json) as Record<string, number>) : undefined,
    };
    grid.offer(member);
    sample.set(r.id, r.sample);
    const cell = member.correct ? grid.cellOf(member.features) : null;
    if (cell !== null) offered.set(cell, (offered.get(cell) ?? 0) + 1);
  }
  const cells = grid.elites().map((m) => {
    const key = grid.cellOf(m.features) as string;
    return { bins: key.split(',').map(Number), id: m.id, score: m.score, sample: sample.get(m.id) ?? null, programs: offered.get(key) ?? 0 };
  });
  cells.sort((a, b) => a.bins.join(',').localeCompare(b.bins.join(','), undefined, { numeric: true }));
  return { axes, cells, coverage: grid.coverage() };
}

export interface RunIslands {
  /** The islands as `kaizen status` counts them (store/figures.ts): programs held and best correct score. */
  islands: { island: number; programs: number; best: number | null }[];
  /** Evaluations so far (finish order), one point per program an island took in. */
  evaluations: number[];
  /** Per island (aligned with `islands`): its best correct score so far and the programs it held, at each point. */
  best: (number | null)[][];
  size: number[][];
}

/**
 * Each island over time: every program an island held (figures.ts's island membership), in the order it arrived
 * (a program when its evaluation finished, a copy when it was made); the last point of each series is the island's
 * figure in `kaizen status`.
 */
export async function runIslands(db: Kysely<Database>, runId: string): Promise<RunIslands> {
  const rows = await db
    .selectFrom('programs')
    .select([...FIGURE_COLUMNS, 'created_at'])
    .where('run_id', '=', runId)
    .orderBy('id')
    .execute();
  const islands = runFigures(rows).islands;
  const column = new Map(islands.map((s, i) => [s.island, i]));
  const arrived = (r: (typeof rows)[number]) => (r.status === 'migrant' ? r.created_at : (r.evaluated_at ?? r.created_at));
  const members = rows.filter(isIslandMember).sort((a, b) => arrived(a).localeCompare(arrived(b)) || a.id - b.id);
  const best: (number | null)[] = islands.map(() => null);
  const size = islands.map(() => 0);
  const out: RunIslands = { islands, evaluations: [], best: islands.map(() => []), size: islands.map(() => []) };
  let evaluations = 0;
  for (const r of members) {
    if (isEvaluated(r)) evaluations++;
    const i = column.get(r.island) as number;
    size[i]++;
    const s = r.correct === 1 ? r.score : null;
    if (s !== null && (best[i] === null || s > (best[i] as number))) best[i] = s;
    out.evaluations.push(evaluations);
    islands.forEach((_, k) => {
      out.best[k].push(best[k]);
      out.size[k].push(size[k]);
    });
  }
  return out;
}

export interface LessonsEntry {
  eventId: number;
  /** When it was written (the event's time) and after how many evaluations. */
  time: string;
  at: number;
  /** `journal` (no model) or the model that distilled it. */
  source: string;
  cost: number;
  text: string;
}

export interface RunJournal {
  /** Evaluations at the journal's last update; null when the run kept no journal. */
  at: number | null;
  claims: Claim[];
  /** Every lessons step, oldest first (the last is what later prompts carried). */
  lessons: LessonsEntry[];
}

/** The run state keys engine/lessons.ts and journal/journal.ts write (named here: the store imports neither). */
const JOURNAL_KEY = 'journal';

/** A run's experiment journal (run state) and its lessons steps (`lessons.updated` events). */
export async function runJournal(db: Kysely<Database>, runId: string): Promise<RunJournal> {
  const state = await db.selectFrom('run_state').select('value_json').where('run_id', '=', runId).where('key', '=', JOURNAL_KEY).executeTakeFirst();
  const journal = state ? (JSON.parse(state.value_json) as { at: number; claims: Claim[] }) : null;
  const events = await db
    .selectFrom('events')
    .select(['id', 'at', 'data_json'])
    .where('run_id', '=', runId)
    .where('type', '=', 'lessons.updated')
    .orderBy('id')
    .execute();
  return {
    at: journal?.at ?? null,
    claims: journal?.claims ?? [],
    lessons: events.map((e) => {
      const d = JSON.parse(e.data_json) as { at: number; source: string; cost: number; text: string };
      return { eventId: e.id, time: e.at, at: d.at, source: d.source, cost: d.cost, text: d.text };
    }),
  };
}
