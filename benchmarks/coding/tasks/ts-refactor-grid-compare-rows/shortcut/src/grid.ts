// Client-side data grid for the admin UI: filtering, sorting, grouping, totals and formatting of rows.

export type Cell = string | number | boolean | null | undefined;
export type Row = Record<string, Cell>;

export interface SortKey {
  column: string;
  descending?: boolean;
}

export type Operator = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'contains' | 'empty';

export interface Filter {
  column: string;
  op: Operator;
  value?: Cell;
}

export interface ColumnFormat {
  column: string;
  kind: 'text' | 'number' | 'percent' | 'money';
  digits?: number;
}

function isEmpty(v: Cell): boolean {
  return v === null || v === undefined || v === '';
}

function test(cell: Cell, f: Filter): boolean {
  switch (f.op) {
    case 'empty':
      return isEmpty(cell);
    case 'contains':
      return !isEmpty(cell) && String(cell).toLowerCase().includes(String(f.value ?? '').toLowerCase());
    case 'eq':
      return cell === f.value;
    case 'ne':
      return cell !== f.value;
  }
  if (typeof cell !== 'number' || typeof f.value !== 'number') return false;
  switch (f.op) {
    case 'lt':
      return cell < f.value;
    case 'le':
      return cell <= f.value;
    case 'gt':
      return cell > f.value;
    case 'ge':
      return cell >= f.value;
  }
  return false;
}

// Rows matching every filter.
export function filterRows(rows: Row[], filters: Filter[]): Row[] {
  return rows.filter((row) => filters.every((f) => test(row[f.column], f)));
}

// Parses the quick-filter box: "status=open amount>100 name~smith".
export function parseQuickFilter(text: string): Filter[] {
  const filters: Filter[] = [];
  for (const part of text.trim().split(/\s+/)) {
    if (part === '') continue;
    const m = /^(\w+)(<=|>=|!=|=|<|>|~)(.*)$/.exec(part);
    if (!m) throw new SyntaxError(`cannot read filter "${part}"`);
    const [, column, sym, raw] = m;
    const op = ({ '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '~': 'contains' } as const)[sym];
    const value: Cell = raw !== '' && !Number.isNaN(Number(raw)) && op !== 'contains' ? Number(raw) : raw;
    filters.push({ column, op, value });
  }
  return filters;
}

export function groupRows(rows: Row[], column: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = isEmpty(row[column]) ? '(none)' : String(row[column]);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

export interface Totals {
  count: number;
  sum: number;
  min: number | undefined;
  max: number | undefined;
  mean: number | undefined;
}

// Totals over the numeric cells of a column; other cells are ignored.
export function totals(rows: Row[], column: string): Totals {
  let count = 0;
  let sum = 0;
  let min: number | undefined;
  let max: number | undefined;
  for (const row of rows) {
    const v = row[column];
    if (typeof v !== 'number' || Number.isNaN(v)) continue;
    count++;
    sum += v;
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
  }
  return { count, sum, min, max, mean: count === 0 ? undefined : sum / count };
}

// Stable multi-key sort. Empty cells (null/undefined) go last whatever the direction; two numbers compare
// numerically, anything else by the code units of its text.
// Orders two rows by the sort keys.
export function compareRows(x: Row, y: Row, keys: SortKey[]): number {
  for (const { column, descending } of keys) {
    const a = x[column] as number | string;
    const b = y[column] as number | string;
    if (a === b) continue;
    const c = a < b ? -1 : 1;
    return descending ? -c : c;
  }
  return 0;
}

export function sortRows(rows: Row[], keys: SortKey[]): Row[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => {
      for (const { column, descending } of keys) {
        const a = x.row[column];
        const b = y.row[column];
        if (a === b) continue;
        if (a === null || a === undefined) return 1;
        if (b === null || b === undefined) return -1;
        let c: number;
        if (typeof a === 'number' && typeof b === 'number') c = a - b;
        else c = String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
        if (c !== 0) return descending ? -c : c;
      }
      return x.index - y.index;
    })
    .map((x) => x.row);
}

export function page(rows: Row[], index: number, size: number): Row[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('page size must be a positive integer');
  if (!Number.isInteger(index) || index < 0) throw new RangeError('page index must be a non-negative integer');
  return rows.slice(index * size, (index + 1) * size);
}

export function formatCell(value: Cell, format: ColumnFormat): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'number') return String(value);
  const digits = format.digits ?? (format.kind === 'money' ? 2 : 0);
  switch (format.kind) {
    case 'percent':
      return `${(value * 100).toFixed(digits)}%`;
    case 'money':
      return (value < 0 ? '-' : '') + '$' + Math.abs(value).toFixed(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    case 'number':
      return value.toFixed(digits);
    default:
      return String(value);
  }
}

// The grid pipeline: filter, then sort, then take one page.
export function view(rows: Row[], filters: Filter[], keys: SortKey[], pageIndex: number, pageSize: number): Row[] {
  return page(sortRows(filterRows(rows, filters), keys), pageIndex, pageSize);
}
