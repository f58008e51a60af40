// A pMARS-compatible command line: `runPmarsCli(['-b', '-r', '100', 'a.red', 'b.red'])` returns the stdout, stderr
// and exit code of pMARS 0.9.4 (its SERVER build, the one our oracles come from). Supported: -r -s -c -p -l -d -S
// -F -f -P -b -k -o -A, -= (score formula) and -@ (options read from a file, nestable), with pMARS's tokenising
// (clparse.c), its usage screen and error messages, and its checks in its order. Without -b pMARS first prints each
// warrior's listing (pMARS's disasm layout, reproduced here). Refused with one clear line (exit 2): -e (cdb), -V
// (verbose assembly), -8, -Q, warriors read from standard input, non-numeric -F. `-h`/`--help` print Kaizen's help.
import { readFileSync } from 'node:fs';
import { assemble, defaultPSpaceSize, formatReport } from './assembler/index.ts';
import { EXPR_OK, evalExpr, newRegisters } from './assembler/expr.ts';
import { formatLoadFile } from './loadfile.ts';
import { runBattleSplit } from './arena/split.ts';
import { formatKoth, formatResults, PMARS_MAX_WARRIORS } from './mars/battle.ts';
import { permutationRounds } from './mars/plan.ts';
import { MarsCapacityError, MAX_CORE_SIZE } from './mars/state.ts';
import type { MarsSettings, Warrior } from './types.ts';

export interface CliOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

// pMARS exit codes (global.h).
const CLP_NOGOOD = 2;
const PARSEERR = 3;

const MAXCORESIZE = 1073741824; // (INT_MAX >> 1) + 1
const INT_MAX = 2147483647;
const LONG_MAX = 9223372036854775807n;
const DEFAULT_SCORE = '(W*W-1)/S';

type Kind = 'int' | 'bool' | 'str';
interface OptionSpec {
  kind: Kind;
  min?: bigint;
  max?: bigint;
  /** The usage-screen text; options without one (-Q) are hidden, as in pMARS. */
  help?: string;
}

// pMARS's option table in its order (clparse.c parse_param), which is also the usage screen's order.
const OPTION_TABLE: [string, OptionSpec][] = [
  ['r', { kind: 'int', min: 0n, max: BigInt(INT_MAX), help: 'Rounds to play [1]' }],
  ['e', { kind: 'bool', help: '(disabled in SERVER version)' }],
  ['s', { kind: 'int', min: 1n, max: BigInt(MAXCORESIZE), help: 'Size of core [8000]' }],
  ['b', { kind: 'bool', help: 'Brief mode (no source listings)' }],
  ['c', { kind: 'int', min: 1n, max: LONG_MAX, help: 'Cycles until tie [80000]' }],
  ['V', { kind: 'bool', help: 'Verbose assembly' }],
  ['p', { kind: 'int', min: 1n, max: BigInt(INT_MAX), help: 'Max. processes [8000]' }],
  ['k', { kind: 'bool', help: 'Output in KotH format' }],
  ['l', { kind: 'int', min: 1n, max: 1000n, help: 'Max. warrior length [100]' }],
  ['8', { kind: 'bool', help: "Enforce ICWS'88 rules" }],
  ['d', { kind: 'int', min: 1n, max: BigInt(Math.floor(MAXCORESIZE / PMARS_MAX_WARRIORS)), help: 'Min. warriors distance' }],
  ['f', { kind: 'bool', help: 'Fixed position series' }],
  ['F', { kind: 'str', help: 'Fixed position of warrior #2' }],
  ['o', { kind: 'bool', help: 'Sort result output by score' }],
  ['S', { kind: 'int', min: 1n, max: BigInt(MAXCORESIZE), help: 'Size of P-space [1/16th core]' }],
  ['P', { kind: 'bool', help: 'Permutate starting positions' }],
  ['A', { kind: 'bool', help: 'Assemble warriors only' }],
  ['=', { kind: 'str', help: 'Score formula $ [(W*W-1)/S]' }],
  ['Q', { kind: 'int', min: -1n, max: BigInt(INT_MAX) }],
];
const OPTIONS = new Map(OPTION_TABLE);

