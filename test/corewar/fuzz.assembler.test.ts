// Parser fuzzing with a fixed seed: random bytes, mutated real warriors and hand-written
// adversarial sources. `assemble` must never throw or hang; a rejection must carry located,
// non-empty messages; an accepted warrior must be well formed.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type AssembleResult, assemble, INTERNAL_ERROR } from '../../src/corewar/assembler/index.ts';
import { MODES, MODIFIERS, OPCODES } from '../../src/corewar/types.ts';

/** mulberry32: small, fast, seedable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SHARED = fileURLToPath(new URL('../../../shared/corewar/warriors/', import.meta.url));

const BUILTIN = [
  ';redcode-94\n;name Dwarf\n;assert CORESIZE==8000\nstep equ 4\nloop add #step, bomb\n mov bomb, @bomb\n jmp loop\nbomb dat #0, #0\nend loop\n',
  ';redcode\ni for 4\nx&i dat i*2, <-i\nrof\nj for 2\n k for 2\n  mov.ab {j, }k\n rof\nrof\norg x02\n',
  'two equ mov 0, 1\n equ dat 0, 2\ns two\n spl s, #CURLINE\n slt.ba *1, $-1\n ldp #1, 2\n stp 3, #4\n pin 7\nend s\n',
];

function corpus(): string[] {
  const out = [...BUILTIN];
  const dirs = ['pmars-debian', 'pycorewar/fsh94nop0.3/scn', 'pycorewar/fsh94nop0.3/pap', 'corewar.io/parser-tests/ICWS-94'];
  for (const d of dirs) {
    const dir = SHARED + d;
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.red'))
      .slice(0, 12)) {
      out.push(readFileSync(`${dir}/${f}`, 'latin1'));
    }
  }
  return out;
}

const TOKENS = [
  'FOR',
  'ROF',
  'EQU',
  '&',
  '#',
  '$',
  '@',
  '<',
  '>',
  '*',
  '{',
  '}',
  ',',
  '.',
  ':',
  ';',
  '(',
  ')',
  '==',
  '&&',
  '||',
  '!',
  '/0',
  '%0',
  'CURLINE',
  'END',
  'ORG',
  'PIN',
  ';assert 0',
  ';redcode',
  'x',
  'a=1',
  '65535',
  '99999999999999999999',
  '\\',
  '\r',
  '\t',
  '\n',
];

function mutate(src: string, r: () => number): string {
  const pick = (n: number) => Math.floor(r() * n);
  let s = src;
  const ops = 1 + pick(4);
  for (let k = 0; k < ops; k++) {
    const lines = s.split('\n');
    const i = pick(Math.max(1, s.length));
    const li = pick(lines.length);
    switch (pick(8)) {
      case 0: // delete a character
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case 1: // duplicate a character
        s = s.slice(0, i) + s[i] + s.slice(i);
        break;
      case 2: {
        // swap two characters
        const j = pick(Math.max(1, s.length));
        const c = s.split('');
        [c[i], c[j]] = [c[j], c[i]];
        s = c.join('');
        break;
      }
      case 3: // delete a line
        lines.splice(li, 1);
        s = lines.join('\n');
        break;
      case 4: // duplicate a line
        lines.splice(li, 0, lines[li] ?? '');
        s = lines.join('\n');
        break;
      case 5: {
        // swap two lines
        const lj = pick(lines.length);
        [lines[li], lines[lj]] = [lines[lj], lines[li]];
        s = lines.join('\n');
        break;
      }
      case 6: // insert a Redcode-ish token
        s = `${s.slice(0, i)} ${TOKENS[pick(TOKENS.length)]} ${s.slice(i)}`;
        break;
      default: // insert a random byte
        s = s.slice(0, i) + String.fromCharCode(pick(256)) + s.slice(i);
    }
  }
  return s;
}

function randomBytes(r: () => number): string {
  const n = Math.floor(r() * 300);
  let s = '';
  for (let i = 0; i < n; i++) {
    // Bias towards printable ASCII and newlines so some inputs get past the first token.
    const x = r();
    s += x < 0.1 ? '\n' : x < 0.8 ? String.fromCharCode(32 + Math.floor(r() * 95)) : String.fromCharCode(Math.floor(r() * 256));
  }
  return s;
}

const ADVERSARIAL: Record<string, string> = {
  'FOR 100000000': 'for 100000000\nnop 0\nrof\n',
  'FOR 65535 with an empty body': 'for 65535\n;nothing\nrof\nnop 0\n',
  'three nested FOR 65535': 'for 65535\nfor 65535\nfor 65535\nx equ 1\nrof\nrof\nrof\n',
  'recursive EQU': 'x equ y\ny equ x\ndat x\n',
  'self-recursive EQU': 'x equ x+1\ndat 0, x\n',
  'exponential EQU': `${Array.from({ length: 30 }, (_, i) => `e${i + 1} equ e${i} e${i}`).join('\n')}\ne0 equ 1\ndat 0, e30\n`,
  'deep parentheses': `dat 0, ${'('.repeat(5000)}1${')'.repeat(5000)}\n`,
  'long EQU chain': `${Array.from({ length: 3000 }, (_, i) => `e${i} equ e${i + 1}`).join('\n')}\ne3000 equ 1\ndat 0, e0\n`,
  '3000 nested FOR 1': `${'for 1\n'.repeat(3000)}nop 0\n${'rof\n'.repeat(3000)}`,
  'unclosed FOR': 'for 3\nnop 0\n',
  'EQU expanding to FOR': 'x equ for 3\nx\nnop 0\nrof\n',
  'trailing backslash': 'nop 0\\',
  'huge numbers': 'dat 9223372036854775807*9223372036854775807, -9223372036854775807-9\n',
  'NUL and CR': 'nop 0\0 garbage\nmov 1,\r2\n',
};

const MAX_LENGTH = 100;

function check(label: string, src: string): void {
  const t0 = performance.now();
  let r: AssembleResult;
  try {
    r = assemble(src, { maxLength: MAX_LENGTH });
  } catch (e) {
    throw new Error(`${label}: assemble threw ${String(e)} on ${JSON.stringify(src.slice(0, 200))}`);
  }
  const ms = performance.now() - t0;
  if (ms > 3000) throw new Error(`${label}: took ${Math.round(ms)} ms`);
  if (!r.ok) {
    expect(r.errors.length, label).toBeGreaterThan(0);
    for (const e of r.errors) {
      if (e.message.startsWith(INTERNAL_ERROR)) throw new Error(`${label}: ${e.message} on ${JSON.stringify(src.slice(0, 200))}`);
      if (!Number.isInteger(e.line) || e.line < 0 || typeof e.message !== 'string' || e.message === '') {
        throw new Error(`${label}: bad error ${JSON.stringify(e)}`);
      }
    }
    return;
  }
  const w = r.warrior;
  expect(w.instructions.length, label).toBeLessThanOrEqual(MAX_LENGTH);
  for (const ins of w.instructions) {
    const good =
      OPCODES.includes(ins.op) &&
      MODIFIERS.includes(ins.mod) &&
      MODES.includes(ins.aMode) &&
      MODES.includes(ins.bMode) &&
      Number.isInteger(ins.a) &&
      ins.a >= 0 &&
      ins.a < 8000 &&
      Number.isInteger(ins.b) &&
      ins.b >= 0 &&
      ins.b < 8000;
    if (!good) throw new Error(`${label}: malformed instruction ${JSON.stringify(ins)}`);
  }
  expect(Number.isInteger(w.start) && w.start >= 0 && w.start < 8000, label).toBe(true);
}

describe('assembler fuzzing (fixed seed)', () => {
  it('survives 1500 random byte strings', () => {
    const r = rng(20261123);
    for (let i = 0; i < 1500; i++) check(`random #${i}`, randomBytes(r));
  });

  it('survives 3000 mutated real warriors', () => {
    const r = rng(42);
    const sources = corpus();
    for (let i = 0; i < 3000; i++) {
      const src = sources[Math.floor(r() * sources.length)];
      check(`mutant #${i}`, mutate(src, r));
    }
  });

  for (const [name, src] of Object.entries(ADVERSARIAL)) {
    it(`bounded on: ${name}`, () => {
      check(name, src);
    });
  }

  it('reports runaway expansion as an error', () => {
    const r = assemble(ADVERSARIAL['FOR 100000000']);
    expect(r.ok).toBe(false);
    const rec = assemble(ADVERSARIAL['recursive EQU']);
    expect(rec.ok).toBe(false);
    // Like pMARS, the error points at the EQU definition where the cycle closes.
    if (!rec.ok) expect(rec.errors[0]).toEqual({ line: 2, message: "Recursive reference of label 'x'" });
  });
});
