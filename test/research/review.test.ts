// `kaizen review`: the rule checks on a clean hand-written paper folder (zero findings) and on twenty planted defects,
// each a small edit of it, caught by the expected rule with the offending sentence quoted; the number tokenizer; the
// form's mapping; the PDF path; the store check's adapter; the CLI action; and the advisory model ensemble over the
// local protocol server (form parsing, a malformed reply retried, a failed model, averaging, cost from token counts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerReview } from '../../src/cli/commands.ts';
import { reviewAction } from '../../src/cli/review.ts';
import { createChatModel } from '../../src/models/client.ts';
import { modelReviews, parseReviewForm } from '../../src/research/review-models.ts';
import { checkMethods } from '../../src/research/review-rules.ts';
import { numberTokens, parsePaper } from '../../src/research/review-text.ts';
import { type Finding, loadVerifyPaper, type Review, reviewPaper } from '../../src/research/review.ts';
import type { FactsFile } from '../../src/research/types.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmServer, startLlmServer } from '../support/llm-server.ts';
import { tempDir } from '../support/tmp.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const CLEAN = join(FIXTURES, 'clean');
const BIB = join(FIXTURES, 'test.bib');

/** A copy of the clean paper folder. */
function copyClean(): string {
  const dir = tempDir('kaizen-review-');
  cpSync(CLEAN, dir, { recursive: true });
  return dir;
}

/** Replaces `from` (which must occur exactly once) by `to` in DIR/file. */
function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`${file}: "${from}" must occur exactly once`);
  writeFileSync(path, text.slice(0, at) + to + text.slice(at + from.length));
}

const review = (dir: string, opts: Parameters<typeof reviewPaper>[1] = {}) => reviewPaper(dir, { bib: [BIB], verify: null, ...opts });
const summary = (fs: readonly Finding[]) => fs.map((f) => `${f.rule}: ${f.detail} — ${JSON.stringify(f.quote)}`);

describe('the clean paper', () => {
  it('has zero findings, is accepted, and review.json is written into the folder', async () => {
    const dir = copyClean();
    const r = await review(dir);
    expect(summary(r.findings)).toEqual([]);
    expect(r.form).toMatchObject({ soundness: 4, presentation: 4, contribution: 4, overall: 10, decision: 'accept' });
    // The store was not checked (no verifyPaper here): one point less confidence, and a note saying so.
    expect(r.form.confidence).toBe(4);
    expect(r.notes.join('\n')).toMatch(/fact values: not checked/);
    expect(r.form.strengths.length).toBeGreaterThanOrEqual(7);
    const written = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8')) as Review;
    expect(written).toEqual(JSON.parse(JSON.stringify(r)));
  });

  it('reads fact links, citations and sections as intended', () => {
    const p = parsePaper(readFileSync(join(CLEAN, 'paper.md'), 'utf8'));
    expect(p.title).toBe('Does an LLM operator help circle packing? A pre-registered study');
    expect(p.sections.map((s) => s.key)).toEqual(['abstract', 'introduction', 'methods', 'results', 'whatDidNotWork', 'references', 'facts']);
    expect(p.citations.map((c) => c.key)).toEqual(['funsearch2023', 'alphaevolve2025', 'kaizen', 'openevolve2025', 'kaizen']);
    expect(p.links.length).toBe(18);
    expect(p.units.filter((u) => u.kind === 'row').map((u) => u.table?.header)).toEqual(Array(4).fill(['arm', 'mean best score', 'sd', 'n']));
  });
});

