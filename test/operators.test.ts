import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evolveRegions, frozenText } from '../src/operators/evolve-blocks.ts';
import { AstOperator, NumericOperator } from '../src/operators/offline/index.ts';
import { numberSites } from '../src/operators/offline/numeric.ts';
import { syntaxError } from '../src/operators/offline/syntax.ts';
import { Rng } from '../src/util/rng.ts';
import { REPO } from './support/tmp.ts';

const circle = readFileSync(join(REPO, 'examples/circle-packing/initial.js'), 'utf8');
const python = readFileSync(join(REPO, 'examples/point-spread-python/initial.py'), 'utf8');
const typescript = `const SCALE: number = 2.5; // outside the block: never touched

// EVOLVE-BLOCK-START
export function f(x: number): number {
  let y: number = x * 1.5 + 3;
  y += Math.max(x, 0.25);
  if (y < 10) y = y - 2;
  return y * SCALE;
}
// EVOLVE-BLOCK-END

export const untouched = 42 + 0.5;
`;

async function mutateMany(op: NumericOperator | AstOperator, code: string, language: string, n = 150) {
  const children: string[] = [];
  for (let i = 0; i < n; i++) {
    const out = await op.propose({ code, language, inspirations: [], rng: new Rng(123, i) });
    if (out) children.push(out.code);
  }
  return children;
}

describe('offline operators', () => {
  const cases: [string, string, string, number][] = [
    ['javascript', circle, 'circle packing', 20],
    ['typescript', typescript, 'a TypeScript program', 10],
  ];
  for (const [language, code, what, variety] of cases) {
    for (const op of [new NumericOperator(), new AstOperator()]) {
      it(`${op.name} on ${what}: children parse, differ, and change nothing outside the EVOLVE block`, async () => {
        const children = await mutateMany(op, code, language);
        expect(children.length).toBeGreaterThan(100);
        const frozen = frozenText(code, evolveRegions(code));
        for (const child of children) {
          expect(child).not.toBe(code);
          expect(syntaxError(child, language)).toBeNull();
          expect(frozenText(child, evolveRegions(child))).toBe(frozen);
        }
        expect(new Set(children).size).toBeGreaterThan(variety); // real variety, not one edit repeated
      });
    }
  }

  it('numeric on Python: only constants inside the block, never in comments or strings', async () => {
    const children = await mutateMany(new NumericOperator(), python, 'python');
    expect(children.length).toBeGreaterThan(100);
    const frozen = frozenText(python, evolveRegions(python));
    for (const child of children) expect(frozenText(child, evolveRegions(child))).toBe(frozen);
  });

  it('numeric finds named constants in JavaScript, Python and C++, and changes them in most proposals', async () => {
    const js =
      '// EVOLVE-BLOCK-START\nconst SEARCH_FRACTION = 0.05;\nlet steps = 200;\nfor (let i = 0; i < 10 * steps; i++) steps += 3;\n// EVOLVE-BLOCK-END\n';
    const py = '# EVOLVE-BLOCK-START\nSEARCH_FRACTION = 0.05  # share\nfor i in range(10 * 3):\n    pass\n# EVOLVE-BLOCK-END\n';
    const cpp =
      '// EVOLVE-BLOCK-START\nconstexpr double SEARCH_FRACTION = 0.05;\n#define MOVES 200\nint f(int x) { return x * 10 + 3; }\n// EVOLVE-BLOCK-END\n';
    const named = (code: string, language: string) =>
      numberSites(code, language, evolveRegions(code))
        .filter((s) => s.named)
        .map((s) => s.text);
    expect(named(js, 'javascript')).toEqual(['0.05']);
    expect(named(py, 'python')).toEqual(['0.05']);
    expect(named(cpp, 'cpp')).toEqual(['0.05', '200']);
    const children = await mutateMany(new NumericOperator(), js, 'javascript', 400);
    const touched = children.filter((c) => !c.includes('SEARCH_FRACTION = 0.05;')).length;
    // One of the five sites is named: uniform picking would touch SEARCH_FRACTION in about 1 child in 4.
    expect(touched / children.length).toBeGreaterThan(0.6);
    // Wide jumps happen: some children move the fraction by more than a factor of 1.5 either way.
    const values = children.map((c) => Number(/SEARCH_FRACTION = \(?([-\d.e]+)/.exec(c)?.[1]));
    expect(values.some((v) => v > 0.075)).toBe(true);
    expect(values.some((v) => v > 0 && v < 0.033)).toBe(true);
  });

  it('the AST operator makes structural edits of several kinds', async () => {
    const op = new AstOperator();
    const kinds = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const out = await op.propose({ code: circle, language: 'javascript', inspirations: [], rng: new Rng(5, i) });
      if (out) kinds.add(out.change.replace(/ at line \d+$/, '').replace(/ [^ ]+$/, ''));
    }
    expect([...kinds].join('|')).toMatch(/operator/);
    expect([...kinds].join('|')).toMatch(/Math/);
    expect([...kinds].join('|')).toMatch(/statement/);
  });

  it('refuses programs whose markers are unbalanced', () => {
    expect(() => evolveRegions('// EVOLVE-BLOCK-START\nx = 1\n')).toThrow(/never closed/);
    expect(() => evolveRegions('x = 1\n// EVOLVE-BLOCK-END\n')).toThrow(/without a matching/);
    expect(evolveRegions('no markers')).toEqual([{ start: 0, end: 10 }]);
  });
});
