import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/corewar/assembler/index.ts';
import { hillSettings } from '../../src/tasks/corewar.ts';
import { type RedQueenOptions, redQueen, verifyRedQueen } from '../../src/tasks/redqueen.ts';
import type { RedQueenRecord } from '../../src/tasks/redqueen/record.ts';
import { CLI, REPO, tempDir } from '../support/tmp.ts';

const WARRIORS = resolve(REPO, '../shared/corewar/warriors');
const NANO_BENCHMARK = join(WARRIORS, 'yacereloaded/nanobm07');
const HUMAN = join(WARRIORS, 'drq/human_warriors');
const haveShared = existsSync(NANO_BENCHMARK) && existsSync(HUMAN);
if (!haveShared) console.warn(`skipping Red Queen run tests: ${WARRIORS} is absent (../shared is not beside the repository)`);

const readRecord = (out: string) => JSON.parse(readFileSync(join(out, 'redqueen.json'), 'utf8')) as RedQueenRecord;

/** A Red Queen run on the nano hill from the example's seed against its five test warriors, 10 battle rounds. */
const nanoRedQueen = (out: string, options: Pick<RedQueenOptions, 'rounds' | 'budget' | 'scoring' | 'heldOut'>) =>
  redQueen({
    out,
    seedWarrior: join(REPO, 'examples/corewar-nano/seed.red'),
    initial: [join(REPO, 'examples/corewar-nano/opponents')],
    hill: 'nano',
    battleRounds: 10,
    ...options,
  });

// Real evolutions (offline operators, no model) and real battles throughout.
describe.skipIf(!haveShared)('Red Queen runs', () => {
  it('DRQ mode on nano: records every battle, and a re-run of them agrees until the record is tampered with', async () => {
    const out = tempDir();
    const rounds = await nanoRedQueen(out, { heldOut: [NANO_BENCHMARK], rounds: 3, budget: 20, scoring: 'drq' });
    const record = readRecord(out);
    expect(record.scoring).toBe('drq');
    expect(record.settings).toMatchObject({ coreSize: 80, maxCycles: 800, rounds: 10 });
    expect(record.rounds.map((r) => r.fitness.drq?.warriors.length)).toEqual([6, 7, 8]); // 5 initial + earlier champions + itself
    for (const [i, r] of record.rounds.entries()) {
      expect(r.fitness.value).toBe(r.evolutionScore); // the fitness battle fought again gives the evolution's score
      expect(r.earlier.of).toBe(i);
      expect(r.earlier.beaten).toBe(r.earlier.battles.filter((b) => b.wins > b.losses).length);
      expect(r.probe.of).toBe(50);
      expect(rounds[i].heldOut?.generality).toBe(r.probe.beaten / 50);
      // Its own name and the hill's assert, and the instructions the evolution scored.
      const text = readFileSync(rounds[i].champion, 'utf8');
      expect(text).toContain(`;name redqueen round ${i + 1} champion`);
      expect(text).toContain(';assert CORESIZE==80 && MAXLENGTH==5 && MAXCYCLES==800 && MAXPROCESSES==80 && MINDISTANCE==5');
      const w = assemble(text, hillSettings('nano', 10));
      expect(w.ok && w.warrior.name).toBe(`redqueen round ${i + 1} champion`);
      if (r.identical.start || r.identical.champion !== null) expect(rounds[i].line).toMatch(/identical to/);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('DRQ scoring');
    expect(report).toMatch(/\| 3 \| [0-9.]+ \| \d\/2 \| [0-9.]+ \| \d+\/50 \| [0-9.]+% \|/);

    const v = await verifyRedQueen(out);
    expect(v.differences).toEqual([]);
    expect(v.ok).toBe(true);

    // A figure that no battle gives, and a champion changed after the run: both are caught.
    const forged = readRecord(out);
    forged.rounds[2].earlier.beaten = 3;
    writeFileSync(join(out, 'redqueen.json'), JSON.stringify(forged));
    const champion = join(out, forged.rounds[0].champion.file);
    writeFileSync(champion, readFileSync(champion, 'utf8').replace(/;author.*\n/, ';author someone else\n'));
    const bad = await verifyRedQueen(out);
    expect(bad.ok).toBe(false);
    const paths = bad.differences.map((d) => d.path);
    expect(paths).toContain('rounds[2].earlier.beaten');
    expect(paths).toContain('rounds[0].champion.sha256');
    // The CLI says the same, with exit code 1.
    let status = 0;
    let stdout = '';
    try {
      execFileSync(process.execPath, [CLI, 'corewar', 'redqueen', '--verify', out], { encoding: 'utf8' });
    } catch (e) {
      status = (e as { status: number }).status;
      stdout = (e as { stdout: string }).stdout;
    }
    expect(status).toBe(1);
    expect(stdout).toMatch(/differs: rounds\[2\]\.earlier\.beaten: recorded 3, re-fought \d/);
  }, 240_000);

  it("DRQ mode on '94 settings (hill 94nop): per-round held-out generality, and the report matches a re-run", async () => {
    const out = tempDir();
    // Ten of the DRQ human warriors (every 31st), not the seed or the initial opponent.
    const heldOut = readdirSync(HUMAN)
      .sort()
      .filter((f, i) => i % 31 === 5 && f !== 'imp.red' && f !== 'dwarf.red')
      .slice(0, 10)
      .map((f) => join(HUMAN, f));
    const rounds = await redQueen({
      out,
      seedWarrior: join(HUMAN, 'dwarf.red'),
      initial: [join(HUMAN, 'imp.red')],
      heldOut,
      hill: '94nop',
      rounds: 2,
      budget: 6,
      battleRounds: 2,
      scoring: 'drq',
    });
    expect(rounds).toHaveLength(2);
    for (const r of rounds) {
      expect(r.heldOut?.of).toBe(10);
      expect(r.heldOut?.generality).toBeGreaterThanOrEqual(0);
    }
    const record = readRecord(out);
    expect(record.settings).toMatchObject({ coreSize: 8000, maxCycles: 80000, maxProcesses: 8000, maxLength: 100, minDistance: 100, rounds: 2 });
    expect(record.rounds[1].similarity).not.toBeNull();
    expect(readFileSync(rounds[0].champion, 'utf8')).toContain(';assert CORESIZE==8000 && MAXLENGTH==100');
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/\| 2 \| [0-9.]+ \| [01]\/1 \| [0-9.]+ \| \d+\/10 \| [0-9.]+% \|/);
    const v = await verifyRedQueen(out);
    expect(v.differences).toEqual([]);
  }, 240_000);

  it('pairwise mode keeps one-on-one pMARS scoring', async () => {
    const out = tempDir();
    const rounds = await nanoRedQueen(out, { rounds: 2, budget: 10, scoring: 'pairwise' });
    const record = readRecord(out);
    expect(record.scoring).toBe('pairwise');
    expect(record.probeKind).toBe('initial');
    expect(record.rounds[1].fitness.pairwise?.battles).toHaveLength(6); // 5 initial + round 1's champion
    expect(rounds[1].heldOut).toBeNull();
    expect((await verifyRedQueen(out)).ok).toBe(true);
  }, 240_000);
});
