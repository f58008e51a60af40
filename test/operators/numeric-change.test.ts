import { describe, expect, it } from 'vitest';
import { NumericOperator } from '../../src/operators/offline/index.ts';
import { isNegated } from '../../src/operators/offline/numeric.ts';
import { Rng } from '../../src/util/rng.ts';

// Line 2 holds a negative constant (a unary minus on an unsigned literal), line 3 a binary minus.
const code = `// EVOLVE-BLOCK-START
const OFFSET = -0.5;
const GAP = 10 - 2;
// EVOLVE-BLOCK-END
`;

/** The value a `const NAME = EXPR;` line of the program holds. */
const valueAt = (program: string, line: number) => Number(new Function(`return ${/=\s*(.+);/.exec(program.split('\n')[line - 1])![1]}`)());

describe("the numeric operator's change note", () => {
  it('tells a unary minus from a binary one', () => {
    expect(isNegated('x = -0.5', 5)).toBe(true);
    expect(isNegated('f(- 2)', 4)).toBe(true);
    expect(isNegated('a - -2', 5)).toBe(true);
    expect(isNegated('a - 2', 4)).toBe(false);
    expect(isNegated('a[1]-2', 5)).toBe(false);
  });

  it('keeps minus signs: the note gives the values the programs hold, before and after', async () => {
    let negatives = 0;
    for (let i = 0; i < 120; i++) {
      const out = await new NumericOperator().propose({ code, language: 'javascript', inspirations: [], rng: new Rng(5, i) });
      if (!out) continue;
      for (const part of out.change.replace(/^constants /, '').split('; ')) {
        const m = /^line (\d+): (\S+) → (\S+)$/.exec(part);
        expect(m, part).not.toBeNull();
        const line = Number(m![1]);
        if (line !== 2) continue;
        negatives++;
        expect(m![2]).toBe('-0.5');
        expect(Number(m![3])).toBe(valueAt(out.code, 2));
      }
    }
    expect(negatives).toBeGreaterThan(20);
  });
});
