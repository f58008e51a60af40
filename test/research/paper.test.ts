import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerPaper } from '../../src/cli/commands.ts';
import { evolve } from '../../src/engine/evolve.ts';
import { BibError, Bibliography, KAIZEN_BIB, loadBibliography, parseBibtex, plainText, references } from '../../src/research/bibliography.ts';
import { deriveFacts } from '../../src/research/facts.ts';
import { latexEscape } from '../../src/research/latex.ts';
import { formatFact, type MarkupContext, PaperError, parseMarkup, verifyPaper, writePaper } from '../../src/research/paper.ts';
import type { Fact, FactsFile } from '../../src/research/types.ts';
import { findBwrap, probeBwrap } from '../../src/sandbox/bwrap.ts';
import { which } from '../../src/sandbox/which.ts';
import { Store } from '../../src/store/store.ts';
import { sha256 } from '../../src/util/hash.ts';
import { copyRun, numberTask, scripted, smallRun } from '../ledger/support.ts';
import { tempDir } from '../support/tmp.ts';
import { type StudyFixture, syntheticStudy } from './paper-fixture.ts';

let run: { dir: string; db: string; runId: string };
let study: StudyFixture;
beforeAll(async () => {
  run = await smallRun(6);
  study = await syntheticStudy();
});

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const factsOf = (dir: string) => JSON.parse(read(dir, 'facts.json')) as FactsFile;
/** The body of a `## TITLE` section of a Markdown paper. */
const section = (md: string, title: string) => md.split(`## ${title}\n`)[1]?.split(/\n## /)[0]?.trim() ?? '';

/** Every `[TEXT](#fact-ID)` link: each names a fact of facts.json and prints it at its decimals. */
function expectFactLinks(md: string, facts: readonly Fact[]): number {
  const byId = new Map(facts.map((f) => [f.id, f]));
  let n = 0;
  for (const m of md.matchAll(/\[([^\]]*)\]\(#fact-([^)]+)\)/g)) {
    const fact = byId.get(m[2]!);
    expect(fact, `link to ${m[2]}`).toBeDefined();
    expect(m[1]).toBe(formatFact(fact!));
    n++;
  }
  return n;
}

describe('kaizen paper --run', () => {
  it('writes md, html, tex, facts.json, references.bib and the curve figure, every number a fact', async () => {
    const out = tempDir('kaizen-paper-');
    const result = await writePaper({ store: run.db, subject: { kind: 'run', id: run.runId }, out, pdf: false });
    expect(result.recorded).toBeNull(); // an evolution run's ledger is its search's: nothing is appended to it
    for (const name of ['paper.md', 'paper.html', 'paper.tex', 'facts.json', 'references.bib', 'figures/curve.csv', 'figures/curve.svg']) {
      expect(existsSync(join(out, name)), name).toBe(true);
    }
    const md = read(out, 'paper.md');
    const file = factsOf(out);
    expect(file.subject).toEqual({ kind: 'run', id: run.runId });
    expect(file.figures.curve).toBe(sha256(read(out, 'figures/curve.csv')));
    expect(md).not.toMatch(/\{\{|\}\}/);
    expect(expectFactLinks(md, file.facts)).toBeGreaterThan(20);
    for (const title of ['Abstract', 'Introduction', 'Methods', 'Results', 'What did not work', 'References', 'Facts']) expect(md).toContain(`## ${title}\n`);
    // Outside links, citations, code and the Facts list, no digit: numbers are printed only through facts.
    const prose = md
      .split('\n## References')[0]!
      .replace(/\[[^\]]*\]\(#fact-[^)]+\)/g, '')
      .replace(/\[@[^\]]+\]/g, '')
      .replace(/`[^`]*`/g, '')
      .replace(/!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)/g, '');
    expect(prose).not.toMatch(/\d/);
    expect(md).toContain('[@romera-paredes2024funsearch; @novikov2025alphaevolve]');
    // What did not work: the failures and the rejection of this run, each counted by a fact.
    const failed = section(md, 'What did not work');
    expect(failed).toMatch(/\[2\]\(#fact-run\.failing\)|failed with/);
    expect(failed).toContain('(#fact-run.failure.incorrect) evaluated programs failed with `incorrect`');
    expect(failed).toContain('(#fact-run.rejection.duplicate) proposals were rejected before they ran, for `duplicate`');
    expect(failed).not.toContain('None recorded');
    // Methods names what the record shows: the scripted operator, no model.
    expect(section(md, 'Methods')).toContain('`scripted`');
    expect(section(md, 'Methods')).toContain('No language model proposed an edit');
    // HTML: each number links to its fact's row, whose title names the event.
    const html = read(out, 'paper.html');
    const seed = file.facts.find((f) => f.id === 'run.seed-score')!;
    expect(html).toContain(
      `<a class="fact" href="#fact-run.seed-score" title="run ${run.runId}, event #${seed.source.seq}, sha256 ${seed.source.hash}">1.00000</a>`,
    );
    expect(html).toContain('<tr id="fact-run.seed-score">');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    // LaTeX: numbers link to the Facts list, citations author-year.
    const tex = read(out, 'paper.tex');
    expect(tex).toContain('\\hyperlink{fact:run.seed-score}{1.00000}');
    expect(tex).toContain('\\hypertarget{fact:run.seed-score}');
    expect(tex).toContain('\\hyperlink{cite.romera-paredes2024funsearch}{Romera-Paredes et al., 2024}');
    expect(tex).toContain('\\begin{thebibliography}');
    // The cited entries are kept beside the paper.
    expect(parseBibtex(read(out, 'references.bib'), 'references.bib').map((e) => e.key)).toContain('zhang2025dgm');
  });

  it('says "None recorded" in What did not work only when nothing failed, was rejected or stalled', async () => {
    const dir = numberTask(5);
    const clean = await evolve({
      task: dir,
      operators: [
        {
          operator: scripted([
            'export function run() { return 2; }',
            'export function run() { return 3; }',
            'export function run() { return 4; }',
            'export function run() { return 5; }',
          ]),
          weight: 1,
        },
      ],
    });
    const out = tempDir('kaizen-paper-');
    await writePaper({ store: clean.db, subject: { kind: 'run', id: clean.runId }, out, pdf: false });
    expect(section(read(out, 'paper.md'), 'What did not work')).toMatch(/^None recorded: /);
    expect((await verifyPaper(out)).problems).toEqual([]);
  });

  it('refuses a study run given as --run, and an unknown run', async () => {
    const out = tempDir('kaizen-paper-');
    await expect(writePaper({ store: study.db, subject: { kind: 'run', id: study.studyId }, out, pdf: false })).rejects.toThrow(
      /is a study: write its paper with --study/,
    );
    await expect(writePaper({ store: run.db, subject: { kind: 'run', id: 'run-nope' }, out, pdf: false })).rejects.toThrow(/run run-nope is not in the store/);
    await expect(writePaper({ store: join(tempDir(), 'none.db'), subject: { kind: 'run', id: 'x' }, out, pdf: false })).rejects.toThrow(/no run database here/);
  });
});

describe('kaizen paper --study', () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir('kaizen-paper-');
    await writePaper({ store: study.db, subject: { kind: 'study', id: study.studyId }, out, pdf: false });
  });

  it('tabulates each arm (mean ± sd, n) and its paired difference ± SE with the verdict, and the figures', () => {
    const md = read(out, 'paper.md');
    const file = factsOf(out);
    expect(md).not.toMatch(/\{\{|\}\}/);
    expectFactLinks(md, file.facts);
    expect(md).toContain('| arm | n | mean ± sd | difference from the control ± SE | verdict |');
    expect(md).toMatch(
      /\| `higher` \| \[3\]\(#fact-study\.arm\.higher\.n\) \| \[[\d.]+\]\(#fact-study\.arm\.higher\.mean\) ± \[[\d.]+\]\(#fact-study\.arm\.higher\.sd\) \| .* \| \*\*better\*\* \|/,
    );
    expect(md).toMatch(/\| `noisy` .* \| \*\*within noise\*\* \|/);
    expect(section(md, 'Abstract')).toMatch(/its mean was above the control's, \*\*better\*\* by the registered test/);
    expect(section(md, 'Abstract')).toMatch(
      /n = \[3\]\(#fact-study\.arm\.noisy\.pairs\) seeds\): its mean was within noise of the control's, \*\*within noise\*\*/,
    );
    expect(Object.keys(file.figures).sort()).toEqual(['curves', 'values']);
    for (const name of ['values', 'curves']) expect(file.figures[name]).toBe(sha256(read(out, `figures/${name}.csv`)));
    expect(read(out, 'figures/values.csv').split('\n')[0]).toBe('arm,seed,run,value');
  });

  it('lists the within-noise comparison and the arms’ failures under What did not work', () => {
    const failed = section(read(out, 'paper.md'), 'What did not work');
    expect(failed).toContain('- `noisy` against `control`:');
    expect(failed).toContain('cannot tell this arm from the control');
    expect(failed).not.toContain('- `higher` against');
    expect(failed).toMatch(/In the runs of `noisy`: \[6\]\(#fact-study\.arm\.noisy\.failing\) evaluated programs failed or were judged incorrect/);
    expect(section(read(out, 'paper.md'), 'Methods')).toContain('`islands.count` = [1](#fact-study.arm.higher.config.islands.count)');
  });

  it('records paper.written in the study run, naming the facts.json it wrote', async () => {
    const store = await Store.open(study.db);
    const last = (await store.ledgerEvents(study.studyId)).at(-1)!;
    await store.close();
    expect(last.type).toBe('paper.written');
    expect(JSON.parse(last.data_json)).toEqual({
      dir: out,
      factsSha256: sha256(read(out, 'facts.json')),
      facts: factsOf(out).facts.length,
      subject: { kind: 'study', id: study.studyId },
    });
  });

  it('passes kaizen paper verify, and a second paper of the same study has the same facts', async () => {
    const v = await verifyPaper(out);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.runs).toHaveLength(10);
    expect(v.rendered).toEqual(['paper.md', 'paper.html', 'paper.tex']);
    const again = tempDir('kaizen-paper-');
    await writePaper({ store: study.db, subject: { kind: 'study', id: study.studyId }, out: again, pdf: false });
    expect(factsOf(again).facts).toEqual(factsOf(out).facts);
    expect(read(again, 'paper.md')).toBe(read(out, 'paper.md'));
  });

  it('verify fails naming the fact after a one-byte change in the database', async () => {
    const copy = copyRun(study.db);
    const sqlite = new SQLite(copy.db);
    const best = sqlite
      .prepare("SELECT program_id FROM events WHERE run_id = ? AND type = 'champion.changed' ORDER BY id DESC LIMIT 1")
      .get(study.runs['noisy/2']!) as { program_id: number };
    const score = (sqlite.prepare('SELECT score FROM programs WHERE id = ?').get(best.program_id) as { score: number }).score;
    expect(score).toBe(3.25);
    sqlite.prepare('UPDATE programs SET score = 3.26 WHERE id = ?').run(best.program_id);
    sqlite.close();
    const v = await verifyPaper(out, { store: copy.db });
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => p.startsWith('fact study.run.noisy.seed2:') && /event #\d+/.test(p))).toBe(true);
    expect(v.problems.some((p) => /^program \d+: score differs from what event \d+ \(#\d+\) recorded/.test(p))).toBe(true);
  });

  it('verify fails after a figure CSV or the text is edited', async () => {
    const copy = tempDir('kaizen-paper-');
    cpSync(out, copy, { recursive: true });
    const csv = read(copy, 'figures/values.csv');
    writeFileSync(join(copy, 'figures/values.csv'), csv.replace('\n', '\n ')); // one byte more in the first row
    const md = read(copy, 'paper.md');
    writeFileSync(join(copy, 'paper.md'), md.replace('[3](#fact-study.arm.higher.n)', '[4](#fact-study.arm.higher.n)'));
    const v = await verifyPaper(copy);
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => p.startsWith('figure values: figures/values.csv was changed'))).toBe(true);
    expect(v.problems.some((p) => p.startsWith('paper.md: differs from its rendering from the facts at line'))).toBe(true);
    expect(v.problems.filter((p) => p.startsWith('fact '))).toEqual([]);
  });

  it('the CLI: kaizen paper writes the folder, kaizen paper verify exits 0, then 1 on a changed figure', async () => {
    const dir = tempDir('kaizen-paper-');
    const cli = async (...args: string[]) => {
      const program = new Command().exitOverride();
      registerPaper(program);
      process.exitCode = 0;
      await program.parseAsync(args, { from: 'user' });
      const code = process.exitCode;
      process.exitCode = 0;
      return code;
    };
    const stdout = process.stdout.write;
    const printed: string[] = [];
    process.stdout.write = ((chunk: string) => printed.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      expect(await cli('paper', '--run', run.runId, '--store', run.db, '--out', dir, '--no-pdf')).toBe(0);
      expect(await cli('paper', 'verify', dir)).toBe(0);
      writeFileSync(join(dir, 'figures/curve.csv'), `${read(dir, 'figures/curve.csv')}\n`);
      expect(await cli('paper', 'verify', dir)).toBe(1);
      await expect(cli('paper', '--out', dir)).rejects.toThrow(/needs one subject/);
    } finally {
      process.stdout.write = stdout;
    }
    expect(printed.join('')).toMatch(/paper written to .*: \d+ facts/);
    expect(printed.join('')).toMatch(/paper .*: ok: \d+ facts re-derived from the record, 1 runs' chains and signatures verified/);
  });
});

describe('the writer refuses what the record cannot back', () => {
  let ctx: MarkupContext;
  beforeAll(async () => {
    const store = await Store.open(run.db);
    const set = await deriveFacts(store, { kind: 'run', id: run.runId });
    await store.close();
    ctx = { facts: new Map(set.facts.map((f) => [f.id, f])), texts: { task: 'number' }, figures: new Map(), bib: loadBibliography(), where: 'test' };
  });

  it('renders known facts and citations', () => {
    const [p] = parseMarkup('The best was {{fact:run.best-score}} [@zhang2025dgm; @lu2024discopop].', ctx);
    expect(p).toMatchObject({ t: 'p' });
  });

  it('an unknown fact id is an error naming it', () => {
    expect(() => parseMarkup('We found {{fact:run.made-up}}.', ctx)).toThrow(PaperError);
    expect(() => parseMarkup('We found {{fact:run.made-up}}.', ctx)).toThrow('unknown fact id "run.made-up"');
  });

  it('an unknown citation key is an error naming it, in either syntax', () => {
    expect(() => parseMarkup('As shown [@nobody2099].', ctx)).toThrow('unknown citation key "nobody2099"');
    expect(() => parseMarkup('As shown \\cite{zhang2025dgm,nobody2099}.', ctx)).toThrow(BibError);
  });

  it('a number outside a fact reference, or a verdict word outside a verdict, is an error', () => {
    expect(() => parseMarkup('The best was 7.', ctx)).toThrow('a number written outside a fact reference');
    expect(() => parseMarkup('The search improves the score.', ctx)).toThrow('"improves" written outside a verdict reference');
    expect(() => parseMarkup('It did better.', ctx)).toThrow(/"better"/);
    expect(() => parseMarkup('It was {{verdict:run.best-score}}.', ctx)).toThrow('carries no verdict');
  });
});

describe('the bibliography', () => {
  it('ships the field, each entry with authors, title and year, cited by the templates', () => {
    const entries = parseBibtex(readFileSync(KAIZEN_BIB, 'utf8'), 'kaizen.bib');
    const keys = entries.map((e) => e.key);
    expect(keys).toEqual([
      'romera-paredes2024funsearch',
      'novikov2025alphaevolve',
      'lange2025shinkaevolve',
      'sharma2025openevolve',
      'zhang2025dgm',
      'lu2024aiscientist',
      'yamada2025aiscientistv2',
      'lu2024discopop',
      'imajuku2025alebench',
      'kumar2026drq',
    ]);
    for (const e of entries) {
      expect(e.fields.author, e.key).toBeTruthy();
      expect(e.fields.title, e.key).toBeTruthy();
      expect(e.fields.year, e.key).toMatch(/^20\d\d$/);
    }
    expect(entries.find((e) => e.key === 'zhang2025dgm')!.fields.title).toBe('Darwin Gödel Machine: Open-Ended Evolution of Self-Improving Agents');
    expect(entries.find((e) => e.key === 'novikov2025alphaevolve')!.fields.author).toContain('Vũ, Ngân');
    for (const template of ['run.md', 'study.md']) {
      const text = readFileSync(join(KAIZEN_BIB, '../../paper', template), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
      for (const m of text.matchAll(/@([\w-]+)/g)) expect(keys, `${template} cites ${m[1]}`).toContain(m[1]);
    }
  });

  it('tells works with the same author-year label apart', () => {
    const bib = loadBibliography();
    const refs = references(bib, ['lu2024aiscientist', 'lu2024discopop', 'zhang2025dgm']);
    expect(refs.map((r) => r.label)).toEqual(['Lu et al., 2024a', 'Lu et al., 2024b', 'Zhang et al., 2025']);
  });

  it("adds the user's entries, and names the file and line of a malformed one", () => {
    const file = join(tempDir(), 'mine.bib');
    writeFileSync(
      file,
      '@string{nips = "NeurIPS"}\n@inproceedings{me2025,\n  author = {Doe, Jane and van der Berg, Piet},\n  title = {A {GPU} study --- fast},\n  booktitle = nips # " 2025",\n  year = 2025\n}\n',
    );
    const bib = loadBibliography(file);
    expect(bib.get('me2025', 'test').fields).toMatchObject({ title: 'A GPU study — fast', booktitle: 'NeurIPS 2025', year: '2025' });
    expect(bib.get('zhang2025dgm', 'test').key).toBe('zhang2025dgm');
    expect(references(bib, ['me2025'])[0]!.label).toBe('Doe and van der Berg, 2025');
    expect(() => parseBibtex('@misc{a,\n  title = {x},\n}\n@misc{a, title = {y}}', 'dup.bib')).toThrow(
      'dup.bib:4: duplicate key "a" (first defined on line 1)',
    );
    expect(() => parseBibtex('@misc{b,\n  title = {unclosed\n', 'bad.bib')).toThrow(/^bad\.bib:2: unterminated value/);
    expect(() => parseBibtex('@misc{b,\n  title = {x}\n  year = 2020}', 'bad.bib')).toThrow('bad.bib:3: expected , or } in @misc{b}');
    expect(() => parseBibtex('@misc{c, month = smarch}', 'm.bib')).toThrow('unknown string macro "smarch"');
    expect(() => new Bibliography().get('x', 'p.md')).toThrow('p.md: unknown citation key "x"');
    expect(plainText('{\\"o}\\~{n} \\& 50\\% {\\o}')).toBe('öñ & 50% ø');
  });

  it('escapes text for LaTeX, keeping accents and mapping symbols', () => {
    expect(latexEscape('a_b & 50% #1 {x} ~ ^ \\ <> | "q" ± → Gödel 漢')).toBe(
      "a\\_b \\& 50\\% \\#1 \\{x\\} \\~{} \\^{} \\textbackslash{} \\textless{}\\textgreater{} \\textbar{} ``q'' $\\pm$ $\\to$ Gödel ?",
    );
  });
});

// pdflatex (Debian: texlive-latex-base) runs inside the bubblewrap sandbox; CI installs both.
const pdflatex = which('pdflatex');
const bwrapOk = probeBwrap(findBwrap()).bwrap !== null || process.env.KAIZEN_ALLOW_UNSANDBOXED === '1';
const pdfSkip = !pdflatex ? 'pdflatex is not on PATH' : !bwrapOk ? 'bubblewrap cannot run here' : !which('pdftotext') ? 'pdftotext is not on PATH' : null;

describe('paper.pdf', () => {
  it.skipIf(pdfSkip !== null)(`is built by pdflatex in the sandbox and shows the facts' numbers${pdfSkip ? ` (skipped: ${pdfSkip})` : ''}`, async () => {
    const out = tempDir('kaizen-paper-');
    const result = await writePaper({ store: study.db, subject: { kind: 'study', id: study.studyId }, out });
    expect(result.pdf.message).toMatch(/^paper\.pdf written/);
    const pdf = readFileSync(join(out, 'paper.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = spawnSync('pdftotext', ['-layout', join(out, 'paper.pdf'), '-'], { encoding: 'utf8' }).stdout;
    const facts = factsOf(out).facts;
    for (const id of ['study.arm.higher.mean', 'study.arm.higher.diff', 'study.arm.noisy.se', 'study.run.noisy.seed2', 'study.samples']) {
      expect(text, id).toContain(formatFact(facts.find((f) => f.id === id)!));
    }
    expect(text).toContain('What did not work');
    expect(text).toContain('(Zhang et al., 2025)');
    // Type 1 fonts only: nothing in the template needs a font that TeX would generate as a bitmap.
    if (which('pdffonts')) expect(spawnSync('pdffonts', [join(out, 'paper.pdf')], { encoding: 'utf8' }).stdout).not.toContain('Type 3');
    expect((await verifyPaper(out)).problems).toEqual([]);
  });

  it('is skipped with a message naming the Debian package when pdflatex is missing', async () => {
    const { compilePdf } = await import('../../src/research/latex.ts');
    const path = process.env.PATH;
    process.env.PATH = tempDir();
    try {
      const r = await compilePdf('\\documentclass{article}\\begin{document}x\\end{document}');
      expect(r).toEqual({ message: expect.stringMatching(/pdflatex is not on PATH \(Debian\/Ubuntu: apt-get install texlive-latex-base;/) });
    } finally {
      process.env.PATH = path;
    }
  });
});
