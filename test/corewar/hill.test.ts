// `kaizen corewar hill`: every pairing must score exactly as a separate pMARS battle of that pair, whatever the threads.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/corewar/assembler/index.ts';
import { assembleEntrant, type Entrant, formatHillTable, runHill } from '../../src/corewar/hill.ts';
import { type BattleOptions, runBattle } from '../../src/corewar/mars/battle.ts';
import type { MarsSettings, Warrior } from '../../src/corewar/types.ts';
import { CLI, tempDir } from '../support/tmp.ts';
import { KOTH, WARRIORS_DIR } from './support/loadfile.ts';

const SOURCES: Record<string, string> = {
  'imp.red': ';redcode\n;name Imp\n;author A. K. Dewdney\n;assert 1\nmov.i 0, 1\n',
  'dwarf.red': ';redcode\n;name Dwarf\n;author A. K. Dewdney\n;assert 1\nadd #4, 3\nmov 2, @2\njmp -2\ndat #0, #0\n',
  'stone.red': ';redcode\n;name Stone\n;assert 1\nloop add #17, ptr\nmov bomb, @ptr\njmp loop\nptr dat #0, #0\nbomb dat #0, #0\n',
  'paper.red': ';redcode\n;name Paper\n;assert 1\nspl 1\nmov -1, 0\nspl 1\nsilk spl @0, 400\nmov.i }-1, >-1\nmov.i 2, >150\njmp -2, 0\n',
  // Reads P-space (so its battles cannot be split into round spans) and pMARS's W register (0 unless it is warrior 1).
  'psp.red': ';redcode\n;name Brainy\n;assert 1\nldp.ab #0, 2\njmp 2\ndat w, 0\nstp.b -1, #5\njmp -4\n',
};

const TINY: MarsSettings = { ...KOTH, coreSize: 800, maxCycles: 8000, maxProcesses: 800, maxLength: 20, minDistance: 20, pSpaceSize: 50, rounds: 30 };

function load(source: string, position: number): Warrior {
  const r = assemble(source, { ...TINY, warriors: 2 }, { position });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.warrior;
}

const entrants: Entrant[] = Object.entries(SOURCES).map(([file, source]) => ({ first: load(source, 0), second: load(source, 1), file }));

/** Each pairing's two scores as a separate runBattle of the pair (i as warrior 1). */
async function expectSeparateBattles(list: Entrant[], settings: MarsSettings, options: BattleOptions, threads: number) {
  const hill = await runHill(list, settings, options, { threads });
  expect(hill.pairings).toHaveLength((list.length * (list.length - 1)) / 2);
  for (const p of hill.pairings) {
    const battle = runBattle([list[p.a].first, list[p.b].second], { ...settings, warriors: 2 }, options);
    expect(p.results.map((r) => [r.score, r.wins, r.losses, r.ties])).toEqual(battle.warriors.map((w) => [w.score, w.wins, w.losses, w.ties]));
  }
  return hill;
}

describe('runHill', () => {
  it('scores every pairing as a separate pMARS battle of that pair (seed, -F, -f)', async () => {
    expect(entrants[4].first.instructions).not.toEqual(entrants[4].second.instructions); // `w` differs by place
    const hill = await expectSeparateBattles(entrants, TINY, { seed: 12345 }, 2);
    expect(hill.options.seed).toBe(12345);
    await expectSeparateBattles(entrants, TINY, { fixedPosition: 300 }, 2);
    await expectSeparateBattles(entrants, TINY, { checksumSeed: true }, 2);
  });

  it('sums the standings from the pairings, best first', async () => {
    const hill = await runHill(entrants, TINY, { seed: 7 }, { threads: 2 });
    for (const s of hill.standings) {
      const sides = hill.pairings.flatMap((p) => (p.a === s.index ? [p.results[0]] : p.b === s.index ? [p.results[1]] : []));
      expect(s.score).toBe(sides.reduce((t, r) => t + r.score, 0));
      expect(s.wins + s.losses + s.ties).toBe(TINY.rounds * (entrants.length - 1));
      expect(s.per100).toBeCloseTo((s.score * 100) / (TINY.rounds * (entrants.length - 1)));
    }
    const scores = hill.standings.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });

  it('gives identical tables on 1 and 2 threads (and on the calling thread)', async () => {
    const runs = await Promise.all([1, 2, 0].map((threads) => runHill(entrants, TINY, { seed: 99 }, { threads })));
    const body = (text: string) => text.split('\n').slice(1).join('\n'); // the header holds threads and wall time
    const tables = runs.map((r) => body(formatHillTable(r, { matrix: true })));
    expect(tables[1]).toBe(tables[0]);
    expect(tables[2]).toBe(tables[0]);
    expect(runs[1].pairings).toEqual(runs[0].pairings);
  });

  const FSH = join(WARRIORS_DIR, 'pycorewar/fsh94nop0.3/scn');
  it.skipIf(!existsSync(FSH))('matches runBattle on five fsh94nop0.3 scanners', async () => {
    const settings = { ...KOTH, rounds: 20 };
    const files = readdirSync(FSH)
      .filter((f) => f.endsWith('.red'))
      .sort()
      .slice(0, 5);
    const list = files.map((f) => {
      const r = assembleEntrant(readFileSync(join(FSH, f), 'utf8'), settings, f);
      if (!r.ok) throw new Error(`${f}: ${r.errors[0]}`);
      return r.entrant;
    });
    await expectSeparateBattles(list, settings, { checksumSeed: true }, 2);
  });
});

