// `kaizen paper`: a paper written offline from the record, by a template (templates/paper/), and `kaizen paper
// verify`, which checks one against the record.
//
// The writer fills the template's {{block:NAME}} lines with paper markup written here from the facts (facts.ts), then
// renders the markup as Markdown, HTML and LaTeX (latex.ts). Markup prints a number only through {{fact:ID}}, and a
// verdict word only through {{verdict:ID}}/{{relation:ID}}, which read the fact's registered verdict: literal text
// with a digit or a verdict word is an error, as is an unknown fact id or citation key. The paper folder holds
// paper.md, paper.html, paper.tex (paper.pdf when pdflatex is installed), facts.json, references.bib (the cited
// entries) and figures/NAME.csv + NAME.svg.

import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KaizenError } from '../errors.ts';
import { loadRunKey, publicKeyOf } from '../ledger/keys.ts';
import { type KeyFileCheck, verifyRecord } from '../ledger/verify.ts';
import { escapeXml, type Plot, plotSvg } from '../report/svg.ts';
import { bestSoFar, finishOrder } from '../store/figures.ts';
import { postgresUrl, Store } from '../store/store.ts';
import { ensureDir } from '../util/files.ts';
import { sha256 } from '../util/hash.ts';
import { redactUrl } from '../util/redact.ts';
import { type BibEntry, Bibliography, loadBibliography, parseBibtex, type Reference, references } from './bibliography.ts';
import {
  citedRuns,
  deriveFacts,
  type FactSet,
  factExtras,
  formatFact,
  RecordReader,
  recomputeFact,
  type ImproveOutline,
  type RunOutline,
  type StudyOutline,
  type Subject,
  slug as slugOf,
  verdictText,
} from './facts.ts';
import { compilePdf, renderLatex } from './latex.ts';
import type { Fact, FactsFile } from './types.ts';

export { factExtras, formatFact, verdictText } from './facts.ts';

const TEMPLATES = fileURLToPath(new URL('../../templates/paper/', import.meta.url));

export class PaperError extends KaizenError {}

// ── the markup ─────────────────────────────────────────────────────────────────────────────────────────

export type Inline =
  | { t: 'text'; s: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'code'; s: string }
  /** A string from the record (a name, a quotation): printed as it is, escaped; as code when `code`. */
  | { t: 'data'; s: string; code: boolean }
  | { t: 'fact'; fact: Fact }
  /** A fact's verdict: the word (`better`, `worse`, `within noise`) or the relation (`above`, `below`, `within noise of`). */
  | { t: 'verdict'; fact: Fact; form: 'word' | 'relation' }
  | { t: 'cite'; keys: string[] };

export type Block =
  | { t: 'title'; c: Inline[] }
  | { t: 'section'; c: Inline[] }
  | { t: 'subsection'; c: Inline[] }
  | { t: 'p'; c: Inline[] }
  | { t: 'list'; items: Inline[][] }
  | { t: 'table'; head: Inline[][]; rows: Inline[][][] }
  | { t: 'figure'; figure: Figure }
  | { t: 'references' }
  | { t: 'facts' };

/** A figure: its data (figures/NAME.csv, whose sha256 facts.json keeps) and how it is drawn. */
export interface Figure {
  name: string;
  caption: string;
  csv: string;
  plot: Plot;
}

/** A paper ready to render: its blocks, the facts they print, the references they cite. */
export interface Paper {
  title: string;
  blocks: Block[];
  facts: Fact[];
  references: Reference[];
  figures: Figure[];
}

/** Words that claim a comparison came out one way: only a fact's verdict may print them. */
const CLAIM_WORDS = /\b(better|worse|improv\w*|outperform\w*|significant\w*|superior|inferior)\b/i;

export interface MarkupContext {
  facts: ReadonlyMap<string, Fact>;
  texts: Readonly<Record<string, string>>;
  figures: ReadonlyMap<string, Figure>;
  bib: Bibliography;
  /** Where the markup comes from, for errors. */
  where: string;
}

/** Literal text the writer wrote: no number, no verdict word. */
function checkLiteral(s: string, ctx: MarkupContext): void {
  if (/\d/.test(s)) throw new PaperError(`${ctx.where}: a number written outside a fact reference: "${s.trim().slice(0, 80)}"`);
  const claim = CLAIM_WORDS.exec(s);
  if (claim)
    throw new PaperError(`${ctx.where}: "${claim[1]}" written outside a verdict reference (only a fact's verdict may say it): "${s.trim().slice(0, 80)}"`);
}

const TOKEN = /\{\{(fact|text|code|verdict|relation):([^{}]+)\}\}|\[@([^\]]+)\]|\\cite\{([^}]*)\}|\*\*|\*|`([^`]*)`/g;

export function parseInline(src: string, ctx: MarkupContext): Inline[] {
  const root: Inline[] = [];
  const stack: { kind: 'strong' | 'em'; c: Inline[] }[] = [];
  const out = () => stack.at(-1)?.c ?? root;
  const fact = (id: string) => {
    const f = ctx.facts.get(id);
    if (!f) throw new PaperError(`${ctx.where}: unknown fact id "${id}"`);
    return f;
  };
  let last = 0;
  for (const m of src.matchAll(TOKEN)) {
    const text = src.slice(last, m.index);
    if (text) {
      checkLiteral(text, ctx);
      out().push({ t: 'text', s: text });
    }
    last = m.index + m[0].length;
    const [whole, kind, arg, pandoc, latex, code] = m;
    if (kind === 'fact') out().push({ t: 'fact', fact: fact(arg!) });
    else if (kind === 'text' || kind === 'code') {
      const s = ctx.texts[arg!];
      if (s === undefined) throw new PaperError(`${ctx.where}: unknown text "${arg}"`);
      out().push({ t: 'data', s, code: kind === 'code' });
    } else if (kind === 'verdict' || kind === 'relation') {
      const f = fact(arg!);
      if (!f.verdict) throw new PaperError(`${ctx.where}: fact "${arg}" carries no verdict: nothing may be claimed of it`);
      out().push({ t: 'verdict', fact: f, form: kind === 'verdict' ? 'word' : 'relation' });
    } else if (pandoc !== undefined || latex !== undefined) {
      const keys = (pandoc !== undefined ? pandoc.split(';').map((k) => k.trim().replace(/^@/, '')) : latex!.split(',').map((k) => k.trim())).filter(Boolean);
      for (const k of keys) ctx.bib.get(k, ctx.where);
      out().push({ t: 'cite', keys });
    } else if (code !== undefined) {
      checkLiteral(code, ctx);
      out().push({ t: 'code', s: code });
    } else {
      const kindOf = whole === '**' ? 'strong' : 'em';
      if (stack.at(-1)?.kind === kindOf) {
        const done = stack.pop()!;
        out().push({ t: done.kind, c: done.c });
      } else stack.push({ kind: kindOf, c: [] });
    }
  }
  const rest = src.slice(last);
  if (rest) {
    checkLiteral(rest, ctx);
    out().push({ t: 'text', s: rest });
  }
  if (stack.length) throw new PaperError(`${ctx.where}: unclosed ${stack.at(-1)!.kind === 'strong' ? '**' : '*'} in "${src.slice(0, 80)}"`);
  return root;
}

/** Parses paper markup: `#`/`##`/`###` headings, paragraphs, `- ` lists, `|` tables, and lines of their own for figures, references and facts. */
export function parseMarkup(src: string, ctx: MarkupContext): Block[] {
  const lines = src.replace(/<!--[\s\S]*?-->/g, '').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: string[] = [];
  let table: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ t: 'p', c: parseInline(para.join(' '), ctx) });
    if (list.length) blocks.push({ t: 'list', items: list.map((l) => parseInline(l, ctx)) });
    if (table.length) {
      const cells = (l: string) =>
        l
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((c) => parseInline(c.trim(), ctx));
      const rows = table.filter((l) => !/^\|[\s:|-]+\|$/.test(l.trim()));
      blocks.push({ t: 'table', head: cells(rows[0]!), rows: rows.slice(1).map(cells) });
    }
    para = [];
    list = [];
    table = [];
  };
  for (const raw of lines) {
    const line = raw.trimEnd();
    const own = /^\{\{(figure:([^{}]+)|references|facts)\}\}$/.exec(line.trim());
    if (line.trim() === '') flush();
    else if (own) {
      flush();
      if (own[1] === 'references') blocks.push({ t: 'references' });
      else if (own[1] === 'facts') blocks.push({ t: 'facts' });
      else {
        const figure = ctx.figures.get(own[2]!);
        if (!figure) throw new PaperError(`${ctx.where}: unknown figure "${own[2]}"`);
        blocks.push({ t: 'figure', figure });
      }
    } else if (/^#{1,3} /.test(line)) {
      flush();
      const level = line.indexOf(' ');
      const c = parseInline(line.slice(level + 1), ctx);
      blocks.push({ t: level === 1 ? 'title' : level === 2 ? 'section' : 'subsection', c });
    } else if (line.startsWith('- ')) {
      if (para.length || table.length) flush();
      list.push(line.slice(2));
    } else if (line.trimStart().startsWith('|')) {
      if (para.length || list.length) flush();
      table.push(line);
    } else if (list.length && /^\s+\S/.test(raw)) list[list.length - 1] += ` ${line.trim()}`;
    else {
      if (list.length || table.length) flush();
      para.push(line.trim());
    }
  }
  flush();
  return blocks;
}

