// Plain-text rendering of tables and key/value lists for the CLI. Columns are aligned by display width:
// East Asian wide characters and most emoji take two terminal cells, combining marks take none.

export type Align = 'left' | 'right';

export function renderTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const gapFor = (text: string, c: number) => ' '.repeat(widths[c] - displayWidth(text));
  const cell = (text: string, c: number) => (align[c] === 'right' ? gapFor(text, c) + text : text + gapFor(text, c));
  const line = (cells: string[]) => headers.map((_, c) => cell(cells[c] ?? '', c)).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}

// "key   : value" lines with the colons aligned; multi-line values are indented under the first line.
export function renderList(entries: [string, string][]): string {
  const keyWidth = Math.max(0, ...entries.map(([k]) => displayWidth(k)));
  const padKey = (key: string) => key + ' '.repeat(keyWidth - displayWidth(key));
  return entries
    .map(([key, value]) => {
      const [first, ...rest] = value.split('\n');
      const head = `${padKey(key)} : ${first}`;
      return [head, ...rest.map((l) => ' '.repeat(keyWidth + 3) + l)].join('\n');
    })
    .join('\n');
}

export function box(title: string, body: string): string {
  const lines = [title, ...body.split('\n')];
  const w = Math.max(...lines.map((l) => l.length));
  const edge = '+' + '-'.repeat(w + 2) + '+';
  return [edge, ...lines.map((l) => `| ${l.padEnd(w)} |`), edge].join('\n');
}

// Number of terminal cells the text occupies.
export function displayWidth(text: string): number {
  let cells = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0x1f300 && cp <= 0x1faff);
    cells += wide ? 2 : 1;
  }
  return cells;
}
