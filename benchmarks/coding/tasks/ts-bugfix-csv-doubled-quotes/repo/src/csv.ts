// Minimal CSV reading: RFC 4180 style fields, one record per line.

export type Row = Record<string, string>;

export function parseLine(line: string, delimiter = ','): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) throw new SyntaxError(`unterminated quoted field in: ${line}`);
  fields.push(field);
  return fields;
}

export function parse(text: string, delimiter = ','): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => parseLine(line, delimiter));
}

export function toObjects(text: string, delimiter = ','): Row[] {
  const [header, ...records] = parse(text, delimiter);
  if (!header) return [];
  return records.map((fields, n) => {
    if (fields.length !== header.length) {
      throw new SyntaxError(`record ${n + 1} has ${fields.length} fields, expected ${header.length}`);
    }
    const row: Row = {};
    header.forEach((name, i) => (row[name] = fields[i]));
    return row;
  });
}