/** pMARS options this MARS does not reproduce: refused up front rather than silently ignored or approximated. */
const UNSUPPORTED: Record<string, string> = {
  e: 'the cdb debugger',
  V: 'verbose assembly',
  8: "ICWS'88 mode",
  Q: 'exit codes from scores',
};

/** pMARS's usage screen (print_usage): credits, then the options two per line, each padded to 30 columns. */
const USAGE = (() => {
  const mark: Record<Kind, string> = { int: '#', bool: ' ', str: '$' };
  let text =
    "pMARS v0.9.4, 04/07/22, corewar simulator with ICWS'94 extensions\n" +
    "Copyright (C) 1993-95 Albert Ma, Na'ndor Sieben, Stefan Strack and Mintardjo Wangsaw\n" +
    'SERVER version without debugger\n' +
    'Usage:\n   pmars [options] file1 [files ..]\n   The special file - stands for standard input\n\nOptions:\n';
  let shown = 0;
  for (const [c, o] of OPTION_TABLE) {
    if (o.help === undefined) continue;
    text += `  -${c} ${mark[o.kind]} ${o.help.padEnd(30)}`;
    if (shown++ % 2) text += '\n';
  }
  return `${text}  -@ $ Read options from file $\n`;
})();

/** Kaizen's own help for `kaizen corewar battle` (pMARS has none: it prints its usage screen on any error). */
export const HELP = `Usage: kaizen corewar battle [options] file1 [files ..]
       kaizen corewar assemble [options] file   (the same as battle -A)

Fights Core War warriors exactly as pMARS 0.9.4 does (its SERVER build): same options, same output, same exit
codes (0 ok, 2 bad command line, 3 a warrior that does not open or assemble). Options (# a number, $ a string):
  -r #  Rounds to play [1]                  -b    Brief mode (no source listings)
  -s #  Size of core [8000]                 -k    Output in KotH format
  -c #  Cycles until tie [80000]            -o    Sort result output by score
  -p #  Max. processes [8000]               -f    Fixed position series (seed from the warriors' code)
  -l #  Max. warrior length [100]           -P    Permutate starting positions (two warriors)
  -d #  Min. warriors distance [= -l]       -A    Assemble only: print ICWS'94 load files
  -S #  Size of P-space [1/16th core]       -F #  Fixed position of warrior #2
  -= $  Score formula [(W*W-1)/S]: W = warriors, S = survivors, pMARS's integer expressions
  -@ $  Read options from file $ (whitespace-separated, "quoted strings", ; comments, nestable, - = stdin)
  -h, --help  This help

Not supported (refused with an error): -e (the cdb debugger), -V (verbose assembly), -8 (ICWS'88 mode),
-Q (exit codes from scores), warriors read from standard input (-), non-numeric -F (external RNG), core displays.
`;

/** pMARS's default P-space size (one rule, shared with the assembler's PSPACESIZE). */
export const pmarsPSpaceSize = defaultPSpaceSize;

const W_REGISTER = 'W'.charCodeAt(0) - 65;
const S_REGISTER = 'S'.charCodeAt(0) - 65;

/**
 * pMARS's -= score formula as `runBattle`'s scoreFormula: evaluated by pMARS's expression evaluator with registers
 * W = warriors and S = survivors (other registers start at 0 and keep assignments between evaluations, as pMARS's
 * do). Returns null if it is bad or divides by zero for some S in 1..W, which pMARS rejects before the battle.
 * The value is cut to 32 bits: pMARS adds it into a C int, so only those bits reach the score. A later failure
 * (possible only through registers) gives NaN, which runBattle turns into pMARS's INT_MIN score.
 */
