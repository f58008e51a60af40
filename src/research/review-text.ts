// The reviewer's reading of a paper (issue 15): Markdown → units (sentences, table rows, headings) with their section,
// a masked copy of the text in which only the numbers that claim something are left, the fact links, the citations,
// and the number tokenizer. review-rules.ts checks the units; nothing here judges anything.
//
// The number tokenizer, precisely:
//  1. Masked first (blanked, offsets kept, so quotes stay verbatim): YAML front matter; HTML comments; fact links
//     `[TEXT](#fact-ID)` (whole, their TEXT is checked against the fact separately); citations, as the paper writer
//     links them, `[Author et al., 2024](#ref-KEY)`, and Pandoc's bracketed `[@a; @b, p. 3]` and narrative `@key`
//     (so keys and years inside citations are never numbers); the targets of other links and images `](…)`; bare and
//     angle-bracket URLs; inline code spans (`…`: names, ids, hashes and config keys quoted from the record, not
//     quantities); event positions `#41`; section numbering at the start of a heading (`## 2.1 Methods`);
//     ordered-list markers (`3. `, `3) `); cross-reference labels (`Figure 2`, `Table 1`, `Section 3.2`, `Eq. 4`,
//     `Appendix 1`, `§2`); model ids `provider:model…`.
//  2. The masked text is cut into words: maximal runs of letters, digits and `_ . , : / @ + - −`, with leading and
//     trailing `. , : / @` (and a trailing `-`) trimmed; anything else (spaces, `( ) [ ] = ± × % $ – —`) separates.
//  3. A word in which a letter is followed by a digit, directly or across one `- _ . : /` (`gpt-4o`, `sha256`,
//     `claude-sonnet-4-5`, `x86`, `run-3`), is an identifier: its digits are not numbers.
//     Scientific notation (`1e-3`, `2.5E4`) is one number token (which no fact renders: facts print fixed-point).
//  4. In the other words a number is `\d{1,3}(,\d{3})+` or `\d+`, optionally followed by `.\d+`; a `-`, `−` or `+`
//     directly before it at the start of the word is its sign (`-0.0278`); between two numbers a `-` is a range dash
//     (`0-7` is 0 and 7). Digits followed by st/nd/rd/th are ordinals, not numbers. A letter suffix does not hide a
//     number: `3.7s`, `10k`, `2D` are 3.7, 10 and 2. Thousands separators are dropped when comparing (`1,000` = 1000).

