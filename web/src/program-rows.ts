// The programs table's filtering, sorting and paging, in the page: over a run's compact program list
// (store/program-table.ts), a few milliseconds for thousands of programs.

import type { ProgramList, TableStatus } from '../../src/store/program-table.ts';

export type TableSort = 'score' | 'sample' | 'id';

export interface TableView {
  /** Ids whose code or feedback matched the search (the server's answer), or null when nothing is searched. */
  matches: ReadonlySet<number> | null;
  status?: TableStatus;
  operator?: string;
  island?: number;
  /** A model id, or null for proposals with no model. */
  model?: string | null;
  sort: TableSort;
  dir: 'asc' | 'desc';
  page: number;
  size: number;
}

/** One row of the table: a program's columns. */
export interface TableRow {
  id: number;
  sample: number | null;
  island: number;
  operator: string;
  model: string | null;
  status: TableStatus;
  score: number | null;
  change: string | null;
  feedback: string | null;
}

const row = (l: ProgramList, i: number): TableRow => ({
  id: l.id[i],
  sample: l.sample[i],
  island: l.island[i],
  operator: l.operator[i],
  model: l.model[i],
  status: l.status[i],
  score: l.score[i],
  change: l.change[i],
  feedback: l.feedback[i],
});

/**
 * The rows a view shows and how many match. Missing values (no score, a copy's missing sample) come last whichever
 * way the column is sorted; ties go by id, ascending for scores, in the sort's direction otherwise.
 */
export function tableRows(list: ProgramList, v: TableView): { total: number; rows: TableRow[] } {
  const keep: number[] = [];
  for (let i = 0; i < list.id.length; i++) {
    if (v.matches && !v.matches.has(list.id[i])) continue;
    if (v.status !== undefined && list.status[i] !== v.status) continue;
    if (v.operator !== undefined && list.operator[i] !== v.operator) continue;
    if (v.island !== undefined && list.island[i] !== v.island) continue;
    if (v.model !== undefined && list.model[i] !== v.model) continue;
    keep.push(i);
  }
  const sign = v.dir === 'asc' ? 1 : -1;
  const key = v.sort === 'score' ? list.score : v.sort === 'sample' ? list.sample : list.id;
  const tie = v.sort === 'score' ? 1 : sign;
  keep.sort((a, b) => {
    const x = key[a];
    const y = key[b];
    if (x === null || y === null) return x === y ? tie * (list.id[a] - list.id[b]) : x === null ? 1 : -1;
    return sign * (x - y) || tie * (list.id[a] - list.id[b]);
  });
  const start = v.page * v.size;
  return { total: keep.length, rows: keep.slice(start, start + v.size).map((i) => row(list, i)) };
}

/** Every value each filter can take in a run, sorted. */
export function tableFacets(list: ProgramList) {
  const order: TableStatus[] = ['pending', 'evaluated', 'incorrect', 'failed', 'rejected', 'migrant'];
  const statuses = new Set(list.status);
  return {
    statuses: order.filter((s) => statuses.has(s)),
    operators: [...new Set(list.operator)].sort(),
    islands: [...new Set(list.island)].sort((a, b) => a - b),
    models: [...new Set(list.model)].sort((a, b) => (a ?? '').localeCompare(b ?? '')),
  };
}

/** What the table shows besides its data: the search text and the filters, sort and page. */
export interface TableQuery {
  text: string;
  view: Omit<TableView, 'matches' | 'size'>;
}

const SORTS: readonly TableSort[] = ['score', 'sample', 'id'];

/**
 * The table's query from the address's query string (`q`, `status`, `operator`, `island`, `model` — empty for "no
 * model" —, `sort`, `dir`, `page`); anything malformed is left out. Facet values are checked against the run's own
 * later (validQuery), since an address can name a value the run does not have.
 */
export function parseTableQuery(params: URLSearchParams): TableQuery {
  const island = Number(params.get('island'));
  const page = Number(params.get('page'));
  const sort = params.get('sort') as TableSort;
  return {
    text: params.get('q') ?? '',
    view: {
      ...(params.has('status') && { status: params.get('status') as TableStatus }),
      ...(params.has('operator') && { operator: params.get('operator')! }),
      ...(params.get('island') && Number.isInteger(island) && { island }),
      ...(params.has('model') && { model: params.get('model') || null }),
      sort: SORTS.includes(sort) ? sort : 'score',
      dir: params.get('dir') === 'asc' ? 'asc' : 'desc',
      page: Number.isInteger(page) && page > 1 ? page - 1 : 0,
    },
  };
}

/** The query string of a table query (the page 1-based, defaults left out), the inverse of parseTableQuery. */
export function tableQueryString(q: TableQuery): string {
  const p = new URLSearchParams();
  if (q.text) p.set('q', q.text);
  if (q.view.status !== undefined) p.set('status', q.view.status);
  if (q.view.operator !== undefined) p.set('operator', q.view.operator);
  if (q.view.island !== undefined) p.set('island', String(q.view.island));
  if (q.view.model !== undefined) p.set('model', q.view.model ?? '');
  if (q.view.sort !== 'score') p.set('sort', q.view.sort);
  if (q.view.dir !== 'desc') p.set('dir', q.view.dir);
  if (q.view.page > 0) p.set('page', String(q.view.page + 1));
  return p.toString();
}

/** The view with every facet filter the run has no such value for dropped (a stale or edited address). */
export function validView<V extends TableQuery['view']>(view: V, facets: ReturnType<typeof tableFacets>): V {
  const keep = <T>(value: T | undefined, values: readonly T[]) => (value === undefined || values.includes(value) ? value : undefined);
  return {
    ...view,
    status: keep(view.status, facets.statuses),
    operator: keep(view.operator, facets.operators),
    island: keep(view.island, facets.islands),
    model: keep(view.model, facets.models),
  };
}