export function pmarsScoreFormula(formula: string, warriors: number): ((w: number, s: number) => number) | null {
  const check = newRegisters();
  check[W_REGISTER] = BigInt(warriors);
  for (let s = 1; s <= warriors; s++) {
    check[S_REGISTER] = BigInt(s);
    if (evalExpr(formula, check).status < EXPR_OK) return null;
  }
  const regs = newRegisters(); // pMARS's assembler resets the registers after the check
  return (w, s) => {
    regs[W_REGISTER] = BigInt(w);
    regs[S_REGISTER] = BigInt(s);
    const r = evalExpr(formula, regs);
    return r.status < EXPR_OK ? Number.NaN : Number(BigInt.asIntN(32, r.value));
  };
}

// ---- Reading options: pMARS's next_input() for the command line and for -@ files ----

/** A source of option words; '' (or pMARS's end marker `$`) ends it. */
type Words = () => string;

function argvWords(argv: readonly string[]): Words {
  let i = 0;
  return () => (i < argv.length ? argv[i++] : '');
}

/**
 * Words of a -@ file as pMARS reads them with fscanf: whitespace-separated; a word starting with `"` runs to the
 * next `"` (its opening quote becomes a space, as in pMARS); a word starting with `;` skips the line (fgets of at
 * most 99 characters, so a longer comment line goes on being read as words).
 */
function fileWords(text: string): Words {
  let p = 0;
  const isSpace = (c: string) => ' \t\n\v\f\r'.includes(c);
  const word = (): string => {
    while (p < text.length && isSpace(text[p])) p++;
    const from = p;
    while (p < text.length && !isSpace(text[p])) p++;
    return text.slice(from, p);
  };
  return () => {
    let w = word();
    if (w.startsWith('"')) {
      w = ` ${w.slice(1)}`;
      if (w.endsWith('"')) w = w.slice(0, -1);
      else {
        const from = p;
        while (p < text.length && text[p] !== '"') p++;
        w += text.slice(from, p);
        while (p < text.length && text[p] === '"') p++;
      }
    }
    while (w.startsWith(';')) {
      const end = text.indexOf('\n', p);
      p = Math.min(end < 0 ? text.length : end + 1, p + 99);
      w = word();
    }
    return w;
  };
}

// ---- Parsing: pMARS's clp_parse() ----

interface Parsed {
  values: Record<string, string>;
  switches: Record<string, boolean>;
  files: string[];
}

/** Why parsing stopped: pMARS's message (after its usage screen), or a Kaizen refusal (no usage screen). */
type ParseError = { pmars: string; nested?: string[] } | { unsupported: string };

interface ParseContext {
  readFile: (p: string) => string;
  stderr: string[];
}

/** One level of clp_parse: reads words until the source ends; a -@ file is parsed by a nested call. */
function parseWords(next: Words, out: Parsed, ctx: ParseContext): ParseError | null {
  for (let word = next(); word !== '' && word !== '$'; word = next()) {
    const error = word[0] === '-' && word.length > 1 ? parseSwitches(word, next, out, ctx) : addWarrior(word, out);
    if (error) return error;
  }
  return null;
}

/** A word such as `-bk` or `-r`: boolean switches toggle; one taking a value must end the word. */
function parseSwitches(word: string, next: Words, out: Parsed, ctx: ParseContext): ParseError | null {
  for (let i = 1; i < word.length; i++) {
    const c = word[i];
    const spec = OPTIONS.get(c);
    if (c === '@') return i === word.length - 1 ? includeFile(next, out, ctx) : { pmars: '\nCannot open parameter file\n' };
    if (!spec) return { pmars: `\nUnknown option "${word}"\n` };
    if (c in UNSUPPORTED) return { unsupported: `-${c} (${UNSUPPORTED[c]}) is not supported` };
    if (spec.kind === 'bool') {
      out.switches[c] = !out.switches[c]; // pMARS toggles a repeated switch
      continue;
    }
    const badArgument = { pmars: `\nBad argument for "-${c}" switch\n` };
    const value = i === word.length - 1 ? next() : '';
    if (value === '' || value === '$') return badArgument;
    if (spec.kind === 'int') {
      if (!/^\d+$/.test(value)) return badArgument;
      const n = BigInt(value) > LONG_MAX ? LONG_MAX : BigInt(value); // atol saturates
      if (n < (spec.min ?? 0n) || n > (spec.max ?? 0n)) {
        return { pmars: `\nOption "-${c}" value must be in the range ${spec.min} - ${spec.max}\n` };
      }
    }
    out.values[c] = value;
    return null;
  }
  return null;
}

