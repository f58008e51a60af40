import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../src/corewar/assembler/index.ts';
import { evolveRegions, frozenText } from '../src/operators/evolve-blocks.ts';
import { RedcodeOperator } from '../src/operators/offline/redcode.ts';
import { Rng } from '../src/util/rng.ts';
import { REPO } from './support/tmp.ts';

const seed = readFileSync(join(REPO, 'examples/corewar-nano/seed.red'), 'utf8');
const nano = { coreSize: 80, maxLength: 5 };
const donor = ';redcode\n; EVOLVE-BLOCK-START\n        SPL.B #7, >-3\n        MOV.I }1, {2\n; EVOLVE-BLOCK-END\n        END\n';

describe('Redcode operators', () => {
  it('children assemble under the hill, stay within its length and keep what is outside the EVOLVE block', async () => {
    const op = new RedcodeOperator({ settings: nano });
    const changes = new Set<string>();
    let children = 0;
    for (let i = 0; i < 600; i++) {
      // The seed is at the length limit (no room to grow); the short donor is not.
      const parent = i % 2 ? donor : seed;
      const frozen = frozenText(parent, evolveRegions(parent));
      const out = await op.propose({ code: parent, language: 'redcode', inspirations: [{ id: 9, code: i % 2 ? seed : donor }], rng: new Rng(11, i) });
      if (!out) continue;
      children++;
      const r = assemble(out.code, nano);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.warrior.instructions.length).toBeLessThanOrEqual(nano.maxLength);
      expect(frozenText(out.code, evolveRegions(out.code))).toBe(frozen);
      changes.add(out.change.split(' ')[0]);
    }
    expect(children).toBeGreaterThan(500);
    // Every kind of edit happens: opcode, modifier, mode, field, insert, delete, duplicate, crossover.
    for (const kind of ['opcode', 'modifier', 'A-mode', 'B-mode', 'A-field', 'B-field', 'inserted', 'deleted', 'duplicated', 'crossover:'])
      expect(changes).toContain(kind);
  });

  it('crossover takes instructions from the inspiration', async () => {
    const op = new RedcodeOperator({ settings: { coreSize: 8000, maxLength: 100 } });
    let seen = false;
    for (let i = 0; i < 200 && !seen; i++) {
      const out = await op.propose({ code: seed, language: 'redcode', inspirations: [{ id: 9, code: donor }], rng: new Rng(3, i) });
      if (out?.change.startsWith('crossover')) {
        seen = true;
        expect(out.code).toMatch(/SPL\.B\s+#7, >-3|MOV\.I\s+\}1, \{2/);
      }
    }
    expect(seen).toBe(true);
  });
});
