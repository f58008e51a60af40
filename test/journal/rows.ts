import type { JournalRow } from '../../src/journal/trials.ts';

/** Hand-built program rows for the journal tests: ids and evaluation times follow the order of creation. */
export function rowMaker() {
  let next = 1;
  const rows: JournalRow[] = [];
  const add = (over: Partial<JournalRow> & { score?: number | null }): JournalRow => {
    const id = next++;
    const r: JournalRow = {
      id,
      sample: id - 1,
      parent_id: null,
      operator: 'seed',
      change: null,
      status: 'evaluated',
      correct: 1,
      score: 1,
      failure_class: null,
      public_json: null,
      cases_json: null,
      evaluated_at: `2025-01-01T00:00:${String(id).padStart(2, '0')}.000Z`,
      ...over,
    };
    rows.push(r);
    return r;
  };
  /** A correct child of `parent` with this score. */
  const child = (parent: JournalRow, operator: string, change: string, score: number, over: Partial<JournalRow> = {}) =>
    add({ parent_id: parent.id, operator, change, score, ...over });
  /** A child that failed with `failure`. */
  const failed = (parent: JournalRow, operator: string, change: string, failure: string) =>
    add({ parent_id: parent.id, operator, change, status: 'failed', correct: 0, score: null, failure_class: failure });
  return { rows, add, child, failed };
}