/** -@ FILE (or `-` for standard input): its words are parsed in place; an error there is located by file name. */
function includeFile(next: Words, out: Parsed, ctx: ParseContext): ParseError | null {
  const name = next();
  if (name === '' || name === '$') return { pmars: '\nCannot open parameter file\n' };
  let text: string;
  try {
    if (name === '-') ctx.stderr.push('[Reading from standard input until EOF or "$"]\n');
    text = ctx.readFile(name === '-' ? '/dev/stdin' : name);
  } catch (e) {
    // pMARS opens a directory like a file and reads nothing from it: an empty parameter file.
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') text = '';
    else return { pmars: '\nCannot open parameter file\n' };
  }
  const error = parseWords(fileWords(text), out, ctx);
  if (!error || 'unsupported' in error) return error;
  return { ...error, nested: [...(error.nested ?? []), name === '-' ? 'standard input' : name] };
}

function addWarrior(word: string, out: Parsed): ParseError | null {
  if (out.files.length >= PMARS_MAX_WARRIORS) return { pmars: `\nToo many parameters "${word}"\n` };
  // pMARS reads `-` (or `N-`, N warriors) from standard input; any other word ending in `-` is an unknown option.
  if (word.endsWith('-')) {
    if (word !== '-' && !(Number.parseInt(word, 10) > 0)) return { pmars: `\nUnknown option "${word.slice(0, -1)}"\n` };
    return { unsupported: 'reading warriors from standard input (-) is not supported' };
  }
  out.files.push(word);
  return null;
}

// ---- Checking: parse_param()'s checks after parsing, all reported, the usage screen once ----

interface Checked {
  settings: MarsSettings;
  fixedPosition?: number;
  scoreFormula?: (w: number, s: number) => number;
}

/** pMARS's -F value as its C int: decimal digits accumulated with 32-bit wrap-around. */
function fixedPositionOf(text: string): number | null {
  let n = 0;
  for (const ch of text) {
    if (ch < '0' || ch > '9') return null;
    n = (Math.imul(n, 10) + (ch.charCodeAt(0) - 48)) | 0;
  }
  return n;
}

