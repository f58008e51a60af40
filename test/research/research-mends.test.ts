// Defects an exploratory tester found in `kaizen paper`, `kaizen review`, `kaizen study` and `kaizen status`, each
// against a real store and real files.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerPaper } from '../../src/cli/commands.ts';
import { runStatus } from '../../src/cli/status.ts';
import { loadBibliography } from '../../src/research/bibliography.ts';
import { verifyPaper, writePaper } from '../../src/research/paper.ts';
import { formatReview, reviewPaper } from '../../src/research/review.ts';
import { writeTemplateStudy } from '../../src/research/templates.ts';
import type { StudyPlan } from '../../src/ledger/events.ts';
import { Store } from '../../src/store/store.ts';
import { numberTask, smallRun } from '../ledger/support.ts';
import { tempDir } from '../support/tmp.ts';
import { recordStudy, type StudyFixture, syntheticStudy } from './paper-fixture.ts';

let run: { dir: string; db: string; runId: string };
let study: StudyFixture;
beforeAll(async () => {
  run = await smallRun(6);
  study = await syntheticStudy();
});

const paperOf = (out: string, pdf = false) => writePaper({ store: run.db, subject: { kind: 'run', id: run.runId }, out, pdf });

describe('kaizen paper --out into a folder that is not empty', () => {
  it("rewrites an earlier paper's folder, removing the outputs this paper does not write (paper.pdf, review.json)", async () => {
    const out = tempDir('kaizen-paper-');
    await paperOf(out);
    writeFileSync(join(out, 'paper.pdf'), '%PDF-1.5 of another paper');
    writeFileSync(join(out, 'review.json'), '{"form":{"decision":"accept"}}');
    writeFileSync(join(out, 'figures', 'values.csv'), 'arm,seed\n');
    await paperOf(out);
    expect(existsSync(join(out, 'paper.pdf'))).toBe(false);
    expect(existsSync(join(out, 'review.json'))).toBe(false);
    expect(existsSync(join(out, 'figures', 'values.csv'))).toBe(false);
    expect(existsSync(join(out, 'paper.md'))).toBe(true);
  });

  it("refuses a folder holding a user's own paper.md, or any file kaizen paper did not write, and leaves it alone", async () => {
    const mine = tempDir('kaizen-paper-');
    writeFileSync(join(mine, 'paper.md'), '# my own draft\n');
    await expect(paperOf(mine)).rejects.toThrow(/is not empty and is not a paper `kaizen paper` wrote/);
    expect(readFileSync(join(mine, 'paper.md'), 'utf8')).toBe('# my own draft\n');
    const other = tempDir('kaizen-paper-');
    await paperOf(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    await expect(paperOf(other)).rejects.toThrow(/holds notes\.txt, which `kaizen paper` did not write/);
  });

  it('names the path in one line for an existing file, or a folder it cannot create', async () => {
    const file = join(tempDir('kaizen-paper-'), 'a-file');
    writeFileSync(file, 'x');
    await expect(paperOf(file)).rejects.toThrow(`--out ${file}: is a file, not a folder`);
    await expect(paperOf(join(file, 'sub'))).rejects.toThrow(`${file}: cannot create the folder: a file is in the way`);
    // Under procfs Node's recursive mkdir spun forever; the paper's folder is made one level at a time (ensureDir).
    await expect(paperOf('/proc/kaizen-no-such-folder')).rejects.toThrow('/proc/kaizen-no-such-folder: cannot create the folder');
  });

  it('refuses --out "" rather than writing into the current folder', async () => {
    const program = new Command().exitOverride();
    registerPaper(program);
    await expect(program.parseAsync(['paper', '--run', run.runId, '--store', run.db, '--out', '', '--no-pdf'], { from: 'user' })).rejects.toThrow(
      /--out needs a folder/,
    );
  });
});

describe('one line, not a stack trace', () => {
  it('kaizen study --template --out into a folder that does not exist yet makes it', async () => {
    const out = join(tempDir('kaizen-template-'), 'missing', 'a.json');
    await writeTemplateStudy('operators', numberTask(6), { seeds: 3, samples: 6, out });
    expect(JSON.parse(readFileSync(out, 'utf8')).arms).toHaveLength(3);
    const file = join(tempDir('kaizen-template-'), 'a-file');
    writeFileSync(file, 'x');
    await expect(writeTemplateStudy('operators', numberTask(6), { seeds: 3, samples: 6, out: join(file, 'a.json') })).rejects.toThrow(
      `--out ${join(file, 'a.json')}: cannot write the study file there`,
    );
  });

  it('kaizen status --run with a study id says it is not an evolution run of that store', async () => {
    const store = await Store.open(study.db);
    try {
      await expect(runStatus(store, study.studyId)).rejects.toThrow(`${study.studyId} is not an evolution run of that store (it is a study run)`);
    } finally {
      await store.close();
    }
  });
});

describe('kaizen review of a paper whose store it cannot reach', () => {
  let out: string;
  beforeAll(async () => {
    out = tempDir('kaizen-paper-');
    await writePaper({ store: study.db, subject: { kind: 'study', id: study.studyId }, out, pdf: false });
  });
  const edited = (change: (facts: { store?: string; facts: { id: string; value: number }[] }) => void) => {
    const dir = tempDir('kaizen-review-');
    cpSync(out, dir, { recursive: true });
    const facts = JSON.parse(readFileSync(join(dir, 'facts.json'), 'utf8'));
    change(facts);
    writeFileSync(join(dir, 'facts.json'), `${JSON.stringify(facts, null, 2)}\n`);
    return dir;
  };

  it('refuses a facts.json without its store, as kaizen paper verify does', async () => {
    const dir = edited((f) => delete f.store);
    await expect(verifyPaper(dir)).rejects.toThrow(/not a facts file/);
    await expect(reviewPaper(dir, { write: false })).rejects.toThrow(/facts\.json: not a facts file/);
  });

  it('withholds an accept when the store is not reachable, and checks against --store', async () => {
    const dir = edited((f) => (f.store = join(tempDir(), 'moved.db')));
    const r = await reviewPaper(dir, { write: false });
    expect(r.findings).toEqual([]);
    expect(r.unverified).toMatch(/moved\.db is not reachable/);
    expect(r.form.decision).toBe('reject');
    expect(formatReview(r)).toMatch(/warning: the facts' values were not checked against the store .* give it with --store PATH/);
    const checked = await reviewPaper(dir, { write: false, store: study.db });
    expect(checked.findings).toEqual([]);
    expect(checked.form.decision).toBe('accept');
  });

  it("is an error when an arm's mean does not follow from its per-seed facts, store or no store", async () => {
    const dir = edited((f) => {
      f.store = join(tempDir(), 'moved.db');
      f.facts.find((x) => x.id === 'study.arm.control.mean')!.value = 3.9;
    });
    const r = await reviewPaper(dir, { write: false });
    const mismatch = r.findings.filter((f) => f.rule === 'fact-mismatch');
    expect(mismatch.map((f) => f.detail)).toEqual(['facts.json: fact study.arm.control.mean says a mean of 3.9, its per-seed facts give 3.1']);
    expect(r.form.decision).toBe('reject');
  });
});

describe('a --bib file', () => {
  it("may not redefine one of Kaizen's keys", () => {
    const file = join(tempDir(), 'mine.bib');
    writeFileSync(file, '@misc{zhang2025dgm,\n  author = {Doe, Jane},\n  title = {Not the DGM},\n  year = 2020\n}\n');
    expect(() => loadBibliography(file)).toThrow(`${file}:1: duplicate key "zhang2025dgm" (already defined in templates/bib/kaizen.bib:`);
  });

  it('with an unterminated entry is refused by kaizen review as by kaizen paper', async () => {
    const file = join(tempDir(), 'bad.bib');
    writeFileSync(file, '@misc{b,\n  title = {unclosed\n');
    expect(() => loadBibliography(file)).toThrow(/bad\.bib:2: unterminated value/);
    const out = tempDir('kaizen-paper-');
    await paperOf(out);
    await expect(reviewPaper(out, { bib: [file], write: false })).rejects.toThrow(/bad\.bib:2: unterminated value/);
  });
});

/** Another study over the fixture's arm runs, with its own plan text. */
const restudy = (plan: StudyPlan) => recordStudy(study.db, study.dir, plan, study.runs);

describe('a study whose registered text holds numbers', () => {
  it('passes its own review: the quoted question and hypothesis are the registration, not claims of the paper', async () => {
    const id = await restudy({
      ...study.plan,
      name: 'numbers-in-text',
      question: 'Does 100% of numeric help? 3.5x gains were seen at 42 samples',
      hypothesis: 'The arm with 2 islands ends 0.25 higher than the control in 3 of 3 seeds.',
    });
    const out = tempDir('kaizen-paper-');
    await writePaper({ store: study.db, subject: { kind: 'study', id }, out, pdf: false });
    const r = await reviewPaper(out, { write: false });
    expect(r.findings.map((f) => `${f.rule}: ${f.token} in ${f.quote}`)).toEqual([]);
    expect(r.form.decision).toBe('accept');
    // A number of the paper's own outside the registered text is still caught.
    const md = readFileSync(join(out, 'paper.md'), 'utf8');
    writeFileSync(join(out, 'paper.md'), md.replace('## What did not work\n', '## What did not work\n\nWe ran 17 extra seeds.\n'));
    const edited = (await reviewPaper(out, { write: false })).findings;
    expect(edited.filter((f) => f.rule === 'invented-number').map((f) => f.token)).toEqual(['17']);
    expect(edited.some((f) => f.rule === 'fact-mismatch' && /paper\.md: differs from its rendering/.test(f.detail))).toBe(true);
  });
});

describe('kaizen paper --run of a run whose process was killed', () => {
  it('says it was interrupted at N of M samples and how to resume it, not that it is still running', async () => {
    const killed = await smallRun(6);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a pid no process holds any more
    const store = await Store.open(killed.db);
    await store.updateRun(killed.runId, { status: 'running', pid: dead });
    await store.close();
    await expect(writePaper({ store: killed.db, subject: { kind: 'run', id: killed.runId }, out: tempDir('kaizen-paper-'), pdf: false })).rejects.toThrow(
      `run ${killed.runId} was interrupted at 6 of 6 samples (its process is gone): resume it with \`kaizen run ${killed.dir}\``,
    );
  });
});