/** A fact link in Markdown: `[TEXT](#fact-ID)`; group 1 is TEXT, group 2 is ID. Aligned with the paper writer. */
export const FACT_LINK = /\[([^[\]]*)\]\(#fact-([^()\s]+)\)/g;
/** The anchor a fact's id gets in the paper (`#fact-ID`). */
export const FACT_ANCHOR_PREFIX = 'fact-';
/** A citation as the paper writer links it: `[LABEL](#ref-KEY)`; group 2 is KEY. */
export const REF_LINK = /\[((?:[^[\]\\]|\\.)*)\]\(#ref-([^()\s]+)\)/g;

/** Model providers, as in `provider:model` specs (src/models/spec.ts). */
export const MODEL_PROVIDERS = ['openai-compatible', 'openai', 'anthropic', 'google', 'ollama'] as const;
/** A model id `provider:model[@baseURL]` in running text. */
export const MODEL_ID = new RegExp(`(?<![\\w-])(?:${MODEL_PROVIDERS.join('|')}):[A-Za-z0-9][\\w.:/@-]*[A-Za-z0-9]`, 'g');

/** The sections a paper has (level-2 headings, matched case-insensitively, numbering allowed). */
export const SECTIONS = {
  abstract: /^abstract$/i,
  introduction: /^introduction$/i,
  methods: /^(methods?|materials and methods)$/i,
  results: /^results$/i,
  whatDidNotWork: /^what did( no|n[’']|n)t work$/i,
  references: /^(references|bibliography)$/i,
  facts: /^facts$/i,
} as const;
export type SectionKey = keyof typeof SECTIONS;
/** The sections every paper must have (a missing "What did not work" is an error, the others a warning). */
export const REQUIRED_SECTIONS: readonly SectionKey[] = ['abstract', 'introduction', 'methods', 'results', 'whatDidNotWork', 'references'];
/**
 * Appendices: the bibliography and the list of facts (each fact with its value, source run, event position and hash)
 * are the record itself, not claims; their numbers, verdict words and keys are not checked (placeholders are).
 */
export const APPENDIX_SECTIONS: readonly SectionKey[] = ['references', 'facts'];

export type UnitKind = 'heading' | 'sentence' | 'row';

/** One unit of text a finding quotes: a sentence of a paragraph or list item, a table row, or a heading. */
export interface Unit {
  kind: UnitKind;
  /** The unit as written (trimmed), for quotes. */
  text: string;
  /** Offsets of `text` in the document. */
  start: number;
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** The level-2 section holding it ('' before the first one: the title). */
  section: string;
  sectionKey: SectionKey | null;
  /** For a table row: the header's cells and this row's cells. */
  table?: { header: string[]; cells: string[] };
  /** The run-in heading of the unit's paragraph (`**Hypothesis.** …` → "Hypothesis"), if it has one. */
  runIn?: string;
}

export interface FactLinkRef {
  id: string;
  text: string;
  /** Offset of the link's `[`, and of TEXT. */
  start: number;
  textStart: number;
  end: number;
}

export interface CitationRef {
  key: string;
  start: number;
}

export interface NumberToken {
  /** As written (sign included). */
  raw: string;
  /** Normalised: ASCII sign, no thousands separators, no `+`. */
  value: string;
  signed: boolean;
  /** Digits after the decimal point. */
  decimals: number;
  start: number;
}

export interface Section {
  title: string;
  key: SectionKey | null;
  /** The heading's line (1-based) and the offsets of the section's body (after the heading, up to the next `##`). */
  line: number;
  bodyStart: number;
  bodyEnd: number;
}

export interface ParsedPaper {
  /** paper.md as read. */
  source: string;
  /** `source` with HTML comments blanked (what a reader sees); units, links and citations are read from it. */
  visible: string;
  /** `source` with everything that is not a checkable number blanked (same length). */
  masked: string;
  title: string | null;
  sections: Section[];
  units: Unit[];
  links: FactLinkRef[];
  citations: CitationRef[];
}

function maskRange(chars: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) if (chars[i] !== '\n') chars[i] = ' ';
}

function maskAll(chars: string[], text: string, re: RegExp, group?: number): void {
  for (const m of text.matchAll(re)) {
    if (group === undefined) maskRange(chars, m.index, m.index + m[0].length);
    else if (m[group] !== undefined) {
      const at = m.index + m[0].indexOf(m[group]);
      maskRange(chars, at, at + m[group].length);
    }
  }
}

const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const LINK_TARGET = /\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/g;
const URL_TEXT = /<https?:[^>\s]+>|https?:\/\/[^\s<>)\]]+/g;
/** A Pandoc citation group: brackets holding an `@key`, not a link's text. */
const CITATION_GROUP = /\[[^[\]]*?(?<![\w.])@[^[\]]*\](?!\()/g;
/** A citation key after `@` (Pandoc's characters; trailing punctuation is not part of it). */
const CITATION_KEY = /(?<![\w@.])-?@([\w][\w:.#$%&+?<>~/-]*[\w]|[\w])/g;
const HEADING_NUMBER = /^(?:#{1,6}[ \t]+)(\d+(?:\.\d+)*\.?)(?=[ \t])/gm;
const LIST_NUMBER = /^[ \t]*(\d+)[.)](?=[ \t])/gm;
const CODE_SPAN = /(`+)(?:(?!\1)[\s\S])+?\1/g;
const EVENT_POSITION = /#\d+\b/g;
const CROSS_REF = /(?:\b(?:Figures?|Figs?\.|Tables?|Sections?|Secs?\.|Equations?|Eqs?\.|Appendix|Algorithms?)|§)[ \t~]*(\d+(?:\.\d+)*)/g;

export const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const TABLE_SEPARATOR = /^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$/;
const LIST_ITEM = /^([ \t]*(?:[-*+]|\d+[.)])[ \t]+)/;
const FENCE = /^[ \t]*(```|~~~)/;

/** The section key of a heading's text, ignoring numbering (`2. Methods`) and emphasis. */
export function sectionKeyOf(title: string): SectionKey | null {
  const bare = title
    .replace(/^\d+(?:\.\d+)*\.?[ \t]+/, '')
    .replace(/[*_`]/g, '')
    .trim();
  for (const [key, re] of Object.entries(SECTIONS) as [SectionKey, RegExp][]) if (re.test(bare)) return key;
  return null;
}

/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'al', 'fig', 'figs', 'eq', 'eqs', 'sec', 'secs', 'vs', 'cf', 'resp', 'approx', 'no', 'dr', 'ref', 'refs']);

/** Sentence spans of `text` (offsets relative to it): a `.`, `!` or `?` followed by space and a sentence start. */
export function sentenceSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  for (const m of text.matchAll(/[.!?]+["'’”)\]*_]*\s+/g)) {
    const next = text[m.index + m[0].length];
    if (next === undefined || !/[\p{Lu}\p{N}[(*_`"'“‘!$±−-]/u.test(next)) continue;
    if (text[m.index] === '.') {
      const word = /([\p{L}.]+)$/u.exec(text.slice(from, m.index))?.[1]?.toLowerCase();
      if (word && ABBREVIATIONS.has(word)) continue;
    }
    const end = m.index + m[0].trimEnd().length;
    spans.push([from, end]);
    from = m.index + m[0].length;
  }
  if (text.slice(from).trim()) spans.push([from, text.length]);
  return spans.map(([a, b]) => {
    const s = text.slice(a, b);
    const lead = s.length - s.trimStart().length;
    return [a + lead, a + s.trimEnd().length] as [number, number];
  });
}

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** Parses a paper's Markdown into units, sections, fact links, citations and the masked text. */
export function parsePaper(source: string): ParsedPaper {
  // Offsets are UTF-16 indices throughout; split('') keeps them (a surrogate pair becomes two blanked halves).
  // HTML comments are not shown to a reader (the paper template's own notes are one): blanked before anything else.
  const visibleChars = source.split('');
  maskAll(visibleChars, source, HTML_COMMENT);
  const visible = visibleChars.join('');
  const m = [...visibleChars];
  const front = FRONT_MATTER.exec(visible);
  const frontEnd = front ? front[0].length : 0;
  if (front) maskRange(m, 0, frontEnd);

  const links: FactLinkRef[] = [];
  for (const l of visible.matchAll(FACT_LINK)) {
    if (l.index < frontEnd) continue;
    links.push({ id: l[2], text: l[1], start: l.index, textStart: l.index + 1, end: l.index + l[0].length });
    maskRange(m, l.index, l.index + l[0].length);
  }
  // Code spans quote the record (names, ids, hashes, config keys): neither numbers nor citations.
  maskAll(m, visible, CODE_SPAN);
  const citations: CitationRef[] = [];
  for (const r of visible.matchAll(REF_LINK)) {
    if (r.index < frontEnd || m[r.index] === ' ') continue;
    citations.push({ key: r[2], start: r.index });
    maskRange(m, r.index, r.index + r[0].length);
  }
  maskAll(m, visible, LINK_TARGET);
  maskAll(m, visible, URL_TEXT);
  const inGroup: [number, number][] = [];
  for (const g of visible.matchAll(CITATION_GROUP)) {
    if (g.index < frontEnd || m[g.index] === ' ') continue;
    inGroup.push([g.index, g.index + g[0].length]);
    for (const k of g[0].matchAll(CITATION_KEY)) citations.push({ key: k[1], start: g.index + k.index });
    maskRange(m, g.index, g.index + g[0].length);
  }
  for (const k of visible.matchAll(CITATION_KEY)) {
    if (k.index < frontEnd || inGroup.some(([a, b]) => k.index >= a && k.index < b)) continue;
    // Not part of a URL, an e-mail address or a model spec's `@http…` (those were masked or have a word before `@`).
    if (m[k.index + (k[0].startsWith('-') ? 1 : 0)] === ' ') continue;
    citations.push({ key: k[1], start: k.index });
    maskRange(m, k.index, k.index + k[0].length);
  }
  citations.sort((a, b) => a.start - b.start);
  maskAll(m, visible, EVENT_POSITION);
  maskAll(m, visible, HEADING_NUMBER, 1);
  maskAll(m, visible, LIST_NUMBER, 1);
  maskAll(m, visible, CROSS_REF, 1);
  maskAll(m, visible, MODEL_ID);
  const masked = m.join('');

  // Lines → sections and units.
  const lines: { text: string; start: number }[] = [];
  let at = 0;
  for (const text of visible.split('\n')) {
    lines.push({ text: text.replace(/\r$/, ''), start: at });
    at += text.length + 1;
  }
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const units: Unit[] = [];
  const sections: Section[] = [];
  let title: string | null = null;
  let section = '';
  let sectionKey: SectionKey | null = null;
  let para: { start: number; end: number } | null = null;
  let header: string[] | null = null;
  let fence = false;

  const push = (kind: UnitKind, start: number, end: number, table?: Unit['table'], runIn?: string) => {
    const raw = visible.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (!text) return;
    const unit: Unit = { kind, text, start: start + lead, end: start + lead + text.length, line: lineOf(start + lead), section, sectionKey };
    if (table) unit.table = table;
    if (runIn) unit.runIn = runIn;
    units.push(unit);
  };
  const flush = () => {
    if (!para) return;
    const text = visible.slice(para.start, para.end);
    const runIn = /^\s*(?:\*\*|__)([^*_]+?)[.:]?(?:\*\*|__)/.exec(text)?.[1];
    for (const [a, b] of sentenceSpans(text)) push('sentence', para.start + a, para.start + b, undefined, runIn);
    para = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const { text, start } = lines[i];
    const end = start + text.length;
    if (start < frontEnd) continue;
    if (FENCE.test(text)) {
      flush();
      fence = !fence;
      continue;
    }
    if (fence) {
      push('sentence', start, end);
      continue;
    }
    if (!text.trim()) {
      flush();
      header = null;
      continue;
    }
    const h = HEADING.exec(text);
    if (h) {
      flush();
      header = null;
      if (h[1].length === 1 && title === null) title = h[2];
      if (h[1].length <= 2) {
        if (sections.length) sections[sections.length - 1].bodyEnd = start;
        if (h[1].length === 2) {
          section = h[2];
          sectionKey = sectionKeyOf(h[2]);
          sections.push({ title: h[2], key: sectionKey, line: i + 1, bodyStart: end + 1, bodyEnd: visible.length });
        }
      }
      push('heading', start, end);
      continue;
    }
    if (/^[ \t]*\|/.test(text)) {
      flush();
      if (TABLE_SEPARATOR.test(text)) continue;
      const cells = tableCells(text);
      if (header === null && i + 1 < lines.length && TABLE_SEPARATOR.test(lines[i + 1].text)) {
        header = cells;
        push('row', start, end, { header: cells, cells });
      } else push('row', start, end, { header: header ?? [], cells });
      continue;
    }
    const item = LIST_ITEM.exec(text);
    if (item) {
      flush();
      para = { start: start + item[1].length, end };
      continue;
    }
    if (para) para.end = end;
    else para = { start, end };
  }
  flush();
  return { source, visible, masked, title, sections, units, links, citations };
}

const WORD = /[\p{L}\p{N}_.,:/@+\-−]+/gu;
const IDENTIFIER = /\p{L}[-_.:/]?\p{N}/u;
const SCIENTIFIC = /^[-+−]?\d+(?:\.\d+)?[eE][-+−]?\d+$/;
const NUMBER = /(\d{1,3}(?:,\d{3})+(?![\d,]\d)|\d+)(\.\d+)?/g;

function token(raw: string, start: number): NumberToken {
  const signed = /^[-+−]/.test(raw);
  const value = raw.replace(/^\+/, '').replace(/^−/, '-').replace(/,/g, '');
  const decimals = /\.(\d+)$/.exec(value)?.[1].length ?? 0;
  return { raw, value, signed, decimals, start };
}

/** The number tokens of a (masked) text; `base` is added to offsets. See the file's header for the rules. */
export function numberTokens(text: string, base = 0): NumberToken[] {
  const out: NumberToken[] = [];
  for (const w of text.matchAll(WORD)) {
    let word = w[0];
    let offset = w.index;
    const lead = /^[.,:/@]+/.exec(word)?.[0].length ?? 0;
    word = word.slice(lead).replace(/[.,:/@-]+$/, '');
    offset += lead;
    if (!/\d/.test(word)) continue;
    if (SCIENTIFIC.test(word)) {
      const t = token(word, base + offset);
      out.push({ ...t, decimals: -1 });
      continue;
    }
    if (IDENTIFIER.test(word)) continue;
    for (const n of word.matchAll(NUMBER)) {
      const after = word.slice(n.index + n[0].length);
      if (/^(st|nd|rd|th)(?!\p{L})/u.test(after)) continue;
      const sign = n.index === 1 && /[-+−]/.test(word[0]) ? word[0] : '';
      out.push(token(sign + n[0], base + offset + n.index - sign.length));
    }
  }
  return out;
}

/** Number tokens of a unit, read from the masked text. */
export function unitTokens(paper: ParsedPaper, unit: Unit): NumberToken[] {
  return numberTokens(paper.masked.slice(unit.start, unit.end), unit.start);
}

/** The fact links inside a unit. */
export function unitLinks(paper: ParsedPaper, unit: Unit): FactLinkRef[] {
  return paper.links.filter((l) => l.start >= unit.start && l.start < unit.end);
}

/** The citations inside a unit. */
export function unitCitations(paper: ParsedPaper, unit: Unit): CitationRef[] {
  return paper.citations.filter((c) => c.start >= unit.start && c.start < unit.end);
}

/** Keys of the entries of a BibTeX/BibLaTeX file (`@type{key,`; `@comment`, `@string`, `@preamble` are not entries). */
export function bibKeys(bib: string): string[] {
  const keys: string[] = [];
  for (const e of bib.matchAll(/@([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,/g)) {
    if (!/^(comment|string|preamble)$/i.test(e[1])) keys.push(e[2]);
  }
  return keys;
}

// ---- Text extracted from a PDF (pdftotext): no Markdown, so its own units and masks. ----

const MONTH_DATE =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s+\d{4}\b|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}\b/g;
/** Numeric citations `[1]`, `[1, 3]`, `[2–4]`, and author-year years: `(Name et al., 2020)`, `Name (2020a)`. */
const PDF_CITATION = /\[\d+(?:\s*[,–-]\s*\d+)*\]|\((?=[^()]*\p{Lu})[^()]*?\b(?:1[89]|20)\d{2}[a-z]?\)|(?<=\p{L}\.?\s)\((?:1[89]|20)\d{2}[a-z]?\)/gu;

/** Units of text extracted from a PDF: sentences of its paragraphs, up to a "References" (or "Facts") heading line. */
export function pdfUnits(text: string): { text: string; masked: string }[] {
  const lines = text.replace(/\f/g, '\n').split('\n');
  const kept: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (/^(references|bibliography|facts)$/i.test(line.replace(/^\d+(\.\d+)*\s+/, ''))) break;
    if (/^\d+$/.test(line)) {
      kept.push(''); // a page number
      continue;
    }
    // A numbered heading (`2.1 Methods`, `3 What did not work`): its numbering is not a number.
    kept.push(line.replace(/^\d+(?:\.\d+)*\.?\s+(?=\p{Lu}[\p{L} ’'-]*$)/u, ''));
  }
  const units: { text: string; masked: string }[] = [];
  for (const para of kept.join('\n').split(/\n{2,}/)) {
    const flat = para
      .replace(/-\n(?=\p{Ll})/gu, '')
      .replace(/\s*\n\s*/g, ' ')
      .trim();
    if (!flat) continue;
    const mask = flat.split('');
    maskAll(mask, flat, MONTH_DATE);
    maskAll(mask, flat, PDF_CITATION);
    maskAll(mask, flat, URL_TEXT);
    maskAll(mask, flat, EVENT_POSITION);
    maskAll(mask, flat, CROSS_REF, 1);
    maskAll(mask, flat, MODEL_ID);
    const masked = mask.join('');
    for (const [a, b] of sentenceSpans(flat)) units.push({ text: flat.slice(a, b), masked: masked.slice(a, b) });
  }
  return units;
}