describe('kaizen corewar hill', () => {
  const kaizen = (...args: string[]) => spawnSync(process.execPath, [CLI, 'corewar', ...args], { encoding: 'utf8' });
  const folder = () => {
    const dir = tempDir();
    for (const [file, source] of Object.entries(SOURCES)) writeFileSync(join(dir, file), source);
    return dir;
  };

  it('prints the standings table, and --json as pMARS battles of each pair would score', () => {
    const dir = folder();
    const table = kaizen('hill', '-r', '30', '-s', '800', '-c', '8000', '-p', '800', '-l', '20', '--seed', '42', '--matrix', dir);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^Hill: 5 warriors, 10 pairings × 30 rounds; -s 800 -c 8000 -p 800 -l 20 -d 20 -S 50; seed 42 .*; [\d.]+ s on \d+ threads?\n/);
    expect(table.stdout).toMatch(/^Rank {2}Name +Author +Score +Per100 +Won +Lost +Tied$/m);
    expect(table.stdout.match(/^ +[1-5] {2}\S/gm)).toHaveLength(10); // five standings rows, five matrix rows

    const json = kaizen('hill', '-r', '30', '--hill', 'tiny', '-f', '--json', '--threads', '1', dir);
    expect(json.status, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.settings).toMatchObject({ coreSize: 800, maxLength: 20, rounds: 30, warriors: 2 });
    expect(out.seeding).toEqual({ checksumSeed: true });
    expect(out.standings).toHaveLength(5);
    expect(out.pairings).toHaveLength(10);
    // The first pairing (dwarf.red vs imp.red, in name order) against `kaizen corewar battle -b` itself.
    const [a, b] = [out.warriors[out.pairings[0].a].file, out.warriors[out.pairings[0].b].file];
    const battle = kaizen('battle', '-b', '-r', '30', '-s', '800', '-c', '8000', '-p', '800', '-l', '20', '-f', a, b);
    const scores = [...battle.stdout.matchAll(/scores (-?\d+)/g)].map((m) => Number(m[1]));
    expect(scores).toEqual(out.pairings[0].results.map((r: { score: number }) => r.score));
  });

  it('leaves out a warrior that does not assemble, saying why', () => {
    const dir = folder();
    writeFileSync(join(dir, 'broken.red'), ';redcode\n;name Broken\njmp nowhere\n');
    const r = kaizen('hill', '--seed', '1', dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^kaizen corewar hill: left out \S*broken\.red: line 3: .+\n$/);
    expect(r.stdout).toMatch(/^Hill: 5 warriors/);
  });

  it('fails with one clear line on a bad path, no warriors, or bad flags', () => {
    const cases: [string[], RegExp][] = [
      [['hill', join(tempDir(), 'missing')], /^kaizen: no such file or folder: .*missing\n$/],
      [['hill', tempDir()], /^kaizen: no warriors \(\.red files\) in .*\n$/],
      [['hill', join(folder(), 'imp.red')], /^kaizen: a hill needs at least two warriors; 1 assembled from 1 file\(s\)\n$/],
      [['hill', '-d', '5', folder()], /^kaizen: Warrior distance cannot be smaller than warrior length\n$/],
      [['hill', '-f', '--seed', '3', folder()], /^kaizen: --seed cannot be combined with -F or -f/],
      [['hill', '--hill', 'huge', folder()], /^kaizen: --hill must be one of nano, tiny, 94nop, got "huge"\n$/],
    ];
    for (const [args, message] of cases) {
      const r = kaizen(...args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
