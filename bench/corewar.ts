// Core War engine benchmark. Kaizen's own figures: instructions per second on the fsh94nop0.3 pairings of the pMARS
// oracle (one thread, then the Arena's worker threads). Beside pMARS and exMARS, only when $PMARS / $EXMARS name
// their binaries (built by the user, never vendored; exMARS takes pMARS's flags): the same work as whole processes,
// timed in this run, with Kaizen/reference ratios and a check that pMARS's results are Kaizen's.
//   - pairs: one battle of two warriors of different strategy types, `kaizen corewar battle` against the reference;
//   - round robin: every pairing of 20 warriors, `kaizen corewar hill` (one process, all cores) against the
//     reference run the way a hill script runs it (one process per pairing) on every core, the two taking turns five
//     times (medians, and the median of each turn's ratio: back to back, so the machine's drift between turns
//     cancels), then the reference one process at a time, once.
// Without $PMARS no reference figure is printed: none is assumed.
// Run: PMARS=/path/to/pmars EXMARS=/path/to/exmars node bench/corewar.ts   (or: npm run bench -- corewar)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Arena } from '../src/corewar/arena/index.ts';
import { assemble, resolveSettings } from '../src/corewar/assembler/index.ts';
import { canSplitRounds, runBattle } from '../src/corewar/mars/battle.ts';
import type { MarsSettings, Warrior } from '../src/corewar/types.ts';
import { type CorewarData, corewarData } from './data.ts';
import { kaizen, kaizenRuns, median, perTurn, referenceBinary, spread, steadinessLine, timeProcesses } from './processes.ts';

function load(file: string, settings: MarsSettings): Warrior {
  const r = assemble(readFileSync(file, 'utf8'), settings);
  if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.warrior;
}