describe('a paper in the shape `kaizen paper` writes', () => {
  const WRITER = join(FIXTURES, 'writer-style');
  const copyWriter = () => {
    const dir = tempDir('kaizen-review-');
    cpSync(WRITER, dir, { recursive: true });
    return dir;
  };

  it('has zero findings: its citation links, code spans, event positions, run-in headings, column layouts and appendices are read as meant', async () => {
    const dir = copyWriter();
    const r = await reviewPaper(dir, { verify: null });
    expect(summary(r.findings)).toEqual([]);
    const p = parsePaper(readFileSync(join(dir, 'paper.md'), 'utf8'));
    expect(p.citations.map((c) => c.key)).toEqual(['romera-paredes2024funsearch', 'novikov2025alphaevolve', 'lange2025shinkaevolve', 'sharma2025openevolve']);
    expect(p.sections.map((s) => s.key)).toEqual(['abstract', 'introduction', 'methods', 'results', 'whatDidNotWork', 'references', 'facts']);
  });

  it('still catches what its conventions do not excuse', async () => {
    const cases: [string, string, Finding['rule'], string][] = [
      // A difference (a fact with n and sd) printed without its n.
      [' over [4](#fact-study.arm.four-islands.pairs) pairs, **within noise**.', ', **within noise**.', 'missing-n', '0.0124'],
      // A hypothesis without its run-in heading is a claim.
      ['**Hypothesis.** Four islands', 'Four islands', 'unsupported-claim', 'improve'],
      // A citation link to a key no bibliography holds.
      ['[Sharma, 2025](#ref-sharma2025openevolve)', '[Sharma, 2025](#ref-sharma2025evolve)', 'unknown-citation', 'sharma2025evolve'],
      // A number in running text (not in a code span) that no fact renders.
      ['recorded as event #1 of', 'recorded as event 17 of', 'invented-number', '17'],
    ];
    for (const [from, to, rule, token] of cases) {
      const dir = copyWriter();
      edit(dir, 'paper.md', from, to);
      const r = await reviewPaper(dir, { verify: null });
      expect(
        r.findings.map((f) => [f.rule, f.token]),
        rule,
      ).toEqual([[rule, token]]);
    }
  });
});

interface Defect {
  name: string;
  /** The edit: in paper.md unless `file` says otherwise; or a function. */
  from?: string;
  to?: string;
  file?: string;
  apply?: (dir: string) => void;
  rule: Finding['rule'];
  quote: string;
  token?: string;
}