/** Every citation key the blocks cite, in order of first citation. */
export function citedKeys(blocks: readonly Block[]): string[] {
  const keys: string[] = [];
  const walk = (nodes: readonly Inline[]) => {
    for (const n of nodes) {
      if (n.t === 'cite') keys.push(...n.keys);
      else if (n.t === 'strong' || n.t === 'em') walk(n.c);
    }
  };
  for (const b of blocks) {
    if (b.t === 'title' || b.t === 'section' || b.t === 'subsection' || b.t === 'p') walk(b.c);
    else if (b.t === 'list') for (const item of b.items) walk(item);
    else if (b.t === 'table') for (const row of [b.head, ...b.rows]) for (const cell of row) walk(cell);
  }
  return [...new Set(keys)];
}

export const plainInline = (nodes: readonly Inline[]): string =>
  nodes
    .map((n) =>
      n.t === 'text' || n.t === 'code' || n.t === 'data'
        ? n.s
        : n.t === 'strong' || n.t === 'em'
          ? plainInline(n.c)
          : n.t === 'fact'
            ? formatFact(n.fact)
            : n.t === 'verdict'
              ? verdictText(n.fact, n.form)
              : '',
    )
    .join('');

/** Where a fact comes from, in one line: its run, event and hash. */
export const sourceLine = (f: Fact) => `run ${f.source.runId}, event #${f.source.seq}, sha256 ${f.source.hash}`;

// ── Markdown and HTML ──────────────────────────────────────────────────────────────────────────────────

const mdEscape = (s: string) => s.replace(/([\\`*_[\]<>])/g, '\\$1');
const mdCode = (s: string) => {
  const fence = s.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${s}${fence.length > 1 ? ' ' : ''}${fence}`;
};

function mdInline(nodes: readonly Inline[], refs: ReadonlyMap<string, Reference>, cell = false): string {
  const out = nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
          return n.s.replace(/([\\<>[\]])/g, '\\$1');
        case 'strong':
          return `**${mdInline(n.c, refs, cell)}**`;
        case 'em':
          return `*${mdInline(n.c, refs, cell)}*`;
        case 'code':
          return mdCode(n.s);
        case 'data':
          return n.code ? mdCode(n.s) : mdEscape(n.s);
        case 'fact':
          return `[${formatFact(n.fact)}](#fact-${n.fact.id})`;
        case 'verdict':
          return n.form === 'word' ? `**${verdictText(n.fact, n.form)}**` : verdictText(n.fact, n.form);
        default: // 'cite'
          // Pandoc's citation syntax: `pandoc --citeproc --bibliography references.bib` typesets it.
          return `[${n.keys.map((k) => `@${k}`).join('; ')}]`;
      }
    })
    .join('');
  return cell ? out.replace(/\|/g, '\\|').replace(/\n/g, ' ') : out;
}

export function renderMarkdown(paper: Paper): string {
  const refs = new Map(paper.references.map((r) => [r.key, r]));
  const out: string[] = [];
  for (const b of paper.blocks) {
    switch (b.t) {
      case 'title':
        out.push(`# ${mdInline(b.c, refs)}`, '');
        break;
      case 'section':
        out.push(`## ${mdInline(b.c, refs)}`, '');
        break;
      case 'subsection':
        out.push(`### ${mdInline(b.c, refs)}`, '');
        break;
      case 'p':
        out.push(mdInline(b.c, refs), '');
        break;
      case 'list':
        for (const item of b.items) out.push(`- ${mdInline(item, refs)}`);
        out.push('');
        break;
      case 'table':
        out.push(`| ${b.head.map((c) => mdInline(c, refs, true)).join(' | ')} |`, `|${b.head.map(() => ' --- ').join('|')}|`);
        for (const row of b.rows) out.push(`| ${row.map((c) => mdInline(c, refs, true)).join(' | ')} |`);
        out.push('');
        break;
      case 'figure':
        out.push(`![${mdEscape(b.figure.caption)}](figures/${b.figure.name}.svg)`, '');
        out.push(`*Figure: ${mdEscape(b.figure.caption)}* Data: [figures/${b.figure.name}.csv](figures/${b.figure.name}.csv).`, '');
        break;
      case 'references':
        for (const r of paper.references) out.push(`- <a id="ref-${r.key}"></a>${mdEscape(referenceText(r))}${r.url ? ` <${r.url}>` : ''}`);
        out.push('');
        break;
      case 'facts':
        out.push('| fact | value | n, sd, verdict | rule | from |', '| --- | --- | --- | --- | --- |');
        for (const f of paper.facts) {
          out.push(
            `| <a id="fact-${f.id}"></a>${mdCode(f.id)} | ${formatFact(f)}${f.unit ? ` ${mdEscape(f.unit)}` : ''} | ${mdEscape(factExtras(f))} | ${mdCode(f.rule)}: ${mdEscape(f.description).replace(/\|/g, '\\|')} | run ${mdCode(f.source.runId)}, event #${f.source.seq}, sha256 ${mdCode(f.source.hash)} |`,
          );
        }
        out.push('');
        break;
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** A reference as one line of plain text. */
export function referenceText(r: Reference): string {
  return [`${r.authors || r.title} (${r.year}).`, r.authors ? ` ${r.title}.` : '', r.venue ? ` ${r.venue}.` : ''].join('');
}

function htmlInline(nodes: readonly Inline[], refs: ReadonlyMap<string, Reference>): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
          return escapeXml(n.s);
        case 'strong':
          return `<strong>${htmlInline(n.c, refs)}</strong>`;
        case 'em':
          return `<em>${htmlInline(n.c, refs)}</em>`;
        case 'code':
          return `<code>${escapeXml(n.s)}</code>`;
        case 'data':
          return n.code ? `<code>${escapeXml(n.s)}</code>` : escapeXml(n.s);
        case 'fact':
          return `<a class="fact" href="#fact-${escapeXml(n.fact.id)}" title="${escapeXml(sourceLine(n.fact))}">${formatFact(n.fact)}</a>`;
        case 'verdict':
          return n.form === 'word' ? `<strong class="verdict">${verdictText(n.fact, n.form)}</strong>` : verdictText(n.fact, n.form);
        default: // 'cite'
          return `(${n.keys.map((k) => `<a href="#ref-${escapeXml(k)}">${escapeXml(refs.get(k)?.label ?? k)}</a>`).join('; ')})`;
      }
    })
    .join('');
}