/** The pairings of the pMARS oracle (all fsh94nop0.3 pairs used there). */
function fshPairings(data: CorewarData): [string, string][] {
  const seen = new Set<string>();
  const pairs: [string, string][] = [];
  for (const line of readFileSync(join(data.dir, 'pmars-oracle/battles.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { w1, w2 } = JSON.parse(line) as { w1: string; w2: string };
    const key = `${w1} ${w2}`;
    if (!seen.has(key)) {
      seen.add(key);
      pairs.push([w1, w2]);
    }
  }
  return pairs;
}

interface Reference {
  name: string;
  path: string;
}

/** The reference simulators named in the environment, and a line for each one that is not. */
function references(): { refs: Reference[]; notes: string[] } {
  const refs: Reference[] = [];
  const notes: string[] = [];
  for (const [name, variable] of [
    ['pMARS', 'PMARS'],
    ['exMARS', 'EXMARS'],
  ] as const) {
    const r = referenceBinary(variable);
    if ('path' in r) refs.push({ name, path: r.path });
    else notes.push(`no ${name} figures: ${r.missing} (set it to a ${name} binary to compare)`);
  }
  return { refs, notes };
}

const FSH = 'pycorewar/fsh94nop0.3';

/**
 * Pairs of different strategy types (fsh94nop0.3's classes: pap paper, stn stone, scn scanner, clr clear, sai
 * stone/imp, pwi paper/imp, sbi, cds, pws; the class names are the benchmark's), plus the two long-running pairs:
 * imps (one process each, 160 M instructions) and Debian's aeka vs rave.
 */
const PAIRS: [string, string, string][] = [
  ['paper vs stone', `${FSH}/pap/phat.red`, `${FSH}/stn/Tyger.red`],
  ['scanner vs paper', `${FSH}/scn/deathstar.red`, `${FSH}/pap/pppc.red`],
  ['clear vs stone/imp', `${FSH}/clr/cereal.red`, `${FSH}/sai/bite.red`],
  ['paper/imp vs scanner', `${FSH}/pwi/blowrag.red`, `${FSH}/scn/agonyII.red`],
  ['stone vs sbi', `${FSH}/stn/Fuse.red`, `${FSH}/sbi/olivia.red`],
  ['cds vs pws', `${FSH}/cds/arrow.red`, `${FSH}/pws/halcyon.red`],
  ['aeka vs rave', 'pmars-debian/aeka.red', 'pmars-debian/rave.red'],
  ['validate vs validate', 'pmars-debian/validate.red', 'pmars-debian/validate.red'],
];

/** 20 warriors for the round robin: the first two or three of each fsh94nop0.3 class, alphabetically. */
export function roundRobinWarriors(data: CorewarData): string[] {
  const classes = ['cds', 'clr', 'pap', 'pwi', 'pws', 'sai', 'sbi', 'scn', 'stn'];
  const files: string[] = [];
  for (let k = 0; files.length < 20; k++) {
    for (const c of classes) {
      if (files.length === 20) break;
      const dir = data.warrior(`${FSH}/${c}`);
      const names = readdirRed(dir);
      if (k < names.length) files.push(join(dir, names[k]));
    }
  }
  return files;
}

const readdirRed = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.red'))
    .sort();

/** Each pMARS line `NAME by AUTHOR scores N`, in order. */
function pmarsScores(stdout: string): number[] {
  return [...stdout.matchAll(/ scores (-?\d+)$/gm)].map((m) => Number(m[1]));
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;

/**
 * One battle as whole processes: Kaizen, then each reference, interleaved, median of `runs`. Then the simulator
 * alone: Kaizen's MARS in this process on one thread (best of 3, after a warm-up), in instructions per second, beside
 * each reference's rate over its whole process (the same battle executes the same instructions in every exact MARS;
 * a C binary's start-up is ~1 ms).
 */
function pair(label: string, warriors: Warrior[], args: string[], refs: Reference[], runs: number, note: string, steadiness: number[]): string[] {
  const [k, ...others] = timeProcesses(
    [{ label: 'kaizen', argv: kaizen('corewar', 'battle', ...args) }, ...refs.map((r) => ({ label: r.name, argv: [r.path, ...args] }))],
    runs,
  );
  const parts = [`  ${label}${note}: kaizen ${seconds(k.medianMs)}`];
  others.forEach((o, i) => {
    if (refs[i].name === 'pMARS') steadiness.push(spread(o.times));
    // pMARS prints the same lines as Kaizen; exMARS has its own format, so only pMARS's results are compared.
    const check = refs[i].name !== 'pMARS' ? '' : o.stdout.trim() === k.stdout.trim() ? ', same results' : ', RESULTS DIFFER';
    parts.push(`${refs[i].name} ${seconds(o.medianMs)} (Kaizen ${(o.medianMs / k.medianMs).toFixed(2)}x, ${perTurn(k.times, o.times)}${check})`);
  });
  const settings = { ...resolveSettings({ warriors: 2 }), rounds: 1000 };
  let best = Number.POSITIVE_INFINITY;
  let instructions = 0;
  for (let r = 0; r < 4; r++) {
    const t0 = performance.now();
    instructions = runBattle(warriors, settings, { fixedPosition: 4000 }).instructions;
    if (r > 0) best = Math.min(best, performance.now() - t0);
  }
  const rate = (ms: number) => instructions / ms / 1000;
  const sim = [`    simulator alone, one thread: Kaizen ${rate(best).toFixed(0)} M instr/s`];
  for (const [i, o] of others.entries()) sim.push(`${refs[i].name} ${rate(o.medianMs).toFixed(0)} (Kaizen ${(rate(best) / rate(o.medianMs)).toFixed(2)}x)`);
  return [parts.join('; '), sim.join('; ')];
}

/** Runs every argv, `parallel` at a time; returns the wall time and each stdout (in order). */
async function runAll(argvs: string[][], parallel: number): Promise<{ ms: number; stdout: string[] }> {
  const stdout: string[] = new Array(argvs.length);
  let next = 0;
  const t0 = performance.now();
  const lane = async () => {
    while (next < argvs.length) {
      const i = next++;
      stdout[i] = await new Promise<string>((resolve, reject) => {
        const p = spawn(argvs[i][0], argvs[i].slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        p.stdout.on('data', (d) => {
          out += d;
        });
        p.on('error', reject);
        p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${argvs[i].join(' ')} exited with ${code}`))));
      });
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return { ms: performance.now() - t0, stdout };
}

/** What `kaizen corewar hill --json` prints, as far as the round robin reads it. */
type HillTable = { pairings: { results: { score: number }[] }[] };

/** Wall times in seconds, as listed after a median. */
const listed = (times: number[]) => `[${times.map((t) => (t / 1000).toFixed(2)).join(' ')}]`;

/**
 * The round robin: Kaizen's hill command against each reference as a hill script runs it, one process per pairing,
 * as many at a time as there are cores. The machine's speed drifts by 10% and more between minutes, so Kaizen and
 * each reference take turns (`runs` times, medians reported); each reference one process at a time runs once, for
 * scale.
 */
async function roundRobin(data: CorewarData, refs: Reference[], rounds: number, runs: number, steadiness: number[]): Promise<string[]> {
  const files = roundRobinWarriors(data);
  const flags = ['-r', String(rounds), '-F', '4000'];
  const pairings: [number, number][] = [];
  for (let i = 0; i < files.length; i++) for (let j = i + 1; j < files.length; j++) pairings.push([i, j]);
  const cores = availableParallelism();
  const lines = [
    `round robin: ${files.length} fsh94nop0.3 warriors, ${pairings.length} pairings x ${rounds} rounds (-F 4000); Kaizen and the references' ${cores}-at-a-time runs take turns, median of ${runs}:`,
  ];

  const hill = async () => {
    const k = await runAll([kaizen('corewar', 'hill', ...flags, '--json', ...files)], 1);
    return { ms: k.ms, table: JSON.parse(k.stdout[0]) as HillTable };
  };
  const scripted = (ref: Reference, parallel: number) =>
    runAll(
      pairings.map(([i, j]) => [ref.path, '-b', ...flags, files[i], files[j]]),
      parallel,
    );
  // pMARS prints the scores Kaizen's table holds; exMARS has its own format, so only pMARS's are compared.
  const check = (ref: Reference, outs: string[], table: HillTable) => {
    if (ref.name !== 'pMARS') return '';
    const ours = table.pairings.map((p) => p.results.map((r) => r.score));
    return JSON.stringify(outs.map(pmarsScores)) === JSON.stringify(ours) ? ', same scores on every pairing' : ', SCORES DIFFER';
  };

  let { table } = await hill(); // warm-up: the page cache, the machine's clock
  const kaizenTimes: number[] = [];
  const refTimes = refs.map(() => [] as number[]);
  const refChecks = refs.map(() => '');
  for (let r = 0; r < runs; r++) {
    const k = await hill();
    kaizenTimes.push(k.ms);
    table = k.table;
    for (const [i, ref] of refs.entries()) {
      const t = await scripted(ref, cores);
      refTimes[i].push(t.ms);
      refChecks[i] = check(ref, t.stdout, table);
    }
  }
  const kMs = median(kaizenTimes);
  lines.push(`  kaizen corewar hill (${cores} threads): ${seconds(kMs)} ${listed(kaizenTimes)}`);
  for (const [i, ref] of refs.entries()) {
    if (ref.name === 'pMARS') steadiness.push(spread(refTimes[i]));
    const ms = median(refTimes[i]);
    const turns = perTurn(kaizenTimes, refTimes[i]);
    lines.push(
      `  ${ref.name}, ${cores} processes at a time: ${seconds(ms)} ${listed(refTimes[i])} (Kaizen ${(ms / kMs).toFixed(2)}x, ${turns}${refChecks[i]})`,
    );
  }
  for (const ref of refs) {
    const t = await scripted(ref, 1);
    lines.push(`  ${ref.name}, one process at a time, once: ${seconds(t.ms)} (Kaizen ${(t.ms / kMs).toFixed(2)}x${check(ref, t.stdout, table)})`);
  }
  return lines;
}

export async function runCorewarBench(options: { rounds?: number; threads?: number; runs?: number } = {}): Promise<string[]> {
  const data = corewarData();
  if ('missing' in data) return [`skipped: ${data.missing}`];
  const { refs, notes } = references();
  const lines: string[] = [...notes];
  const settings = resolveSettings({ warriors: 2 });
  const runs = options.runs ?? 5;

  // 1. fsh94nop0.3 pairings, `rounds` rounds each (-F 1000), every executed instruction counted; Kaizen only (a
  // reference would need one process per pairing, which would measure start-up more than the MARS).
  const rounds = options.rounds ?? 20;
  const pairs = fshPairings(data).map(([a, b]) => [load(data.warrior(a), settings), load(data.warrior(b), settings)]);
  let instructions = 0;
  let t0 = performance.now();
  for (const ws of pairs) instructions += runBattle(ws, { ...settings, rounds }, { fixedPosition: 1000 }).instructions;
  let dt = (performance.now() - t0) / 1000;
  lines.push(
    `fsh94nop0.3 in process, one thread: ${pairs.length} pairings x ${rounds} rounds, ${(instructions / 1e6).toFixed(0)} M instructions in ${dt.toFixed(2)} s, ${(instructions / dt / 1e6).toFixed(1)} M instr/s`,
  );

  // 1b. The same on the Arena's worker threads.
  const arena = new Arena({ threads: options.threads });
  t0 = performance.now();
  const results = await arena.fight(pairs.map((ws) => ({ warriors: ws, settings: { ...settings, rounds }, options: { fixedPosition: 1000 } })));
  dt = (performance.now() - t0) / 1000;
  await arena.close();
  const arenaInstructions = results.reduce((a, r) => a + r.instructions, 0);
  lines.push(`  Arena (${arena.threads} threads): ${dt.toFixed(2)} s, ${(arenaInstructions / dt / 1e6).toFixed(1)} M instr/s in total`);

  // 2. Pairs of strategy types as whole processes, 1,000 rounds each.
  lines.push(`pairs as whole processes, -b -r 1000 -F 4000, median of ${runs} (${kaizenRuns()}):`);
  // pMARS's spread over its turns, pair by pair and then the round robin's: see steadinessLine.
  const pairSpreads: number[] = [];
  for (const [label, a, b] of PAIRS) {
    const ws = [load(data.warrior(a), settings), load(data.warrior(b), settings)];
    const note = canSplitRounds(ws) ? '' : ' (P-space: rounds in order, one thread)';
    lines.push(...pair(label, ws, ['-b', '-r', '1000', '-F', '4000', data.warrior(a), data.warrior(b)], refs, runs, note, pairSpreads));
  }

  // 3. The 20-warrior round robin.
  const robinSpread: number[] = [];
  lines.push(...(await roundRobin(data, refs, 200, runs, robinSpread)));
  if (pairSpreads.length) lines.push(steadinessLine(pairSpreads, robinSpread[0]));
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runCorewarBench()) console.log(line);
}
