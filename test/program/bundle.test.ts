import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProgramFolder } from '../../src/config/program-folder.ts';
import { evolveRegions, frozenChange } from '../../src/operators/evolve-blocks.ts';
import { applyRewrite } from '../../src/operators/llm/rewrite.ts';
import { applySearchReplace, parseSearchReplace } from '../../src/operators/llm/search-replace.ts';
import { PerFileOperator } from '../../src/operators/offline/per-file.ts';
import { NumericOperator } from '../../src/operators/offline/numeric.ts';
import { fileSpans, formatBundle, isBundle, parseBundle, pathProblem } from '../../src/program/bundle.ts';
import { Rng } from '../../src/util/rng.ts';
import { REPO, tempDir } from '../support/tmp.ts';

const program = formatBundle([
  { path: 'main.js', frozen: true, content: "import { f } from './a.js';\nexport const run = () => f();\n" },
  { path: 'a.js', frozen: false, content: '// EVOLVE-BLOCK-START\nexport const f = () => 1 + K;\n// EVOLVE-BLOCK-END\nimport { K } from "./lib/k.js";\n' },
  { path: 'lib/k.js', frozen: false, content: '// EVOLVE-BLOCK-START\nexport const K = 2;\n// EVOLVE-BLOCK-END\n' },
  { path: 'notes.js', frozen: false, content: 'export const unmarked = 3;\n' },
]);

describe('bundles: several files as one text', () => {
  it('round-trips files, paths and frozen flags', () => {
    expect(isBundle(program)).toBe(true);
    expect(isBundle('export const x = 1;\n')).toBe(false);
    const files = parseBundle(program);
    expect(files.map((f) => [f.path, f.frozen])).toEqual([
      ['main.js', true],
      ['a.js', false],
      ['lib/k.js', false],
      ['notes.js', false],
    ]);
    expect(formatBundle(files)).toBe(program);
    expect(program.startsWith('==> main.js (frozen) <==\n')).toBe(true);
  });

  it('refuses unsafe paths, duplicates, a file that is also a folder, and a content line that reads like a header', () => {
    for (const p of ['', '/abs.js', '../x.js', 'a//b.js', 'a/./b.js', 'a b.js']) expect(pathProblem(p)).not.toBeNull();
    expect(pathProblem('lib/data.js')).toBeNull();
    expect(() =>
      formatBundle([
        { path: 'a.js', frozen: false, content: '' },
        { path: 'a.js', frozen: false, content: '' },
      ]),
    ).toThrow(/twice/);
    expect(() =>
      formatBundle([
        { path: 'a', frozen: false, content: '' },
        { path: 'a/b.js', frozen: false, content: '' },
      ]),
    ).toThrow(/both a file and a folder/);
    expect(() => formatBundle([{ path: 'a.js', frozen: false, content: '==> evil.js <==\n' }])).toThrow(/reads like a file header/);
  });

  it('evolvable regions: the blocks of files that are not frozen; a marked program leaves unmarked files frozen', () => {
    const regions = evolveRegions(program);
    expect(regions.map((r) => program.slice(r.start, r.end))).toEqual(['export const f = () => 1 + K;\n', 'export const K = 2;\n']);
    // Without markers anywhere, every file not frozen is evolvable whole (headers excluded).
    const plain = formatBundle([
      { path: 'main.js', frozen: true, content: 'export * from "./b.js";\n' },
      { path: 'b.js', frozen: false, content: 'export const b = 1;\n' },
    ]);
    expect(evolveRegions(plain).map((r) => plain.slice(r.start, r.end))).toEqual(['export const b = 1;\n']);
    // Markers inside a frozen file do not make it evolvable.
    const frozenMarked = formatBundle([{ path: 'x.js', frozen: true, content: '// EVOLVE-BLOCK-START\nlet a = 1;\n// EVOLVE-BLOCK-END\n' }]);
    expect(evolveRegions(frozenMarked)).toEqual([]);
  });

  it('the frozen-code check refuses a child that renames, adds, drops or unfreezes a file', () => {
    const [main, a, k, notes] = parseBundle(program);
    const variants = [
      formatBundle([main, a, { ...k, path: 'lib/k2.js' }, notes]),
      formatBundle([main, a, k, notes, { path: 'new.js', frozen: false, content: '' }]),
      formatBundle([main, a, k]),
      formatBundle([{ ...main, frozen: false }, a, k, notes]),
    ];
    for (const child of variants) expect(frozenChange(program, child)?.reason).toBe('files');
    // An edit inside a block is fine; one in an unmarked file is not.
    expect(frozenChange(program, program.replace('K = 2', 'K = 3'))).toBeNull();
    expect(frozenChange(program, program.replace('unmarked = 3', 'unmarked = 4'))?.reason).toBe('outside-evolve-block');
  });
});