export function renderHtml(paper: Paper, svgs: ReadonlyMap<string, string>): string {
  const refs = new Map(paper.references.map((r) => [r.key, r]));
  const out: string[] = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeXml(paper.title)}</title>`,
    '<style>body{font-family:Georgia,serif;max-width:860px;margin:2em auto;padding:0 1em;line-height:1.45}table{border-collapse:collapse;margin:.6em 0;font-size:90%}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}a.fact{text-decoration:none;border-bottom:1px dotted #555;color:inherit}code{font-size:90%}figure{margin:1em 0}tr:target{background:#ffd}</style>',
    '</head><body>',
  ];
  for (const b of paper.blocks) {
    switch (b.t) {
      case 'title':
        out.push(`<h1>${htmlInline(b.c, refs)}</h1>`);
        break;
      case 'section':
        out.push(`<h2>${htmlInline(b.c, refs)}</h2>`);
        break;
      case 'subsection':
        out.push(`<h3>${htmlInline(b.c, refs)}</h3>`);
        break;
      case 'p':
        out.push(`<p>${htmlInline(b.c, refs)}</p>`);
        break;
      case 'list':
        out.push('<ul>', ...b.items.map((i) => `<li>${htmlInline(i, refs)}</li>`), '</ul>');
        break;
      case 'table':
        out.push(`<table><thead><tr>${b.head.map((c) => `<th>${htmlInline(c, refs)}</th>`).join('')}</tr></thead><tbody>`);
        for (const row of b.rows) out.push(`<tr>${row.map((c) => `<td>${htmlInline(c, refs)}</td>`).join('')}</tr>`);
        out.push('</tbody></table>');
        break;
      case 'figure':
        out.push(
          `<figure>${svgs.get(b.figure.name) ?? ''}<figcaption>${escapeXml(b.figure.caption)} Data: <a href="figures/${b.figure.name}.csv">figures/${b.figure.name}.csv</a>.</figcaption></figure>`,
        );
        break;
      case 'references':
        out.push('<ul class="references">');
        for (const r of paper.references) {
          out.push(
            `<li id="ref-${escapeXml(r.key)}">${escapeXml(referenceText(r))}${r.url ? ` <a href="${escapeXml(r.url)}">${escapeXml(r.url)}</a>` : ''}</li>`,
          );
        }
        out.push('</ul>');
        break;
      case 'facts':
        out.push('<table class="facts"><thead><tr><th>fact</th><th>value</th><th>n, sd, verdict</th><th>rule</th><th>from</th></tr></thead><tbody>');
        for (const f of paper.facts) {
          out.push(
            `<tr id="fact-${escapeXml(f.id)}"><td><code>${escapeXml(f.id)}</code></td><td>${formatFact(f)}${f.unit ? ` ${escapeXml(f.unit)}` : ''}</td><td>${escapeXml(factExtras(f))}</td><td><code>${escapeXml(f.rule)}</code>: ${escapeXml(f.description)}</td><td>run <code>${escapeXml(f.source.runId)}</code>, event #${f.source.seq}, sha256 <code>${f.source.hash}</code></td></tr>`,
          );
        }
        out.push('</tbody></table>');
        break;
    }
  }
  out.push('</body></html>', '');
  return out.join('\n');
}

// ── writing a paper's markup from the record ───────────────────────────────────────────────────────────

/** Collects the strings from the record that the markup prints as data (names, quotations), by placeholder. */
class Texts {
  readonly map: Record<string, string> = {};
  private n = 0;

  set(name: string, value: string): void {
    this.map[name] = value;
  }

  /** A placeholder printing `value` as text. */
  t(value: string): string {
    const key = `s${(this.n++).toString(36)}`;
    this.map[key] = value;
    return `{{text:${key}}}`;
  }

  /** A placeholder printing `value` as code. */
  c(value: string): string {
    const key = `s${(this.n++).toString(36)}`;
    this.map[key] = value;
    return `{{code:${key}}}`;
  }
}

const OPERATORS: Record<string, string> = {
  numeric: 'changes the numeric constants of the evolvable code',
  ast: 'makes small structural edits of the syntax tree',
  redcode: "edits a Core War warrior's instructions",
  'llm-diff': 'a language model proposes search-and-replace edits',
  'llm-full': 'a language model rewrites the evolvable code',
  'llm-cross': 'a language model combines a parent with another program',
  'llm-fix': 'a language model repairs a failing parent',
};

const FAILURES: Record<string, string> = {
  timeout: 'the wall-clock limit was reached',
  memory: 'the memory cap was reached',
  'output-flood': 'printed beyond the log cap',
  'output-too-large': 'returned an output beyond its cap',
  'invalid-output': 'returned no output, or output that is not JSON',
  crash: 'threw or exited with an error',
  'sandbox-error': 'the sandbox could not run it',
  'time-limit': 'used more CPU time than allowed',
  'compile-error': 'did not compile',
  violation: 'broke the policy',
  incorrect: 'ran, and the judge found its answer incorrect',
};

interface Composed {
  title: string;
  template: string;
  blocks: Record<string, string>;
  texts: Record<string, string>;
  figures: Figure[];
}

const has = (facts: ReadonlyMap<string, Fact>, id: string) => facts.has(id);
const val = (facts: ReadonlyMap<string, Fact>, id: string) => facts.get(id)?.value ?? 0;

/** The paragraphs on what the runs used that both kinds of paper share: operators, models, settings. */
function methodsUsed(set: Pick<FactSet, 'used'>, facts: ReadonlyMap<string, Fact>, x: Texts, settingId: (key: string) => string): string[] {
  const out: string[] = [];
  const ops = set.used.operators;
  out.push(
    ops.length
      ? 'Proposals came from the operators the record names (each proposal row keeps its operator):'
      : 'The record names no operator: no proposal was made after the initial program.',
    '',
  );
  for (const o of ops) out.push(`- ${x.c(o)}: ${x.t(OPERATORS[o] ?? 'an operator of the task')}.`);
  if (ops.length) out.push('');
  out.push(
    set.used.models.length
      ? `The models that proposed edits, as the proposal rows name them: ${set.used.models.map((m) => x.c(m)).join(', ')}.`
      : 'No language model proposed an edit: the record names none, so the search ran offline.',
    '',
  );
  const entries = Object.entries(set.used.settings).filter(([k]) => k !== 'holdout gate');
  if (entries.length) {
    out.push('The settings the runs recorded when they started:', '');
    for (const [key, v] of entries) {
      const id = settingId(key);
      out.push(`- ${x.c(key)}: ${typeof v === 'number' && has(facts, id) ? `{{fact:${id}}}` : x.c(String(v))}`);
    }
    out.push('');
  }
  if (set.used.settings['holdout gate']) {
    out.push(
      'A holdout gate ran every challenger on instances the search never saw before it could become champion; a challenger that scored above the champion on the search but not on the holdout was refused and recorded as overfit.',
      '',
    );
  }
  out.push(
    "Every candidate ran in Kaizen's sandbox, and the task's judge scored its output outside it. Counts follow Kaizen's definitions: a sample is an evaluated program (the initial one included, island copies not), a proposal rejected before it ran is counted apart, and a proposal \"scored above its parent\" when it is correct and its score exceeds its parent's.",
  );
  return out;
}

