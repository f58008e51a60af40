import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evolveRegions, frozenText } from '../../src/operators/evolve-blocks.ts';
import { changeLine } from '../../src/operators/llm/operator.ts';
import { applyRewrite, extractCode, jsonAnswer, spliceRewrite } from '../../src/operators/llm/rewrite.ts';
import { REPO } from '../support/tmp.ts';

const circle = readFileSync(join(REPO, 'examples/circle-packing/initial.js'), 'utf8');
const python = readFileSync(join(REPO, 'examples/point-spread-python/initial.py'), 'utf8');
const frozen = (code: string) => frozenText(code, evolveRegions(code));
const region = (code: string) => {
  const [r] = evolveRegions(code);
  return code.slice(r.start, r.end);
};

const newPack = `export function pack(n) {
  const centers = [];
  for (let i = 0; i < n; i++) centers.push([0.1 + 0.8 * ((i % 5) / 4), 0.1 + 0.8 * (Math.floor(i / 5) / 5)]);
  return { centers, radii: maxRadii(centers) };
}
`;

describe('full rewrite', () => {
  it('keeps the frozen parts byte for byte even when the model rewrote them', () => {
    // The model returns the whole program with markers, and "tidies" the helpers outside them too.
    const written = circle
      .replace(/\/\/ EVOLVE-BLOCK-START\n[\s\S]*?\/\/ EVOLVE-BLOCK-END\n/, `// EVOLVE-BLOCK-START\n${newPack}// EVOLVE-BLOCK-END\n`)
      .replace('function spread(', 'function spreadTidied(');
    const reply = `CHANGE: a plain grid.\n\nHere is the program:\n\n\`\`\`javascript\n${written}\`\`\`\n\nThis should help.`;
    const r = applyRewrite(circle, reply);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(frozen(r.code)).toBe(frozen(circle));
    expect(r.code).toContain('function spread(');
    expect(region(r.code)).toBe(newPack);
  });

  it('takes a reply with only the region contents', () => {
    const r = applyRewrite(circle, `\`\`\`js\n${newPack}\`\`\``);
    expect(r.ok && region(r.code)).toBe(newPack);
    expect(r.ok && frozen(r.code)).toBe(frozen(circle));
  });

  it('drops the frozen code a model repeated around unmarked contents', () => {
    const [head, rest] = python.split('# EVOLVE-BLOCK-START\n');
    const tail = rest.split('# EVOLVE-BLOCK-END\n')[1];
    const body = 'def place(n):\n    return [[i / n, (i * 7 % n) / n] for i in range(n)]\n';
    const r = applyRewrite(python, `\`\`\`python\n${head}${body}${tail}\`\`\``);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(region(r.code)).toBe(body);
    expect(frozen(r.code)).toBe(frozen(python));
  });

  it('errors when the number of EVOLVE blocks does not match', () => {
    const two = '// EVOLVE-BLOCK-START\nconst a = 1;\n// EVOLVE-BLOCK-END\nconst k = 0;\n// EVOLVE-BLOCK-START\nconst b = 2;\n// EVOLVE-BLOCK-END\n';
    const one = spliceRewrite(two, '// EVOLVE-BLOCK-START\nconst a = 5;\n// EVOLVE-BLOCK-END\n');
    expect(one).toMatchObject({ ok: false });
    expect(!one.ok && one.error).toMatch(/2 EVOLVE block\(s\) but the rewrite has 1/);
    expect(spliceRewrite(two, 'const a = 5;\n')).toMatchObject({ ok: false });
    const both = spliceRewrite(two, '// EVOLVE-BLOCK-START\nconst a = 5;\n// EVOLVE-BLOCK-END\n// EVOLVE-BLOCK-START\nconst b = 6;\n// EVOLVE-BLOCK-END');
    expect(both).toEqual({ ok: true, code: two.replace('a = 1', 'a = 5').replace('b = 2', 'b = 6') });
    expect(spliceRewrite(two, '// EVOLVE-BLOCK-START\nconst a = 5;\n')).toMatchObject({ ok: false });
  });

  it('prefers the fenced block with markers and reports a cut-off or missing fence', () => {
    const reply = '```\nnpm test\n```\n\n```js\n// EVOLVE-BLOCK-START\nx();\n// EVOLVE-BLOCK-END\n```';
    expect(extractCode(reply)).toEqual({ code: '// EVOLVE-BLOCK-START\nx();\n// EVOLVE-BLOCK-END\n' });
    expect(extractCode('```js\nconst a = 1;\n')).toMatchObject({ error: expect.stringMatching(/never closes/) });
    expect(extractCode('I think you should use a grid.')).toMatchObject({ error: expect.stringMatching(/no fenced code block/) });
  });
});

describe('JSON answers ({ thought, name, code }, as DiscoPOP asked for)', () => {
  it('takes code as the block contents and name: thought as the change', () => {
    const answer = { thought: 'A plain grid spreads the circles evenly.', name: 'grid', code: newPack };
    for (const reply of [JSON.stringify(answer), `\`\`\`json\n${JSON.stringify(answer, null, 2)}\n\`\`\``]) {
      const r = applyRewrite(circle, reply);
      expect(r.ok && region(r.code)).toBe(newPack);
      expect(r.ok && frozen(r.code)).toBe(frozen(circle));
      expect(changeLine(reply)).toBe('grid: A plain grid spreads the circles evenly.');
    }
  });

  it('a JSON reply without a string code is not a JSON answer; code fences still work', () => {
    expect(jsonAnswer('{"thought": "x", "code": 3}')).toBeNull();
    expect(jsonAnswer('{"thought": "x"')).toBeNull();
    expect(extractCode('{"code": ""}')).toHaveProperty('error');
    expect(extractCode(`CHANGE: x\n\`\`\`js\n${newPack}\`\`\``)).toEqual({ code: newPack });
  });
});

describe('full rewrite without markers', () => {
  it('a program without markers is replaced whole', () => {
    expect(applyRewrite('let a = 1;\n', 'Sure:\n```js\nlet a = 2;\n```')).toEqual({ ok: true, code: 'let a = 2;\n' });
  });
});
