// Error and warning collection. Messages use pMARS' wording so users can search for them; the report keeps what
// pMARS prints (formatReport): each message as it occurs, then the counts and the repeats.

export interface AssembleError {
  /** 1-based source line; 0 when the problem concerns the whole warrior. */
  line: number;
  message: string;
}

/** One message as pMARS prints it. */
export interface Diagnostic {
  level: 'error' | 'warning';
  /** 1-based source line pMARS quotes; 0 for a message it prints without a line. */
  line: number;
  /** That line as pMARS keeps it (comment cut off, `;assert` lines keep their first ';'); '' without a line. */
  source: string;
  message: string;
  /** How often the same kind of message was raised on this line (pMARS prints it once and counts the rest). */
  count: number;
}

/** Everything pMARS reports while assembling one warrior. */
export interface AssemblyReport {
  /** In the order pMARS prints them. */
  messages: Diagnostic[];
  /** Errors and warnings raised, repeats included (pMARS' errnum and warnum). */
  errors: number;
  warnings: number;
  /**
   * Why pMARS stopped before its summary: too many messages, or a message raised in the text of a predefined
   * constant (`CORESIZE equ 8000` substitutes `8000` and finds a number where a label belongs), which has no source
   * line, so that pMARS fails its own consistency check.
   */
  aborted?: 'too many messages' | 'no source line';
}

/** pMARS gives up after this many distinct located messages, warnings included. */
export const MAX_LOCATED_MESSAGES = 9;

/** Thrown when pMARS would stop assembling (AssemblyReport.aborted). */
export class TooManyMessages extends Error {}

export class Diagnostics {
  readonly errors: AssembleError[] = [];
  readonly warnings: string[] = [];
  readonly report: AssemblyReport = { messages: [], errors: 0, warnings: 0 };
  /** Located messages by line and kind: pMARS' errkeep. */
  private readonly located = new Map<string, Diagnostic>();
  private sources = new Map<number, string>();
  private inPredefined = false;

  /** The source lines, for quoting them in messages. */
  setSources(lines: readonly { line: number; text: string }[]): void {
    this.sources = new Map(lines.map((l) => [l.line, l.text]));
  }

  /** Runs `scan` on a predefined constant's text (see AssemblyReport.aborted). */
  predefined<T>(scan: () => T): T {
    const outer = this.inPredefined;
    this.inPredefined = true;
    try {
      return scan();
    } finally {
      this.inPredefined = outer;
    }
  }

  /**
   * Records an error. `line` 0 means "not tied to a line"; `unlocated` marks messages that carry a
   * line for the user's benefit but that pMARS reports without one (they do not count towards
   * pMARS' limit of 9).
   */
  error(line: number, message: string, unlocated = false): void {
    if (this.record('error', line, message, unlocated)) this.errors.push({ line, message });
    this.checkLimit(line);
  }

