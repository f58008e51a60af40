// Core War engine benchmark. Kaizen's own figures: instructions per second on the fsh94nop0.3 pairings of the pMARS
// oracle (one thread, then the Arena's worker threads). Beside pMARS, only when $PMARS names a pMARS binary (and
// $EXMARS an exMARS one, which takes the same flags): the same battles as whole processes, `kaizen corewar battle`
// against the reference, timed in this run, with their ratio and a check that the results are the same. Without
// $PMARS no reference figure is printed: none is assumed.
// Run: PMARS=/path/to/pmars node bench/corewar.ts   (or: npm run bench -- corewar)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Arena } from '../src/corewar/arena/index.ts';
import { assemble, resolveSettings } from '../src/corewar/assembler/index.ts';
import { runBattle } from '../src/corewar/mars/battle.ts';
import type { MarsSettings, Warrior } from '../src/corewar/types.ts';
import { type CorewarData, corewarData } from './data.ts';
import { kaizen, kaizenRuns, referenceBinary, timeProcesses } from './processes.ts';

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

/** The reference simulators named in the environment, and a line for each one that is not. */
function references(): { refs: { name: string; path: string }[]; notes: string[] } {
  const refs: { name: string; path: string }[] = [];
  const notes: string[] = [];
  for (const [name, variable] of [
    ['pMARS', 'PMARS'],
    ['exMARS', 'EXMARS'],
  ] as const) {
    const r = referenceBinary(variable);
    if ('path' in r) refs.push({ name, path: r.path });
    else if (variable === 'PMARS') notes.push(`no pMARS figures: ${r.missing} (set it to a pMARS 0.9.4 binary, built with -DSERVER, to compare)`);
  }
  return { refs, notes };
}

const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

/** One battle (pMARS flags and files) as whole processes: Kaizen, then each reference, interleaved, median of `runs`. */
function wholeProcess(label: string, args: string[], refs: { name: string; path: string }[], runs: number): string[] {
  const [k, ...others] = timeProcesses(
    [{ label: 'kaizen', argv: kaizen('corewar', 'battle', ...args) }, ...refs.map((r) => ({ label: r.name, argv: [r.path, ...args] }))],
    runs,
  );
  const lines = [`${label}: kaizen ${(k.medianMs / 1000).toFixed(3)} s`];
  others.forEach((o, i) => {
    // pMARS prints the same lines as Kaizen; exMARS has its own format, so only pMARS's results are compared.
    const check =
      refs[i].name !== 'pMARS'
        ? ''
        : o.stdout.trim() === k.stdout.trim()
          ? '; same results'
          : `; RESULTS DIFFER (${lastLine(o.stdout)} vs ${lastLine(k.stdout)})`;
    lines.push(`  ${refs[i].name} ${(o.medianMs / 1000).toFixed(3)} s; Kaizen at ${(o.medianMs / k.medianMs).toFixed(2)}x ${refs[i].name} speed${check}`);
  });
  return lines;
}

export async function runCorewarBench(options: { rounds?: number; threads?: number; runs?: number } = {}): Promise<string[]> {
  const data = corewarData();
  if ('missing' in data) return [`skipped: ${data.missing}`];
  const { refs, notes } = references();
  const lines: string[] = [...notes];
  const settings = resolveSettings({ warriors: 2 });

  // 1. fsh94nop0.3 pairings, `rounds` rounds each (-F 1000), every executed instruction counted; Kaizen only (a
  // reference would need one process per pairing, which would measure start-up more than the MARS).
  const rounds = options.rounds ?? 20;
  const pairs = fshPairings(data).map(([a, b]) => [load(data.warrior(a), settings), load(data.warrior(b), settings)]);
  let instructions = 0;
  let t0 = performance.now();
  for (const ws of pairs) instructions += runBattle(ws, { ...settings, rounds }, { fixedPosition: 1000 }).instructions;
  let dt = (performance.now() - t0) / 1000;
  lines.push(
    `fsh94nop0.3 in process: ${pairs.length} pairings x ${rounds} rounds, ${(instructions / 1e6).toFixed(0)} M instructions in ${dt.toFixed(2)} s, ${(instructions / dt / 1e6).toFixed(1)} M instr/s`,
  );

  // 1b. The same on the Arena's worker threads.
  const arena = new Arena({ threads: options.threads });
  t0 = performance.now();
  const results = await arena.fight(pairs.map((ws) => ({ warriors: ws, settings: { ...settings, rounds }, options: { fixedPosition: 1000 } })));
  dt = (performance.now() - t0) / 1000;
  await arena.close();
  const arenaInstructions = results.reduce((a, r) => a + r.instructions, 0);
  lines.push(`  Arena (${arena.threads} threads): ${dt.toFixed(2)} s, ${(arenaInstructions / dt / 1e6).toFixed(1)} M instr/s in total`);

  // 2. Whole processes, 1,000 rounds each: three full-length ties (160 M instructions each) and aeka vs rave.
  lines.push(`whole processes, 1000 rounds, median of ${options.runs ?? 3} (${kaizenRuns()}):`);
  const tmp = mkdtempSync(join(tmpdir(), 'kaizen-bench-'));
  try {
    const inline = (name: string, code: string): string => {
      const file = join(tmp, `${name}.red`);
      writeFileSync(file, `;redcode\n;name ${name}\n;assert 1\n${code}\n`);
      return file;
    };
    const battles: [string, string[]][] = [
      ['imp vs imp', ['-b', '-r', '1000', '-F', '4000', inline('imp', 'mov.i 0, 1'), inline('imp2', 'mov.i 0, 1')]],
      ['spl/jmp vs spl/jmp', ['-b', '-r', '1000', '-F', '4000', inline('spljmp', 'spl 0\njmp -1'), inline('spljmp2', 'spl 0\njmp -1')]],
      ['validate vs validate', ['-b', '-r', '1000', '-F', '4000', data.warrior('pmars-debian/validate.red'), data.warrior('pmars-debian/validate.red')]],
      ['aeka vs rave', ['-b', '-r', '1000', '-F', '4000', data.warrior('pmars-debian/aeka.red'), data.warrior('pmars-debian/rave.red')]],
    ];
    for (const [label, args] of battles) lines.push(...wholeProcess(`  ${label}`, args, refs, options.runs ?? 3));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runCorewarBench()) console.log(line);
}
