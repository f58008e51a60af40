// Core War engine benchmark: instructions per second on the fsh94nop0.3 benchmark pairings (one
// thread, then the Arena's worker threads), the time of 1,000-round full-length ties and of
// 1,000 rounds aeka vs rave, beside pMARS 0.9.4's figures on the same machine (~100 M instr/s on
// tie loops; imp 1.62 s, spl/jmp 1.49 s, validate 1.47 s; aeka vs rave 0.84 s).
// Run: node bench/corewar.ts
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assemble, resolveSettings } from '../src/corewar/assembler/index.ts';
import { Arena } from '../src/corewar/arena/index.ts';
import { runBattle } from '../src/corewar/mars/battle.ts';
import type { MarsSettings, Warrior } from '../src/corewar/types.ts';

const PMARS_INSTR_PER_S = 100e6;
const PMARS_AEKA_RAVE_S = 0.84;

const here = dirname(fileURLToPath(import.meta.url));
const WARRIORS = resolve(here, '../../shared/corewar/warriors');

function load(path: string, settings: MarsSettings): Warrior {
  const r = assemble(readFileSync(join(WARRIORS, path), 'utf8'), settings);
  if (!r.ok) throw new Error(`${path}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.warrior;
}

/** The pairings of the pMARS oracle (all fsh94nop0.3 pairs used there). */
function fshPairings(): [string, string][] {
  const seen = new Set<string>();
  const pairs: [string, string][] = [];
  const text = readFileSync(join(WARRIORS, '../pmars-oracle/battles.jsonl'), 'utf8');
  for (const line of text.split('\n')) {
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

export async function runCorewarBench(options: { rounds?: number; threads?: number } = {}): Promise<string[]> {
  const lines: string[] = [];
  const settings = resolveSettings({ warriors: 2 });

  // 1. fsh94nop0.3 pairings, `rounds` rounds each (-F 1000), every executed instruction counted.
  const rounds = options.rounds ?? 20;
  const pairs = fshPairings().map(([a, b]) => [load(a, settings), load(b, settings)]);
  let instructions = 0;
  let t0 = performance.now();
  for (const ws of pairs) instructions += runBattle(ws, { ...settings, rounds }, { fixedPosition: 1000 }).instructions;
  let dt = (performance.now() - t0) / 1000;
  const ips = instructions / dt;
  lines.push(
    `fsh94nop0.3: ${pairs.length} pairings x ${rounds} rounds, ${(instructions / 1e6).toFixed(0)} M instructions in ${dt.toFixed(2)} s`,
    `  ${(ips / 1e6).toFixed(1)} M instr/s (pMARS 0.9.4 -O2: ~${PMARS_INSTR_PER_S / 1e6} M instr/s, measured on tie loops; ratio ${(ips / PMARS_INSTR_PER_S).toFixed(2)}x)`,
  );

  // 1b. The same on the Arena's worker threads.
  const arena = new Arena({ threads: options.threads });
  t0 = performance.now();
  const results = await arena.fight(pairs.map((ws) => ({ warriors: ws, settings: { ...settings, rounds }, options: { fixedPosition: 1000 } })));
  dt = (performance.now() - t0) / 1000;
  await arena.close();
  const arenaInstructions = results.reduce((a, r) => a + r.instructions, 0);
  lines.push(
    `  Arena (${arena.threads} threads): ${dt.toFixed(2)} s, ${((arenaInstructions / dt) / 1e6).toFixed(1)} M instr/s in total`,
  );

  // 2. Full-length ties, where pMARS's time per 1,000 rounds was measured (160 M instructions each).
  const inline = (code: string): Warrior => {
    const r = assemble(`;redcode\n;assert 1\n${code}\n`, settings);
    if (!r.ok) throw new Error(code);
    return r.warrior;
  };
  const ties: [string, Warrior, number][] = [
    ['imp vs imp', inline('mov.i 0, 1'), 1.62],
    ['spl/jmp vs spl/jmp', inline('spl 0\njmp -1'), 1.49],
    ['validate vs validate', load('pmars-debian/validate.red', settings), 1.47],
  ];
  for (const [label, w, pmars] of ties) {
    t0 = performance.now();
    const res = runBattle([w, w], { ...settings, rounds: 1000 }, { seed: 1 });
    dt = (performance.now() - t0) / 1000;
    lines.push(
      `${label}, 1000 rounds: ${dt.toFixed(2)} s (${((res.instructions / dt) / 1e6).toFixed(1)} M instr/s); pMARS ${pmars} s; ratio ${(pmars / dt).toFixed(2)}x`,
    );
  }

  // 3. aeka vs rave, 1,000 rounds (-f), single thread.
  const aeka = load('pmars-debian/aeka.red', settings);
  const rave = load('pmars-debian/rave.red', settings);
  t0 = performance.now();
  const r = runBattle([aeka, rave], { ...settings, rounds: 1000 }, { checksumSeed: true });
  dt = (performance.now() - t0) / 1000;
  const [w1, w2] = r.warriors;
  lines.push(
    `aeka vs rave, 1000 rounds: ${dt.toFixed(2)} s (${w1.wins}/${w2.wins}/${w1.ties}, ${((r.instructions / dt) / 1e6).toFixed(1)} M instr/s)`,
    `  pMARS 0.9.4: ${PMARS_AEKA_RAVE_S} s; ratio ${(PMARS_AEKA_RAVE_S / dt).toFixed(2)}x pMARS speed`,
  );
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await runCorewarBench()) console.log(line);
}
