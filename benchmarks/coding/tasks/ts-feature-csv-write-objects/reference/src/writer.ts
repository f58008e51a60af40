// Writing CSV (RFC 4180). Fields that contain the delimiter, a quote, CR or LF are quoted; quotes are doubled.

export type Field = string | number | boolean | Date | null | undefined;

export interface WriteOptions {
  delimiter?: string; // default ','
  newline?: string; // default '\r\n'
}

export function formatField(value: Field, delimiter = ','): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`cannot write ${value} to CSV`);
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  if (text.includes(delimiter) || /["\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

function settings(options: WriteOptions): { delimiter: string; newline: string } {
  const delimiter = options.delimiter ?? ',';
  const newline = options.newline ?? '\r\n';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n')
    throw new RangeError(`unusable delimiter ${JSON.stringify(delimiter)}`);
  if (newline !== '\n' && newline !== '\r\n') throw new RangeError('newline must be \\n or \\r\\n');
  return { delimiter, newline };
}

export function formatRow(fields: Field[], options: WriteOptions = {}): string {
  const { delimiter } = settings(options);
  return fields.map((f) => formatField(f, delimiter)).join(delimiter);
}

// Every row is terminated by the newline, including the last one.
export function writeRows(rows: Field[][], options: WriteOptions = {}): string {
  const { newline } = settings(options);
  return rows.map((r) => formatRow(r, options) + newline).join('');
}

// Streams rows to a sink in chunks of at most `chunkRows` rows (for large exports).
export function writeChunks(rows: Iterable<Field[]>, sink: (chunk: string) => void, chunkRows = 1000, options: WriteOptions = {}): number {
  let buffer: Field[][] = [];
  let count = 0;
  for (const row of rows) {
    buffer.push(row);
    count++;
    if (buffer.length >= chunkRows) {
      sink(writeRows(buffer, options));
      buffer = [];
    }
  }
  if (buffer.length > 0) sink(writeRows(buffer, options));
  return count;
}

export interface ObjectOptions extends WriteOptions {
  columns?: string[];
}

// A header line followed by one line per record.
export function writeObjects(records: Record<string, Field>[], options: ObjectOptions = {}): string {
  const columns = options.columns ?? (records.length > 0 ? Object.keys(records[0]) : undefined);
  if (columns === undefined) return '';
  return writeRows([columns, ...records.map((r) => columns.map((c) => r[c]))], options);
}
