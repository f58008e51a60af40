import { assemble } from '../../corewar/assembler/index.ts';
import { MODES, MODIFIERS, type MarsSettings } from '../../corewar/types.ts';
import type { Rng } from '../../util/rng.ts';
import { evolveRegions } from '../evolve-blocks.ts';
import type { Operator, OperatorInput, OperatorOutput } from '../operator.ts';

/** Opcodes the offline operators draw from (P-space opcodes are left to warriors that already use them). */
const OPS = ['DAT', 'MOV', 'ADD', 'SUB', 'MUL', 'DIV', 'MOD', 'JMP', 'JMZ', 'JMN', 'DJN', 'SPL', 'SEQ', 'SNE', 'SLT', 'NOP'] as const;
const ALL_OPS = new Set([...OPS, 'CMP', 'LDP', 'STP']);

/** One instruction line of a warrior, split into the parts the operators change. */
interface Line {
  label: string;
  op: string;
  mod: string;
  aMode: string;
  a: string;
  bMode: string;
  b: string;
  comment: string;
}

const LINE = /^\s*(?:([A-Za-z_]\w*):?\s+)?([A-Za-z]{3})(?:\.([A-Za-z]{1,2}))?\s+([#$*@{<}>]?)\s*([^,;]*?)\s*(?:,\s*([#$*@{<}>]?)\s*([^;]*?))?\s*(;.*)?$/;

function parseLine(text: string): Line | null {
  const m = LINE.exec(text);
  if (!m || !ALL_OPS.has(m[2].toUpperCase())) return null;
  return {
    label: m[1] ?? '',
    op: m[2].toUpperCase(),
    mod: (m[3] ?? '').toUpperCase(),
    aMode: m[4] ?? '',
    a: m[5] ?? '0',
    bMode: m[6] ?? '',
    b: m[7] ?? '',
    comment: m[8] ?? '',
  };
}

function formatLine(l: Line): string {
  const head = `${l.label ? `${l.label} ` : ''}${l.op}${l.mod ? `.${l.mod}` : ''}`;
  const b = l.b !== '' ? `, ${l.bMode}${l.b}` : '';
  return `        ${head.padEnd(8)} ${l.aMode}${l.a}${b}${l.comment ? ` ${l.comment}` : ''}`.trimEnd();
}

export interface RedcodeOperatorOptions {
  /** The hill the warriors fight on: fields are drawn in (−coreSize/2, coreSize/2], length stays ≤ maxLength. */
  settings: Partial<MarsSettings> & { coreSize: number; maxLength: number };
}

/**
 * Instruction-level mutation and crossover of Redcode warriors (as in Core War evolvers): change an opcode,
 * modifier, addressing mode or field; insert, delete or duplicate an instruction; or splice the parent with an
 * inspiration (one-point crossover). Only instruction lines inside the EVOLVE blocks (the whole warrior without
 * markers) change; the child must assemble under the hill's settings.
 */
export class RedcodeOperator implements Operator {
  readonly name = 'redcode';
  private readonly settings: RedcodeOperatorOptions['settings'];

  constructor(options: RedcodeOperatorOptions) {
    this.settings = options.settings;
  }

  supports(language: string): boolean {
    return language === 'redcode';
  }

  async propose({ code, inspirations, rng }: OperatorInput): Promise<OperatorOutput | null> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const out = this.mutate(code, inspirations, rng);
      if (out && out.code !== code && assemble(out.code, this.settings).ok) return out;
    }
    return null;
  }

  private mutate(code: string, inspirations: OperatorInput['inspirations'], rng: Rng): OperatorOutput | null {
    const lines = code.split('\n');
    const editable = editableLineNumbers(code).filter((i) => parseLine(lines[i]) !== null);
    if (editable.length === 0) return null;
    const count = editable.length;
    const kinds = ['opcode', 'modifier', 'mode', 'field', 'field', 'field', 'insert', 'delete', 'duplicate'];
    if (inspirations.length > 0) kinds.push('crossover');
    const kind = rng.pick(kinds);
    const at = rng.pick(editable);
    const line = parseLine(lines[at])!;
    const set = (l: Line, what: string) => {
      lines[at] = formatLine(l);
      return { code: lines.join('\n'), change: `${what} at line ${at + 1}` };
    };
    switch (kind) {
      case 'opcode': {
        const op = rng.pick(OPS.filter((o) => o !== line.op));
        return set({ ...line, op, mod: '' }, `opcode ${line.op} → ${op}`);
      }
      case 'modifier': {
        const mod = rng.pick(MODIFIERS.filter((m) => m !== line.mod));
        return set({ ...line, mod }, `modifier .${line.mod || '(default)'} → .${mod}`);
      }
      case 'mode': {
        const onB = line.b !== '' && rng.next() < 0.5;
        const mode = rng.pick(MODES);
        return set(onB ? { ...line, bMode: mode } : { ...line, aMode: mode }, `${onB ? 'B' : 'A'}-mode → ${mode}`);
      }
      case 'field': {
        const onB = line.b !== '' && rng.next() < 0.5;
        const current = onB ? line.b : line.a;
        const value = /^[+-]?\d+$/.test(current.trim()) ? Number(current) : null;
        const next = String(this.newField(value, rng));
        return set(onB ? { ...line, b: next } : { ...line, a: next }, `${onB ? 'B' : 'A'}-field ${current} → ${next}`);
      }
      case 'insert': {
        if (count >= this.settings.maxLength) return null;
        const fresh: Line = {
          label: '',
          op: rng.pick(OPS),
          mod: rng.pick(MODIFIERS),
          aMode: rng.pick(MODES),
          a: String(this.newField(null, rng)),
          bMode: rng.pick(MODES),
          b: String(this.newField(null, rng)),
          comment: '',
        };
        lines.splice(at + (rng.next() < 0.5 ? 0 : 1), 0, formatLine(fresh));
        return { code: lines.join('\n'), change: `inserted ${formatLine(fresh).trim()} near line ${at + 1}` };
      }
      case 'delete': {
        if (count <= 1 || line.label) return null; // a labelled line may be referenced elsewhere
        lines.splice(at, 1);
        return { code: lines.join('\n'), change: `deleted line ${at + 1}` };
      }
      case 'duplicate': {
        if (count >= this.settings.maxLength) return null;
        lines.splice(at + 1, 0, formatLine({ ...line, label: '' }));
        return { code: lines.join('\n'), change: `duplicated line ${at + 1}` };
      }
      default:
        return this.crossover(lines, editable, rng.pick(inspirations), rng);
    }
  }

  /** Parent's instructions before a cut, the inspiration's from its own cut on; the rest of the parent is kept. */
  private crossover(lines: string[], editable: number[], other: { id: number; code: string }, rng: Rng): OperatorOutput | null {
    const otherLines = other.code.split('\n');
    const donor = editableLineNumbers(other.code)
      .filter((i) => parseLine(otherLines[i]) !== null)
      .map((i) => formatLine({ ...parseLine(otherLines[i])!, label: '' }));
    if (donor.length === 0) return null;
    const cut = rng.int(0, editable.length);
    const donorCut = rng.int(0, donor.length - 1);
    const kept = editable.slice(0, cut);
    const tail = donor.slice(donorCut, donorCut + this.settings.maxLength - kept.length);
    // Labels in the removed part would leave dangling references: only cut where none is removed.
    if (editable.slice(cut).some((i) => parseLine(lines[i])!.label)) return null;
    const removed = new Set(editable.slice(cut));
    const insertAt = cut < editable.length ? editable[cut] : editable[editable.length - 1] + 1;
    const out: string[] = [];
    lines.forEach((l, i) => {
      if (i === insertAt) out.push(...tail);
      if (!removed.has(i)) out.push(l);
    });
    if (insertAt >= lines.length) out.push(...tail);
    return { code: out.join('\n'), change: `crossover: first ${cut} instructions kept, ${tail.length} taken from program ${other.id}` };
  }

  private newField(current: number | null, rng: Rng): number {
    const half = Math.floor(this.settings.coreSize / 2);
    if (current === null || rng.next() < 0.25) return rng.int(-half + 1, half);
    const delta = rng.pick([-1, 1]) * rng.int(1, Math.max(1, Math.min(8, half)));
    let v = current + delta;
    if (v > half) v -= this.settings.coreSize;
    if (v <= -half) v += this.settings.coreSize;
    return v;
  }
}

/** Line indexes inside the EVOLVE blocks. */
function editableLineNumbers(code: string): number[] {
  const regions = evolveRegions(code);
  const out: number[] = [];
  let offset = 0;
  code.split('\n').forEach((line, i) => {
    const start = offset;
    offset += line.length + 1;
    if (regions.some((r) => start >= r.start && start < r.end)) out.push(i);
  });
  return out;
}
