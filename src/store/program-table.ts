// The programs table (the dashboard's Programs tab): a run's programs filtered, searched, sorted and paged in SQL, so
// a 5,000-program run answers in milliseconds without sending its code to the page. Also a program's neighbours for
// keyboard navigation: previous and next in sample order, parent, children.

import { type Kysely, sql } from 'kysely';
import { KaizenError } from '../errors.ts';
import type { Database } from './schema.ts';

export const TABLE_SORTS = ['score', 'sample', 'id'] as const;
export type TableSort = (typeof TABLE_SORTS)[number];
/** The statuses a row shows: the stored status, with `incorrect` for a program evaluated and judged wrong (as the lineage). */
export const TABLE_STATUSES = ['pending', 'evaluated', 'incorrect', 'failed', 'rejected', 'migrant'] as const;
export type TableStatus = (typeof TABLE_STATUSES)[number];
export const MAX_PAGE_SIZE = 500;

export interface TableQuery {
  /** Text to find in the code or the feedback (case-insensitive, literal). */
  search?: string;
  status?: TableStatus;
  operator?: string;
  island?: number;
  /** A model id, or '' for proposals with no model (offline operators, the initial program). */
  model?: string;
  sort?: TableSort;
  dir?: 'asc' | 'desc';
  page?: number;
  size?: number;
}

export interface TableRow {
  id: number;
  sample: number | null;
  parent: number | null;
  island: number;
  operator: string;
  model: string | null;
  status: TableStatus;
  score: number | null;
  change: string | null;
  /** The feedback's first line, cut to {@link FEEDBACK_CHARS}. */
  feedback: string | null;
}

export interface ProgramTable {
  /** Rows matching the filters (all pages). */
  total: number;
  page: number;
  size: number;
  rows: TableRow[];
  /** Every value the filters can take in this run. */
  facets: { statuses: TableStatus[]; operators: string[]; islands: number[]; models: (string | null)[] };
}

const FEEDBACK_CHARS = 160;

/** A LIKE pattern that matches `text` literally anywhere (\ escapes the wildcards). */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function programTable(db: Kysely<Database>, runId: string, query: TableQuery): Promise<ProgramTable> {
  const size = query.size ?? 50;
  const page = query.page ?? 0;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw new KaizenError(`page size must be an integer from 1 to ${MAX_PAGE_SIZE}, not ${size}`);
  if (!Number.isInteger(page) || page < 0) throw new KaizenError(`page must be a whole number, not ${page}`);
  let q = db.selectFrom('programs').where('run_id', '=', runId);
  if (query.search) {
    const pattern = containing(query.search);
    q = q.where((eb) =>
      eb.or([sql<boolean>`lower(code) like ${pattern} escape '\\'`, sql<boolean>`lower(coalesce(feedback, '')) like ${pattern} escape '\\'`]),
    );
  }
  if (query.status === 'incorrect') q = q.where('status', '=', 'evaluated').where('correct', '=', 0);
  else if (query.status === 'evaluated') q = q.where('status', '=', 'evaluated').where((eb) => eb.or([eb('correct', 'is', null), eb('correct', '!=', 0)]));
  else if (query.status) q = q.where('status', '=', query.status);
  if (query.operator !== undefined) q = q.where('operator', '=', query.operator);
  if (query.island !== undefined) q = q.where('island', '=', query.island);
  if (query.model === '') q = q.where('model', 'is', null);
  else if (query.model !== undefined) q = q.where('model', '=', query.model);

  const total = Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  const sort = query.sort ?? 'score';
  const dir = query.dir ?? (sort === 'score' ? 'desc' : 'asc');
  // Programs with no score (failed, pending, incorrect) come last whichever way the scores are sorted.
  const ordered =
    sort === 'score'
      ? q.orderBy(sql`score is null`).orderBy('score', dir).orderBy('id')
      : sort === 'sample'
        ? q.orderBy(sql`sample is null`).orderBy('sample', dir).orderBy('id', dir)
        : q.orderBy('id', dir);
  const rows = await ordered
    .select(['id', 'sample', 'parent_id', 'island', 'operator', 'model', 'status', 'correct', 'score', 'change', sql<string | null>`substr(feedback, 1, 400)`.as('feedback')])
    .limit(size)
    .offset(page * size)
    .execute();
  return {
    total,
    page,
    size,
    rows: rows.map((r) => ({
      id: r.id,
      sample: r.sample,
      parent: r.parent_id,
      island: r.island,
      operator: r.operator,
      model: r.model,
      status: r.status === 'evaluated' && r.correct === 0 ? 'incorrect' : r.status,
      score: r.score,
      change: r.change,
      feedback: r.feedback === null ? null : firstLine(r.feedback),
    })),
    facets: await tableFacets(db, runId),
  };
}

const firstLine = (text: string) => {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > FEEDBACK_CHARS ? `${line.slice(0, FEEDBACK_CHARS - 1)}…` : line;
};

async function tableFacets(db: Kysely<Database>, runId: string): Promise<ProgramTable['facets']> {
  const rows = await db
    .selectFrom('programs')
    .select(['status', 'correct', 'operator', 'island', 'model'])
    .where('run_id', '=', runId)
    .groupBy(['status', 'correct', 'operator', 'island', 'model'])
    .execute();
  const statuses = new Set(rows.map((r) => (r.status === 'evaluated' && r.correct === 0 ? 'incorrect' : r.status) as TableStatus));
  return {
    statuses: TABLE_STATUSES.filter((s) => statuses.has(s)),
    operators: [...new Set(rows.map((r) => r.operator))].sort(),
    islands: [...new Set(rows.map((r) => r.island))].sort((a, b) => a - b),
    models: [...new Set(rows.map((r) => r.model))].sort((a, b) => (a ?? '').localeCompare(b ?? '')),
  };
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
