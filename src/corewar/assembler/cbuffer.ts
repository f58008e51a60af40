// A model of pMARS' static line buffer `buf`.
//
// Why: when an opcode has text glued to it up to the end of the line (`dat#0,#0`, `mov.i$1,@2`),
// pMARS' first pass builds the statement in `buf` without a terminating NUL, so whatever an earlier
// line or token left further along the buffer is appended to the statement. Reproducing the exact
// bytes requires replaying every write pMARS makes to `buf` (line reads, then one copy per
// identifier token), which is what this class records. Positions count characters, which equals
// pMARS' bytes for ASCII sources.

export class StaleBuffer {
  private readonly b: string[] = [];

  /** Writes `s` at `offset`, followed by a NUL when `terminate` (strcpy/sprintf/fgets). */
  write(offset: number, s: string, terminate = true): void {
    for (let i = 0; i < s.length; i++) this.b[offset + i] = s[i];
    if (terminate) this.b[offset + s.length] = '\0';
  }

  /** The C string at the start of the buffer (unwritten cells are NUL, as in static storage). */
  cString(): string {
    let out = '';
    for (let i = 0; i < this.b.length; i++) {
      const c = this.b[i];
      if (c === undefined || c === '\0') break;
      out += c;
    }
    return out;
  }
}
