import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evolveRegions, frozenText } from '../../src/operators/evolve-blocks.ts';
import { applySearchReplace, parseSearchReplace, similarity } from '../../src/operators/llm/search-replace.ts';
import { REPO } from '../support/tmp.ts';

const circle = readFileSync(join(REPO, 'examples/circle-packing/initial.js'), 'utf8');
const frozen = (code: string) => frozenText(code, evolveRegions(code));

const apply = (code: string, reply: string) => applySearchReplace(code, parseSearchReplace(reply).blocks);

describe('parseSearchReplace', () => {
  it('reads several blocks among prose, tags and fences', () => {
    const reply = [
      'CHANGE: more iterations and a finer step.',
      'Here is my edit:',
      '<DIFF>',
      '```javascript',
      '<<<<<<< SEARCH',
      '  const iterations = 10;',
      '=======',
      '  const iterations = 40;',
      '>>>>>>> REPLACE',
      '```',
      'and a second one:',
      '```',
      '<<<<<<< SEARCH',
      '  const step = 0.02;',
      '=======',
      '  const step = 0.01;',
      '>>>>>>> REPLACE',
      '```',
      '</DIFF>',
    ].join('\n');
    const { blocks, malformed } = parseSearchReplace(reply);
    expect(malformed).toEqual([]);
    expect(blocks.map((b) => [b.index, b.search, b.replace])).toEqual([
      [1, '  const iterations = 10;', '  const iterations = 40;'],
      [2, '  const step = 0.02;', '  const step = 0.01;'],
    ]);
  });

  it('reports a block cut off mid-way instead of dropping it', () => {
    const { blocks, malformed } = parseSearchReplace('<<<<<<< SEARCH\n  const step = 0.02;\n=======\n  const step =');
    expect(blocks).toEqual([]);
    expect(malformed[0]).toMatch(/never closed/);
  });

  it('strips a fence placed inside a block', () => {
    const { blocks } = parseSearchReplace('<<<<<<< SEARCH\n```js\nconst a = 1;\n```\n=======\n```js\nconst a = 2;\n```\n>>>>>>> REPLACE');
    expect(blocks[0]).toMatchObject({ search: 'const a = 1;', replace: 'const a = 2;' });
  });
});

