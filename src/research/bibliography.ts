// The bibliography a paper cites from: Kaizen's own (templates/bib/kaizen.bib, the field's works, checked by hand) and
// the user's `--bib FILE`, whose entries add to it or replace an entry of the same key.
//
// BibTeX is read by the small parser below rather than an npm package: a paper needs the entry type, the key and a
// handful of fields, every error must name the file and line, and the values are turned into plain Unicode text
// (accents, dashes, case-protecting braces) that the Markdown, HTML and LaTeX writers escape themselves — so no raw
// LaTeX from a user's file ever reaches the .tex. The packages that fit (@retorquere/bibtex-parser, bibtex-parse,
// citation-js) bring a far larger surface (name parsing, CSL, sentence-casing rules) for what is ~150 lines here.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KaizenError } from '../errors.ts';

/** Kaizen's shipped bibliography. */
export const KAIZEN_BIB = fileURLToPath(new URL('../../templates/bib/kaizen.bib', import.meta.url));

export interface BibEntry {
  type: string;
  key: string;
  /** Field names lower-cased; values as plain Unicode text (see {@link plainText}). */
  fields: Record<string, string>;
  file: string;
  line: number;
}

export class BibError extends KaizenError {}

const MONTHS: Record<string, string> = {
  jan: 'January',
  feb: 'February',
  mar: 'March',
  apr: 'April',
  may: 'May',
  jun: 'June',
  jul: 'July',
  aug: 'August',
  sep: 'September',
  oct: 'October',
  nov: 'November',
  dec: 'December',
};

/** Parses BibTeX text: entries, `@string` macros (and the month names), `#` concatenation; `@comment`/`@preamble` skipped. */
export function parseBibtex(text: string, file: string): BibEntry[] {
  const entries: BibEntry[] = [];
  const macros = new Map(Object.entries(MONTHS));
  let i = 0;
  const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
  const fail = (message: string, pos = i): never => {
    throw new BibError(`${file}:${lineAt(pos)}: ${message}`);
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const identifier = (what: string): string => {
    skipSpace();
    const m = /^[A-Za-z0-9_:.+/'-]+/.exec(text.slice(i));
    if (!m) fail(`expected ${what}`);
    i += m![0].length;
    return m![0];
  };
  /** A braced or quoted piece, its delimiters removed, inner braces kept. */
  const delimited = (): string => {
    const open = text[i];
    const start = i;
    let depth = 0;
    for (i++; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0 && open === '{') return text.slice(start + 1, i++);
        depth--;
        if (depth < 0) fail('unbalanced } in a value');
      } else if (c === '"' && open === '"' && depth === 0) return text.slice(start + 1, i++);
    }
    return fail(`unterminated value (opened with ${open})`, start);
  };
  const value = (): string => {
    const parts: string[] = [];
    for (;;) {
      skipSpace();
      const c = text[i];
      if (c === '{' || c === '"') parts.push(delimited());
      else if (c !== undefined && /[0-9]/.test(c)) parts.push(identifier('a number'));
      else {
        const at = i;
        const name = identifier('a value').toLowerCase();
        const macro = macros.get(name);
        if (macro === undefined) fail(`unknown string macro "${name}" (define it with @string)`, at);
        parts.push(macro!);
      }
      skipSpace();
      if (text[i] !== '#') return parts.join('');
      i++;
    }
  };
  const seen = new Map<string, number>();
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) break;
    i = at + 1;
    const type = identifier('an entry type after @').toLowerCase();
    skipSpace();
    const open = text[i];
    if (open !== '{' && open !== '(') fail(`expected { or ( after @${type}`);
    const close = open === '{' ? '}' : ')';
    if (type === 'comment' || type === 'preamble') {
      if (open === '{') delimited();
      else {
        const end = text.indexOf(')', i);
        if (end < 0) fail(`unterminated @${type}`);
        i = end + 1;
      }
      continue;
    }
    i++;
    if (type === 'string') {
      const name = identifier('a macro name').toLowerCase();
      skipSpace();
      if (text[i] !== '=') fail(`expected = after @string{${name}`);
      i++;
      macros.set(name, value());
      skipSpace();
      if (text[i] !== close) fail(`expected ${close} to end @string{${name}}`);
      i++;
      continue;
    }
    const line = lineAt(at);
    const key = identifier(`the key of @${type}`);
    const earlier = seen.get(key);
    if (earlier !== undefined) fail(`duplicate key "${key}" (first defined on line ${earlier})`, at);
    seen.set(key, line);
    const fields: Record<string, string> = {};
    for (;;) {
      skipSpace();
      if (text[i] === close) {
        i++;
        break;
      }
      if (text[i] !== ',') fail(`expected , or ${close} in @${type}{${key}}`);
      i++;
      skipSpace();
      if (text[i] === close) {
        i++;
        break;
      }
      const name = identifier(`a field name in @${type}{${key}}`).toLowerCase();
      skipSpace();
      if (text[i] !== '=') fail(`expected = after field ${name} of ${key}`);
      i++;
      if (Object.hasOwn(fields, name)) fail(`field ${name} given twice in ${key}`);
      fields[name] = plainText(value());
    }
    entries.push({ type, key, fields, file, line });
  }
  return entries;
}

