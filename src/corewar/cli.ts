// A pMARS-compatible command line: `runPmarsCli(['-b', '-r', '100', 'a.red', 'b.red'])` returns
// what pMARS 0.9.4 would print. Supported: -r -s -c -p -l -d -S -F -f -P -b -k -o -A.
// Without -b pMARS first prints each warrior's listing (pMARS's disasm layout, reproduced here).
import { readFileSync } from 'node:fs';
import { assemble, defaultPSpaceSize } from './assembler/index.ts';
import { formatLoadFile } from './loadfile.ts';
import { formatKoth, formatResults, runBattle } from './mars/battle.ts';
import { permutationRounds } from './mars/plan.ts';
import type { MarsSettings, Warrior } from './types.ts';

export interface CliOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

// pMARS exit codes (global.h).
const FNOFOUND = 1;
const CLP_NOGOOD = 2;
const PARSEERR = 3;

const MAXWARRIOR = 36;

type NumFlag = 'r' | 's' | 'c' | 'p' | 'l' | 'd' | 'S';
const NUM_FLAGS: Record<NumFlag, { min: number; max: number }> = {
  r: { min: 0, max: 2147483647 },
  s: { min: 1, max: 1073741824 },
  c: { min: 1, max: 2147483647 },
  p: { min: 1, max: 2147483647 },
  l: { min: 1, max: 1000 },
  d: { min: 1, max: 1073741824 / MAXWARRIOR },
  S: { min: 1, max: 1073741824 },
};
const BOOL_FLAGS = new Set(['f', 'b', 'k', 'o', 'A', 'P']);

const USAGE = `Usage: pmars [options] file1 [files ..]
Options:
  -r #  Rounds to play [1]            -s #  Size of core [8000]
  -c #  Cycles until tie [80000]      -p #  Max. processes [8000]
  -l #  Max. warrior length [100]     -d #  Min. warriors distance
  -S #  Size of P-space [1/16 core]   -f    Fixed position series
  -F #  Fixed position of warrior #2  -b    Brief mode (no source listings)
  -k    Output in KotH format         -o    Sort result output by score
  -P    Permutate starting positions
  -A    Output in ICWS'94 load-file format
`;

/** pMARS's default P-space size (one rule, shared with the assembler's PSPACESIZE). */
export const pmarsPSpaceSize = defaultPSpaceSize;

/** `-A`: the ICWS'94 load file (pMARS's PIN line, if any, is not reproduced: no oracle covers it). */
function formatAssembled(warrior: Warrior, coreSize: number): string {
  return formatLoadFile(warrior, { coreSize });
}

/**
 * The listing pMARS prints for each warrior without `-b`: a header, `ORG START`, the load-file lines with the
 * start instruction labelled START, and a blank line.
 */
function formatListing(warrior: Warrior, coreSize: number): string {
  const header = `Program "${warrior.name}" (length ${warrior.instructions.length}) by "${warrior.author}"\n\n`;
  if (warrior.instructions.length === 0) return header;
  const lines = formatLoadFile(warrior, { coreSize })
    .split('\n')
    .slice(1, 1 + warrior.instructions.length);
  const body = lines.map((l, i) => (i === warrior.start ? `START${l.slice(5)}` : l)).join('\n');
  return `${header}       ORG      START\n${body}\n\n`;
}

function fail(message: string, exitCode: number, stdout = ''): CliOutput {
  return { stdout, stderr: message.endsWith('\n') ? message : `${message}\n`, exitCode };
}

