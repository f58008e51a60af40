// ICWS'94 load files, byte-for-byte as `pmars -A` prints them:
//        ORG      N
//        MOV.I  {    -3, {    -2
//        END
// Numbers are printed signed in (-CORESIZE/2, CORESIZE/2]. pMARS prints no name; a PIN, when the warrior has one,
// goes before END as `       PIN     %6ld` (pmars.c body()).

import { assemble } from './assembler/index.ts';
import type { MarsSettings, Warrior } from './types.ts';

const pad = (n: number, width: number): string => String(n).padStart(width, ' ');

/** Signed view of a field in [0, coreSize), as pMARS' denormalize(). */
export function signedField(v: number, coreSize: number): number {
  return v > Math.floor(coreSize / 2) ? v - coreSize : v;
}

export function formatLoadFile(warrior: Warrior, settings: Pick<MarsSettings, 'coreSize'> | { coreSize?: number } = {}): string {
  const coreSize = settings.coreSize ?? 8000;
  const out: string[] = [`       ORG     ${pad(warrior.start, 6)}`];
  for (const ins of warrior.instructions) {
    const opmod = `${ins.op}.${ins.mod.padEnd(2, ' ')}`;
    const a = pad(signedField(ins.a, coreSize), 6);
    const b = pad(signedField(ins.b, coreSize), 6);
    out.push(`       ${opmod} ${ins.aMode}${a}, ${ins.bMode}${b}     `);
  }
  if (warrior.pin !== null) out.push(`       PIN     ${pad(warrior.pin, 6)}`);
  out.push('       END');
  return out.join('\n') + '\n';
}

/**
 * Reads a load file (or any Redcode) back into a Warrior. Load files are valid Redcode, so this is
 * the assembler with a permissive length limit; `;name`/`;author` are used when present.
 * Throws with the assembler's messages when the text is not valid.
 */
export function parseLoadFile(text: string, coreSize = 8000): Warrior {
  const r = assemble(text, { coreSize, maxLength: 1000 });
  if (!r.ok) {
    const msg = r.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ');
    throw new Error(`Invalid load file: ${msg}`);
  }
  return r.warrior;
}