/** parse_param()'s checks in its order; every failing one adds its message. */
function checkOptions(p: Parsed): { errors: string[]; unsupported?: string; checked: Checked } {
  const num = (c: string, fallback: number) => (c in p.values ? Number(p.values[c]) : fallback);
  const errors: string[] = [];
  const warriors = p.files.length;
  const coreSize = num('s', 8000);
  const maxLength = num('l', 100);
  let minDistance = num('d', 0);
  if (p.switches.f && 'F' in p.values) errors.push('\nOnly one of -f and -F can be given\n');
  if (minDistance === 0) minDistance = maxLength;
  else if (minDistance < maxLength) errors.push('\nWarrior distance cannot be smaller than warrior length\n');
  if (coreSize < warriors * minDistance) errors.push('\nCore size is too small\n');
  let fixedPosition: number | undefined;
  let unsupported: string | undefined;
  if ('F' in p.values) {
    const f = fixedPositionOf(p.values.F);
    if (f === null) unsupported = 'a non-numeric -F (the external RNG) is not supported';
    else if (minDistance > f) errors.push('\nPosition of warrior #2 cannot be smaller than warrior distance\n');
    else fixedPosition = f;
  }
  const scoreFormula = pmarsScoreFormula(p.values['='] ?? DEFAULT_SCORE, warriors) ?? undefined;
  if (!scoreFormula) errors.push('\nBad score formula\n');
  const pSpaceSize = num('S', pmarsPSpaceSize(coreSize));
  if (pSpaceSize > coreSize) errors.push('\nP-space is bigger than core\n');
  if (p.switches.P && warriors !== 2) errors.push('\nPermutation cannot be used in multiwarrior battles\n');
  // -P without -r plays every position/order pair once.
  const rounds = num('r', p.switches.P ? permutationRounds(coreSize, minDistance) : 1);
  if (warriors === 0) errors.push('\nNo warrior file specified\n');
  const maxCycles = num('c', 80000);
  const settings: MarsSettings = { coreSize, maxCycles, maxProcesses: num('p', 8000), maxLength, minDistance, rounds, pSpaceSize, warriors };
  return { errors, unsupported, checked: { settings, fixedPosition, scoreFormula: '=' in p.values ? scoreFormula : undefined } };
}

/** Options pMARS accepts that this MARS does not play: the reason, or null. */
function beyondKaizen(p: Parsed, { coreSize, minDistance, rounds, maxCycles, warriors }: MarsSettings): string | null {
  const permutations = permutationRounds(coreSize, minDistance);
  // pMARS then reads past its table of positions and prints garbage.
  if (p.switches.P && rounds > permutations) return `-P with more than ${permutations} rounds (every position and order once) is not supported`;
  if (warriors * maxCycles > INT_MAX) return `-c beyond ${Math.floor(INT_MAX / warriors)} is not supported`;
  if (coreSize > MAX_CORE_SIZE) return `-s beyond ${MAX_CORE_SIZE} is not supported`;
  return null;
}

// ---- Output ----

/** `-A`: the ICWS'94 load file, with pMARS's PIN line when the warrior has one. */
function formatAssembled(warrior: Warrior, coreSize: number): string {
  return formatLoadFile(warrior, { coreSize });
}

/**
 * The listing pMARS prints for each warrior without `-b`: a header, `ORG START`, the load-file lines with the
 * start instruction labelled START, and a blank line.
 */
function formatListing(warrior: Warrior, coreSize: number): string {
  const n = warrior.instructions.length;
  const header = `Program "${warrior.name}" (length ${n}) by "${warrior.author}"\n\n`;
  // pMARS's disasm(): `ORG START` only for a start inside the code, then each instruction, then a blank line.
  const org = warrior.start >= 0 && warrior.start < n ? '       ORG      START\n' : '';
  const lines = formatLoadFile(warrior, { coreSize })
    .split('\n')
    .slice(1, 1 + n);
  const body = lines.map((l, i) => `${i === warrior.start ? `START${l.slice(5)}` : l}\n`).join('');
  return `${header}${org}${body}\n`;
}

const refuse = (message: string, stderr = ''): CliOutput => ({
  stdout: '',
  stderr: `${stderr}kaizen corewar battle: ${message}\n`,
  exitCode: CLP_NOGOOD,
});

const defaultReadFile = (p: string): string => readFileSync(p, 'utf8');

export function runPmarsCli(argv: string[], readFile: (p: string) => string = defaultReadFile): CliOutput {
  if (argv.includes('-h') || argv.includes('--help')) return { stdout: HELP, stderr: '', exitCode: 0 };
  const parsed: Parsed = { values: {}, switches: {}, files: [] };
  const ctx: ParseContext = { readFile, stderr: [] };
  const error = parseWords(argvWords(argv), parsed, ctx);
  const prefix = ctx.stderr.join('');
  if (error && 'unsupported' in error) return refuse(error.unsupported, prefix);
  if (error) {
    const located = (error.nested ?? []).map((f) => `The error is located in "${f}"\n`).join('');
    return { stdout: '', stderr: `${prefix}${USAGE}${error.pmars}${located}`, exitCode: CLP_NOGOOD };
  }
  const { errors, unsupported, checked } = checkOptions(parsed);
  if (errors.length > 0) return { stdout: '', stderr: `${prefix}${USAGE}${errors.join('')}`, exitCode: CLP_NOGOOD };
  const refusal = unsupported ?? beyondKaizen(parsed, checked.settings);
  if (refusal) return refuse(refusal, prefix);
  return play(parsed, checked, readFile, prefix);
}