describe('SEARCH/REPLACE across files', () => {
  it('one reply edits two files; each block applies only inside the file it names', () => {
    const reply = [
      'CHANGE: start higher and add one.',
      'a.js',
      '```js',
      '<<<<<<< SEARCH',
      'export const f = () => 1 + K;',
      '=======',
      'export const f = () => 2 + K;',
      '>>>>>>> REPLACE',
      '```',
      '### lib/k.js',
      '<<<<<<< SEARCH',
      'export const K = 2;',
      '=======',
      'export const K = 5;',
      '>>>>>>> REPLACE',
    ].join('\n');
    const parsed = parseSearchReplace(reply);
    expect(parsed.blocks.map((b) => b.file)).toEqual(['a.js', 'lib/k.js']);
    const r = applySearchReplace(program, parsed.blocks);
    expect(r.failures).toEqual([]);
    const files = parseBundle(r.code);
    expect(files[1].content).toContain('2 + K');
    expect(files[2].content).toContain('K = 5');
    expect(frozenChange(program, r.code)).toBeNull();
  });

  it('a block naming a missing file or a frozen file is reported with the files that exist', () => {
    const blocks = parseSearchReplace(
      [
        '<<<<<<< SEARCH nope.js',
        'export const K = 2;',
        '=======',
        'export const K = 9;',
        '>>>>>>> REPLACE',
        'main.js',
        '<<<<<<< SEARCH',
        'export const run = () => f();',
        '=======',
        'export const run = () => 42;',
        '>>>>>>> REPLACE',
        'notes.js',
        '<<<<<<< SEARCH',
        'export const unmarked = 3;',
        '=======',
        'export const unmarked = 4;',
        '>>>>>>> REPLACE',
      ].join('\n'),
    ).blocks;
    const r = applySearchReplace(program, blocks);
    expect(r.applied).toBe(0);
    expect(r.failures.map((f) => f.reason)).toEqual(['missing-file', 'frozen-file', 'frozen-file']);
    expect(r.failures[0].report).toMatch(/nope\.js, which is not a file of this program \(its files: main\.js \(frozen\), a\.js, lib\/k\.js, notes\.js\)/);
    expect(r.failures[1].report).toMatch(/main\.js, which is frozen/);
    expect(r.failures[2].report).toMatch(/notes\.js, which has no EVOLVE block/);
    expect(r.code).toBe(program);
  });

  it('a block that names the wrong file says where the text is; line numbers are per file', () => {
    const [block] = parseSearchReplace('a.js\n<<<<<<< SEARCH\nexport const K = 2;\n=======\nexport const K = 3;\n>>>>>>> REPLACE').blocks;
    const r = applySearchReplace(program, [block]);
    expect(r.failures[0].report).toMatch(/not in a\.js/);
    expect(r.failures[0].report).toMatch(/closest lines in a\.js are 2-2/);
  });
});

