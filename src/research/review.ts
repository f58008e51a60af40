// `kaizen review DIR` (issue 15): an automated reviewer of a paper folder written by `kaizen paper` (paper.md,
// facts.json, figures/*.csv, maybe paper.pdf). The rule checks (review-rules.ts) are offline and deterministic; the
// NeurIPS-style form is derived from their findings by the mapping below; review.json is written into DIR. With
// models, an advisory ensemble of model reviews is added (review-models.ts); it never changes the decision.
//
// The form, from the findings (F = findings of severity error):
//   soundness     4; 3 if F holds a soundness rule (stale-figure, method-never-ran, missing-n, missing-spread or any
//                 below); 2 if it holds a fabrication rule (invented-number, wrong-precision, unknown-fact,
//                 unsupported-claim, fact-mismatch); 1 with three or more fabrication findings or any fact-mismatch
//   presentation  4 − the presentation rules with findings (unknown-citation, missing-figure, missing-section; a
//                 placeholder counts 2), at least 1
//   contribution  2, +1 when the paper links a comparison fact whose verdict is better, +1 when "What did not work"
//                 is there and not empty
//   overall       soundness + presentation + contribution − 2 (1–10), at most 4 with any error, at most 3 with a
//                 fabrication finding, at most 2 when soundness is 1
//   confidence    5, −1 when paper.pdf exists but could not be read (no pdftotext), −1 when the facts were not checked
//                 against the store (verifyPaper missing, the store unreachable, or verification failed to run)
//   decision      accept iff no finding of severity error, and the facts' values were not left unchecked for want
//                 of their store (unverified: a store that cannot be reached cannot vouch for them; the review
//                 then warns and names --store), and overall ≥ 6, which then always holds
//   strengths     one line per check that passed and had something to check; weaknesses: one line per rule with
//                 findings (count and the first quote); questions: one per finding, at most 10.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KaizenError } from '../errors.ts';
import type { ChatModel } from '../models/types.ts';
import { sha256 } from '../util/hash.ts';
import { mean, sampleSd } from '../util/stats.ts';
import { parseBibtex } from './bibliography.ts';
import { type ModelEnsemble, modelReviews, type ReviewForm } from './review-models.ts';
import {
  checkClaims,
  checkCitations,
  checkFigures,
  checkMeans,
  checkMethods,
  checkNumbers,
  checkPdfNumbers,
  checkPlaceholders,
  checkSections,
  claimUnits,
  type FigureFiles,
  type Finding,
  RULES,
  type RuleId,
} from './review-rules.ts';
import { bibKeys, type ParsedPaper, parsePaper, pdfUnits, unitLinks } from './review-text.ts';
import type { FactsFile } from './types.ts';

export type { ModelEnsemble, ModelReview, ReviewForm } from './review-models.ts';
export { modelReviews, parseReviewForm, reviewFormSchema } from './review-models.ts';
export type { Finding, RuleId, Severity } from './review-rules.ts';
export { CLAIM_WORDS, METHOD_VOCABULARY, OPERATOR_NAMES, PLACEHOLDERS, RULES } from './review-rules.ts';
export { FACT_LINK, numberTokens, parsePaper } from './review-text.ts';

/** The bibliography shipped with Kaizen (src/research → templates/bib, the same from dist/research). */
export const SHIPPED_BIB = fileURLToPath(new URL('../../templates/bib/kaizen.bib', import.meta.url));

const factSchema = z.looseObject({
  id: z.string().min(1),
  value: z.number(),
  decimals: z.number().int().min(0).max(20),
  unit: z.string().default(''),
  description: z.string().default(''),
  verdict: z.enum(['better', 'worse', 'within noise']).optional(),
  n: z.number().int().min(0).optional(),
  sd: z.number().optional(),
});
const factsFileSchema = z.looseObject({
  store: z.string().default(''),
  subject: z.looseObject({ kind: z.string(), id: z.string() }).optional(),
  facts: z.array(factSchema),
  figures: z.record(z.string(), z.string()).default({}),
  used: z
    .object({
      operators: z.array(z.string()).default([]),
      models: z.array(z.string()).default([]),
      settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    })
    .prefault({}),
});