function composeRun(set: FactSet, o: RunOutline, facts: ReadonlyMap<string, Fact>, figures: Figure[]): Composed {
  const x = new Texts();
  const f = (id: string) => `{{fact:${id}}}`;
  x.set('title', `Evolving ${o.task}: a case report from one recorded run`);
  x.set('task', o.task);
  const task = x.c(o.task);

  const abstract: string[] = [];
  abstract.push(
    `We ran Kaizen's evolutionary search on the task ${task} until it had evaluated ${f('run.samples')} programs${has(facts, 'run.duration') ? `, in ${f('run.duration')} seconds` : ''}.`,
  );
  if (has(facts, 'run.seed-score')) {
    abstract.push(
      `The initial program scored ${f('run.seed-score')}; the best program found scored ${f('run.best-score')}, a difference of ${f('run.gain')}, reached through ${f('run.promotions')} changes of champion.`,
    );
  } else if (has(facts, 'run.best-score')) abstract.push(`The initial program was not correct; the best program found scored ${f('run.best-score')}.`);
  else abstract.push('No program the search evaluated was correct.');
  abstract.push(
    `Of the evaluated programs, ${f('run.failing')} failed or were judged incorrect, and ${f('run.rejected')} further proposals were rejected before they ran. One run measures no spread: this is a case report, not a comparison.`,
  );

  const methods = [
    `The task ${task} was evolved by Kaizen's search loop (run ${x.c(o.runId)}). Each proposal edits a parent drawn from a population kept on islands, runs in a sandbox, and is scored by the task's judge; a correct program whose score exceeds the current champion's becomes the new champion.`,
    '',
    ...methodsUsed(set, facts, x, (key) => `setting.${key}`),
  ];

  const results: string[] = [];
  if (has(facts, 'run.seed-score')) {
    results.push(
      `The initial program scored ${f('run.seed-score')} and the final champion ${f('run.best-score')} (a difference of ${f('run.gain')}); the champion changed ${f('run.promotions')} times. The figure shows the best score so far against the number of evaluations, and the score of every correct program.`,
    );
  } else if (has(facts, 'run.best-score')) {
    results.push(
      `The initial program was not correct. The final champion scored ${f('run.best-score')}; the champion changed ${f('run.promotions')} times after the first.`,
    );
  } else results.push('No evaluated program was correct, so the run has no champion.');
  results.push('', '{{figure:curve}}', '');
  results.push(
    '| programs | count |',
    '| --- | --- |',
    `| evaluated | ${f('run.samples')} |`,
    `| correct | ${f('run.correct')} |`,
    `| failed or judged incorrect | ${f('run.failing')} |`,
    `| rejected before running | ${f('run.rejected')} |`,
    `| scored above their parent | ${f('run.improvements')} |`,
    `| correct, not above their parent | ${f('run.stalled')} |`,
    '',
  );
  if (o.operators.length) {
    results.push('| operator | proposals | scored above their parent |', '| --- | --- | --- |');
    for (const op of o.operators)
      results.push(`| ${x.c(op)} | ${f(`run.operator.${slugOf(op)}.proposals`)} | ${f(`run.operator.${slugOf(op)}.improvements`)} |`);
    results.push('');
  }

  const failed: string[] = [];
  if (!o.seedCorrect) failed.push('- The initial program was not correct.');
  for (const c of o.failureClasses) {
    failed.push(`- ${f(`run.failure.${slugOf(c)}`)} evaluated programs failed with ${x.c(c)}: ${x.t(FAILURES[c] ?? 'a failure class of the task')}.`);
  }
  for (const c of o.rejectionReasons) failed.push(`- ${f(`run.rejection.${slugOf(c)}`)} proposals were rejected before they ran, for ${x.c(c)}.`);
  if (o.safeguards.includes('overfit'))
    failed.push(`- ${f('run.events.overfit')} challengers scored above the champion on the search but were refused by the holdout gate (overfit).`);
  if (o.safeguards.includes('violation')) failed.push(`- ${f('run.events.violation')} policy violations were recorded.`);
  if (o.safeguards.includes('drift.warning')) failed.push(`- ${f('run.events.drift-warning')} drift warnings were recorded.`);
  if (val(facts, 'run.stalled') > 0) failed.push(`- ${f('run.stalled')} proposals ran correctly but did not score above their parent.`);
  for (const op of o.operators) {
    const id = `run.operator.${slugOf(op)}`;
    if (val(facts, `${id}.proposals`) > 0 && val(facts, `${id}.improvements`) === 0) {
      failed.push(`- None of the ${f(`${id}.proposals`)} proposals of the ${x.c(op)} operator scored above its parent.`);
    }
  }
  const didNot = failed.length
    ? ['What the search tried and the record shows did not work, from the rejected proposals, the failure classes and the safeguards:', '', ...failed]
    : ['None recorded: every evaluated program was correct, no proposal was rejected, no challenger was refused, and every proposal scored above its parent.'];

  return {
    title: x.map.title!,
    template: 'run.md',
    blocks: { abstract: abstract.join(' '), methods: methods.join('\n'), results: results.join('\n'), 'did-not-work': didNot.join('\n') },
    texts: x.map,
    figures,
  };
}

function composeStudy(set: FactSet, o: StudyOutline, facts: ReadonlyMap<string, Fact>, figures: Figure[]): Composed {
  const x = new Texts();
  const f = (id: string) => `{{fact:${id}}}`;
  const plan = o.plan;
  const control = plan.arms[0]!.name;
  const a = (name: string) => `study.arm.${o.slugs[name]}`;
  x.set('title', `${plan.name}: a pre-registered study of Kaizen's search`);
  const others = plan.arms.slice(1).map((arm) => arm.name);
  const seeds = plan.seeds.map((_s, k) => f(`study.seed.${k}`)).join(', ');
  const metric = plan.metric === 'best-score' ? 'the search score of its final champion' : 'the holdout score (hidden cases) of its final champion';

  const abstract: string[] = [
    `*${x.t(plan.question.trim())}* We ran ${f('study.arms')} arms of Kaizen's evolutionary search, each on the same ${f('study.seeds')} seeds with ${f('study.samples')} samples per run, and compared every arm with the control, ${x.c(control)}, seed by seed, by a test recorded in the study's ledger before any arm ran. Each run was measured by ${x.t(metric)}.`,
  ];
  for (const arm of others) {
    abstract.push(
      `For ${x.c(arm)}, the mean paired difference from the control was ${f(`${a(arm)}.diff`)} ± ${f(`${a(arm)}.se`)} (standard error, n = ${f(`${a(arm)}.pairs`)} seeds): its mean was {{relation:${a(arm)}.diff}} the control's, {{verdict:${a(arm)}.diff}} by the registered test.`,
    );
  }

  const methods: string[] = [
    `**Question.** ${x.t(plan.question.trim())}`,
    '',
    `**Hypothesis.** ${x.t(plan.hypothesis.trim())}`,
    '',
    `**Registration.** The plan (arms, seeds, samples per run, metric and test) was recorded in the study's run ${x.c(o.runId)} before any arm ran; the figures of the plan below are read from that registration event, as the Facts list shows. Each arm then ran once per seed as an ordinary evolution run in the same store; each finished run's value and ledger head were recorded as it finished, and the analysis below is the registered one, applied to whatever came out.`,
    '',
    `**Arms.** The first arm is the control; the seeds were ${seeds}.`,
    '',
  ];
  for (const arm of plan.arms) {
    const overrides = Object.keys(flatten(arm.config ?? {}));
    const settings = overrides.map((key) => {
      const id = `${a(arm.name)}.config.${key}`;
      const v = flatten(arm.config ?? {})[key];
      return `${x.c(key)} = ${has(facts, id) ? f(id) : x.c(JSON.stringify(v))}`;
    });
    methods.push(
      `- ${x.c(arm.name)}${arm.name === control ? ' (control)' : ''}: task ${x.c(arm.task)}; ${settings.length ? `its settings over the task's own: ${settings.join(', ')}` : "the task's own settings"}.`,
    );
  }
  methods.push(
    '',
    `**Metric and test.** Each run's value is ${x.t(metric)}. For every arm but the control, the difference arm minus control was taken seed by seed; its mean and its standard error (the sample standard deviation of the differences over the square root of their number) decide the verdict: above the control when the mean exceeds ${f('study.threshold')} standard errors, below it when the mean is under minus that, and within noise otherwise.`,
    '',
    ...methodsUsed(set, facts, x, (key) => {
      const slash = key.indexOf('/');
      return slash < 0 ? `setting.${key}` : `setting.${o.slugs[key.slice(0, slash)]}.${key.slice(slash + 1)}`;
    }),
  );

  const results: string[] = [
    'Each arm over its seeds, and each arm against the control, paired by seed:',
    '',
    '| arm | n | mean ± sd | difference from the control ± SE | verdict |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const arm of plan.arms) {
    const p = a(arm.name);
    const vs = arm.name === control ? '— | —' : `${f(`${p}.diff`)} ± ${f(`${p}.se`)} | {{verdict:${p}.diff}}`;
    results.push(`| ${x.c(arm.name)}${arm.name === control ? ' (control)' : ''} | ${f(`${p}.n`)} | ${f(`${p}.mean`)} ± ${f(`${p}.sd`)} | ${vs} |`);
  }
  results.push('', 'The value of every run, by seed:', '', `| arm | ${plan.seeds.map((_s, k) => `seed ${f(`study.seed.${k}`)}`).join(' | ')} |`);
  results.push(`| --- | ${plan.seeds.map(() => '---').join(' | ')} |`);
  for (const arm of plan.arms) results.push(`| ${x.c(arm.name)} | ${plan.seeds.map((s) => f(`study.run.${o.slugs[arm.name]}.seed${s}`)).join(' | ')} |`);
  results.push('', '{{figure:values}}', '', '{{figure:curves}}');

  const failed: string[] = [];
  for (const arm of others) {
    const p = a(arm);
    const verdict = facts.get(`${p}.diff`)?.verdict;
    if (verdict === 'better') continue;
    failed.push(
      `- ${x.c(arm)} against ${x.c(control)}: ${f(`${p}.diff`)} ± ${f(`${p}.se`)} (standard error, n = ${f(`${p}.pairs`)} seeds), {{verdict:${p}.diff}}. ${
        verdict === 'worse'
          ? "This arm's runs ended below the control's by more than the registered threshold."
          : 'At this number of seeds the study cannot tell this arm from the control.'
      }`,
    );
  }
  for (const arm of plan.arms) {
    const p = a(arm.name);
    const af = o.armFailures[arm.name]!;
    const parts: string[] = [];
    if (val(facts, `${p}.failing`) > 0) {
      const classes = af.failureClasses.map((c) => `${x.c(c)} ${f(`${p}.failure.${slugOf(c)}`)}`).join(', ');
      parts.push(`${f(`${p}.failing`)} evaluated programs failed or were judged incorrect (${classes})`);
    }
    if (val(facts, `${p}.rejected`) > 0) {
      const reasons = af.rejectionReasons.map((c) => `${x.c(c)} ${f(`${p}.rejection.${slugOf(c)}`)}`).join(', ');
      parts.push(`${f(`${p}.rejected`)} proposals were rejected before they ran (${reasons})`);
    }
    if (af.safeguards.includes('overfit')) parts.push(`${f(`${p}.events.overfit`)} challengers were refused by the holdout gate (overfit)`);
    if (af.safeguards.includes('violation')) parts.push(`${f(`${p}.events.violation`)} policy violations were recorded`);
    if (af.safeguards.includes('drift.warning')) parts.push(`${f(`${p}.events.drift-warning`)} drift warnings were recorded`);
    if (val(facts, `${p}.stalled`) > 0) parts.push(`${f(`${p}.stalled`)} proposals ran correctly but did not score above their parent`);
    if (parts.length) failed.push(`- In the runs of ${x.c(arm.name)}: ${parts.join('; ')}.`);
  }
  const didNot = failed.length
    ? ['From the comparisons that came out within noise or below the control, the failure classes, the rejected proposals and the safeguards:', '', ...failed]
    : [
        'None recorded: every comparison came out above the control, and no run recorded a failure, a rejected proposal, a refused challenger, or a proposal that did not score above its parent.',
      ];

  return {
    title: x.map.title!,
    template: 'study.md',
    blocks: { abstract: abstract.join(' '), methods: methods.join('\n'), results: results.join('\n'), 'did-not-work': didNot.join('\n') },
    texts: x.map,
    figures,
  };
}

