// Unit tests of the tricky parts of the pMARS-compatible assembler. Expected values were checked
// against pMARS (0.9.4 oracle where available, Debian's 0.9.2 otherwise).

import { describe, expect, it } from 'vitest';
import { type AssembleResult, assemble, formatReport } from '../../src/corewar/assembler/index.ts';
import { formatLoadFile, parseLoadFile } from '../../src/corewar/loadfile.ts';
import type { Warrior } from '../../src/corewar/types.ts';

function ok(src: string, settings = {}): Warrior {
  const r = assemble(src, settings);
  if (!r.ok) throw new Error(`unexpected errors: ${JSON.stringify(r.errors)}`);
  return r.warrior;
}

/** The load-file lines of the instructions, without ORG/END. */
function lines(src: string, settings = {}): string[] {
  return formatLoadFile(ok(src, settings))
    .split('\n')
    .filter((l) => l.includes('.'))
    .map((l) => l.trim().replace(/\s+/g, ' '));
}

function errors(src: string, settings = {}): AssembleResult & { ok: false } {
  const r = assemble(src, settings);
  if (r.ok) throw new Error('expected the warrior to be rejected');
  return r;
}

/** B-field of `dat 0, <expr>` read back signed. */
function value(expr: string): number {
  const w = ok(`dat 0, ${expr}\n`);
  const b = w.instructions[0].b;
  return b > 4000 ? b - 8000 : b;
}

