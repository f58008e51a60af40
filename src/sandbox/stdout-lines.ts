/**
 * stdout of a command candidate whose output is its last line (`output: 'stdout'`), split as it arrives: the last
 * non-blank line is the output, capped by `outputMaxBytes`; every line before it is log, counted with stderr towards
 * `logMaxBytes`. So a 1 MB answer fits an output cap of 2 MB whatever the log cap, and a flood of short lines is still
 * a flood. At most one line of up to `maxLineBytes` is held (plus the one being written): a line longer than that can
 * only be log, and is counted as log from the byte it passes the cap.
 */
export class StdoutLines {
  /** stdout bytes that are log: every line but the last non-blank one, and any line longer than the output cap. */
  logBytes = 0;
  private readonly maxLineBytes: number;
  /** The last complete non-blank line (null: none yet; `'over'`: it passed the cap, so it was counted as log). */
  private held: Buffer | 'over' | null = null;
  private current: Buffer[] = [];
  private currentBytes = 0;
  private currentBlank = true;

  constructor(maxLineBytes: number) {
    this.maxLineBytes = maxLineBytes;
  }

  /** Whether the line being written has passed the output cap (so it can only be log, and is counted as such). */
  get writingOverLine(): boolean {
    return this.currentBytes > this.maxLineBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      this.append(chunk.subarray(start, newline < 0 ? chunk.length : newline));
      if (newline < 0) return;
      this.endLine();
      start = newline + 1;
    }
  }

  /** The output line once stdout has ended: its text, `'over'` if it passed the cap, or null if stdout had none. */
  lastLine(): string | 'over' | null {
    const last = this.currentBlank ? this.held : this.currentBytes > this.maxLineBytes ? 'over' : Buffer.concat(this.current);
    return last === null || last === 'over' ? last : last.toString('utf8');
  }

  private append(part: Buffer): void {
    if (part.length === 0) return;
    if (this.currentBlank && !isBlank(part)) this.currentBlank = false;
    const before = this.currentBytes;
    this.currentBytes += part.length;
    if (this.currentBytes <= this.maxLineBytes) this.current.push(part);
    else if (before <= this.maxLineBytes) {
      // Past the output cap: only a log line now. Everything so far counts as log, and nothing more is kept.
      this.logBytes += this.currentBytes;
      this.current = [];
    } else this.logBytes += part.length;
  }

  private endLine(): void {
    const over = this.currentBytes > this.maxLineBytes;
    if (this.currentBlank) this.logBytes += this.currentBytes + 1;
    else {
      // A newer non-blank line: the one held so far was log after all.
      if (this.held instanceof Buffer) this.logBytes += this.held.length + 1;
      this.held = over ? 'over' : Buffer.concat(this.current);
      this.logBytes += over ? 1 : 0;
    }
    this.current = [];
    this.currentBytes = 0;
    this.currentBlank = true;
  }
}

/** Whether a piece of a line is only whitespace (space, tab, CR, VT, FF), as `String.prototype.trim` sees ASCII. */
function isBlank(part: Buffer): boolean {
  for (const byte of part) if (byte !== 32 && (byte < 9 || byte > 13)) return false;
  return true;
}
