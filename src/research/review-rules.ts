// The reviewer's rule checks (issue 15): offline and deterministic. Each finding names its rule, its severity, the
// offending sentence verbatim (a table row or a heading when that is the unit) and what is wrong.
//
//   invented-number    a number in the text (paper.md; paper.pdf through pdftotext) is not the rendering of any fact
//                      (its value, n or sd at the fact's decimals), or a fact link's number is not its fact's rendering
//   wrong-precision    the number is a fact's value at another precision than the fact's decimals
//   unknown-fact       a link `[…](#fact-ID)` to an id facts.json does not hold
//   unsupported-claim  CLAIM_WORDS without a link to a comparison fact whose verdict is `better` and without
//                      "within noise" (a negated claim beside a comparison fact that is not `better` is fine; a
//                      question, and a paragraph headed **Hypothesis.** or **Question.**, claim nothing)
//   stale-figure       figures/NAME.csv differs from its sha256 in facts.json, or is not recorded there
//   missing-figure     the paper references figures/NAME.* and that file, or its recorded data, is missing
//   unknown-citation   `[@key]` / `@key` not in the bibliography (templates/bib/kaizen.bib, DIR/*.bib, --bib)
//   method-never-ran   Methods names an operator, a model or a setting that `used` does not hold (METHOD_VOCABULARY)
//   missing-n          a mean (a fact with n and sd whose value is not its n) rendered without "n = N" / "N seeds|runs|
//                      pairs|replicates" in its sentence, or an n / runs / seeds / pairs column holding N in its row
//   missing-spread     a mean rendered without "±", "sd", "standard deviation", "SE" or "standard error" in its
//                      sentence or row (a column headed so, or "mean ± sd", counts for its rows)
//   placeholder        PLACEHOLDERS anywhere
//   what-did-not-work  the "What did not work" section is missing or empty
//   missing-section    another expected section is missing (warning)
//   fact-mismatch      `verifyPaper(dir)` (src/research/paper.ts) found a fact that differs from the store
import { SELECTION_STRATEGIES } from '../config/config.ts';
import type { Fact, FactsFile } from './types.ts';
import {
  FACT_LINK,
  MODEL_ID,
  type NumberToken,
  numberTokens,
  APPENDIX_SECTIONS,
  type ParsedPaper,
  REQUIRED_SECTIONS,
  type SectionKey,
  type Unit,
  unitCitations,
  unitLinks,
  unitTokens,
} from './review-text.ts';

export type Severity = 'error' | 'warning';

export const RULES = {
  'invented-number': { severity: 'error', what: 'a number no fact renders' },
  'wrong-precision': { severity: 'error', what: "a fact printed at another precision than the fact's decimals" },
  'unknown-fact': { severity: 'error', what: 'a link to a fact facts.json does not hold' },
  'unsupported-claim': { severity: 'error', what: 'a comparative claim without a better verdict or "within noise"' },
  'stale-figure': { severity: 'error', what: "figure data that differ from facts.json's hash" },
  'missing-figure': { severity: 'error', what: 'a referenced figure that is missing' },
  'unknown-citation': { severity: 'error', what: 'a citation key not in the bibliography' },
  'method-never-ran': { severity: 'error', what: 'a method, model or setting the runs did not use' },
  'missing-n': { severity: 'error', what: 'a mean without its n' },
  'missing-spread': { severity: 'error', what: 'a mean without its spread' },
  placeholder: { severity: 'error', what: 'placeholder text' },
  'what-did-not-work': { severity: 'error', what: 'no "What did not work" section, or an empty one' },
  'missing-section': { severity: 'warning', what: 'an expected section is missing' },
  'fact-mismatch': { severity: 'error', what: "a fact that differs from the store's record" },
} as const satisfies Record<string, { severity: Severity; what: string }>;

export type RuleId = keyof typeof RULES;

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** The offending sentence (or table row, heading, or file entry), verbatim. */
  quote: string;
  detail: string;
  /** Where: paper.md (with its line), paper.pdf, facts.json or figures/…. */
  file: string;
  line?: number;
  section?: string;
  /** The number, key or term at fault, when there is one. */
  token?: string;
}

const finding = (rule: RuleId, quote: string, detail: string, where: { file: string; line?: number; section?: string; token?: string }): Finding => ({
  rule,
  severity: RULES[rule].severity,
  quote,
  detail,
  ...where,
});

