import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineTask } from '../src/config/load.ts';
import { evolve } from '../src/engine/evolve.ts';
import { Store } from '../src/store/store.ts';
import { corewarTask } from '../src/tasks/corewar.ts';
import { redQueen } from '../src/tasks/redqueen.ts';
import { REPO, tempDir } from './support/tmp.ts';

const WARRIORS = resolve(REPO, '../shared/corewar/warriors');
const NANO_BENCHMARK = join(WARRIORS, 'yacereloaded/nanobm07');
const haveShared = existsSync(NANO_BENCHMARK);
if (!haveShared) console.warn(`skipping Core War evolution tests: ${NANO_BENCHMARK} is absent (../shared is not beside the repository)`);

describe.skipIf(!haveShared)('Core War evolution', () => {
  it('evolves a nano warrior that beats more of the Nano Benchmark 2007 than its seed', async () => {
    const definition = corewarTask({
      name: 'nano',
      program: join(REPO, 'examples/corewar-nano/seed.red'),
      hill: 'nano',
      opponents: [NANO_BENCHMARK],
      rounds: 20,
    });
    const dir = tempDir();
    // One evaluation in flight makes the run reproducible (the engine is otherwise order-dependent).
    const task = inlineTask(dir, definition, { budget: { samples: 800 }, seed: 2, concurrency: 1 }, 'nano-test');
    const result = await evolve({ task, out: join(dir, 'k.db') });
    const store = await Store.open(result.db);
    const rows = await store.programs(result.runId);
    await store.close();
    const beaten = (id: number | null) => JSON.parse(rows.find((r) => r.id === id)!.public_json!).beaten as number;
    const seedRow = rows.find((r) => r.sample === 0)!;
    expect(result.bestScore!).toBeGreaterThan(result.seedScore!);
    expect(beaten(result.bestProgramId)).toBeGreaterThan(beaten(seedRow.id));
    expect(rows.every((r) => r.status !== 'failed')).toBe(true); // warriors are data: nothing ran in a sandbox
  });

  it('Red Queen: each round fights every earlier champion and is scored on held-out warriors', async () => {
    const out = tempDir();
    const rounds = await redQueen({
      out,
      seedWarrior: join(REPO, 'examples/corewar-nano/seed.red'),
      initial: [join(REPO, 'examples/corewar-nano/opponents')],
      heldOut: [NANO_BENCHMARK],
      hill: 'nano',
      rounds: 3,
      budget: 40,
      battleRounds: 10,
    });
    expect(rounds.map((r) => r.earlierChampions)).toEqual([0, 1, 2]);
    for (const r of rounds) {
      expect(existsSync(r.champion)).toBe(true);
      expect(r.heldOut?.of).toBe(50);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/\| 3 \| [0-9.]+ \| \d\/2 \| [0-9.]+ \| \d+\/50 \|/);
  });
});