describe('applySearchReplace', () => {
  it('applies an exact block and keeps the frozen code byte-identical', () => {
    const r = apply(circle, '<<<<<<< SEARCH\n  const iterations = 10;\n=======\n  const iterations = 40;\n>>>>>>> REPLACE');
    expect(r.failures).toEqual([]);
    expect(r.applied).toBe(1);
    expect(r.code).toContain('  const iterations = 40;');
    expect(r.code).not.toContain('const iterations = 10;');
    expect(frozen(r.code)).toBe(frozen(circle));
  });

  it('matches a block whose indentation drifted and re-indents the replacement', () => {
    // The model dropped the function's two-space indent and wrote a nested loop in its own indentation.
    const reply = [
      '<<<<<<< SEARCH',
      'for (let it = 0; it < iterations; it++) {',
      '  spread(centers, step, 0.18);',
      '}',
      '=======',
      'for (let it = 0; it < iterations; it++) {',
      '  const t = 0.18 * (1 - it / (2 * iterations));',
      '  spread(centers, step, t);',
      '}',
      '>>>>>>> REPLACE',
    ].join('\n');
    const r = apply(circle, reply);
    expect(r.failures).toEqual([]);
    expect(r.code).toContain(
      '  for (let it = 0; it < iterations; it++) {\n    const t = 0.18 * (1 - it / (2 * iterations));\n    spread(centers, step, t);\n  }\n',
    );
    expect(frozen(r.code)).toBe(frozen(circle));
  });

  it('tolerates trailing whitespace and over-indentation', () => {
    const code = '// EVOLVE-BLOCK-START\nfunction f() {\n  return 1;   \n}\n// EVOLVE-BLOCK-END\n';
    const r = apply(code, '<<<<<<< SEARCH\n    return 1;\n=======\n    return 2;\n>>>>>>> REPLACE');
    expect(r.failures).toEqual([]);
    expect(r.code).toBe('// EVOLVE-BLOCK-START\nfunction f() {\n  return 2;\n}\n// EVOLVE-BLOCK-END\n');
  });

  it('applies several blocks in order, the second seeing the first', () => {
    const reply = [
      '<<<<<<< SEARCH',
      '  const perRow = 6;',
      '=======',
      '  const perRow = 5;',
      '>>>>>>> REPLACE',
      '<<<<<<< SEARCH',
      '  const perRow = 5;',
      '  const margin = 0.1;',
      '=======',
      '  const perRow = 5;',
      '  const margin = 0.09;',
      '>>>>>>> REPLACE',
    ].join('\n');
    const r = apply(circle, reply);
    expect(r.failures).toEqual([]);
    expect(r.applied).toBe(2);
    expect(r.code).toContain('const perRow = 5;\n  const margin = 0.09;');
  });

  it('reports an unmatched block with the closest lines and their line numbers, applying the others', () => {
    const reply = [
      '<<<<<<< SEARCH',
      '  const iterations = 12;', // the program says 10
      '  const step = 0.02;',
      '=======',
      '  const iterations = 50;',
      '  const step = 0.005;',
      '>>>>>>> REPLACE',
      '<<<<<<< SEARCH',
      '  const margin = 0.1;',
      '=======',
      '  const margin = 0.08;',
      '>>>>>>> REPLACE',
    ].join('\n');
    const r = apply(circle, reply);
    expect(r.applied).toBe(1);
    expect(r.failures).toHaveLength(1);
    const f = r.failures[0];
    expect(f.reason).toBe('not-found');
    expect(f.block.index).toBe(1);
    const line = circle.split('\n').findIndex((l) => l.includes('const iterations = 10;')) + 1;
    expect(f.report).toContain(`closest lines are ${line}-${line + 1}`);
    expect(f.report).toContain(`${line} |   const iterations = 10;`);
    expect(r.code).toContain('const margin = 0.08;');
  });

  it('refuses a block that targets code outside the EVOLVE blocks', () => {
    const r = apply(
      circle,
      '<<<<<<< SEARCH\nfunction spread(centers, step, target) {\n=======\nfunction spread(centers, step, target, extra) {\n>>>>>>> REPLACE',
    );
    expect(r.applied).toBe(0);
    expect(r.failures[0].reason).toBe('outside-evolve-block');
    expect(r.failures[0].report).toMatch(/outside the EVOLVE blocks/);
    expect(r.code).toBe(circle);
  });

  it('refuses an edit of the markers, but accepts a marker repeated unchanged as context', () => {
    const widen = apply(circle, '<<<<<<< SEARCH\n// EVOLVE-BLOCK-END\n=======\n>>>>>>> REPLACE');
    expect(widen.failures[0].reason).toBe('marker');
    const context = apply(
      circle,
      '<<<<<<< SEARCH\n// EVOLVE-BLOCK-START\n/** Returns { centers: [[x, y], ...], radii: [...] } for n circles. */\n=======\n// EVOLVE-BLOCK-START\n/** Packs n circles. */\n>>>>>>> REPLACE',
    );
    expect(context.failures).toEqual([]);
    expect(context.code).toContain('// EVOLVE-BLOCK-START\n/** Packs n circles. */\nexport function pack(n) {');
  });

  it('reports an ambiguous SEARCH instead of guessing', () => {
    const code = '# EVOLVE-BLOCK-START\nx = 1\ny = 2\nx = 1\n# EVOLVE-BLOCK-END\n';
    const r = apply(code, '<<<<<<< SEARCH\nx = 1\n=======\nx = 3\n>>>>>>> REPLACE');
    expect(r.failures[0].reason).toBe('ambiguous');
    expect(r.failures[0].report).toContain('lines 2, 4');
  });

  it('inserts an empty SEARCH at the end of the last EVOLVE block', () => {
    const code = '# EVOLVE-BLOCK-START\nx = 1\n# EVOLVE-BLOCK-END\nprint(x)\n';
    const r = apply(code, '<<<<<<< SEARCH\n=======\ny = 2\n>>>>>>> REPLACE');
    expect(r.code).toBe('# EVOLVE-BLOCK-START\nx = 1\ny = 2\n# EVOLVE-BLOCK-END\nprint(x)\n');
  });

  it('ranks similar lines above unrelated ones', () => {
    expect(similarity('const iterations = 12;', 'const iterations = 10;')).toBeGreaterThan(0.8);
    expect(similarity('const iterations = 12;', 'return { centers };')).toBeLessThan(0.3);
  });
});

describe('applySearchReplace habits', () => {
  it('accepts SEARCH lines copied with the line numbers of a failure report', () => {
    const line = circle.split('\n').findIndex((l) => l.includes('const iterations = 10;')) + 1;
    const r = apply(
      circle,
      `<<<<<<< SEARCH\n${line} |   const iterations = 10;\n${line + 1} |   const step = 0.02;\n=======\n  const iterations = 30;\n  const step = 0.02;\n>>>>>>> REPLACE`,
    );
    expect(r.failures).toEqual([]);
    expect(r.code).toContain('\n  const iterations = 30;\n  const step = 0.02;\n');
  });

  it('keeps CRLF line ends of a CRLF program', () => {
    const code = '# EVOLVE-BLOCK-START\r\nx = 1\r\ny = 2\r\n# EVOLVE-BLOCK-END\r\nprint(x)\r\n';
    const r = apply(code, '<<<<<<< SEARCH\nx = 1\n=======\nx = 3\nz = 4\n>>>>>>> REPLACE');
    expect(r.code).toBe('# EVOLVE-BLOCK-START\r\nx = 3\r\nz = 4\r\ny = 2\r\n# EVOLVE-BLOCK-END\r\nprint(x)\r\n');
  });
});

describe('applySearchReplace blank lines', () => {
  it('matches a SEARCH that dropped a blank line of the program', () => {
    const code = '# EVOLVE-BLOCK-START\ndef f(x):\n    a = x + 1\n\n    return a\n# EVOLVE-BLOCK-END\n';
    const r = apply(code, '<<<<<<< SEARCH\n    a = x + 1\n    return a\n=======\n    a = x + 2\n    return a * 2\n>>>>>>> REPLACE');
    expect(r.failures).toEqual([]);
    expect(r.code).toBe('# EVOLVE-BLOCK-START\ndef f(x):\n    a = x + 2\n    return a * 2\n# EVOLVE-BLOCK-END\n');
  });
});