/** Reads and checks facts.json. */
export function readFacts(dir: string): FactsFile {
  const file = join(dir, 'facts.json');
  if (!existsSync(file)) throw new KaizenError(`${file}: no facts.json here (is ${dir} a folder written by \`kaizen paper\`?)`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KaizenError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const r = factsFileSchema.safeParse(data);
  if (!r.success) throw new KaizenError(`${file}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  // `kaizen paper verify` refuses a file without its store and subject; so does the review (a forged paper's first step).
  const o = data as { store?: unknown; subject?: unknown };
  if (typeof o.store !== 'string' || !o.subject)
    throw new KaizenError(`${file}: not a facts file (it names no ${typeof o.store !== 'string' ? 'store' : 'subject'})`);
  const ids = new Set<string>();
  for (const f of r.data.facts) {
    if (ids.has(f.id)) throw new KaizenError(`${file}: fact ${f.id} is listed twice`);
    ids.add(f.id);
  }
  return r.data as unknown as FactsFile;
}

function figureFiles(dir: string): FigureFiles {
  const folder = join(dir, 'figures');
  const csv = new Map<string, string>();
  const files = new Set<string>();
  if (!existsSync(folder)) return { csv, files };
  for (const name of readdirSync(folder).sort()) {
    if (!statSync(join(folder, name)).isFile()) continue;
    files.add(name);
    if (name.endsWith('.csv')) csv.set(name.slice(0, -4), sha256(readFileSync(join(folder, name))));
  }
  return { csv, files };
}

/** The bibliography's keys: the shipped one (when present), DIR's own *.bib, and `extra`. */
function bibliography(dir: string, extra: readonly string[]): { keys: Set<string>; files: string[] } {
  const files: string[] = [];
  if (existsSync(SHIPPED_BIB)) files.push(SHIPPED_BIB);
  for (const name of readdirSync(dir).sort()) if (name.endsWith('.bib')) files.push(join(dir, name));
  for (const f of extra) {
    if (!existsSync(f)) throw new KaizenError(`--bib ${f}: no such file`);
    // Parsed as `kaizen paper --bib` parses it, so a malformed file (an unterminated entry) is refused here too.
    parseBibtex(readFileSync(f, 'utf8'), f);
    files.push(resolve(f));
  }
  const keys = new Set(files.flatMap((f) => bibKeys(readFileSync(f, 'utf8'))));
  return { keys, files };
}

// ---- Rule 9: fact values against the store, through `verifyPaper` of src/research/paper.ts when it exists ----

/** `verifyPaper(dir, { store })` of src/research/paper.ts: `{ ok, problems: string[], warnings: string[] }`. */
export type VerifyPaper = (dir: string, options?: { store?: string }) => unknown;

/** `verifyPaper` from src/research/paper.ts (or dist/research/paper.js), looked up at run time; null when absent. */
export async function loadVerifyPaper(): Promise<VerifyPaper | null> {
  const here = fileURLToPath(import.meta.url);
  const file = join(here, '..', `paper${extname(here)}`);
  if (!existsSync(file)) return null;
  const mod = (await import(new URL(`./paper${extname(here)}`, import.meta.url).href)) as { verifyPaper?: unknown };
  return typeof mod.verifyPaper === 'function' ? (mod.verifyPaper as VerifyPaper) : null;
}

/**
 * Problems in the shape verifyPaper answers (`{ ok, problems: ["fact ID: …", "figure NAME: …", "paper.md: …"] }`),
 * or a list, `{ mismatches | errors }`, or a boolean.
 */
function verifyProblems(result: unknown): { id?: string; text: string }[] {
  const describe = (p: unknown): { id?: string; text: string } => {
    if (typeof p === 'string') {
      const id = /^fact ([^\s:]+)/.exec(p)?.[1];
      return { text: p, ...(id ? { id } : {}) };
    }
    const o = (p ?? {}) as Record<string, unknown>;
    const id = [o.id, o.factId, o.fact].find((x) => typeof x === 'string') as string | undefined;
    const message = [o.message, o.detail, o.problem].find((x) => typeof x === 'string') as string | undefined;
    const values = 'expected' in o || 'actual' in o ? `paper ${JSON.stringify(o.expected ?? o.paper)}, store ${JSON.stringify(o.actual ?? o.store)}` : '';
    return { ...(id ? { id } : {}), text: message ?? (values || JSON.stringify(p)) };
  };
  if (result === false) return [{ text: 'verifyPaper reported a mismatch' }];
  if (Array.isArray(result)) return result.map(describe);
  if (result && typeof result === 'object') {
    const o = result as Record<string, unknown>;
    const list = [o.mismatches, o.problems, o.errors].find(Array.isArray) as unknown[] | undefined;
    if (list?.length) return list.map(describe);
    if (o.ok === false) return [{ text: 'verifyPaper reported a mismatch' }];
  }
  return [];
}

/** The store to verify against: a postgres URL as is, a SQLite file as given or beside the paper; null when absent. */
function reachableStore(dir: string, store: string): string | null {
  if (!store) return null;
  if (/^postgres(ql)?:\/\//.test(store)) return store;
  if (existsSync(store)) return store;
  return existsSync(resolve(dir, store)) ? resolve(dir, store) : null;
}

async function checkStore(
  dir: string,
  paper: ParsedPaper,
  facts: FactsFile,
  verify: VerifyPaper | null | undefined,
  notes: string[],
  storeArg?: string,
): Promise<{ findings: Finding[]; verified: boolean; unverified?: string }> {
  const fn = verify === undefined ? await loadVerifyPaper() : verify;
  if (!fn) {
    // null is the caller's (a test's) choice to skip the store; a missing verifyPaper is a check that could not run.
    const why = verify === null ? 'skipped' : 'src/research/paper.ts has no verifyPaper';
    notes.push(`fact values: not checked against the store (${why})`);
    return { findings: [], verified: false, ...(verify === null ? {} : { unverified: why }) };
  }
  const named = storeArg ?? facts.store;
  const store = storeArg !== undefined ? reachableStore(process.cwd(), storeArg) : reachableStore(dir, facts.store);
  if (!store) {
    const why = named ? `${named} is not reachable` : 'facts.json names no store';
    notes.push(`fact values: not checked against the store (${why})`);
    return { findings: [], verified: false, unverified: why };
  }
  let result: unknown;
  try {
    result = await fn(dir, { store });
  } catch (e) {
    notes.push(`fact values: verifyPaper failed: ${(e as Error).message}`);
    return { findings: [], verified: false, unverified: `verifyPaper failed: ${(e as Error).message}` };
  }
  const findings = verifyProblems(result).map((p): Finding => {
    const unit = p.id ? paper.units.find((u) => unitLinks(paper, u).some((l) => l.id === p.id)) : undefined;
    return {
      rule: 'fact-mismatch',
      severity: RULES['fact-mismatch'].severity,
      quote: unit?.text ?? (p.id ? `fact ${p.id}` : ''),
      detail: `kaizen paper verify: ${p.text}`,
      file: unit ? 'paper.md' : 'facts.json',
      ...(unit ? { line: unit.line, section: unit.section } : {}),
      ...(p.id ? { token: p.id } : {}),
    };
  });
  const warnings = (result as { warnings?: unknown } | null)?.warnings;
  if (Array.isArray(warnings)) for (const w of warnings) notes.push(`kaizen paper verify: ${String(w)}`);
  notes.push(`fact values: checked against the store ${named} (verifyPaper): ${findings.length ? `${findings.length} problem(s)` : 'all equal'}`);
  return { findings, verified: true };
}

// ---- facts that follow from other facts of the same file ----

/** Equal up to float noise, or printing the same at the fact's decimals. */
const same = (a: number, b: number, decimals: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) || a.toFixed(decimals) === b.toFixed(decimals);

/**
 * What facts.json itself determines, checked without the store: a study arm's n, mean and sd (facts `study.arm.ARM.*`,
 * and the n and sd a mean carries) from its per-seed values (`study.run.ARM.seedK`). An edited mean that no longer
 * follows from the seeds beside it is an error even when the store cannot be reached.
 */
function checkDerived(paper: ParsedPaper, file: FactsFile): Finding[] {
  const findings: Finding[] = [];
  const seeds = new Map<string, number[]>();
  for (const f of file.facts) {
    const arm = /^study\.run\.(.+)\.seed\d+$/.exec(f.id)?.[1];
    if (arm !== undefined) seeds.set(arm, [...(seeds.get(arm) ?? []), f.value]);
  }
  const byId = new Map(file.facts.map((f) => [f.id, f]));
  const mismatch = (id: string, what: string, has: number, derived: number) => {
    const unit = paper.units.find((u) => unitLinks(paper, u).some((l) => l.id === id));
    findings.push({
      rule: 'fact-mismatch',
      severity: RULES['fact-mismatch'].severity,
      quote: unit?.text ?? `fact ${id}`,
      detail: `facts.json: fact ${id} says ${what} ${has}, its per-seed facts give ${derived}`,
      file: unit ? 'paper.md' : 'facts.json',
      ...(unit ? { line: unit.line, section: unit.section } : {}),
      token: id,
    });
  };
  for (const [arm, values] of seeds) {
    const n = values.length;
    const m = mean(values);
    const sd = n > 1 ? sampleSd(values) : 0;
    const meanFact = byId.get(`study.arm.${arm}.mean`);
    if (meanFact) {
      if (!same(meanFact.value, m, meanFact.decimals)) mismatch(meanFact.id, 'a mean of', meanFact.value, m);
      if (meanFact.n !== undefined && meanFact.n !== n) mismatch(meanFact.id, 'an n of', meanFact.n, n);
      if (meanFact.sd !== undefined && n > 1 && !same(meanFact.sd, sd, meanFact.decimals)) mismatch(meanFact.id, 'an sd of', meanFact.sd, sd);
    }
    const sdFact = byId.get(`study.arm.${arm}.sd`);
    if (sdFact && n > 1 && !same(sdFact.value, sd, sdFact.decimals)) mismatch(sdFact.id, 'an sd of', sdFact.value, sd);
    const nFact = byId.get(`study.arm.${arm}.n`);
    if (nFact && nFact.value !== n) mismatch(nFact.id, 'an n of', nFact.value, n);
  }
  return findings;
}

// ---- paper.pdf ----

function checkPdf(dir: string, facts: FactsFile, mdFindings: readonly Finding[], notes: string[]): { findings: Finding[]; read: boolean | null } {
  const pdf = join(dir, 'paper.pdf');
  if (!existsSync(pdf)) return { findings: [], read: null };
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) {
    notes.push('paper.pdf: not read (pdftotext is not on PATH; install poppler-utils)');
    return { findings: [], read: false };
  }
  if (r.status !== 0) {
    notes.push(`paper.pdf: pdftotext failed: ${r.stderr.trim().split('\n')[0] ?? `exit ${r.status}`}`);
    return { findings: [], read: false };
  }
  const seen = new Set(mdFindings.map((f) => `${f.rule} ${f.token}`));
  const findings = checkPdfNumbers(pdfUnits(r.stdout), facts.facts).filter((f) => !seen.has(`${f.rule} ${f.token}`));
  notes.push(`paper.pdf: numbers checked in the text pdftotext extracts${findings.length ? `: ${findings.length} finding(s)` : ''}`);
  return { findings, read: true };
}

// ---- the form ----

const FABRICATION: RuleId[] = ['invented-number', 'wrong-precision', 'unknown-fact', 'unsupported-claim', 'fact-mismatch'];
const SOUNDNESS: RuleId[] = [...FABRICATION, 'stale-figure', 'method-never-ran', 'missing-n', 'missing-spread'];
const PRESENTATION: RuleId[] = ['placeholder', 'unknown-citation', 'missing-figure', 'missing-section'];

export interface FormContext {
  paper: ParsedPaper;
  facts: FactsFile;
  /** Whether paper.pdf was read (null: there is none) and the facts were checked against the store. */
  pdfRead: boolean | null;
  verified: boolean;
  /** Why the facts' values could not be checked against their store (not set when the check was skipped on purpose). */
  unverified?: string;
  figures: number;
  citations: number;
}

const clip = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const QUESTIONS: Record<RuleId, (f: Finding) => string> = {
  'invented-number': (f) => `Where does ${f.token} come from in "${clip(f.quote, 90)}"? No fact renders it.`,
  'wrong-precision': (f) => `Why is ${f.token} printed at another precision than its fact (${f.detail})?`,
  'unknown-fact': (f) => `Which fact does #fact-${f.token} in "${clip(f.quote, 90)}" mean?`,
  'unsupported-claim': (f) => `Which pre-registered comparison supports "${clip(f.quote, 90)}"?`,
  'stale-figure': (f) => `Were the data of ${f.token} changed after the facts were derived?`,
  'missing-figure': (f) => `Where is ${f.token}?`,
  'unknown-citation': (f) => `What is the reference @${f.token}?`,
  'method-never-ran': (f) => `Did ${f.token} run? The records do not show it.`,
  'missing-n': (f) => `How many runs is ${f.token} the mean of?`,
  'missing-spread': (f) => `What is the spread of ${f.token}?`,
  placeholder: (f) => `What belongs where "${f.token}" stands in "${clip(f.quote, 90)}"?`,
  'what-did-not-work': () => 'What did not work?',
  'missing-section': (f) => `${f.detail[0].toUpperCase()}${f.detail.slice(1)}: is it meant to be?`,
  'fact-mismatch': (f) => `Why does ${f.token ? `fact ${f.token}` : 'a fact'} differ from the store (${f.detail})?`,
};

/** The NeurIPS-style form from the findings, by the mapping in this file's header. */
export function formFromFindings(findings: readonly Finding[], ctx: FormContext): ReviewForm {
  const errors = findings.filter((f) => f.severity === 'error');
  const rules = new Set(findings.map((f) => f.rule));
  const errorRules = new Set(errors.map((f) => f.rule));
  const fabricated = errors.filter((f) => FABRICATION.includes(f.rule));

  let soundness = 4;
  if (SOUNDNESS.some((r) => errorRules.has(r))) soundness = 3;
  if (fabricated.length) soundness = 2;
  if (fabricated.length >= 3 || errorRules.has('fact-mismatch')) soundness = 1;

  const presentation = Math.max(1, 4 - PRESENTATION.filter((r) => rules.has(r)).reduce((s, r) => s + (r === 'placeholder' ? 2 : 1), 0));

  const byId = new Map(ctx.facts.facts.map((f) => [f.id, f]));
  const linksBetter = ctx.paper.links.some((l) => byId.get(l.id)?.verdict === 'better');
  const contribution = 2 + (linksBetter ? 1 : 0) + (rules.has('what-did-not-work') ? 0 : 1);

  let overall = soundness + presentation + contribution - 2;
  if (errors.length) overall = Math.min(overall, 4);
  if (fabricated.length) overall = Math.min(overall, 3);
  if (soundness === 1) overall = Math.min(overall, 2);
  overall = Math.max(1, overall);

  const confidence = Math.max(3, 5 - (ctx.pdfRead === false ? 1 : 0) - (ctx.verified ? 0 : 1));
  const decision = errors.length === 0 && !ctx.unverified && overall >= 6 ? 'accept' : 'reject';

  const none = (...r: RuleId[]) => !r.some((x) => rules.has(x));
  const claims = claimUnits(ctx.paper).length;
  const strengths: string[] = [];
  if (none('invented-number', 'wrong-precision', 'unknown-fact'))
    strengths.push(`Every number in the text is a fact printed at its precision (${ctx.paper.links.length} fact links).`);
  if (claims && none('unsupported-claim')) strengths.push('Every comparative claim rests on a comparison whose verdict is better, or says "within noise".');
  if (ctx.figures && none('stale-figure', 'missing-figure')) strengths.push(`The figure data match the hashes in facts.json (${ctx.figures} file(s)).`);
  if (ctx.citations && none('unknown-citation')) strengths.push(`All ${ctx.citations} citation(s) resolve in the bibliography.`);
  if (none('method-never-ran')) strengths.push('Methods names only operators, models and settings the runs used.');
  if (ctx.facts.facts.some((f) => f.n !== undefined) && none('missing-n', 'missing-spread')) strengths.push('Every mean states its n and spread.');
  if (none('what-did-not-work')) strengths.push('The paper reports what did not work.');
  if (ctx.verified && none('fact-mismatch')) strengths.push("The facts' values match the store's record.");

  const weaknesses: string[] = [];
  for (const rule of Object.keys(RULES) as RuleId[]) {
    const of = findings.filter((f) => f.rule === rule);
    if (!of.length) continue;
    const first = of[0];
    weaknesses.push(`${RULES[rule].what} (${rule}, ${of.length}): ${first.detail}${first.quote ? ` — "${clip(first.quote)}"` : ''}`);
  }
  if (ctx.unverified) weaknesses.push(`The facts' values could not be checked against the store (${ctx.unverified}).`);
  const questions = findings.slice(0, 10).map((f) => QUESTIONS[f.rule](f));
  if (ctx.unverified) questions.push('Where is the store these facts come from? Their values could not be checked against it.');
  return { soundness, presentation, contribution, overall, confidence, decision, strengths, weaknesses, questions };
}

// ---- the review ----

export interface ReviewOptions {
  /** Other BibTeX files to resolve citations with (besides the shipped one and DIR/*.bib). */
  bib?: string[];
  /** Models for the advisory ensemble (none: rule checks only). */
  models?: ChatModel[];
  /** Overrides the lookup of `verifyPaper` (null: skip the store check). For tests. */
  verify?: VerifyPaper | null;
  /** The store to check the facts' values against, where it is not the one facts.json names (relative to the cwd). */
  store?: string;
  /** Write review.json into DIR (default true). */
  write?: boolean;
}

export interface Review {
  kind: 'kaizen.review';
  version: 1;
  dir: string;
  subject: FactsFile['subject'] | null;
  findings: Finding[];
  counts: { error: number; warning: number; byRule: Partial<Record<RuleId, number>> };
  /** What was and was not checked (the PDF, the store), and why. */
  notes: string[];
  /** Why the facts' values could not be checked against their store; the decision is then not accept. */
  unverified?: string;
  form: ReviewForm;
  models?: ModelEnsemble;
}

/** Reviews the paper folder DIR: the rule checks, the form, the advisory model reviews; writes DIR/review.json. */
export async function reviewPaper(dir: string, opts: ReviewOptions = {}): Promise<Review> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new KaizenError(`${dir}: no such folder`);
  const mdFile = join(root, 'paper.md');
  if (!existsSync(mdFile)) throw new KaizenError(`${mdFile}: no paper.md here (is ${dir} a folder written by \`kaizen paper\`?)`);
  const source = readFileSync(mdFile, 'utf8');
  const facts = readFacts(root);
  const paper = parsePaper(source);
  const bib = bibliography(root, opts.bib ?? []);
  const disk = figureFiles(root);
  const notes: string[] = [];
  if (!bib.files.length) notes.push('citations: no bibliography found (templates/bib/kaizen.bib, DIR/*.bib or --bib)');

  const md = [
    ...checkSections(paper),
    ...checkNumbers(paper, facts.facts),
    ...checkClaims(paper, facts.facts),
    ...checkFigures(paper, facts, disk),
    ...checkCitations(
      paper,
      bib.keys,
      bib.files.map((f) => basename(f)),
    ),
    ...checkMethods(paper, facts.used),
    ...checkMeans(paper, facts.facts),
    ...checkPlaceholders(paper),
    ...checkDerived(paper, facts),
  ];
  const pdf = checkPdf(root, facts, md, notes);
  const store = await checkStore(root, paper, facts, opts.verify, notes, opts.store);
  const order = (f: Finding) => (f.file === 'paper.md' ? (f.line ?? 0) : Number.MAX_SAFE_INTEGER);
  const findings = [...md, ...pdf.findings, ...store.findings]
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order(a.f) - order(b.f) || a.i - b.i)
    .map(({ f }) => f);

  const byRule: Partial<Record<RuleId, number>> = {};
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  const form = formFromFindings(findings, {
    paper,
    facts,
    pdfRead: pdf.read,
    verified: store.verified,
    ...(store.unverified ? { unverified: store.unverified } : {}),
    figures: disk.csv.size,
    citations: paper.citations.length,
  });
  const review: Review = {
    kind: 'kaizen.review',
    version: 1,
    dir: root,
    subject: facts.subject ?? null,
    findings,
    counts: { error: findings.filter((f) => f.severity === 'error').length, warning: findings.filter((f) => f.severity === 'warning').length, byRule },
    notes,
    ...(store.unverified ? { unverified: store.unverified } : {}),
    form,
  };
  if (opts.models?.length) {
    review.models = await modelReviews(opts.models, source, facts, findings);
  }
  if (opts.write !== false) writeFileSync(join(root, 'review.json'), `${JSON.stringify(review, null, 2)}\n`);
  return review;
}