describe('rewrites across files', () => {
  it('files given under header lines are spliced into their files; the others stay', () => {
    const reply = 'CHANGE: bigger K\n```js\n==> lib/k.js <==\n// EVOLVE-BLOCK-START\nexport const K = 7;\n// EVOLVE-BLOCK-END\n```\n';
    const r = applyRewrite(program, reply);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(parseBundle(r.code)[2].content).toContain('K = 7');
    expect(parseBundle(r.code)[1]).toEqual(parseBundle(program)[1]);
  });

  it('a fenced block named by the line above it counts as that file; frozen and unknown files are refused', () => {
    const named = applyRewrite(program, 'a.js\n```js\n// EVOLVE-BLOCK-START\nexport const f = () => 3 + K;\n// EVOLVE-BLOCK-END\n```\n');
    expect(named.ok && parseBundle(named.code)[1].content).toContain('3 + K');
    const frozen = applyRewrite(program, '```js\n==> main.js <==\nexport const run = () => 1;\n```\n');
    expect(frozen).toEqual({ ok: false, error: expect.stringMatching(/main\.js is frozen: it may not change/) });
    const unknown = applyRewrite(program, '```js\n==> b.js <==\nexport const b = 1;\n```\n');
    expect(unknown).toEqual({ ok: false, error: expect.stringMatching(/b\.js is not a file of this program/) });
    const unnamed = applyRewrite(program, '```js\nexport const f = 1;\n```\n');
    expect(unnamed).toEqual({ ok: false, error: expect.stringMatching(/several files/) });
  });
});

describe('offline operators on programs of several files', () => {
  it('change one file that may change, inside its block, and say which', async () => {
    const op = new PerFileOperator(new NumericOperator());
    const changed = new Set<string>();
    for (let seed = 1; seed <= 30; seed++) {
      const out = await op.propose({ code: program, language: 'javascript', inspirations: [], rng: new Rng(seed, 1) });
      if (!out) continue;
      expect(frozenChange(program, out.code)).toBeNull();
      const before = parseBundle(program);
      const after = parseBundle(out.code);
      const diff = after.filter((f, i) => f.content !== before[i].content).map((f) => f.path);
      expect(diff).toHaveLength(1);
      expect(out.change.startsWith(`${diff[0]}: `)).toBe(true);
      changed.add(diff[0]);
    }
    expect([...changed].sort()).toEqual(['a.js', 'lib/k.js']);
  });
});

describe('program folders', () => {
  it('reads a folder into a bundle: entry first, dot files left out, frozen flags from the task', () => {
    const dir = tempDir('program-folder-');
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'main.js'), 'export {};\n');
    writeFileSync(join(dir, 'lib', 'b.js'), 'export const b = 1;\n');
    writeFileSync(join(dir, 'a.js'), 'export const a = 1;');
    writeFileSync(join(dir, '.hidden'), 'secret');
    const { code, entry } = readProgramFolder(dir, { frozen: ['a.js'] }, 'task.ts');
    expect(entry).toBe('main.js');
    expect(fileSpans(code).map((s) => `${s.path}${s.frozen ? '*' : ''}`)).toEqual(['main.js', 'a.js*', 'lib/b.js']);
    expect(parseBundle(code)[1].content).toBe('export const a = 1;\n');
    expect(() => readProgramFolder(dir, { entry: 'zzz.js' }, 'task.ts')).toThrow(/field entry: zzz\.js is not a file/);
    expect(() => readProgramFolder(dir, { frozen: ['q.js'] }, 'task.ts')).toThrow(/field frozen: q\.js/);
    symlinkSync('/etc/passwd', join(dir, 'link.js'));
    expect(() => readProgramFolder(dir, {}, 'task.ts')).toThrow(/link\.js is a link/);
  });

  it('the example folder loads as a bundle with its two evolvable modules', () => {
    const { code } = readProgramFolder(
      join(REPO, 'examples/circle-packing-modules/solver'),
      { entry: 'main.js', frozen: ['main.js', 'geometry.js'] },
      'task.ts',
    );
    const spans = fileSpans(code);
    const regions = evolveRegions(code);
    const evolvable = spans.filter((s) => regions.some((r) => r.start >= s.start && r.end <= s.end)).map((s) => s.path);
    expect(evolvable).toEqual(['layout.js', 'search.js']);
  });
});
