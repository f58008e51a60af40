// Plain-text helpers: whitespace, casing, padding, indentation and word wrapping. Widths count UTF-16 code units.

export function normalizeWhitespace(text) {
  return text.replace(/\s+/g, ' ').trim();
}

export function countWords(text) {
  const t = normalizeWhitespace(text);
  return t === '' ? 0 : t.split(' ').length;
}

export function capitalize(word) {
  return word === '' ? word : word[0].toUpperCase() + word.slice(1).toLowerCase();
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to']);

// Title Case, keeping small words lower-case except at either end.
export function titleCase(text) {
  const words = normalizeWhitespace(text).split(' ');
  return words
    .map((w, i) => (i > 0 && i < words.length - 1 && SMALL_WORDS.has(w.toLowerCase()) ? w.toLowerCase() : capitalize(w)))
    .join(' ');
}

export function slugify(text) {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// Shortens text to at most max characters, ending with an ellipsis when something was cut, preferably at a space.
export function truncate(text, max, ellipsis = '…') {
  if (text.length <= max) return text;
  const room = max - ellipsis.length;
  if (room <= 0) return ellipsis.slice(0, max);
  const cut = text.slice(0, room);
  const space = cut.lastIndexOf(' ');
  return (space > room / 2 ? cut.slice(0, space) : cut).trimEnd() + ellipsis;
}

export function padCenter(text, width, fill = ' ') {
  const total = Math.max(0, width - text.length);
  const left = Math.floor(total / 2);
  return fill.repeat(left) + text + fill.repeat(total - left);
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks of lines

export function lines(text) {
  return text.split(/\r?\n/);
}

export function indent(text, prefix = '  ') {
  return lines(text)
    .map((l) => (l === '' ? l : prefix + l))
    .join('\n');
}

// Removes the longest common leading whitespace of the non-blank lines.
export function dedent(text) {
  const ls = lines(text);
  let common = null;
  for (const l of ls) {
    if (l.trim() === '') continue;
    const lead = /^[ \t]*/.exec(l)[0];
    if (common === null || !lead.startsWith(common)) {
      let k = 0;
      while (common !== null && k < common.length && k < lead.length && common[k] === lead[k]) k++;
      common = common === null ? lead : common.slice(0, k);
    }
  }
  return ls.map((l) => l.slice(common?.length ?? 0)).join('\n');
}

export function longestLine(text) {
  return Math.max(0, ...lines(text).map((l) => l.length));
}

// Splits text into paragraphs on blank lines, each normalised to single spaces.
export function paragraphs(text) {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map(normalizeWhitespace)
    .filter((p) => p !== '');
}

// ---------------------------------------------------------------------------------------------------------------
// Wrapping

function checkWidth(width) {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`width must be a positive integer, got ${width}`);
}

function* pieces(word, width) {
  for (let i = 0; i < word.length; i += width) yield word.slice(i, i + width);
}

// Greedy word wrap of a single paragraph into lines of at most width characters.
export function wrap(text, width) {
  checkWidth(width);
  const out = [];
  let line = '';
  for (const word of normalizeWhitespace(text).split(' ')) {
    if (word === '') continue;
    for (const piece of word.length > width ? pieces(word, width) : [word]) {
      if (line === '') {
        line = piece;
      } else if (line.length + piece.length > width) {
        out.push(line);
        line = piece;
      } else {
        line += ` ${piece}`;
      }
    }
  }
  if (line !== '') out.push(line);
  return out;
}

// Wraps every paragraph and separates them with an empty line.
export function wrapText(text, width) {
  return paragraphs(text)
    .map((p) => wrap(p, width).join('\n'))
    .join('\n\n');
}

// Wraps and then pads every line but the last with extra spaces between words to exactly width characters.
export function justify(text, width) {
  const ls = wrap(text, width);
  return ls.map((line, i) => {
    if (i === ls.length - 1) return line;
    const words = line.split(' ');
    if (words.length === 1) return line;
    let spaces = width - words.reduce((n, w) => n + w.length, 0);
    const gaps = words.length - 1;
    return words.reduce((acc, w, k) => {
      if (k === 0) return w;
      const n = Math.ceil(spaces / (gaps - k + 1));
      spaces -= n;
      return acc + ' '.repeat(n) + w;
    }, '');
  });
}

// Draws text wrapped to width inside an ASCII box.
export function boxed(text, width) {
  const body = wrap(text, width).map((l) => `| ${l.padEnd(width)} |`);
  const rule = `+${'-'.repeat(width + 2)}+`;
  return [rule, ...body, rule].join('\n');
}