const usd = (x: number) => `$${x < 0.01 && x > 0 ? x.toPrecision(2) : x.toFixed(2)}`;

/** The review as text: findings with their quotes, notes, the form, and the advisory model reviews. */
export function formatReview(r: Review): string {
  const out: string[] = [];
  const subject = r.subject ? ` (${r.subject.kind} ${r.subject.id})` : '';
  out.push(`review of ${r.dir}${subject}: ${r.counts.error} error(s), ${r.counts.warning} warning(s)`);
  for (const f of r.findings) {
    const where = `${f.file}${f.line ? `:${f.line}` : ''}${f.section ? ` (${f.section})` : ''}`;
    out.push(`  ${f.severity.padEnd(7)} ${f.rule.padEnd(17)} ${where}: ${f.detail}`);
    if (f.quote) out.push(`          "${f.quote.replace(/\s*\n\s*/g, ' ')}"`);
  }
  if (r.unverified)
    out.push(`  warning: the facts' values were not checked against the store (${r.unverified}), so the paper is not accepted: give it with --store PATH`);
  for (const n of r.notes) out.push(`  note: ${n}`);
  const f = r.form;
  out.push('', 'form (derived from the findings):');
  out.push(
    `  soundness ${f.soundness}/4, presentation ${f.presentation}/4, contribution ${f.contribution}/4, overall ${f.overall}/10, confidence ${f.confidence}/5`,
  );
  out.push(`  decision: ${f.decision}`);
  for (const [name, items] of [
    ['strengths', f.strengths],
    ['weaknesses', f.weaknesses],
    ['questions', f.questions],
  ] as const) {
    if (!items.length) continue;
    out.push(`  ${name}:`);
    for (const s of items) out.push(`    - ${s}`);
  }
  if (r.models) {
    const m = r.models;
    out.push('', `advisory model reviews: ${m.answered}/${m.reviews.length} answered, cost ${usd(m.cost)}${m.priced ? '' : ' (some calls unpriced)'}`);
    if (m.mean) {
      const s = m.mean;
      const x = (v: number) => v.toFixed(2);
      out.push(
        `  mean: soundness ${x(s.soundness)}, presentation ${x(s.presentation)}, contribution ${x(s.contribution)}, overall ${x(s.overall)}, confidence ${x(s.confidence)}; decision ${m.decision} (${m.votes.accept} accept, ${m.votes.reject} reject)`,
      );
    }
    for (const v of m.reviews) {
      out.push(
        v.form
          ? `  ${v.model}: overall ${v.form.overall}/10, ${v.form.decision}${v.attempts > 1 ? ' (after a retry)' : ''}, ${usd(v.cost)}`
          : `  ${v.model}: failed after ${v.attempts} call(s): ${v.error}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