const at = (u: Unit, token?: string) => ({
  file: 'paper.md',
  line: u.line,
  ...(u.section ? { section: u.section } : {}),
  ...(token !== undefined ? { token } : {}),
});

/** Whether a unit is in References or Facts, whose numbers, verdict words and keys are the record, not claims. */
export const inAppendix = (u: Unit) => u.sectionKey !== null && APPENDIX_SECTIONS.includes(u.sectionKey);

/** A unit's text with each fact link replaced by its text (what a reader sees). */
export const plainText = (text: string): string => text.replace(new RegExp(FACT_LINK.source, 'g'), '$1');

// ---- Rule 1: numbers ----

/** A fact's value as the paper prints it. */
export const renderFact = (value: number, decimals: number): string => {
  const s = value.toFixed(decimals);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
};

/** Every string a fact may be printed as: its value, n and sd (sd at the fact's decimals). */
export function renderings(facts: readonly Fact[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (s: string, id: string) => out.set(s, [...(out.get(s) ?? []), id]);
  for (const f of facts) {
    add(renderFact(f.value, f.decimals), f.id);
    if (f.n !== undefined) add(String(f.n), `${f.id} (n)`);
    if (f.sd !== undefined) add(renderFact(f.sd, f.decimals), `${f.id} (sd)`);
  }
  return out;
}

const matches = (t: NumberToken, rendered: string) => t.value === rendered || (!t.signed && rendered.startsWith('-') && rendered.slice(1) === t.value);

/** The facts whose value (or sd) at the token's precision is the token, though printed at another precision. */
function atOtherPrecision(t: NumberToken, facts: readonly Fact[]): { fact: Fact; what: 'value' | 'sd' }[] {
  if (t.decimals < 0) return [];
  const out: { fact: Fact; what: 'value' | 'sd' }[] = [];
  for (const f of facts) {
    if (f.decimals !== t.decimals && matches(t, renderFact(f.value, t.decimals))) out.push({ fact: f, what: 'value' });
    else if (f.sd !== undefined && f.decimals !== t.decimals && matches(t, renderFact(f.sd, t.decimals))) out.push({ fact: f, what: 'sd' });
  }
  return out;
}

export interface NumberCheckInput {
  facts: readonly Fact[];
  rendered: Map<string, string[]>;
}

/** Checks one free-standing number token (not a fact link's number). */
function checkToken(t: NumberToken, quote: string, where: Parameters<typeof finding>[3], input: NumberCheckInput): Finding | null {
  for (const [r] of input.rendered) if (matches(t, r)) return null;
  // An integer is never "another precision" of a fact: "2 islands" is invented, not a rounding of 1.6421.
  const other = t.decimals > 0 ? atOtherPrecision(t, input.facts) : [];
  if (other.length) {
    const { fact, what } = other[0];
    const shown = renderFact(what === 'sd' ? fact.sd! : fact.value, fact.decimals);
    return finding(
      'wrong-precision',
      quote,
      `${t.raw} is fact ${fact.id}${what === 'sd' ? "'s sd" : ''} at ${t.decimals} decimals; the fact is printed at ${fact.decimals}: ${shown}`,
      { ...where, token: t.raw },
    );
  }
  return finding('invented-number', quote, `${t.raw} is not the rendering of any fact (value, n or sd at the fact's decimals)`, {
    ...where,
    token: t.raw,
  });
}

/** A paragraph that states the registered question or hypothesis (`**Question.** …`); rule 2 exempts it too. */
const isRegistered = (u: Unit) => u.runIn !== undefined && /^(hypothesis|question|research question)$/i.test(u.runIn.trim());

/**
 * Where the study's registered question and hypothesis are quoted: each sentence of a `**Question.**` or
 * `**Hypothesis.**` paragraph (without its run-in heading), wherever it stands verbatim (the abstract quotes the
 * question too). Their numbers are the registration's words, not the paper's findings, as their claim words are.
 */
function registeredSpans(paper: ParsedPaper): [number, number][] {
  const spans: [number, number][] = [];
  for (const u of paper.units) {
    if (!isRegistered(u)) continue;
    const text = u.text.replace(/^\s*(?:\*\*|__)[^*_]+?[.:]?(?:\*\*|__)\s*/, '');
    if (!text) continue;
    for (let at = paper.visible.indexOf(text); at >= 0; at = paper.visible.indexOf(text, at + 1)) spans.push([at, at + text.length]);
  }
  return spans;
}

/** Rule 1 over paper.md: free-standing numbers and fact links' numbers (and links to unknown facts). */
export function checkNumbers(paper: ParsedPaper, facts: readonly Fact[]): Finding[] {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const input = { facts, rendered: renderings(facts) };
  const registered = registeredSpans(paper);
  const quoted = (t: NumberToken) => registered.some(([a, b]) => t.start >= a && t.start < b);
  const out: Finding[] = [];
  for (const u of paper.units) {
    if (inAppendix(u)) continue;
    for (const l of unitLinks(paper, u)) {
      const fact = byId.get(l.id);
      if (!fact) {
        out.push(finding('unknown-fact', u.text, `links #fact-${l.id}, which facts.json does not hold`, at(u, l.id)));
        continue;
      }
      const tokens = numberTokens(l.text, l.textStart);
      const [first, ...rest] = tokens;
      if (first) {
        const shown = renderFact(fact.value, fact.decimals);
        if (!matches(first, shown)) {
          const other = first.decimals >= 0 && matches(first, renderFact(fact.value, first.decimals));
          out.push(
            other
              ? finding('wrong-precision', u.text, `${first.raw} links fact ${fact.id}, printed at ${fact.decimals} decimals: ${shown}`, at(u, first.raw))
              : finding('invented-number', u.text, `${first.raw} links fact ${fact.id}, whose value renders as ${shown}`, at(u, first.raw)),
          );
        }
      }
      for (const t of rest) {
        const f = checkToken(t, u.text, at(u), input);
        if (f) out.push(f);
      }
    }
    for (const t of unitTokens(paper, u)) {
      if (quoted(t)) continue;
      const f = checkToken(t, u.text, at(u), input);
      if (f) out.push(f);
    }
  }
  return out;
}

/** Rule 1 over text extracted from paper.pdf. */
export function checkPdfNumbers(units: readonly { text: string; masked: string }[], facts: readonly Fact[]): Finding[] {
  const input = { facts, rendered: renderings(facts) };
  const out: Finding[] = [];
  for (const u of units) {
    for (const t of numberTokens(u.masked)) {
      const f = checkToken(t, u.text, { file: 'paper.pdf' }, input);
      if (f) out.push(f);
    }
  }
  return out;
}

// ---- Rule 2: claims ----

/** Words that claim an effect; each needs a `better` comparison fact linked in its sentence, or "within noise". */
export const CLAIM_WORDS = /\b(outperform(?:s|ed|ing)?|improv(?:e|es|ed|ing)|better than|significant(?:ly)?|beats?|beating)\b/gi;
export const WITHIN_NOISE = /\bwithin[\s-]+(?:the\s+)?noise\b/i;
/** A negation just before a claim word ("did not improve", "fails to beat", "no significant"). */
const NEGATED = /(?:\b(?:not|no|never|cannot|neither|nor|fail(?:s|ed)? to)|n[’']t)\s+(?:\w+\s+){0,2}$/i;

/** The units rule 2 reads, with their claim words: outside the appendices, not a question, not a stated hypothesis. */
export function claimUnits(paper: ParsedPaper): { unit: Unit; plain: string; claims: RegExpExecArray[] }[] {
  const out: { unit: Unit; plain: string; claims: RegExpExecArray[] }[] = [];
  for (const u of paper.units) {
    if (inAppendix(u)) continue;
    // A question asks, and a stated hypothesis or question (`**Hypothesis.** …`) is what the study tests: neither claims.
    if (/\?[*_)"'”’]*$/.test(u.text) || isRegistered(u)) continue;
    const plain = plainText(u.text);
    const claims = [...plain.matchAll(CLAIM_WORDS)];
    if (claims.length) out.push({ unit: u, plain, claims });
  }
  return out;
}

export function checkClaims(paper: ParsedPaper, facts: readonly Fact[]): Finding[] {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const out: Finding[] = [];
  for (const { unit: u, plain, claims } of claimUnits(paper)) {
    const linked = unitLinks(paper, u)
      .map((l) => byId.get(l.id))
      .filter((f): f is Fact => f?.verdict !== undefined);
    if (linked.some((f) => f.verdict === 'better') || WITHIN_NOISE.test(plain)) continue;
    const unsupported = claims.filter((c) => !(NEGATED.test(plain.slice(Math.max(0, c.index - 40), c.index)) && linked.length > 0));
    if (!unsupported.length) continue;
    const words = [...new Set(unsupported.map((c) => `"${c[0]}"`))].join(', ');
    const comparisons = linked.length ? `it links ${linked.map((f) => `${f.id} (verdict ${f.verdict})`).join(', ')}` : 'it links no comparison fact';
    out.push(
      finding('unsupported-claim', u.text, `${words} needs a linked comparison fact whose verdict is better, or the words "within noise"; ${comparisons}`, {
        ...at(u),
        token: unsupported[0][0],
      }),
    );
  }
  return out;
}

// ---- Rule 3: figures ----

/** A reference to a figure file in the paper: `figures/NAME.EXT`. */
export const FIGURE_REF = /(?<![\w/.-])figures\/([\w.-]+?)\.(csv|svg|png|pdf|jpe?g|html)\b/g;

export interface FigureFiles {
  /** sha256 of each figures/*.csv on disk, by NAME. */
  csv: Map<string, string>;
  /** Every file under figures/, by file name. */
  files: Set<string>;
}

/** facts.json's `figures` keyed by NAME (keys may be `NAME`, `NAME.csv` or `figures/NAME.csv`). */
export function recordedFigures(facts: FactsFile): Map<string, { key: string; sha256: string }> {
  const out = new Map<string, { key: string; sha256: string }>();
  for (const [key, sha] of Object.entries(facts.figures ?? {})) out.set(key.replace(/^(\.\/)?figures\//, '').replace(/\.csv$/, ''), { key, sha256: sha });
  return out;
}

export function checkFigures(paper: ParsedPaper, facts: FactsFile, disk: FigureFiles): Finding[] {
  const out: Finding[] = [];
  const recorded = recordedFigures(facts);
  const refs = paper.units.flatMap((u) => [...u.text.matchAll(FIGURE_REF)].map((m) => ({ unit: u, name: m[1], file: `${m[1]}.${m[2]}` })));
  const quoteFor = (name: string, fallback: string) => {
    const r = refs.find((x) => x.name === name);
    return r
      ? { quote: r.unit.text, where: at(r.unit, `figures/${name}.csv`) }
      : { quote: fallback, where: { file: 'facts.json', token: `figures/${name}.csv` } };
  };
  for (const [name, { key, sha256 }] of recorded) {
    const onDisk = disk.csv.get(name);
    const { quote, where } = quoteFor(name, `"${key}": "${sha256}"`);
    if (onDisk === undefined) out.push(finding('missing-figure', quote, `facts.json records figures/${name}.csv, which the folder does not hold`, where));
    else if (onDisk !== sha256)
      out.push(
        finding(
          'stale-figure',
          quote,
          `figures/${name}.csv has sha256 ${onDisk.slice(0, 12)}…, facts.json records ${sha256.slice(0, 12)}…: the data changed after the facts`,
          where,
        ),
      );
  }
  for (const name of disk.csv.keys()) {
    if (recorded.has(name)) continue;
    const { quote, where } = quoteFor(name, `figures/${name}.csv`);
    out.push(
      finding('stale-figure', quote, `figures/${name}.csv is not recorded in facts.json's figures: its data are not the facts'`, {
        ...where,
        file: where.file,
      }),
    );
  }
  const seen = new Set<string>();
  for (const r of refs) {
    if (seen.has(r.file)) continue;
    seen.add(r.file);
    if (!disk.files.has(r.file))
      out.push(finding('missing-figure', r.unit.text, `references figures/${r.file}, which the folder does not hold`, at(r.unit, `figures/${r.file}`)));
    else if (!recorded.has(r.name))
      out.push(
        finding('missing-figure', r.unit.text, `figures/${r.file} has no data recorded in facts.json (figures/${r.name}.csv)`, at(r.unit, `figures/${r.file}`)),
      );
  }
  return out;
}

// ---- Rule 4: citations ----

export function checkCitations(paper: ParsedPaper, keys: ReadonlySet<string>, bibFiles: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const u of paper.units) {
    if (inAppendix(u)) continue;
    for (const c of unitCitations(paper, u)) {
      if (keys.has(c.key)) continue;
      const where = bibFiles.length ? `the bibliography (${bibFiles.join(', ')})` : 'any bibliography (none was found)';
      out.push(finding('unknown-citation', u.text, `@${c.key} is not in ${where}`, at(u, c.key)));
    }
  }
  return out;
}

// ---- Rule 5: Methods names only what ran ----

/** Kaizen's operators, as the records name them. */
export const OPERATOR_NAMES = ['numeric', 'ast', 'redcode', 'llm-diff', 'llm-full', 'llm-cross', 'llm-fix'] as const;

type Settings = FactsFile['used']['settings'];

/** Values of the settings whose key matches, split into tokens (a study's arms may list several: "weighted,uniform"). */
function settingTokens(settings: Settings, key: RegExp): string[] | null {
  const entries = Object.entries(settings ?? {}).filter(([k]) => key.test(k));
  if (!entries.length) return null;
  return entries.flatMap(([, v]) =>
    String(v)
      .split(/[\s,;|]+/)
      .filter(Boolean),
  );
}

const truthy = (v: string) => !/^(false|0|none|off|no|)$/i.test(v);

export interface MethodTerm {
  /** What a reader calls it, for findings. */
  kind: 'operator' | 'model' | 'setting';
  pattern: RegExp;
  /** null when `used` holds it; otherwise why it never ran. */
  check: (m: RegExpMatchArray, used: FactsFile['used']) => string | null;
}

const STRATEGIES = SELECTION_STRATEGIES.join('|');
const WORD_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const stripBase = (id: string) => id.replace(/@https?:\/\/.*$/, '');

/**
 * What Methods may name, and how each is checked against facts.json's `used` (settings are keyed by their dotted path
 * in the run config, e.g. `selection.strategy`, or `ARM/selection.strategy` when a study's arms differ; a value may
 * list several, comma-separated):
 *  - operators: OPERATOR_NAMES as whole words, not inside a config path (`llm-diff`, `ast`, `AST`, `redcode`, but not
 *    `operators.offline.ast`, a setting's name); `numeric` only in backticks or
 *    before "operator(s)"/"mutation(s)" ("the `numeric` operator", "numeric and ast operators"), since it is an
 *    English word too — each must be in `used.operators`;
 *  - models: `provider:model[@url]` ids (MODEL_ID) — in `used.models` (a base URL on either side is ignored);
 *  - selection: "STRATEGY selection", "selection strategy STRATEGY" for the config's strategies (weighted, power-law,
 *    hill-climb, uniform) — a `selection.strategy` setting must hold it; tournament / lexicase / roulette /
 *    truncation / rank-based selection never ran (Kaizen has none);
 *  - islands: "N islands" (N in digits or words) — an `islands.count` setting must hold N; "island model",
 *    "migration", "migrants" — an `islands.count` above 1;
 *  - MAP-Elites — a `mapElites.*` setting (facts.ts records `mapElites.features` only when the grid was on);
 *    "novelty judge/filter/check" — a `novelty.*` setting.
 */
export const METHOD_VOCABULARY: MethodTerm[] = [
  ...OPERATOR_NAMES.filter((n) => n !== 'numeric').map(
    (name): MethodTerm => ({
      kind: 'operator',
      pattern: new RegExp(`(?<![\\w./-])${name}(?![\\w]|-(?:diff|full|cross|fix)\\b)`, 'gi'),
      check: (_m, used) => (used.operators.includes(name) ? null : `the operator ${name}, which no run used`),
    }),
  ),
  {
    kind: 'operator',
    pattern: /`numeric`|(?<![\w./-])numeric(?=(?:\s*(?:,|and|or)\s*`?[\w-]+`?)*\s+(?:operators?|mutations?)\b)/gi,
    check: (_m, used) => (used.operators.includes('numeric') ? null : 'the operator numeric, which no run used'),
  },
  {
    kind: 'model',
    pattern: new RegExp(MODEL_ID.source, 'g'),
    check: (m, used) => {
      const id = m[0];
      return used.models.some((u) => u === id || stripBase(u) === stripBase(id)) ? null : `the model ${id}, which no run used`;
    },
  },
  {
    kind: 'setting',
    pattern: new RegExp(
      `(?<![\\w-])\`?(${STRATEGIES})\`?(?:\\s+parent)?\\s+selection\\b|\\bselection(?:\\s+strategy)?\\s*(?:[:=]|is|was|of)?\\s*\`?(${STRATEGIES})\`?(?![\\w-])`,
      'gi',
    ),
    check: (m, used) => {
      const strategy = (m[1] ?? m[2]).toLowerCase();
      const values = settingTokens(used.settings, /selection\.strategy$/);
      return values?.includes(strategy) ? null : `${strategy} selection, which the runs did not use (selection: ${values?.join(', ') ?? 'not recorded'})`;
    },
  },
  {
    kind: 'setting',
    pattern: /\b(tournament|lexicase|roulette(?:-wheel)?|truncation|rank-based)\s+selection\b/gi,
    check: (m) => `${m[0]}, which Kaizen does not have`,
  },
  {
    kind: 'setting',
    pattern: new RegExp(`\\b(\\d+|${WORD_NUMBERS.join('|')})\\s+islands?\\b`, 'gi'),
    check: (m, used) => {
      const n = /^\d+$/.test(m[1]) ? m[1] : String(WORD_NUMBERS.indexOf(m[1].toLowerCase()));
      const values = settingTokens(used.settings, /islands\.count$/);
      return values?.includes(n) ? null : `${m[0]}, which the runs did not use (islands: ${values?.join(', ') ?? 'not recorded'})`;
    },
  },
  {
    kind: 'setting',
    pattern: /\b(island model|migration|migrants)\b/gi,
    check: (m, used) => {
      const values = settingTokens(used.settings, /islands\.count$/);
      return values?.some((v) => Number(v) > 1) ? null : `${m[0]}, but the runs had no more than one island (islands: ${values?.join(', ') ?? 'not recorded'})`;
    },
  },
  {
    kind: 'setting',
    pattern: /\bMAP-?Elites\b/gi,
    check: (m, used) => (settingTokens(used.settings, /^(.*\/)?mapElites\./)?.some(truthy) ? null : `${m[0]}, which the runs did not use`),
  },
  {
    kind: 'setting',
    pattern: /\bnovelty\s+(?:judge|filter|check)\b/gi,
    check: (m, used) => (settingTokens(used.settings, /^(.*\/)?novelty\./)?.some(truthy) ? null : `the ${m[0]}, which the runs did not use`),
  },
];

export function checkMethods(paper: ParsedPaper, used: FactsFile['used']): Finding[] {
  const out: Finding[] = [];
  for (const u of paper.units) {
    if (u.sectionKey !== 'methods') continue;
    const plain = plainText(u.text);
    const taken: [number, number][] = [];
    for (const term of METHOD_VOCABULARY) {
      for (const m of plain.matchAll(term.pattern)) {
        // A model id's text is not an operator name too (`openai:…-fix-…`).
        if (taken.some(([a, b]) => m.index >= a && m.index < b)) continue;
        if (term.kind === 'model') taken.push([m.index, m.index + m[0].length]);
        const why = term.check(m, used);
        if (why) out.push(finding('method-never-ran', u.text, `Methods names ${why}`, at(u, m[0].replace(/`/g, ''))));
      }
    }
  }
  return out;
}

// ---- Rule 6: means state n and spread ----

const SPREAD = /±|\+\/-|\bs\.?d\.?(?![\w])|\bstandard (?:deviation|error)\b|\bS\.?E\.?(?![\w])/i;
const SPREAD_COLUMN = /±|\bs\.?d\b|\bstd\b|standard (?:deviation|error)|\bse\b|^spread$/i;
const N_COLUMN = /^(n|runs|seeds|pairs|replicates)$/i;

/** A mean: a fact with its n and sd, whose value is not the n itself (a count of pairs carries n too). */
export const isMean = (f: Fact | undefined): f is Fact & { n: number; sd: number } => f?.n !== undefined && f.sd !== undefined && f.value !== f.n;

export function checkMeans(paper: ParsedPaper, facts: readonly Fact[]): Finding[] {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const rendered = renderings(facts);
  const out: Finding[] = [];
  for (const u of paper.units) {
    if (inAppendix(u)) continue;
    const means: { fact: Fact; raw: string }[] = [];
    for (const l of unitLinks(paper, u)) {
      const f = byId.get(l.id);
      if (isMean(f)) means.push({ fact: f, raw: l.text });
    }
    // An unlinked number that can only be a mean's value.
    for (const t of unitTokens(paper, u)) {
      const ids = [...rendered].filter(([r]) => matches(t, r)).flatMap(([, ids]) => ids);
      const facts = ids.map((id) => byId.get(id));
      if (ids.length && facts.every(isMean)) means.push({ fact: facts[0]!, raw: t.raw });
    }
    if (!means.length) continue;
    const plain = plainText(u.text);
    const cell = (re: RegExp) => {
      const i = u.table?.header.findIndex((h) => re.test(h.replace(/[*_`]/g, '').trim())) ?? -1;
      return i >= 0 && u.table!.cells !== u.table!.header ? plainText(u.table!.cells[i] ?? '') : null;
    };
    const nCell = cell(N_COLUMN);
    const spreadCell = cell(SPREAD_COLUMN);
    // A header like "mean ± sd" states the spread for its rows (the row's cell holds "m ± s").
    const headerSpread = !!u.table && u.table.cells !== u.table.header && u.table.header.some((h) => /±/.test(h));
    for (const { fact, raw } of means) {
      const n = String(fact.n);
      const statesN =
        new RegExp(`\\bn\\s*=\\s*${n}(?![\\d.])|(?<![\\d.])${n}\\s+(?:paired\\s+)?(?:seeds|runs|pairs|replicates)\\b`).test(plain) || nCell?.trim() === n;
      if (!statesN) out.push(finding('missing-n', u.text, `the mean ${raw} (fact ${fact.id}) is printed without its n (n = ${n})`, at(u, raw)));
      const statesSpread = SPREAD.test(plain.replace(/`[^`]*`/g, '')) || (spreadCell !== null && spreadCell.trim() !== '') || headerSpread;
      if (!statesSpread) out.push(finding('missing-spread', u.text, `the mean ${raw} (fact ${fact.id}) is printed without its spread (± or sd)`, at(u, raw)));
    }
  }
  return out;
}

// ---- Rule 7: placeholders ----

/** Placeholder text: the marker words in capitals as written (TODO, TBD, XXX, FIXME, INSERT), the phrases in any case. */
export const PLACEHOLDERS: { name: string; pattern: RegExp }[] = [
  { name: 'TODO', pattern: /\bTODO\b/ },
  { name: 'TBD', pattern: /\bTBD\b/ },
  { name: 'XXX', pattern: /\bXXX+\b/ },
  { name: 'FIXME', pattern: /\bFIXME\b/ },
  { name: 'lorem ipsum', pattern: /\blorem ipsum\b/i },
  { name: '[citation needed]', pattern: /\[citation needed\]/i },
  { name: '??', pattern: /\?\?/ },
  { name: '<insert', pattern: /<insert\b/i },
  { name: 'INSERT', pattern: /\bINSERT\b/ },
];

export function checkPlaceholders(paper: ParsedPaper): Finding[] {
  const out: Finding[] = [];
  for (const u of paper.units) {
    for (const p of PLACEHOLDERS) {
      if (p.pattern.test(u.text)) out.push(finding('placeholder', u.text, `placeholder text "${p.name}"`, at(u, p.name)));
    }
  }
  return out;
}

// ---- Rule 8 and the other sections ----

const SECTION_NAMES: Record<SectionKey, string> = {
  facts: 'Facts',
  abstract: 'Abstract',
  introduction: 'Introduction',
  methods: 'Methods',
  results: 'Results',
  whatDidNotWork: 'What did not work',
  references: 'References',
};

export function checkSections(paper: ParsedPaper): Finding[] {
  const out: Finding[] = [];
  if (paper.title === null) out.push(finding('missing-section', '', 'the paper has no title (a level-1 heading "# Title")', { file: 'paper.md' }));
  for (const key of REQUIRED_SECTIONS) {
    const s = paper.sections.find((x) => x.key === key);
    if (key === 'whatDidNotWork') {
      if (!s) {
        out.push(finding('what-did-not-work', '', 'the paper has no "## What did not work" section: negative results must be reported', { file: 'paper.md' }));
        continue;
      }
      const body = paper.units.filter((u) => u.start >= s.bodyStart && u.start < s.bodyEnd && u.kind !== 'heading');
      if (!body.length)
        out.push(
          finding('what-did-not-work', `## ${s.title}`, 'the "What did not work" section is empty', { file: 'paper.md', line: s.line, section: s.title }),
        );
    } else if (!s) out.push(finding('missing-section', '', `the paper has no "## ${SECTION_NAMES[key]}" section`, { file: 'paper.md' }));
  }
  return out;
}
