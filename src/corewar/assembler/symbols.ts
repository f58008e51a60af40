// The symbol table shared by both passes. Like pMARS it is a stack searched newest first, holding
// three kinds of entries: EQU text (predefined constants are EQU text too), FOR counters (live only
// while their loop expands) and line labels (instruction index).

import type { SourceLine } from './source.ts';

export type SymbolKind = 'text' | 'counter' | 'label';

export interface SymbolEntry {
  names: string[];
  kind: SymbolKind;
  /** Label: instruction index. Counter: current iteration (1-based). */
  value: number;
  /** EQU text, one entry per line of a multi-line EQU. */
  lines: SourceLine[];
  /** Set while the entry is being substituted, to detect recursive definitions. */
  visit: boolean;
}

export class SymbolTable {
  private readonly entries: SymbolEntry[] = [];

  lookup(name: string): SymbolEntry | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i].names.includes(name)) return this.entries[i];
    }
    return undefined;
  }

  push(entry: SymbolEntry): void {
    this.entries.push(entry);
  }

  defineText(names: string[], lines: SourceLine[]): SymbolEntry {
    const e: SymbolEntry = { names, kind: 'text', value: 0, lines, visit: false };
    this.push(e);
    return e;
  }

  defineLabels(names: string[], value: number): void {
    this.push({ names, kind: 'label', value, lines: [], visit: false });
  }

  /** Removes the innermost FOR counter when its loop is done. */
  popCounter(entry: SymbolEntry): void {
    const i = this.entries.lastIndexOf(entry);
    if (i >= 0) this.entries.splice(i, 1);
  }
}