function composeImprove(set: FactSet, o: ImproveOutline, facts: ReadonlyMap<string, Fact>, figures: Figure[]): Composed {
  const x = new Texts();
  const f = (id: string) => `{{fact:${id}}}`;
  const imp = (id: string) => `improve.improver.${slugOf(id)}`;
  /** "m ± sd (n = k seeds)" of an improver on a task set. */
  const stat = (id: string, s: 'training' | 'heldOut') => `${f(`${imp(id)}.${s}.mean`)} ± ${f(`${imp(id)}.${s}.sd`)} (n = ${f(`${imp(id)}.${s}.n`)} seeds)`;
  x.set('title', `Evolving Kaizen's search policy on the suite ${o.suite}: a case report from one recorded outer loop`);
  x.set('imp', 'improver');
  const I = x.t('improver');
  const Is = x.t('improvers');
  const initial = x.c(o.initial);
  const final = x.c(o.final);
  const byId = new Map(o.improvers.map((e) => [e.id, e]));
  const hasSet = (id: string, s: 'training' | 'heldOut') => byId.get(id)?.sets.includes(s) ?? false;
  const lastGeneration = o.generations.at(-1);

  const abstract: string[] = [];
  abstract.push(
    `We ran Kaizen's outer loop, which evolves the ${I} (the search policy and prompt templates of Kaizen's own evolutionary search), on the suite ${x.c(o.suite)} for ${f('setting.generations')} generations, each candidate scored by ordinary inner evolution runs over ${f('setting.seeds')} seeds (${f('improve.inner-runs')} inner runs in all).`,
  );
  abstract.push(
    `The default ${I} ${initial} gained ${stat(o.initial, 'training')} points on the training tasks${hasSet(o.initial, 'heldOut') ? ` and ${f(`${imp(o.initial)}.heldOut.mean`)} ± ${f(`${imp(o.initial)}.heldOut.sd`)} on the held-out tasks` : ''}, in percent of each task's scale over its initial program.`,
  );
  abstract.push(
    `Of ${f('improve.variants')} variants proposed${val(facts, 'improve.proposed') > 0 ? ` (${f('improve.proposed')} of them by a language model)` : ''}, ${f('improve.rejected')} were refused before evaluation; ${f('improve.archived')} ${Is} were archived, the default included, and ${f('improve.gates')} variants were gated on the held-out tasks.`,
  );
  abstract.push(
    o.verdict === 'promoted'
      ? `The gate replaced the default ${f('improve.promotions')} times; the final default ${final} gained ${stat(o.final, 'training')} on training${hasSet(o.final, 'heldOut') ? ` and ${f(`${imp(o.final)}.heldOut.mean`)} ± ${f(`${imp(o.final)}.heldOut.sd`)} held out` : ''}.`
      : `No variant passed the gate (${f('improve.promotions')} promotions): the default ${I} was kept. One outer run has no spread of its own to measure: this is a case report.`,
  );

  const methods = [
    // The run's id is not printed here: it begins with the word "improve", which a reviewer reads as a claim (the Facts list names the run).
    `The outer loop starts from Kaizen's default ${I}, ${initial}, and scores it on the training tasks (${o.training.map((t) => x.c(t)).join(', ')}) and on the held-out tasks (${o.heldOut.map((t) => x.c(t)).join(', ')}). Each generation draws a parent from the archive with weights sigmoid(k · (score − median)) / (one + children), as in the Darwin Gödel Machine [@zhang2025dgm], proposes a variant of it, and scores the variant on the training tasks. A variant is an ordinary ${I}: a content-hashed search policy and prompt set with a parent, which may touch only a whitelist of settings; a proposal outside it is refused and recorded.`,
    '',
    `**Score.** Each inner run is an ordinary sandboxed, ledgered evolution run of one task under one seed with the ${I}'s policy; its result is the normalised gain, one hundred times the best score minus the initial program's score over the task's scale. An ${I}'s score on a task set is, per seed, the mean over the set's tasks, then the mean and sample standard deviation over seeds.`,
    '',
    `**Gate.** A variant may replace the current default only if its training mean exceeds the default's, and then its held-out mean exceeds the default's by more than twice the pooled standard error, the square root of the sum of each variance over its number of seeds. The verdict printed beside each gate below is that held-out comparison at two standard errors: above, below, or within noise; promotion also needs the training win. A variant that wins on training but not held out is recorded as overfit.`,
    '',
    ...(set.used.settings.heldOutFor === 'all'
      ? ['Every variant was run on the held-out tasks and gated, whether or not it won on training.', '']
      : ['Only variants that won on training were run on the held-out tasks and gated.', '']),
    `The outer loop's settings, as its run.started event recorded them: ${['generations', 'seeds', 'innerBudget', 'k', 'seed']
      .filter((k) => has(facts, `setting.${k}`))
      .map((k) => `${x.c(k)} ${f(`setting.${k}`)}`)
      .join(', ')}.`,
    '',
    ...methodsUsed({ used: { ...set.used, settings: {} } }, facts, x, (key) => `setting.${key}`),
  ];

  const results: string[] = [];
  results.push(
    `The ${Is} archived, with their normalised gain (mean ± sd over seeds, in points) on each task set:`,
    '',
    `| ${I} | parent | origin | training mean ± sd | n | held-out mean ± sd | n held out |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const e of o.improvers) {
    const tr = hasSet(e.id, 'training') ? `${f(`${imp(e.id)}.training.mean`)} ± ${f(`${imp(e.id)}.training.sd`)}` : '—';
    const trn = hasSet(e.id, 'training') ? f(`${imp(e.id)}.training.n`) : '—';
    const ho = hasSet(e.id, 'heldOut') ? `${f(`${imp(e.id)}.heldOut.mean`)} ± ${f(`${imp(e.id)}.heldOut.sd`)}` : '—';
    const hon = hasSet(e.id, 'heldOut') ? f(`${imp(e.id)}.heldOut.n`) : '—';
    results.push(`| ${x.c(e.id)} | ${e.parent ? x.c(e.parent) : '—'} | ${x.t(e.origin)} | ${tr} | ${trn} | ${ho} | ${hon} |`);
  }
  results.push('');
  if (o.generations.length) {
    results.push(
      'The best training mean of any archived variant so far and the best single inner result so far, after each generation (the figure plots them):',
      '',
      '| generation | best training mean | best inner result |',
      '| --- | --- | --- |',
    );
    for (const g of o.generations)
      results.push(`| ${f(`improve.generation.${g}.number`)} | ${f(`improve.generation.${g}.best-training`)} | ${f(`improve.generation.${g}.best-inner`)} |`);
    results.push('', '{{figure:curve}}', '');
  }
  if (o.gates.length) {
    results.push(
      'Each gate check: the held-out mean difference variant minus default, its pooled standard error, the verdict at two standard errors, and whether the variant was promoted:',
      '',
      `| variant | against | difference | standard error | held-out verdict | training win | promoted |`,
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const g of o.gates) {
      const id = `improve.gate.${slugOf(g.id)}`;
      results.push(
        `| ${x.c(g.id)} | ${x.c(g.against)} | ${f(`${id}.diff`)} | ${f(`${id}.se`)} | {{verdict:${id}.diff}} | ${x.t(g.trainingWin ? 'yes' : 'no')} | ${x.t(g.promote ? 'yes' : 'no')} |`,
      );
    }
    results.push('');
  } else results.push('No variant reached the held-out gate.', '');
  results.push(
    o.verdict === 'promoted'
      ? `The final default is ${final}, after ${f('improve.promotions')} promotions; it started from ${initial}. In all, ${f('improve.inner-runs')} inner runs completed.`
      : `The final default is the initial ${I}, ${initial}: ${f('improve.promotions')} promotions. In all, ${f('improve.inner-runs')} inner runs completed.`,
  );

  const failed: string[] = [];
  if (val(facts, 'improve.rejected') > 0) {
    const reasons = o.rejectionReasons.map((c) => `${x.c(c)} ${f(`improve.rejection.${slugOf(c)}`)}`).join(', ');
    failed.push(`- ${f('improve.rejected')} proposed variants were refused before evaluation${reasons ? ` (${reasons})` : ''}.`);
  }
  for (const g of o.gates) {
    if (g.promote) continue;
    const id = `improve.gate.${slugOf(g.id)}`;
    failed.push(
      `- Variant ${x.c(g.id)} was not promoted: ${g.trainingWin ? 'it won on training, but' : 'it did not win on training, and'} its held-out difference ${f(`${id}.diff`)} (standard error ${f(`${id}.se`)}) was {{relation:${id}.diff}} the default's.`,
    );
  }
  const ungated = o.improvers.filter((e) => e.generation > 0 && !o.gates.some((g) => g.id === e.id));
  if (ungated.length) failed.push(`- ${ungated.map((e) => x.c(e.id)).join(', ')} did not exceed the default's training mean and were not gated.`);
  if (val(facts, 'improve.overfit') > 0) failed.push(`- ${f('improve.overfit')} variants won on training and lost on the held-out tasks (overfit).`);
  if (o.skipped.length) failed.push(`- ${f('improve.skipped')} generations produced no new variant.`);
  if (lastGeneration === undefined) failed.push('- No generation completed.');
  const didNot = failed.length
    ? ['From the refused variants and the gate checks that did not promote:', '', ...failed]
    : ['None recorded: no variant was refused, and every gated variant was promoted.'];

  return {
    title: x.map.title!,
    template: 'improve.md',
    blocks: { abstract: abstract.join(' '), methods: methods.join('\n'), results: results.join('\n'), 'did-not-work': didNot.join('\n') },
    texts: x.map,
    figures,
  };
}