/** Assembles the warriors (printing listings or load files unless -b) and plays the battle. */
function play(p: Parsed, { settings, fixedPosition, scoreFormula }: Checked, readFile: (p: string) => string, stderr: string): CliOutput {
  let stdout = '';
  const warriors: Warrior[] = [];
  for (const [position, file] of p.files.entries()) {
    let source: string;
    try {
      source = readFile(file);
    } catch (e) {
      // pMARS's assembler reports it (asm.c, FNFERR and DSKERR: a directory opens but does not read).
      const what = (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'read' : 'open';
      return { stdout, stderr: `${stderr}Error:\n        Unable to ${what} file '${file}'\n`, exitCode: PARSEERR };
    }
    const r = assemble(source, settings, { position });
    // pMARS's SERVER build prints its messages without the file's name; the first warrior that fails ends the run.
    const report = formatReport(r.report);
    stdout += report.stdout;
    stderr += report.stderr;
    if (!r.ok) return { stdout, stderr, exitCode: PARSEERR };
    warriors.push(r.warrior);
    if (!p.switches.b) stdout += p.switches.A ? formatAssembled(r.warrior, settings.coreSize) : formatListing(r.warrior, settings.coreSize);
  }
  if (settings.rounds === 0 || p.switches.A) return { stdout, stderr, exitCode: 0 };

  const options = { fixedPosition, checksumSeed: p.switches.f, permutate: p.switches.P, scoreFormula };
  // pMARS is single-threaded; the battle's rounds are shared out between this machine's idle cores (same result).
  let result: ReturnType<typeof runBattleSplit>;
  try {
    result = runBattleSplit(warriors, settings, options);
  } catch (e) {
    if (!(e instanceof MarsCapacityError)) throw e;
    return { ...refuse(`${e.message}: not supported`, stderr), stdout };
  }
  stdout += p.switches.k ? formatKoth(result) : formatResults(result, p.switches.o);
  return { stdout, stderr, exitCode: 0 };
}

/**
 * For `kaizen corewar hill`: the settings and battle options of pMARS flags (no warrior files), parsed and checked as
 * for a battle of WARRIORS warriors, so every pairing is fought as `battle` would fight it; else pMARS's complaint.
 */
export function pmarsBattleSetup(
  argv: readonly string[],
  warriors = 2,
): { settings: MarsSettings; options: import('./mars/battle.ts').BattleOptions } | { error: string } {
  const parsed: Parsed = { values: {}, switches: {}, files: [] };
  const error = parseWords(argvWords(argv), parsed, { readFile: defaultReadFile, stderr: [] });
  if (error) return { error: 'unsupported' in error ? error.unsupported : error.pmars.trim() };
  if (parsed.files.length > 0) return { error: `unexpected argument "${parsed.files[0]}"` };
  parsed.files = Array.from({ length: warriors }, () => '');
  const { errors, unsupported, checked } = checkOptions(parsed);
  if (errors.length > 0) return { error: errors.map((e) => e.trim()).join('; ') };
  const refusal = unsupported ?? beyondKaizen(parsed, checked.settings);
  if (refusal) return { error: refusal };
  const { settings, fixedPosition, scoreFormula } = checked;
  return { settings, options: { fixedPosition, checksumSeed: parsed.switches.f, permutate: parsed.switches.P, scoreFormula } };
}