const ACCENTS: Record<string, string> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  c: '\u0327',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  k: '\u0328',
};
const SYMBOLS: Record<string, string> = { o: 'ø', O: 'Ø', ss: 'ß', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ' };

/**
 * A BibTeX value as plain text: accent commands composed (`{\"o}` → ö), `\&`, `\%`, `\_`… unescaped, `---`/`--` as
 * em/en dashes, `~` as a space, case-protecting braces removed, whitespace collapsed. Other commands keep their
 * argument (`\emph{x}` → x).
 */
export function plainText(raw: string): string {
  let s = raw;
  s = s.replace(/\\([`'^"~=.])\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))/g, (_m, acc: string, a?: string, b?: string) =>
    `${(a ?? b ?? '').replace(/^\\([ij])$/, '$1').replace(/^\\i$/, 'i')}${ACCENTS[acc]}`.normalize('NFC'),
  );
  s = s.replace(/\\([cuvHk])\s*(?:\{\s*([A-Za-z])\s*\}|\s+([A-Za-z]))/g, (_m, acc: string, a?: string, b?: string) =>
    `${a ?? b}${ACCENTS[acc]}`.normalize('NFC'),
  );
  s = s.replace(/\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])\s*/g, (_m, name: string) => SYMBOLS[name] ?? name);
  s = s.replace(/\\([&%$#_{}])/g, '$1');
  s = s.replace(/\\[A-Za-z]+\s*/g, '');
  s = s.replace(/---/g, '—').replace(/--/g, '–').replace(/~/g, ' ');
  s = s.replace(/[{}]/g, '');
  return s.replace(/\s+/g, ' ').trim();
}

/** The entries a paper may cite, by key. */
export class Bibliography {
  readonly entries = new Map<string, BibEntry>();

  /** A key defined twice is an error: a user's entry silently replacing Kaizen's would change what a citation means. */
  add(entries: readonly BibEntry[]): void {
    for (const e of entries) {
      const earlier = this.entries.get(e.key);
      if (earlier)
        throw new BibError(`${e.file}:${e.line}: duplicate key "${e.key}" (already defined in ${earlier.file}:${earlier.line}): give your entry another key`);
      this.entries.set(e.key, e);
    }
  }

  /** The entry for a citation key; an unknown key is an error naming it. */
  get(key: string, where: string): BibEntry {
    const e = this.entries.get(key);
    if (!e)
      throw new BibError(
        `${where}: unknown citation key "${key}" (not in ${[...new Set([...this.entries.values()].map((x) => x.file))].join(' or ') || 'any bibliography'})`,
      );
    return e;
  }
}

/** Kaizen's bibliography plus the user's file (a key both define is an error). */
export function loadBibliography(userFile?: string): Bibliography {
  const bib = new Bibliography();
  bib.add(parseBibtex(readFileSync(KAIZEN_BIB, 'utf8'), 'templates/bib/kaizen.bib'));
  if (userFile) {
    let text: string;
    try {
      text = readFileSync(userFile, 'utf8');
    } catch (e) {
      throw new BibError(`${userFile}: cannot read the bibliography: ${(e as Error).message}`);
    }
    bib.add(parseBibtex(text, userFile));
  }
  return bib;
}

/** "Last" of each author ("Last, First" or "First Last"); `others` stays as the marker it is. */
export function authorLastNames(field: string | undefined): string[] {
  if (!field) return [];
  return field
    .split(/\s+and\s+/)
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => {
      if (a === 'others') return 'others';
      if (a.includes(',')) return a.split(',')[0]!.trim();
      const parts = a.split(/\s+/);
      // "van der Schaar": lower-case particles belong to the last name.
      const first = parts.findIndex((p, k) => k > 0 && /^[a-z]/.test(p));
      return first > 0 ? parts.slice(first).join(' ') : parts.at(-1)!;
    });
}

/** "First Last" of each author, `others` as "others". */
function authorNames(field: string | undefined): string[] {
  if (!field) return [];
  return field
    .split(/\s+and\s+/)
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => {
      if (!a.includes(',')) return a;
      const [last, ...rest] = a.split(',').map((x) => x.trim());
      return [rest.join(' '), last].filter(Boolean).join(' ');
    });
}

/** A reference as the writers print it: a label for citations and the parts of the list entry, all plain text. */
export interface Reference {
  key: string;
  /** "Zhang et al., 2025" (with a, b… when two cited works would share it). */
  label: string;
  authors: string;
  year: string;
  title: string;
  /** Journal, proceedings, arXiv id, or how it was published. */
  venue: string;
  url: string | null;
}

/** The references of the cited keys, sorted by first author and year, with labels told apart. */
export function references(bib: Bibliography, keys: readonly string[]): Reference[] {
  const entries = [...new Set(keys)].map((k) => bib.get(k, 'references'));
  const base = (e: BibEntry) => {
    const last = authorLastNames(e.fields.author);
    const year = e.fields.year ?? 'n.d.';
    const who =
      last.length === 0
        ? (e.fields.title ?? e.key)
        : last.length === 1
          ? last[0]!
          : last.length === 2 && last[1] !== 'others'
            ? `${last[0]} and ${last[1]}`
            : `${last[0]} et al.`;
    return { who, year };
  };
  const sorted = [...entries].sort((a, b) => {
    const x = base(a);
    const y = base(b);
    return (
      x.who.localeCompare(y.who) || x.year.localeCompare(y.year) || (a.fields.title ?? '').localeCompare(b.fields.title ?? '') || a.key.localeCompare(b.key)
    );
  });
  const counts = new Map<string, number>();
  for (const e of sorted) {
    const { who, year } = base(e);
    counts.set(`${who}|${year}`, (counts.get(`${who}|${year}`) ?? 0) + 1);
  }
  const used = new Map<string, number>();
  return sorted.map((e) => {
    const { who, year } = base(e);
    const id = `${who}|${year}`;
    const n = used.get(id) ?? 0;
    used.set(id, n + 1);
    const suffix = (counts.get(id) ?? 0) > 1 ? String.fromCharCode(97 + n) : '';
    const names = authorNames(e.fields.author);
    const authors =
      names.length === 0
        ? ''
        : names.length === 1
          ? names[0]!
          : names.at(-1) === 'others'
            ? `${names.slice(0, -1).join(', ')} et al.`
            : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
    const f = e.fields;
    const arxiv = f.eprint && (f.archiveprefix ?? '').toLowerCase() === 'arxiv' ? `arXiv:${f.eprint}` : '';
    const journal = f.journal ? [f.journal, f.volume, f.pages].filter(Boolean).join(', ') : '';
    const venue = [journal, f.booktitle, f.howpublished, arxiv, f.note].filter(Boolean).join('. ');
    const url = f.doi ? `https://doi.org/${f.doi}` : f.url ? f.url : arxiv ? `https://arxiv.org/abs/${f.eprint}` : null;
    return { key: e.key, label: `${who}, ${year}${suffix}`, authors, year: `${year}${suffix}`, title: f.title ?? e.key, venue, url };
  });
}