  warn(line: number, message: string, unlocated = false): void {
    if (this.record('warning', line, message, unlocated)) this.warnings.push(line > 0 ? `line ${line}: ${message}` : message);
    this.checkLimit(line);
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /**
   * Counts the message and logs it unless it repeats a kind of problem already reported on the same source line
   * (pMARS reports it once per line and code, the first message wins). False for a repeat.
   */
  private record(level: Diagnostic['level'], line: number, message: string, unlocated: boolean): boolean {
    this.report[level === 'error' ? 'errors' : 'warnings']++;
    const at = unlocated ? 0 : line;
    if (at > 0 && this.inPredefined) {
      this.report.aborted = 'no source line'; // checkLimit() stops
      return true;
    }
    // pMARS tells its messages apart by code; ours by their text without the quoted and numeric arguments.
    const key = `${at}:${message.replace(/'[^']*'/g, "''").replace(/\d+/g, '0')}`;
    const earlier = at > 0 ? this.located.get(key) : undefined;
    if (earlier) {
      earlier.count++;
      return false;
    }
    const entry: Diagnostic = { level, line: at, source: this.sources.get(at) ?? '', message, count: 1 };
    this.report.messages.push(entry);
    if (at > 0) this.located.set(key, entry);
    return true;
  }

  private checkLimit(line: number): void {
    if (this.report.aborted) throw new TooManyMessages();
    if (this.located.size >= MAX_LOCATED_MESSAGES) {
      this.errors.push({ line, message: 'Too many errors or warnings. Program aborted' });
      this.report.aborted = 'too many messages';
      throw new TooManyMessages();
    }
  }
}

/**
 * The report as pMARS' SERVER build prints it on stderr: each message as it occurred, then the numbers of errors and
 * of warnings (C unsigned chars: they wrap at 256), the lines with repeated messages (latest first) and a blank line.
 * pMARS' failed consistency check goes to stdout.
 */
export function formatReport(r: AssemblyReport): { stdout: string; stderr: string } {
  const messages = r.messages.map(formatMessage).join('');
  if (r.aborted === 'no source line') return { stdout: 'Error in asm.c. Line: 846\n', stderr: messages };
  if (r.aborted) return { stdout: '', stderr: `${messages}\nToo many errors or warnings.\nProgram aborted.\n` };
  return { stdout: '', stderr: messages + formatSummary(r) };
}

function formatSummary(r: AssemblyReport): string {
  let out = '';
  const errors = r.errors & 0xff;
  const warnings = r.warnings & 0xff;
  if (errors) out += `Number of errors: ${errors}\n`;
  if (warnings) out += `Number of warnings: ${warnings}\n`;
  for (const m of r.messages.toReversed()) {
    if (m.line > 0 && m.count > 1) out += `Duplicate errors/warnings found in line ${m.line} (${m.count & 0xffff})\n`;
  }
  return errors + warnings ? `${out}\n` : out;
}

function formatMessage(m: Diagnostic): string {
  const level = m.level === 'error' ? 'Error' : 'Warning';
  const where = m.line > 0 ? ` in line ${m.line}: '${m.source}'` : ':';
  return `${level}${where}\n        ${m.message}\n`;
}

export const MSG = {
  appendUndefined: 'Attempting to append a string to an undefined label',
  bufferOverflow: 'Buffer overflow. Substitution is too complex',
  concatUse: (s: string) => `Unable to derefer and concatenate symbol '${s}'`,
  tooManyLabels: (s: string) => `Too many labels for a declaration (last: '${s}')`,
  unopenedFor: 'Unopened FOR',
  unclosedRof: 'Unclosed ROF',
  badOffset: 'Execution starts from outside of the program',
  noInstructions: 'No instructions',
  token: (s: string) => `Unrecognized or improper placement of token: '${s}'`,
  undefinedSymbol: (s: string) => `Undefined label or symbol: '${s}'`,
  syntax: 'Syntax error',
  discardLabels: (s: string) => `Discarding these labels: '${s}'`,
  tooManyInstructions: (n: number) => `Too many instructions (about ${n} more)`,
  missing: (s: string) => `Missing '${s}'`,
  recursive: (s: string) => `Recursive reference of label '${s}'`,
  badExpr: 'Bad expression',
  divZero: 'Division by zero',
  overflow: 'Arithmetic overflow detected',
  missingAssert: "Missing ';assert'. Warrior may not work with the current setting",
  ignoreEnd: 'Both opcodes ORG and END are used. Ignoring END',
  invalidAssert: "Invalid ';assert' parameter",
  tooMuchStuff: (n: number) => `Lines generated by the source exceed the limit ${n}\n\tIgnoring code generation`,
  improperPlace: (s: string) => `Improper placement of '${s}'`,
  incompleteOperand: (s: string) => `Incomplete operand at instruction '${s}'`,
  redefinition: (s: string) => `Ignored, redefinition of label '${s}'`,
  assertFails: 'Assertion in this line fails',
  curline: 'CURLINE is a reserved keyword',
  // Not in pMARS (which would hang or exhaust memory): our guard against runaway FOR/EQU expansion.
  expansionLimit: (n: number) => `Macro expansion exceeds ${n} steps (runaway FOR/ROF or EQU?)`,
} as const;