const DEFECTS: Defect[] = [
  {
    name: 'an invented number',
    from: 'Each arm ran [8](#fact-seeds) seeds of',
    to: 'Each arm ran 12 seeds of',
    rule: 'invented-number',
    quote: 'Each arm ran 12 seeds of [200](#fact-samples) samples, one run per seed, with `weighted` selection over [2](#fact-islands) islands.',
    token: '12',
  },
  {
    name: 'a number at the wrong precision',
    from: 'score of [1.5912](#fact-mean-control)',
    to: 'score of [1.591](#fact-mean-control)',
    rule: 'wrong-precision',
    quote: 'The control reached a mean best score of [1.591](#fact-mean-control) ± 0.0123 (n = 8).',
    token: '1.591',
  },
  {
    name: 'an unsupported "outperforms"',
    from: 'Without `ast` the mean was',
    to: 'The control outperforms the arm without `ast`, whose mean was',
    rule: 'unsupported-claim',
    quote: 'The control outperforms the arm without `ast`, whose mean was [1.5634](#fact-mean-noast) ± 0.0210 (n = 8).',
    token: 'outperforms',
  },
  {
    name: '"significantly improves" resting on a within-noise fact',
    from: 'did not improve the best score: the paired difference was [-0.0279](#fact-diff-noast) ± 0.0301 (sd, n = 8), within noise.',
    to: 'significantly improves the best score: the paired difference was [-0.0279](#fact-diff-noast) ± 0.0301 (sd, n = 8).',
    rule: 'unsupported-claim',
    quote: 'Removing the `ast` operator significantly improves the best score: the paired difference was [-0.0279](#fact-diff-noast) ± 0.0301 (sd, n = 8).',
    token: 'significantly',
  },
  {
    name: 'a stale figure (its CSV edited)',
    file: 'figures/best-score.csv',
    from: 'control,0,',
    to: 'control,0,1.7',
    rule: 'stale-figure',
    quote: 'Per-seed values are in [figures/best-score.csv](figures/best-score.csv), and Figure 1 plots the best score against samples.',
    token: 'figures/best-score.csv',
  },
  {
    name: 'a figure referenced but missing',
    apply: (dir) => rmSync(join(dir, 'figures', 'curve.svg')),
    rule: 'missing-figure',
    quote: '![Figure 1: best score against samples, mean of 8 seeds per arm](figures/curve.svg)',
    token: 'figures/curve.svg',
  },
  {
    name: 'an unknown citation',
    from: '[@kaizen], so',
    to: '[@kaizen; @smith2099], so',
    rule: 'unknown-citation',
    quote: 'Kaizen records every proposal of such a search in a signed ledger [@kaizen; @smith2099], so a paper about it can print only what the record holds.',
    token: 'smith2099',
  },
  {
    name: 'a method that never ran (an operator not in `used`)',
    from: 'the offline `numeric` and `ast` operators',
    to: 'the offline `numeric`, `ast` and `llm-cross` operators',
    rule: 'method-never-ran',
    quote:
      'The control used the offline `numeric`, `ast` and `llm-cross` operators; the LLM arm added `llm-diff`, with the model `openai:gpt-4o-mini`; the third arm dropped `ast`.',
    token: 'llm-cross',
  },
  {
    name: 'a model not in `used`',
    from: '`openai:gpt-4o-mini`',
    to: '`anthropic:claude-haiku-4-5`',
    rule: 'method-never-ran',
    quote:
      'The control used the offline `numeric` and `ast` operators; the LLM arm added `llm-diff`, with the model `anthropic:claude-haiku-4-5`; the third arm dropped `ast`.',
    token: 'anthropic:claude-haiku-4-5',
  },
  {
    name: 'a missing n',
    from: '[1.5912](#fact-mean-control) ± 0.0123 (n = 8).',
    to: '[1.5912](#fact-mean-control) ± 0.0123.',
    rule: 'missing-n',
    quote: 'The control reached a mean best score of [1.5912](#fact-mean-control) ± 0.0123.',
    token: '1.5912',
  },
  {
    name: 'a missing spread',
    from: '[1.5912](#fact-mean-control) ± 0.0123 (n = 8).',
    to: '[1.5912](#fact-mean-control) (n = 8).',
    rule: 'missing-spread',
    quote: 'The control reached a mean best score of [1.5912](#fact-mean-control) (n = 8).',
    token: '1.5912',
  },
  {
    name: 'placeholder TODO',
    from: 'within noise otherwise [@kaizen].',
    to: 'within noise otherwise [@kaizen]. TODO: state the budget in dollars.',
    rule: 'placeholder',
    quote: 'TODO: state the budget in dollars.',
    token: 'TODO',
  },
  {
    name: '"lorem ipsum"',
    from: 'known for this size.',
    to: 'known for this size. Lorem ipsum dolor sit amet.',
    rule: 'placeholder',
    quote: 'Lorem ipsum dolor sit amet.',
    token: 'lorem ipsum',
  },
  {
    name: '"??"',
    from: '± 0.0210 (n = 8).',
    to: '± 0.0210 (n = 8). The hidden-case score was ?? on average.',
    rule: 'placeholder',
    quote: 'The hidden-case score was ?? on average.',
    token: '??',
  },
  {
    name: 'an empty "What did not work"',
    apply: (dir) => {
      const path = join(dir, 'paper.md');
      writeFileSync(path, readFileSync(path, 'utf8').replace(/(## What did not work\n)[\s\S]*?(\n## References)/, '$1$2'));
    },
    rule: 'what-did-not-work',
    quote: '## What did not work',
  },
  {
    name: 'a missing "What did not work"',
    apply: (dir) => {
      const path = join(dir, 'paper.md');
      writeFileSync(path, readFileSync(path, 'utf8').replace(/## What did not work\n[\s\S]*?(## References)/, '$1'));
    },
    rule: 'what-did-not-work',
    quote: '',
  },
  {
    name: 'an invented number inside a table',
    from: '| 0.0187 |',
    to: '| 0.0198 |',
    rule: 'invented-number',
    quote: '| llm-diff | [1.6421](#fact-mean-llm) | 0.0198 | 8 |',
    token: '0.0198',
  },
  {
    name: 'a number in the abstract that no fact supports',
    from: 'cost [$0.42](#fact-cost) in all.',
    to: 'cost [$0.42](#fact-cost) in all, 17% of the budget.',
    rule: 'invented-number',
    quote: 'The model calls cost [$0.42](#fact-cost) in all, 17% of the budget.',
    token: '17',
  },
  {
    name: '"beats" without a comparison link',
    from: 'beats the control by [0.0508](#fact-diff-llm) (n = 8, sd 0.0229), a difference above the pre-registered threshold.',
    to: 'beats the control.',
    rule: 'unsupported-claim',
    quote: 'With `llm-diff` the mean rose to [1.6421](#fact-mean-llm) ± 0.0187 (n = 8): the LLM arm beats the control.',
    token: 'beats',
  },
  {
    name: 'a fact link to an unknown fact id',
    from: 'rose to [1.6421](#fact-mean-llm)',
    to: 'rose to [1.6421](#fact-mean-lm)',
    rule: 'unknown-fact',
    quote:
      'With `llm-diff` the mean rose to [1.6421](#fact-mean-lm) ± 0.0187 (n = 8): the LLM arm beats the control by [0.0508](#fact-diff-llm) (n = 8, sd 0.0229), a difference above the pre-registered threshold.',
    token: 'mean-lm',
  },
];

describe('twenty planted defects', () => {
  it('are twenty', () => expect(DEFECTS.length).toBe(20));

  it.each(DEFECTS.map((d) => [d.name, d] as const))('%s: caught by its rule, the sentence quoted, and nothing else', async (_name, d) => {
    const dir = copyClean();
    if (d.apply) d.apply(dir);
    else edit(dir, d.file ?? 'paper.md', d.from!, d.to!);
    const r = await review(dir);
    const hit = r.findings.find((f) => f.rule === d.rule);
    expect(hit, summary(r.findings).join('\n')).toBeDefined();
    expect(hit!.quote).toBe(d.quote);
    if (d.token !== undefined) expect(hit!.token).toBe(d.token);
    expect(hit!.severity).toBe('error');
    // The edit causes no other finding.
    expect(summary(r.findings.filter((f) => f.rule !== d.rule))).toEqual([]);
    expect(r.form.decision).toBe('reject');
  });

  it('the form follows the documented mapping', async () => {
    // A fabrication (invented number): soundness 2, overall at most 3.
    const a = copyClean();
    edit(a, 'paper.md', 'Each arm ran [8](#fact-seeds) seeds of', 'Each arm ran 12 seeds of');
    expect((await review(a)).form).toMatchObject({ soundness: 2, presentation: 4, contribution: 4, overall: 3, decision: 'reject' });
    // Three fabrications: soundness 1, overall at most 2.
    edit(a, 'paper.md', 'score of [1.5912](#fact-mean-control)', 'score of [1.591](#fact-mean-control)');
    edit(a, 'paper.md', 'rose to [1.6421](#fact-mean-llm)', 'rose to [1.6421](#fact-mean-lm)');
    expect((await review(a)).form).toMatchObject({ soundness: 1, overall: 2, decision: 'reject' });
    // A missing n (soundness 3) and a placeholder (presentation 2): overall capped at 4 by the errors.
    const b = copyClean();
    edit(b, 'paper.md', '[1.5912](#fact-mean-control) ± 0.0123 (n = 8).', '[1.5912](#fact-mean-control) ± 0.0123. TODO: n.');
    const fb = (await review(b)).form;
    expect(fb).toMatchObject({ soundness: 3, presentation: 2, contribution: 4, overall: 4, decision: 'reject' });
    expect(fb.weaknesses.map((w) => w.split(' (')[0])).toEqual(['a mean without its n', 'placeholder text']);
    expect(fb.questions).toEqual(['How many runs is 1.5912 the mean of?', 'What belongs where "TODO" stands in "TODO: n."?']);
    // No "What did not work": contribution 3.
    const c = copyClean();
    DEFECTS.find((d) => d.name === 'a missing "What did not work"')!.apply!(c);
    expect((await review(c)).form.contribution).toBe(3);
  });
});

describe('the number tokenizer', () => {
  const values = (text: string) => numberTokens(text).map((t) => t.value);

  it('reads signs, decimals, thousands separators, ranges, units and percentages', () => {
    expect(values('a drop of -0.0279 and −0.5, +3 more')).toEqual(['-0.0279', '-0.5', '3']);
    expect(values('1,000 samples; seeds 0-7 and 0–7; 12.5% in 3.7s; 10k runs, 2D grid')).toEqual(['1000', '0', '7', '0', '7', '12.5', '3.7', '10', '2']);
    expect(numberTokens('1.2345 and 7').map((t) => t.decimals)).toEqual([4, 0]);
  });

  it('skips identifiers, ordinals and model names, and keeps scientific notation as one number no fact renders', () => {
    expect(values('gpt-4o, claude-sonnet-4-5, sha256, x86, run-3, v1.2, qwen2.5-coder, the 1st and 2nd')).toEqual([]);
    expect(numberTokens('1e-3').map((t) => [t.value, t.decimals])).toEqual([['1e-3', -1]]);
  });

  it('leaves out fact links, citations (and their years), section numbering, list markers, cross-references, URLs and model ids', () => {
    const md = [
      '# Title',
      '## 2.1 Methods',
      '1. First we ran [8](#fact-seeds) seeds [@smith2021; @doe2020, p. 33], as @lee2019 did.',
      '2) See Figure 3, Table 2 and Section 4.1 at https://example.org/v2/page?id=77.',
      '- The model `ollama:qwen2.5-coder:7b` ran; <!-- 99 hidden --> 5 remains.',
    ].join('\n');
    const p = parsePaper(md);
    expect(numberTokens(p.masked).map((t) => t.value)).toEqual(['5']);
    expect(p.citations.map((c) => c.key)).toEqual(['smith2021', 'doe2020', 'lee2019']);
    expect(p.links.map((l) => [l.id, l.text])).toEqual([['seeds', '8']]);
  });

  it('splits sentences at sentence ends, not at decimals or abbreviations', () => {
    const p = parsePaper('## Results\n\nThe mean was 1.5912, e.g. in Fig. 2 it rose. Next came 0.5! Then, ?? stays.\n');
    expect(p.units.filter((u) => u.kind === 'sentence').map((u) => u.text)).toEqual([
      'The mean was 1.5912, e.g. in Fig. 2 it rose.',
      'Next came 0.5!',
      'Then, ?? stays.',
    ]);
  });
});

describe('the Methods vocabulary', () => {
  const used: FactsFile['used'] = {
    operators: ['numeric', 'ast'],
    models: ['openai:gpt-4o-mini@http://127.0.0.1:9/v1'],
    settings: { 'selection.strategy': 'weighted,uniform', 'islands.count': 1, mapElites: false },
  };
  const never = (text: string) => checkMethods(parsePaper(`## Methods\n\n${text}\n`), used).map((f) => f.token);

  it('names selection strategies, islands, MAP-Elites and foreign methods that did not run, and accepts what did', () => {
    expect(never('We used `weighted` and uniform selection with the numeric operator and openai:gpt-4o-mini.')).toEqual([]);
    expect(never('We used hill-climb selection over two islands with migration.')).toEqual(['hill-climb selection', 'two islands', 'migration']);
    expect(never('Tournament selection and a MAP-Elites grid; the redcode and `llm-fix` operators.')).toEqual([
      'redcode',
      'llm-fix',
      'Tournament selection',
      'MAP-Elites',
    ]);
    // "numeric" as an English word is not the operator; "numeric" before "operator" is.
    expect(checkMethods(parsePaper('## Methods\n\nIt tunes numeric constants.\n'), { ...used, operators: [] })).toEqual([]);
    expect(checkMethods(parsePaper('## Methods\n\nThe numeric and ast operators.\n'), { ...used, operators: [] }).map((f) => f.token)).toEqual([
      'ast',
      'numeric',
    ]);
  });
});

describe('other sources of findings', () => {
  const hasTools = ['pdflatex', 'pdftotext'].every((t) => spawnSync(t, ['-v']).error === undefined);

  it.skipIf(!hasTools)("reads paper.pdf's text: a number only the PDF holds is invented; page and section numbers, dates and citations are not", async () => {
    const dir = copyClean();
    const tex = String.raw`\documentclass{article}
\title{A pre-registered study}\author{Kaizen}\date{December 5, 2025}
\begin{document}\maketitle
\section{Results}
The control reached a mean best score of 1.5912 $\pm$ 0.0123 ($n = 8$) [3]. The best run took 3.7 seconds (Smith et al., 2021).
\section{References}
Smith 2021, pages 12--19.
\end{document}
`;
    writeFileSync(join(dir, 'paper.tex'), tex);
    const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'paper.tex'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stdout).toBe(0);
    const rv = await review(dir);
    expect(summary(rv.findings)).toEqual([
      'invented-number: 3.7 is not the rendering of any fact (value, n or sd at the fact\'s decimals) — "The best run took 3.7 seconds (Smith et al., 2021)."',
    ]);
    expect(rv.findings[0].file).toBe('paper.pdf');
    expect(rv.notes.join('\n')).toMatch(/paper\.pdf: numbers checked/);
  });

  it('reports the problems verifyPaper finds as fact-mismatch, quoting where the fact is printed; skips an unreachable store', async () => {
    const dir = copyClean();
    // verifyPaper's answer: { ok, problems, warnings } (src/research/paper.ts).
    const verify = vi.fn(async () => ({
      ok: false,
      problems: ['fact mean-llm: the record gives 1.65012, facts.json says 1.64208', 'figure curve: figures/curve.csv was changed'],
      warnings: ['run study-circle-llm: 2 unsigned events'],
    }));
    // The store named by facts.json does not exist: not called.
    let r = await review(dir, { verify });
    expect(verify).not.toHaveBeenCalled();
    expect(r.notes.join('\n')).toMatch(/\.kaizen\/kaizen\.db is not reachable/);
    writeFileSync(join(dir, 'kaizen.db'), '');
    edit(dir, 'facts.json', '"store": ".kaizen/kaizen.db"', '"store": "kaizen.db"');
    r = await review(dir, { verify });
    expect(verify).toHaveBeenCalledWith(dir, { store: join(dir, 'kaizen.db') });
    expect(r.findings).toEqual([
      {
        rule: 'fact-mismatch',
        severity: 'error',
        quote: '| llm-diff | [1.6421](#fact-mean-llm) | 0.0187 | 8 |',
        detail: 'kaizen paper verify: fact mean-llm: the record gives 1.65012, facts.json says 1.64208',
        file: 'paper.md',
        line: 25,
        section: 'Results',
        token: 'mean-llm',
      },
      { rule: 'fact-mismatch', severity: 'error', quote: '', detail: 'kaizen paper verify: figure curve: figures/curve.csv was changed', file: 'facts.json' },
    ]);
    expect(r.notes).toContain('kaizen paper verify: run study-circle-llm: 2 unsigned events');
    expect(r.form).toMatchObject({ soundness: 1, confidence: 5, decision: 'reject' });
    // A clean verification: confidence 5, accepted.
    r = await review(dir, { verify: async () => ({ ok: true, problems: [], warnings: [] }) });
    expect(r.form).toMatchObject({ confidence: 5, decision: 'accept' });
    expect(r.notes.at(-1)).toMatch(/checked against the store kaizen\.db \(verifyPaper\): all equal/);
  });

  it('finds verifyPaper in src/research/paper.ts at run time', async () => {
    expect(typeof (await loadVerifyPaper())).toBe('function');
  });

  it('rejects a folder without paper.md or with a malformed facts.json', async () => {
    await expect(review(tempDir())).rejects.toThrow(/no paper\.md here/);
    const dir = copyClean();
    writeFileSync(join(dir, 'facts.json'), '{"facts": [{"id": "x"}]}');
    await expect(review(dir)).rejects.toThrow(/facts\.json: facts\.0\.value/);
  });
});

describe('the CLI action', () => {
  it('prints the review, writes review.json and sets exit code 1 on an error finding (0 when clean)', async () => {
    const { Command } = await import('commander');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const before = process.exitCode;
    try {
      const clean = copyClean();
      const program = new Command().exitOverride();
      registerReview(program);
      await program.parseAsync(['node', 'kaizen', 'review', clean, '--json', '--bib', BIB]);
      const printed = JSON.parse(String(write.mock.calls.at(-1)![0])) as Review;
      expect(printed.counts).toEqual({ error: 0, warning: 0, byRule: {} });
      expect(process.exitCode ?? 0).toBe(0);

      const bad = copyClean();
      edit(bad, 'paper.md', 'Each arm ran [8](#fact-seeds) seeds of', 'Each arm ran 12 seeds of');
      await reviewAction(bad, { bib: [BIB] });
      const text = write.mock.calls.map((c) => String(c[0])).join('');
      expect(text).toContain('invented-number');
      expect(text).toContain('"Each arm ran 12 seeds of [200](#fact-samples) samples');
      expect(text).toMatch(/soundness 2\/4, presentation 4\/4, contribution 4\/4, overall 3\/10, confidence 4\/5\n {2}decision: reject/);
      expect(process.exitCode).toBe(1);
      expect(existsSync(join(bad, 'review.json'))).toBe(true);
    } finally {
      write.mockRestore();
      process.exitCode = before;
    }
  });
});

describe('advisory model reviews over the local protocol server', () => {
  const form = (overall: number, decision: string, soundness = 3) => ({
    soundness,
    presentation: 3,
    contribution: 2,
    overall,
    confidence: 4,
    decision,
    strengths: ['numbers trace to facts'],
    weaknesses: ['one task only'],
    questions: ['does it hold on other tasks?'],
  });
  let server: LlmServer;
  const calls = new Map<string, number>();
  beforeAll(async () => {
    server = await startLlmServer({
      respond: (req) => {
        const n = (calls.get(req.model) ?? 0) + 1;
        calls.set(req.model, n);
        if (req.model === 'gpt-4o-mini') return `Here is my review:\n\`\`\`json\n${JSON.stringify(form(6, 'accept', 4))}\n\`\`\``;
        // The first reply is malformed (soundness out of range); the retry, told what was wrong, is fine.
        if (req.model === 'claude-haiku-4-5') {
          if (n === 1) return JSON.stringify(form(3, 'reject', 7));
          expect(req.messages.at(-1)!.content).toMatch(/could not be used \(soundness: .*\)/);
          return JSON.stringify(form(3, 'Reject'));
        }
        return 'I think the paper is fine.'; // never JSON
      },
    });
  });
  afterAll(() => server.close());

  const model = (id: string) => createChatModel(id, { env: llmEnv(server), retry: { maxAttempts: 1 } });

  it('parses forms, rejects malformed ones with the reason', () => {
    expect(parseReviewForm(`\`\`\`json\n${JSON.stringify(form(6, 'accept'))}\n\`\`\``)).toMatchObject({ ok: true, form: { overall: 6 } });
    expect(parseReviewForm(`Sure! ${JSON.stringify(form(6, 'ACCEPT'))} Hope this helps.`)).toMatchObject({ ok: true, form: { decision: 'accept' } });
    expect(parseReviewForm(JSON.stringify({ ...form(11, 'accept') }))).toMatchObject({ ok: false, error: expect.stringMatching(/^overall: /) });
    expect(parseReviewForm(JSON.stringify({ ...form(5, 'maybe') }))).toMatchObject({ ok: false, error: expect.stringMatching(/^decision: /) });
    expect(parseReviewForm('no json at all')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON/) });
  });

  it('averages two models (one after a retry), records a third that never answers in form as failed, and prices the tokens', async () => {
    calls.clear();
    const start = server.requests.length;
    const dir = copyClean();
    const r = await review(dir, { models: [model('openai:gpt-4o-mini'), model('anthropic:claude-haiku-4-5'), model('google:gemini-2.5-flash')] });
    const m = r.models!;
    expect(m.advisory).toBe(true);
    expect(m.reviews.map((v) => [v.model, v.ok, v.attempts])).toEqual([
      ['openai:gpt-4o-mini', true, 1],
      ['anthropic:claude-haiku-4-5', true, 2],
      ['google:gemini-2.5-flash', false, 2],
    ]);
    expect(m.reviews[2].error).toMatch(/^malformed reply: not JSON/);
    expect(m.answered).toBe(2);
    expect(m.mean).toEqual({ soundness: 3.5, presentation: 3, contribution: 2, overall: 4.5, confidence: 4 });
    expect(m.votes).toEqual({ accept: 1, reject: 1 });
    expect(m.decision).toBe('reject');
    // The rule checks decide: the clean paper is still accepted.
    expect(r.form.decision).toBe('accept');

    // Cost: the server's token counts, priced from the table (USD per million tokens: input, output).
    const price: Record<string, [number, number]> = { 'gpt-4o-mini': [0.15, 0.6], 'claude-haiku-4-5': [1, 5], 'gemini-2.5-flash': [0.3, 2.5] };
    const reqs = server.requests.slice(start);
    expect(reqs.map((q) => q.model).sort()).toEqual(['claude-haiku-4-5', 'claude-haiku-4-5', 'gemini-2.5-flash', 'gemini-2.5-flash', 'gpt-4o-mini']);
    const priced = (q: (typeof reqs)[number]) => (q.usage!.inputTokens * price[q.model][0] + q.usage!.outputTokens * price[q.model][1]) / 1e6;
    for (const v of m.reviews) {
      const mine = reqs.filter((q) => v.model.endsWith(`:${q.model}`));
      expect(v.cost).toBeCloseTo(
        mine.reduce((s, q) => s + priced(q), 0),
        12,
      );
      expect(v.usage.inputTokens).toBe(mine.reduce((s, q) => s + q.usage!.inputTokens, 0));
    }
    expect(m.cost).toBeCloseTo(
      reqs.reduce((s, q) => s + priced(q), 0),
      12,
    );
    expect(m.cost).toBeGreaterThan(0);
    // The models were shown the paper and the facts; review.json holds the ensemble.
    expect(reqs[0].body).toBeDefined();
    const written = JSON.parse(readFileSync(join(dir, 'review.json'), 'utf8')) as Review;
    expect(written.models?.answered).toBe(2);
  });

  it('records a model whose call fails as failed, without a retry', async () => {
    const broken = createChatModel('openai:gpt-4o-mini', { env: llmEnv(server, { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }), retry: { maxAttempts: 1 } });
    const e = await modelReviews([broken], 'paper', JSON.parse(readFileSync(join(CLEAN, 'facts.json'), 'utf8')), []);
    expect(e.reviews[0]).toMatchObject({ ok: false, attempts: 1, cost: 0 });
    expect(e.reviews[0].error).toMatch(/^the call failed/);
    expect(e.mean).toBeNull();
    expect(e.decision).toBe('reject');
  });
});