describe('expressions', () => {
  it('uses C precedence and truncating division', () => {
    expect(value('1-2*3+4')).toBe(-1); // pMARS 0.9.2 said -9; the 0.9.4 fix gives -1
    expect(value('2+3*4')).toBe(14);
    expect(value('(1+2)*3')).toBe(9);
    expect(value('7/2')).toBe(3);
    expect(value('-7/2')).toBe(-3);
    expect(value('-7%3')).toBe(-1);
    expect(value('3--2')).toBe(5);
  });

  it('has comparison and logical operators yielding 0/1', () => {
    expect(value('3>2')).toBe(1);
    expect(value('(3<=2)+(2>=2)*2')).toBe(2);
    expect(value('1==1&&2!=3')).toBe(1);
    expect(value('0||!0')).toBe(1);
    expect(value('!5')).toBe(0);
  });

  it('reproduces the pMARS quirk that loses a pushed-back ==', () => {
    const r = errors('dat 0, 1+2*3==7\n');
    expect(r.errors).toEqual([{ line: 1, message: 'Bad expression' }]);
  });

  it('supports registers a..z with assignment', () => {
    const w = ok('dat (a=5)*2, a+1\n');
    expect(w.instructions[0].a).toBe(10);
    expect(w.instructions[0].b).toBe(6);
  });

  it('starts registers W and S at WARRIORS for the first warrior only, like pMARS', () => {
    expect(ok('dat w, s\n', { warriors: 2 }).instructions[0]).toMatchObject({ a: 2, b: 2 });
    const second = assemble('dat w, s\ndat a, z\n', { warriors: 2 }, { position: 1 });
    expect(second.ok && second.warrior.instructions.map((i) => [i.a, i.b])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('reports division by zero with the line', () => {
    expect(errors(';redcode\n;assert 1\nnop 0\ndat 1/0, 1\n').errors).toEqual([{ line: 4, message: 'Division by zero' }]);
    expect(errors('dat 0, 5%0\n').errors[0].message).toBe('Division by zero');
  });

  it('normalises fields into [0, CORESIZE)', () => {
    const w = ok('mov -1, 8001\ndat -1, 8000\n');
    expect(w.instructions.map((i) => [i.a, i.b])).toEqual([
      [7999, 1],
      [7999, 0],
    ]);
    expect(lines('mov -1, 8001\n')).toEqual(['MOV.I $ -1, $ 1']);
  });
});

describe('EQU', () => {
  it('is plain text substitution, not parenthesised', () => {
    expect(value('x*2\nx equ 1+1')).toBe(3);
    expect(lines('x equ 1+1\ndat 0, x*2\n')).toEqual(['DAT.F $ 0, $ 3']);
  });

  it('allows forward references to labels inside the EQU text', () => {
    expect(lines('ptr equ target+1\njmp ptr\nnop 0\ntarget dat 0\n')[0]).toBe('JMP.B $ 3, $ 0');
  });

  it('expands a multi-line EQU into several instructions', () => {
    const src = 'two equ mov 0, 1\n    equ dat 0, 2\nstart two\njmp start\n';
    expect(lines(src)).toEqual(['MOV.I $ 0, $ 1', 'DAT.F $ 0, $ 2', 'JMP.B $ -2, $ 0']);
  });

  it('gives several labels the same text and rejects recursion', () => {
    expect(value('a1\na1 b1 equ 7')).toBe(7);
    expect(errors('x equ y\ny equ x\ndat 0, x\n').errors[0].message).toBe("Recursive reference of label 'x'");
  });
});

describe('FOR/ROF', () => {
  it('repeats with a counter and & concatenation (two digits)', () => {
    const src = 'i for 3\nx&i dat i, 0\nrof\njmp x02\n';
    expect(lines(src)).toEqual(['DAT.F $ 1, $ 0', 'DAT.F $ 2, $ 0', 'DAT.F $ 3, $ 0', 'JMP.B $ -2, $ 0']);
  });

  it('nests', () => {
    const src = 'i for 2\nj for 2\ndat i, j\nrof\nrof\n';
    expect(lines(src)).toEqual(['DAT.F $ 1, $ 1', 'DAT.F $ 1, $ 2', 'DAT.F $ 2, $ 1', 'DAT.F $ 2, $ 2']);
  });

  it('FOR 0 is a block comment and a condition', () => {
    expect(lines('for 0\nthis is not redcode\nrof\nnop 0\n')).toEqual(['NOP.F $ 0, $ 0']);
    expect(lines('for CORESIZE==8000\ndat 1\nrof\nfor CORESIZE==800\ndat 2\nrof\n')).toEqual(['DAT.F # 0, $ 1']);
  });

  it('reports an unopened ROF with its line', () => {
    expect(errors('nop 0\nrof\n').errors).toEqual([{ line: 2, message: 'Unopened FOR' }]);
  });
});

describe('default modifiers and operands (pMARS rules)', () => {
  const cases: [string, string][] = [
    ['mov #1, 2', 'MOV.AB # 1, $ 2'],
    ['mov 1, #2', 'MOV.B $ 1, # 2'],
    ['mov 1, 2', 'MOV.I $ 1, $ 2'],
    ['mov *1, 2', 'MOV.I * 1, $ 2'],
    ['mov {1, }2', 'MOV.I { 1, } 2'],
    ['add 1, 2', 'ADD.F $ 1, $ 2'],
    ['sub #1, 2', 'SUB.AB # 1, $ 2'],
    ['cmp 1, #2', 'CMP.B $ 1, # 2'],
    ['seq 1, 2', 'SEQ.I $ 1, $ 2'],
    ['slt 1, 2', 'SLT.B $ 1, $ 2'],
    ['ldp #1, 2', 'LDP.AB # 1, $ 2'],
    ['stp 1, #2', 'STP.B $ 1, # 2'],
    ['djn 1, #2', 'DJN.B $ 1, # 2'],
    ['nop 0', 'NOP.F $ 0, $ 0'],
    ['jmp 3', 'JMP.B $ 3, $ 0'],
    ['spl 0', 'SPL.B $ 0, $ 0'],
    ['dat 5', 'DAT.F # 0, $ 5'],
    ['dat #5', 'DAT.F # 0, # 5'],
    ['MoV.aB #1, @2', 'MOV.AB # 1, @ 2'],
    ['mov.x <1, >2', 'MOV.X < 1, > 2'],
  ];
  for (const [src, want] of cases) {
    it(`${src} -> ${want}`, () => {
      expect(lines(`${src}\n`)).toEqual([want]);
    });
  }

  it('rejects a one-operand MOV and an operand-less NOP, naming the line', () => {
    expect(errors('nop 0\nmov 1\n').errors).toEqual([{ line: 2, message: "Incomplete operand at instruction 'MOV'" }]);
    expect(errors('nop\n').errors).toEqual([{ line: 1, message: 'Syntax error' }]);
  });

  it('keeps pMARS token gluing: `dat 1 2` is DAT #0, $12; `dat #0 #0` is an error', () => {
    expect(lines('dat 1 2\n')).toEqual(['DAT.F # 0, $ 12']);
    expect(errors('nop 0\ndat #0 #0\n').errors).toEqual([{ line: 2, message: "Improper placement of '#'" }]);
  });
});

describe('labels, ORG/END, headers', () => {
  it('accepts several labels, a trailing colon and labels on their own line', () => {
    expect(lines('a b: nop 0\nc:\n  jmp a\n  jmp b\n  jmp c\n')).toEqual(['NOP.F $ 0, $ 0', 'JMP.B $ -1, $ 0', 'JMP.B $ -2, $ 0', 'JMP.B $ -2, $ 0']);
  });

  it('rejects undefined symbols with the line', () => {
    expect(errors('nop 0\njmp nowhere\n').errors).toEqual([{ line: 2, message: "Undefined label or symbol: 'nowhere'" }]);
  });

  it('drops a redefined label line with a warning, as pMARS does', () => {
    const w = ok('x nop 0\nx nop 1\n');
    expect(w.instructions.length).toBe(1);
    expect(w.warnings.join()).toContain("redefinition of label 'x'");
  });

  it('takes the start from ORG, or END when ORG gave none', () => {
    expect(ok('nop 0\ns nop 1\norg s\n').start).toBe(1);
    expect(ok('nop 0\ns nop 1\nend s\n').start).toBe(1);
    expect(ok('org 1\nnop 0\ns nop 1\nnop 2\nend s+1\n').start).toBe(1);
    expect(ok('nop 0\nend\nthis is ignored\n').instructions.length).toBe(1);
  });

  it('ignores text before ;redcode and stops at a second ;redcode', () => {
    const w = ok('garbage here\n;redcode-94\n;name Foo\n;author Bar\nnop 0\n;redcode\nmore garbage\n');
    expect(w.instructions.length).toBe(1);
    expect(w.name).toBe('Foo');
    expect(w.author).toBe('Bar');
    expect(ok('nop 0\n').name).toBe('Unknown');
    expect(ok('nop 0\n').author).toBe('Anonymous');
  });

  it('collects ;strategy lines and PIN', () => {
    const w = ok(';strategy one\n;strategy two\npin 42\nnop 0\n');
    expect(w.strategy).toBe('one\ntwo');
    expect(w.pin).toBe(42);
    expect(ok('nop 0\n').pin).toBeNull();
  });

  it('evaluates ;assert in place and rejects a failing one', () => {
    expect(ok(';assert CORESIZE == 8000\nnop 0\n').warnings).toEqual([]);
    expect(ok('nop 0\n').warnings.join()).toContain("Missing ';assert'");
    expect(errors(';assert CORESIZE == 800\nnop 0\n').errors).toEqual([{ line: 1, message: 'Assertion in this line fails' }]);
    expect(ok(';assert CORESIZE == 800\nnop 0\n', { coreSize: 800 }).instructions.length).toBe(1);
  });

  it('knows the predefined constants and CURLINE', () => {
    const w = ok('dat CORESIZE, MAXPROCESSES\ndat MAXCYCLES, MAXLENGTH\ndat MINDISTANCE, WARRIORS\ndat ROUNDS, PSPACESIZE\ndat VERSION, CURLINE\n', {
      coreSize: 100000,
      maxProcesses: 64,
      maxCycles: 1234,
      maxLength: 50,
      minDistance: 60,
      warriors: 3,
      rounds: 7,
    });
    expect(w.instructions.flatMap((i) => [i.a, i.b])).toEqual([0, 64, 1234, 50, 60, 3, 7, 6250, 94, 4]);
  });

  it('gives up after 9 located messages, warnings included, as pMARS does', () => {
    const redefinitions = (n: number) => `x nop 0\n${Array.from({ length: n }, (_, i) => `x nop ${i + 1}\n`).join('')}`;
    expect(ok(redefinitions(8)).instructions.length).toBe(1);
    const r = errors(redefinitions(9));
    expect(r.errors).toEqual([{ line: 10, message: 'Too many errors or warnings. Program aborted' }]);
  });

  it('reports as pMARS prints: in order, the line quoted without its comment, repeats on a line counted', () => {
    const r = assemble(';assert 1\nx for 3\n mov 0 1 ; three times\n rof\nlbl dat 0, 0\nlbl dat 0, 0\n');
    expect(r.report).toEqual({
      messages: [
        { level: 'warning', line: 6, source: 'lbl dat 0, 0', message: "Ignored, redefinition of label 'lbl'", count: 1 },
        { level: 'error', line: 3, source: ' mov 0 1 ', message: "Incomplete operand at instruction 'MOV'", count: 3 },
      ],
      errors: 3,
      warnings: 1,
    });
    expect(formatReport(r.report).stderr).toBe(
      "Warning in line 6: 'lbl dat 0, 0'\n        Ignored, redefinition of label 'lbl'\n" +
        "Error in line 3: ' mov 0 1 '\n        Incomplete operand at instruction 'MOV'\n" +
        'Number of errors: 3\nNumber of warnings: 1\nDuplicate errors/warnings found in line 3 (3)\n\n',
    );
  });

  it("stops, as pMARS does, on a message in a predefined constant's text (which has no source line)", () => {
    const r = errors(';assert 1\nCORESIZE equ 8000\n mov 0, 1\n');
    expect(r.errors).toEqual([{ line: 2, message: "Unrecognized or improper placement of token: '8000'" }]);
    expect(r.report.aborted).toBe('no source line');
    expect(formatReport(r.report)).toEqual({ stdout: 'Error in asm.c. Line: 846\n', stderr: '' });
  });

  it('accepts a warrior without instructions (pMARS only warns) and ignores ORG/END operands then', () => {
    const w = ok('end start\nstart nop 0\n');
    expect(w.instructions).toEqual([]);
    expect(w.warnings.join()).toContain('No instructions');
  });

  it('derives PSPACESIZE from CORESIZE like pMARS', () => {
    const ps = (coreSize: number) => ok('dat 0, PSPACESIZE\n', { coreSize, maxLength: 1 }).instructions[0].b;
    expect([8000, 100, 34, 55440, 8192].map(ps)).toEqual([500, 10, 17, 3465, 512]);
    expect(ok('dat 0, PSPACESIZE\n', { coreSize: 8000, pSpaceSize: 1 }).instructions[0].b).toBe(1);
  });

  it('rejects warriors longer than MAXLENGTH', () => {
    const src = 'for 101\nnop 0\nrof\n';
    expect(errors(src).errors[0].message).toBe('Too many instructions (about 1 more)');
    expect(ok(src, { maxLength: 101 }).instructions.length).toBe(101);
  });
});

describe('source reading quirks (checked with pMARS)', () => {
  it('cuts lines longer than 255 bytes: the rest is read as a new line', () => {
    // The tail of a long comment becomes code.
    const src = `;redcode\n;assert 1\n;${'y'.repeat(250)}dat 7, 7\nnop 1\n`;
    expect(errors(src).errors).toEqual([{ line: 4, message: "Unrecognized or improper placement of token: '7'" }]);
    expect(lines(`nop 0 ;${'x'.repeat(300)} mov 1, 2\n`)).toEqual(['NOP.F $ 0, $ 0', 'MOV.I $ 1, $ 2']);
  });

  it('joins a line ending in a backslash (when it has no comment) and stops at CR', () => {
    expect(lines('nop 0, \\\n1\n')).toEqual(['NOP.F $ 0, $ 1']);
    expect(lines('nop 0\r\nmov 1, 2\rjunk\n')).toEqual(['NOP.F $ 0, $ 0', 'MOV.I $ 1, $ 2']);
  });
});

describe('pMARS line-buffer quirk', () => {
  it('appends stale buffer bytes after an opcode glued to its operands up to the end of the line', () => {
    // pMARS reads `MOV.i#1,@2` plus leftovers of the longer line read before ("bl") and fails.
    expect(errors('mov.i#1,@2\nlbl:mov 0,1\nmov.i lbl,lbl\n').errors).toEqual([{ line: 1, message: 'Bad expression' }]);
    // A trailing blank terminates the text, so the same line is fine there.
    expect(lines('mov.i#1,@2 \nlbl:mov 0,1\nmov.i lbl,lbl\n')[0]).toBe('MOV.I # 1, @ 2');
  });
});

describe('load files', () => {
  it('prints exactly the pmars -A layout', () => {
    const w = ok('org 1\ndat -86, 673\nmov.i {-3, {-2\nsub #-7, -1\n');
    expect(formatLoadFile(w, { coreSize: 8000 })).toBe(
      [
        '       ORG          1',
        '       DAT.F  $   -86, $   673     ',
        '       MOV.I  {    -3, {    -2     ',
        '       SUB.AB #    -7, $    -1     ',
        '       END',
        '',
      ].join('\n'),
    );
  });

  it('reads a load file back', () => {
    const w = ok(';name X\nstart mov.i {-3, {-2\nspl 0\ndat 4000, 4001\nend start+1\n');
    const back = parseLoadFile(formatLoadFile(w));
    expect(back.instructions).toEqual(w.instructions);
    expect(back.start).toBe(w.start);
    expect(() => parseLoadFile('MOV.Q 1, 2\n')).toThrow(/line 1/);
  });
});