function flatten(value: unknown, prefix = ''): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return prefix ? { [prefix]: value } : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) Object.assign(out, flatten(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

// ── figures ────────────────────────────────────────────────────────────────────────────────────────────

const PALETTE = ['#c0392b', '#2471a3', '#229954', '#b9770e', '#7d3c98', '#17a589', '#884ea0', '#5d6d7e'];
const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows: (string | number | null)[][]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;

/** The figures of a paper, from the record: each one's data (CSV) and its plot. */
export async function paperFigures(store: Store, set: FactSet): Promise<Figure[]> {
  const r = new RecordReader(store);
  if (set.outline.kind === 'run') {
    const programs = (await r.programs(set.outline.runId)).filter((p) => p.status !== 'migrant');
    const done = finishOrder(programs);
    const best = bestSoFar(programs);
    let current: number | null = null;
    const rows: (string | number | null)[][] = [['evaluation', 'program', 'score', 'best_so_far']];
    const dots: [number, number][] = [];
    done.forEach((p, i) => {
      const score = p.correct === 1 && p.score !== null ? p.score : null;
      if (score !== null && (current === null || score > current)) current = score;
      if (score !== null) dots.push([i + 1, score]);
      rows.push([i + 1, p.id, score, current]);
    });
    return [
      {
        name: 'curve',
        caption: 'The best score so far (line) and the score of every correct program (dots), by evaluations in the order they finished.',
        csv: csv(rows),
        plot: {
          title: 'Best score so far',
          xLabel: 'evaluations',
          yLabel: 'score',
          series: [
            { name: 'correct programs', points: dots, kind: 'dots', color: '#7aa6d8' },
            { name: 'best so far', points: best, kind: 'step', color: '#c0392b' },
          ],
        },
      },
    ];
  }
  if (set.outline.kind === 'improve') {
    const rows: (string | number | null)[][] = [['generation', 'best_training', 'best_inner']];
    const training: [number, number][] = [];
    const inner: [number, number][] = [];
    for (const g of set.outline.generations) {
      const t = set.facts.find((x) => x.id === `improve.generation.${g}.best-training`);
      const b = set.facts.find((x) => x.id === `improve.generation.${g}.best-inner`);
      if (!t || !b) continue;
      rows.push([g, t.value, b.value]);
      training.push([g, t.value]);
      inner.push([g, b.value]);
    }
    return [
      {
        name: 'curve',
        caption:
          'After each generation: the best training mean of any archived variant so far, and the best single inner-run result so far (normalised gain, points).',
        csv: csv(rows),
        plot: {
          title: 'Best so far, by generation',
          xLabel: 'generation',
          yLabel: 'normalised gain',
          series: [
            { name: 'best training mean', points: training, kind: 'step', color: '#c0392b' },
            { name: 'best inner run', points: inner, kind: 'step', color: '#2471a3' },
          ],
        },
      },
    ];
  }
  const o = set.outline;
  const valueRows: (string | number | null)[][] = [['arm', 'seed', 'run', 'value']];
  const curveRows: (string | number | null)[][] = [['arm', 'evaluation', 'mean_best_so_far', 'runs']];
  const valueSeries: Plot['series'] = [];
  const curveSeries: Plot['series'] = [];
  o.plan.arms.forEach((arm, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const points: [number, number][] = [];
    for (const seed of o.plan.seeds) {
      const fact = set.facts.find((x) => x.id === `study.run.${o.slugs[arm.name]}.seed${seed}`);
      const run = o.runs.find((x) => x.arm === arm.name && x.seed === seed);
      if (!fact || !run) continue;
      valueRows.push([arm.name, seed, run.runId, fact.value]);
      points.push([seed, fact.value]);
    }
    valueSeries.push({ name: arm.name, points, kind: 'dots', color });
    curveSeries.push({ name: arm.name, points: [], kind: 'step', color });
  });
  for (const [i, arm] of o.plan.arms.entries()) {
    const curves: number[][] = [];
    for (const run of o.runs.filter((x) => x.arm === arm.name)) {
      const programs = (await r.programs(run.runId)).filter((p) => p.status !== 'migrant');
      const steps = bestSoFar(programs);
      const total = finishOrder(programs).length;
      const curve: number[] = [];
      let k = 0;
      let current = Number.NaN;
      for (let e = 1; e <= total; e++) {
        while (k < steps.length && steps[k]![0] <= e) current = steps[k++]![1];
        curve.push(current);
      }
      curves.push(curve);
    }
    const length = Math.max(0, ...curves.map((c) => c.length));
    const points: [number, number][] = [];
    let previous: number | null = null;
    for (let e = 0; e < length; e++) {
      const values = curves.map((c) => c[e]).filter((v): v is number => v !== undefined && Number.isFinite(v));
      if (values.length === 0) continue;
      const m = values.reduce((s, v) => s + v, 0) / values.length;
      curveRows.push([arm.name, e + 1, m, values.length]);
      if (previous === null || m !== previous) points.push([e + 1, m]);
      previous = m;
    }
    curveSeries[i]!.points = points;
  }
  return [
    {
      name: 'values',
      caption: `Each run's value (${o.plan.metric}) by seed, one colour per arm.`,
      csv: csv(valueRows),
      plot: { title: 'Value of each run by seed', xLabel: 'seed', yLabel: o.plan.metric, series: valueSeries },
    },
    {
      name: 'curves',
      caption: 'The best score so far, averaged over the runs of each arm that had a correct program by then, against the number of evaluations.',
      csv: csv(curveRows),
      plot: { title: 'Mean best score so far', xLabel: 'evaluations', yLabel: 'score', series: curveSeries },
    },
  ];
}

// ── the paper ──────────────────────────────────────────────────────────────────────────────────────────

/** Builds the paper of a fact set: the template with its blocks filled, parsed against the facts and the bibliography. */
export function buildPaper(set: FactSet, facts: readonly Fact[], figures: readonly Figure[], bib: Bibliography): Paper {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const o = set.outline;
  const composed =
    o.kind === 'run'
      ? composeRun(set, o, byId, [...figures])
      : o.kind === 'improve'
        ? composeImprove(set, o, byId, [...figures])
        : composeStudy(set, o, byId, [...figures]);
  const template = readFileSync(join(TEMPLATES, composed.template), 'utf8');
  const filled = template.replace(/^\{\{block:([a-z-]+)\}\}$/gm, (_m, name: string) => {
    const block = composed.blocks[name];
    if (block === undefined) throw new PaperError(`templates/paper/${composed.template}: unknown block "${name}"`);
    return block;
  });
  const blocks = parseMarkup(filled, {
    facts: byId,
    texts: composed.texts,
    figures: new Map(figures.map((g) => [g.name, g])),
    bib,
    where: `templates/paper/${composed.template}`,
  });
  return { title: composed.title, blocks, facts: [...facts], references: references(bib, citedKeys(blocks)), figures: [...figures] };
}

/** The cited entries as BibTeX (plain-text values), for the paper folder's references.bib. */
export function bibtexOf(entries: readonly BibEntry[]): string {
  const field = (v: string) => `{${v.replace(/[{}]/g, '')}}`;
  return `${entries.map((e) => [`@${e.type}{${e.key},`, ...Object.entries(e.fields).map(([k, v]) => `  ${k} = ${field(v)},`), '}'].join('\n')).join('\n\n')}\n`;
}

export interface PaperOptions {
  store: string;
  subject: Subject;
  out: string;
  bib?: string;
  /** false: never build the PDF; default: when pdflatex is on PATH. */
  pdf?: boolean;
  /** Progress lines (the PDF's, a skipped PDF's reason). */
  log?: (line: string) => void;
}

export interface PaperResult {
  dir: string;
  files: string[];
  facts: number;
  pdf: { written: boolean; message: string };
  /** The paper.written event appended to the study's run (a study paper only). */
  recorded: { runId: string; seq: number } | null;
}

async function openStore(location: string): Promise<Store> {
  const url = postgresUrl(location);
  if (!url && !existsSync(location)) throw new PaperError(`${location}: no run database here`);
  return Store.open(url ?? location);
}

/** What `kaizen paper` writes into its folder, with the review.json `kaizen review` adds there; figures/ holds *.csv and *.svg. */
const PAPER_FILES = new Set(['facts.json', 'references.bib', 'paper.md', 'paper.html', 'paper.tex', 'paper.pdf', 'review.json']);

/** A filesystem error as one line naming the path (ENOTDIR, EPERM, …), not a stack trace. */
function folderError(dir: string, e: unknown): never {
  if (e instanceof KaizenError) throw e;
  const err = e as NodeJS.ErrnoException;
  throw new PaperError(`--out ${dir}: cannot write the paper there (${err.code ?? err.message}${err.path && err.path !== dir ? `: ${err.path}` : ''})`);
}

/**
 * The files of an earlier paper in DIR, to remove those this paper does not write again (a paper.pdf under --no-pdf,
 * the review.json of that paper, an old figure): none for a new or empty folder. Any other folder is refused, so a
 * stale PDF or review never sits beside the new paper and a user's own paper.md is never written over; a folder is
 * an earlier paper only when its facts.json is one.
 */
function earlierPaper(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new PaperError(`--out ${dir}: is a file, not a folder`);
  const names = readdirSync(dir);
  if (!names.length) return [];
  const refuse = (why: string) => {
    throw new PaperError(`--out ${dir}: the folder is not empty and ${why}: give a new or empty folder`);
  };
  const owned: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (name === 'figures' && statSync(path).isDirectory()) {
      for (const f of readdirSync(path)) {
        if (!/\.(csv|svg)$/.test(f) || !statSync(join(path, f)).isFile()) refuse(`holds figures/${f}, which \`kaizen paper\` did not write`);
        owned.push(join(path, f));
      }
    } else if (PAPER_FILES.has(name) && statSync(path).isFile()) owned.push(path);
    else refuse(`holds ${name}, which \`kaizen paper\` did not write`);
  }
  let facts: unknown = null;
  try {
    facts = JSON.parse(readFileSync(join(dir, 'facts.json'), 'utf8'));
  } catch {}
  if (!isFactsFile(facts)) refuse('is not a paper `kaizen paper` wrote (no facts file)');
  return owned;
}

/** What every facts.json `kaizen paper` writes has: its facts, its subject and the store they come from. */
function isFactsFile(data: unknown): data is FactsFile {
  const f = data as Partial<FactsFile> | null;
  return !!f && Array.isArray(f.facts) && !!f.subject && typeof f.store === 'string';
}

/** `kaizen paper`: derives the facts, writes the folder, builds the PDF when it can, records a study's paper. */
export async function writePaper(opts: PaperOptions): Promise<PaperResult> {
  const location = postgresUrl(opts.store) ?? resolve(opts.store);
  const bib = loadBibliography(opts.bib);
  const store = await openStore(location);
  try {
    const set = await deriveFacts(store, opts.subject);
    const figures = await paperFigures(store, set);
    const paper = buildPaper(set, set.facts, figures, bib);
    const dir = resolve(opts.out);
    let earlier: string[] = [];
    try {
      earlier = earlierPaper(dir);
      ensureDir(join(dir, 'figures'));
    } catch (e) {
      folderError(dir, e);
    }
    const files: string[] = [];
    const write = (name: string, content: string | Buffer) => {
      try {
        writeFileSync(join(dir, name), content);
      } catch (e) {
        folderError(dir, e);
      }
      files.push(join(dir, name));
    };
    const svgs = new Map(figures.map((g) => [g.name, plotSvg(g.plot)]));
    const shas: Record<string, string> = {};
    for (const g of figures) {
      write(`figures/${g.name}.csv`, g.csv);
      write(`figures/${g.name}.svg`, svgs.get(g.name)!);
      shas[g.name] = sha256(g.csv);
    }
    const factsFile: FactsFile = {
      store: postgresUrl(location) ? redactUrl(location) : location,
      subject: opts.subject,
      facts: set.facts,
      figures: shas,
      used: set.used,
    };
    const factsJson = `${JSON.stringify(factsFile, null, 2)}\n`;
    write('facts.json', factsJson);
    write('references.bib', bibtexOf(paper.references.map((r) => bib.get(r.key, 'references'))));
    write('paper.md', renderMarkdown(paper));
    write('paper.html', renderHtml(paper, svgs));
    const tex = renderLatex(paper);
    write('paper.tex', tex);
    let pdf: PaperResult['pdf'];
    if (opts.pdf === false) pdf = { written: false, message: 'paper.pdf skipped (--no-pdf)' };
    else {
      const built = await compilePdf(tex);
      if ('pdf' in built) {
        write('paper.pdf', built.pdf);
        pdf = { written: true, message: `paper.pdf written (pdflatex in the sandbox, ${Math.round(built.ms)} ms)` };
      } else pdf = { written: false, message: built.message };
    }
    opts.log?.(pdf.message);
    for (const path of earlier) if (!files.includes(path)) rmSync(path, { force: true });
    let recorded: PaperResult['recorded'] = null;
    if (opts.subject.kind === 'study') {
      await store.appendEvent(opts.subject.id, 'paper.written', null, { dir, factsSha256: sha256(factsJson), facts: set.facts.length, subject: opts.subject });
      const last = (await store.ledgerEvents(opts.subject.id)).at(-1)!;
      recorded = { runId: opts.subject.id, seq: last.seq ?? 0 };
    }
    return { dir, files, facts: set.facts.length, pdf, recorded };
  } finally {
    await store.close();
  }
}

// ── verifying ──────────────────────────────────────────────────────────────────────────────────────────

export interface PaperVerification {
  dir: string;
  ok: boolean;
  /** One line per problem, each naming the fact, figure, file or event. */
  problems: string[];
  warnings: string[];
  facts: number;
  runs: string[];
  figures: number;
  /** The rendered files compared with their rendering from the record. */
  rendered: string[];
}

function keyFileOf(store: Store, runId: string): KeyFileCheck {
  try {
    const key = loadRunKey(store.keyDir, runId);
    return { publicKey: key ? publicKeyOf(key) : null };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** The first line where two texts differ, for a problem line. */
function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) return `line ${i + 1}: "${(x[i] ?? '').slice(0, 100)}" where the record gives "${(y[i] ?? '').slice(0, 100)}"`;
  }
  return 'no line differs';
}

/**
 * `kaizen paper verify DIR`: the chain and signature of every run the facts rest on, every fact derived again by its
 * rule, each fact's source event present with its hash, each figure's data against its sha256 and against the
 * record, and paper.md/html/tex against their rendering from the facts (so no number in them comes from elsewhere).
 */
export async function verifyPaper(dirArg: string, options: { store?: string } = {}): Promise<PaperVerification> {
  const dir = resolve(dirArg);
  const problems: string[] = [];
  const warnings: string[] = [];
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(join(dir, 'facts.json'), 'utf8'));
  } catch (e) {
    throw new PaperError(`${join(dir, 'facts.json')}: cannot read the paper's facts: ${(e as Error).message}`);
  }
  if (!isFactsFile(file)) throw new PaperError(`${join(dir, 'facts.json')}: not a facts file`);
  const store = await openStore(options.store ?? file.store);
  const result: PaperVerification = { dir, ok: false, problems, warnings, facts: file.facts.length, runs: [], figures: 0, rendered: [] };
  try {
    const reader = new RecordReader(store);
    // The record: each run's chain, programs and signed head.
    result.runs = await citedRuns(store, file, reader);
    for (const id of result.runs) {
      const run = await store.getRun(id);
      if (!run) {
        problems.push(`run ${id}: cited by the paper's facts, missing from ${redactUrl(store.path)}`);
        continue;
      }
      const v = verifyRecord(run, await store.ledgerEvents(id), await store.programs(id), keyFileOf(store, id));
      problems.push(...v.problems);
      warnings.push(...v.warnings);
    }
    // The facts, each by its rule.
    const ids = new Set<string>();
    for (const fact of file.facts) {
      if (ids.has(fact.id)) problems.push(`fact ${fact.id}: listed twice in facts.json`);
      ids.add(fact.id);
      problems.push(...(await recomputeFact(store, fact, reader)).problems);
    }
    // The figures: the files as written, and their data from the record now.
    let set: FactSet | null = null;
    try {
      set = await deriveFacts(store, file.subject);
    } catch (e) {
      if (!(e instanceof KaizenError)) throw e;
      problems.push(`the paper's subject (${file.subject.kind} ${file.subject.id}) cannot be read from the record: ${e.message}`);
    }
    const figures = set ? await paperFigures(store, set).catch((e: unknown) => (e instanceof KaizenError ? null : Promise.reject(e))) : null;
    for (const [name, sha] of Object.entries(file.figures ?? {})) {
      result.figures++;
      const path = join(dir, 'figures', `${name}.csv`);
      let text: string | null = null;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        problems.push(`figure ${name}: figures/${name}.csv is missing`);
      }
      if (text !== null && sha256(text) !== sha)
        problems.push(`figure ${name}: figures/${name}.csv was changed (sha256 ${sha256(text).slice(0, 12)}…, facts.json says ${sha.slice(0, 12)}…)`);
      const now = figures?.find((g) => g.name === name);
      if (figures && !now) problems.push(`figure ${name}: the record no longer gives this figure`);
      else if (now && sha256(now.csv) !== sha)
        problems.push(
          `figure ${name}: its data from the record now (sha256 ${sha256(now.csv).slice(0, 12)}…) is not what facts.json says (${sha.slice(0, 12)}…)`,
        );
    }
    // The text: rendered again from the facts as written (checked above) and the outline of the record.
    if (set && figures) {
      let bib: Bibliography | null = new Bibliography();
      try {
        bib.add(parseBibtex(readFileSync(join(dir, 'references.bib'), 'utf8'), join(dir, 'references.bib')));
      } catch (e) {
        problems.push(`references.bib: ${(e as Error).message}`);
        bib = null;
      }
      if (bib) {
        let paper: Paper | null = null;
        try {
          paper = buildPaper(set, file.facts, figures, bib);
        } catch (e) {
          if (!(e instanceof KaizenError)) throw e;
          problems.push(`the paper cannot be rendered again from its facts: ${e.message}`);
        }
        if (paper) {
          const svgs = new Map(figures.map((g) => [g.name, plotSvg(g.plot)]));
          const expected: [string, string][] = [
            ['paper.md', renderMarkdown(paper)],
            ['paper.html', renderHtml(paper, svgs)],
            ['paper.tex', renderLatex(paper)],
          ];
          for (const [name, text] of expected) {
            let actual: string;
            try {
              actual = readFileSync(join(dir, name), 'utf8');
            } catch {
              problems.push(`${name}: missing`);
              continue;
            }
            result.rendered.push(name);
            if (actual !== text) problems.push(`${name}: differs from its rendering from the facts at ${firstDifference(actual, text)}`);
          }
          for (const g of figures) {
            const path = join(dir, 'figures', `${g.name}.svg`);
            if (existsSync(path) && readFileSync(path, 'utf8') !== svgs.get(g.name))
              problems.push(`figure ${g.name}: figures/${g.name}.svg differs from its rendering from the data`);
          }
        }
      }
    }
  } finally {
    await store.close();
  }
  result.ok = problems.length === 0;
  return result;
}