export function runPmarsCli(argv: string[], readFile: (p: string) => string = (p) => readFileSync(p, 'utf8')): CliOutput {
  const nums: Partial<Record<NumFlag, number>> = {};
  const bools: Record<string, boolean> = {};
  let fixed: string | null = null;
  const files: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.length > 1 && arg[0] === '-') {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j];
        if (BOOL_FLAGS.has(c)) {
          bools[c] = !bools[c]; // pMARS toggles a repeated boolean switch
          continue;
        }
        if (!(c in NUM_FLAGS) && c !== 'F') return fail(`${USAGE}Unknown option ${arg}`, CLP_NOGOOD);
        // A switch taking a value must end its group and be followed by the value.
        if (j !== arg.length - 1 || i + 1 >= argv.length) return fail(`${USAGE}Bad argument for switch -${c}`, CLP_NOGOOD);
        const value = argv[++i];
        if (c === 'F') {
          fixed = value;
        } else {
          if (!/^\d+$/.test(value)) return fail(`${USAGE}Bad argument for switch -${c}`, CLP_NOGOOD);
          const n = Number(value);
          const range = NUM_FLAGS[c as NumFlag];
          if (n < range.min || n > range.max) {
            return fail(`${USAGE}Option -${c} must be in the range\n${range.min} - ${range.max}`, CLP_NOGOOD);
          }
          nums[c as NumFlag] = n;
        }
      }
    } else {
      if (files.length >= MAXWARRIOR) return fail(`${USAGE}Too many warriors`, CLP_NOGOOD);
      files.push(arg);
    }
  }

  const coreSize = nums.s ?? 8000;
  const maxLength = nums.l ?? 100;
  let minDistance = nums.d ?? 0;
  if (minDistance === 0) minDistance = maxLength;
  else if (minDistance < maxLength) return fail(`${USAGE}Warrior distance cannot be smaller than warrior length`, CLP_NOGOOD);
  if (coreSize < files.length * minDistance) return fail(`${USAGE}Core size is too small for the number of warriors`, CLP_NOGOOD);
  if (bools.f && fixed !== null) return fail(`${USAGE}-f and -F are mutually exclusive`, CLP_NOGOOD);
  let fixedPosition: number | undefined;
  if (fixed !== null) {
    if (!/^\d+$/.test(fixed)) return fail('Non-numeric -F (RC5 random numbers) is not supported', CLP_NOGOOD);
    fixedPosition = Number(fixed);
    if (minDistance > fixedPosition) return fail(`${USAGE}-F position must not be smaller than the distance`, CLP_NOGOOD);
  }
  const pSpaceSize = nums.S ?? pmarsPSpaceSize(coreSize);
  if (pSpaceSize > coreSize) return fail(`${USAGE}P-space size cannot be larger than core size`, CLP_NOGOOD);
  if (files.length === 0) return fail(`${USAGE}No warrior file specified`, CLP_NOGOOD);
  if (bools.P && files.length !== 2) return fail(`${USAGE}Permutation mode (-P) needs exactly two warriors`, CLP_NOGOOD);
  // -P without -r plays every position/order pair once.
  const rounds = nums.r ?? (bools.P ? permutationRounds(coreSize, minDistance) : 1);
  if (bools.P && rounds > permutationRounds(coreSize, minDistance)) {
    return fail(`${USAGE}Permutation mode (-P) allows at most ${permutationRounds(coreSize, minDistance)} rounds`, CLP_NOGOOD);
  }

  const settings: MarsSettings = {
    coreSize,
    maxCycles: nums.c ?? 80000,
    maxProcesses: nums.p ?? 8000,
    maxLength,
    minDistance,
    rounds,
    pSpaceSize,
    warriors: files.length,
  };

  let stdout = '';
  let stderr = '';
  const warriors: Warrior[] = [];
  for (const [position, file] of files.entries()) {
    let source: string;
    try {
      source = readFile(file);
    } catch {
      return { stdout, stderr: `${stderr}Cannot open file ${file}\n`, exitCode: FNOFOUND };
    }
    const r = assemble(source, settings, { position });
    if (!r.ok) {
      for (const e of r.errors) stderr += `Error in "${file}" line ${e.line}: ${e.message}\n`;
      return { stdout, stderr, exitCode: PARSEERR };
    }
    for (const w of r.warrior.warnings) stderr += `Warning in "${file}": ${w}\n`;
    warriors.push(r.warrior);
    if (!bools.b) stdout += bools.A ? formatAssembled(r.warrior, coreSize) : formatListing(r.warrior, coreSize);
  }
  if (settings.rounds === 0 || bools.A) return { stdout, stderr, exitCode: 0 };

  const result = runBattle(warriors, settings, { fixedPosition, checksumSeed: bools.f, permutate: bools.P });
  stdout += bools.k ? formatKoth(result) : formatResults(result, bools.o);
  return { stdout, stderr, exitCode: 0 };
}
