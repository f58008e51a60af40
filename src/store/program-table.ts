// The programs table (the dashboard's Programs tab). Measured on a 5,000-program run, a filter or sort answered by
// the server took 27-100 ms a round trip on a loaded machine, the page's own over a compact list a few: so the page
// gets every program once as compact columns (no code) and filters, sorts and pages them itself; text search over
// code and feedback, which the page does not hold, is a query here that answers with the matching ids. Also a
// program's neighbours for keyboard navigation: previous and next in sample order, parent, children.

import { type Kysely, sql } from 'kysely';
import { KaizenError } from '../errors.ts';
import type { Database } from './schema.ts';

/** The statuses a row shows: the stored status, with `incorrect` for a program evaluated and judged wrong (as the lineage). */
export const TABLE_STATUSES = ['pending', 'evaluated', 'incorrect', 'failed', 'rejected', 'migrant'] as const;
export type TableStatus = (typeof TABLE_STATUSES)[number];

/** A run's programs in id order, one array per column (aligned). */
export interface ProgramList {
  id: number[];
  sample: (number | null)[];
  parent: (number | null)[];
  island: number[];
  operator: string[];
  model: (string | null)[];
  status: TableStatus[];
  score: (number | null)[];
  /** What the operator changed and the feedback's first line, each cut to {@link SNIPPET_CHARS}. */
  change: (string | null)[];
  feedback: (string | null)[];
}

const SNIPPET_CHARS = 120;
export const MAX_SEARCH_CHARS = 200;

const snippet = (text: string | null) => {
  if (text === null) return null;
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > SNIPPET_CHARS ? `${line.slice(0, SNIPPET_CHARS - 1)}…` : line;
};

export async function programList(db: Kysely<Database>, runId: string): Promise<ProgramList> {
  const rows = await db
    .selectFrom('programs')
    .select([
      'id',
      'sample',
      'parent_id',
      'island',
      'operator',
      'model',
      'status',
      'correct',
      'score',
      sql<string | null>`substr(change, 1, 400)`.as('change'),
      sql<string | null>`substr(feedback, 1, 400)`.as('feedback'),
    ])
    .where('run_id', '=', runId)
    .orderBy('id')
    .execute();
  return {
    id: rows.map((r) => r.id),
    sample: rows.map((r) => r.sample),
    parent: rows.map((r) => r.parent_id),
    island: rows.map((r) => r.island),
    operator: rows.map((r) => r.operator),
    model: rows.map((r) => r.model),
    status: rows.map((r) => (r.status === 'evaluated' && r.correct === 0 ? 'incorrect' : r.status)),
    score: rows.map((r) => r.score),
    change: rows.map((r) => snippet(r.change)),
    feedback: rows.map((r) => snippet(r.feedback)),
  };
}

/** A LIKE pattern that matches `text` literally anywhere (\ escapes the wildcards). */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The ids of a run's programs whose code or feedback holds `text` (case-insensitive, literally), in id order. */
export async function searchPrograms(db: Kysely<Database>, runId: string, text: string): Promise<number[]> {
  if (text.length === 0 || text.length > MAX_SEARCH_CHARS) throw new KaizenError(`search text must be 1 to ${MAX_SEARCH_CHARS} characters, not ${text.length}`);
  const pattern = containing(text);
  const rows = await db
    .selectFrom('programs')
    .select('id')
    .where('run_id', '=', runId)
    .where((eb) => eb.or([sql<boolean>`lower(code) like ${pattern} escape '\\'`, sql<boolean>`lower(coalesce(feedback, '')) like ${pattern} escape '\\'`]))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface ProgramNeighbours {
  id: number;
  runId: string;
  /** The programs before and after it in sample order (copies between islands, which have no sample, last by id). */
  previous: number | null;
  next: number | null;
  parent: number | null;
  /** Its children in sample order. */
  children: number[];
}

/** Where the keyboard goes from a program; undefined when there is no such program. */
export async function programNeighbours(db: Kysely<Database>, id: number): Promise<ProgramNeighbours | undefined> {
  const p = await db.selectFrom('programs').select(['id', 'run_id', 'parent_id']).where('id', '=', id).executeTakeFirst();
  if (!p) return undefined;
  const order = await db
    .selectFrom('programs')
    .select('id')
    .where('run_id', '=', p.run_id)
    .orderBy(sql`sample is null`)
    .orderBy('sample')
    .orderBy('id')
    .execute();
  const at = order.findIndex((r) => r.id === id);
  const children = await db
    .selectFrom('programs')
    .select('id')
    .where('run_id', '=', p.run_id)
    .where('parent_id', '=', id)
    .orderBy(sql`sample is null`)
    .orderBy('sample')
    .orderBy('id')
    .execute();
  return {
    id,
    runId: p.run_id,
    previous: order[at - 1]?.id ?? null,
    next: order[at + 1]?.id ?? null,
    parent: p.parent_id,
    children: children.map((c) => c.id),
  };
}
