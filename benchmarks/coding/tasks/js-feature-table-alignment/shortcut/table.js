// Plain-text tables.
//
//   renderTable([['Item', 'Qty'], ['Apple', 3]], { header: true, style: 'ascii' })
//
//   +-------+-----+
//   | Item  | Qty |
//   +-------+-----+
//   | Apple | 3   |
//   +-------+-----+

export const STYLES = {
  ascii: { h: '-', v: '|', cross: '+', corners: ['+', '+', '+', '+'], tees: ['+', '+', '+', '+'] },
  unicode: { h: '─', v: '│', cross: '┼', corners: ['┌', '┐', '└', '┘'], tees: ['├', '┤', '┬', '┴'] },
  plain: { h: '', v: '', cross: '', corners: ['', '', '', ''], tees: ['', '', '', ''] },
};

// ---------------------------------------------------------------------------------------------------------------
// Cells

export function cellText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
  if (value instanceof Date) throw new TypeError('format dates before putting them in a table');
  return String(value);
}

// Cells may contain newlines: every row becomes as many text lines as its tallest cell.
export function cellLines(value) {
  return cellText(value).split('\n');
}

export function displayWidth(text) {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/u.test(ch) ? 2 : 1;
  return w;
}

// ---------------------------------------------------------------------------------------------------------------
// Shape

export function normalizeRows(rows) {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) => Array.from({ length: columns }, (_, i) => (i < r.length ? r[i] : '')));
}

export function columnWidths(rows, minWidth = 1) {
  const widths = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      const w = Math.max(...cellLines(cell).map(displayWidth));
      widths[i] = Math.max(widths[i] ?? minWidth, w);
    });
  }
  return widths;
}

export function transpose(rows) {
  const norm = normalizeRows(rows);
  return norm.length === 0 ? [] : norm[0].map((_, i) => norm.map((r) => r[i]));
}

// Turns objects into rows, with the keys (or the given columns) as the header row.
export function rowsFromObjects(objects, columns) {
  const cols = columns ?? [...new Set(objects.flatMap((o) => Object.keys(o)))];
  return [cols, ...objects.map((o) => cols.map((c) => o[c]))];
}

// ---------------------------------------------------------------------------------------------------------------
// Borders

function rule(widths, style, left, mid, right) {
  if (!style.h) return null;
  return left + widths.map((w) => style.h.repeat(w + 2)).join(mid) + right;
}

export function topRule(widths, style) {
  return rule(widths, style, style.corners[0], style.tees[2], style.corners[1]);
}

export function middleRule(widths, style) {
  return rule(widths, style, style.tees[0], style.cross, style.tees[1]);
}

export function bottomRule(widths, style) {
  return rule(widths, style, style.corners[2], style.tees[3], style.corners[3]);
}

function resolveStyle(name) {
  const style = STYLES[name];
  if (!style) throw new TypeError(`unknown table style ${name}`);
  return style;
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

function renderRow(row, widths, style, align) {
  const height = Math.max(...row.map((cell) => cellLines(cell).length));
  const out = [];
  for (let k = 0; k < height; k++) {
    const parts = row.map((cell, i) => alignCell(cellLines(cell)[k] ?? '', widths[i], align[i] ?? 'left'));
    const sep = style.v ? ` ${style.v} ` : '  ';
    const line = style.v ? `${style.v} ${parts.join(sep)} ${style.v}` : parts.join(sep);
    out.push(style.v ? line : line.trimEnd());
  }
  return out;
}

// Pads text to the given display width according to align ('left', 'right' or 'center').
export function alignCell(text, width, align = 'left') {
  const gap = Math.max(0, width - displayWidth(text));
  if (align === 'right') return ' '.repeat(gap) + text;
  if (align === 'center') return ' '.repeat(Math.ceil(gap / 2)) + text + ' '.repeat(Math.floor(gap / 2));
  return text + ' '.repeat(gap);
}

export function renderTable(rows, { header = false, style = 'ascii', align = [] } = {}) {
  if (rows.length === 0) return '';
  const s = resolveStyle(style);
  const norm = normalizeRows(rows);
  const widths = columnWidths(norm);
  const lines = [];
  const top = topRule(widths, s);
  if (top) lines.push(top);
  norm.forEach((row, r) => {
    lines.push(...renderRow(row, widths, s, align));
    if (header && r === 0 && norm.length > 1) {
      const mid = middleRule(widths, s);
      if (mid) lines.push(mid);
    }
  });
  const bottom = bottomRule(widths, s);
  if (bottom) lines.push(bottom);
  return lines.join('\n');
}

export function renderObjects(objects, options = {}) {
  return renderTable(rowsFromObjects(objects, options.columns), { header: true, ...options });
}

// GitHub-flavoured Markdown: the first row is the header.
export function renderMarkdown(rows) {
  const norm = normalizeRows(rows).map((r) => r.map((c) => cellText(c).replaceAll('|', '\\|').replaceAll('\n', '<br>')));
  if (norm.length === 0) return '';
  const widths = norm[0].map((_, i) => Math.max(3, ...norm.map((r) => displayWidth(r[i]))));
  const line = (r) => `| ${r.map((c, i) => c + ' '.repeat(widths[i] - displayWidth(c))).join(' | ')} |`;
  return [line(norm[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...norm.slice(1).map(line)].join('\n');
}
