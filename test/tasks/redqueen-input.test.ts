import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KaizenError } from '../../src/errors.ts';
import { type RedQueenOptions, redQueen, verifyRedQueen } from '../../src/tasks/redqueen.ts';
import { REPO, runCli, tempDir } from '../support/tmp.ts';

const NANO = join(REPO, 'examples/corewar-nano');

/** A nano Red Queen run's options from the example's seed and opponents, into a fresh folder. */
const nano = (overrides: Partial<RedQueenOptions> = {}): RedQueenOptions => ({
  out: tempDir(),
  seedWarrior: join(NANO, 'seed.red'),
  initial: [join(NANO, 'opponents')],
  hill: 'nano',
  rounds: 1,
  budget: 4,
  battleRounds: 4,
  ...overrides,
});

/** The error a run refuses with before it writes anything into its folder. */
async function refusal(options: RedQueenOptions): Promise<string> {
  const error = await redQueen(options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KaizenError);
  expect(existsSync(join(options.out, 'champions'))).toBe(false);
  expect(existsSync(join(options.out, 'redqueen.json'))).toBe(false);
  return (error as Error).message;
}

describe('a Red Queen run refuses, before its first round, what it cannot work with', () => {
  it('rounds, budgets and battle rounds below 1, and seeds outside 0…999,999,999', async () => {
    expect(await refusal(nano({ rounds: 0 }))).toBe('--rounds must be a whole number of at least 1, got 0');
    expect(await refusal(nano({ rounds: -2 }))).toMatch(/--rounds .* got -2/);
    expect(await refusal(nano({ budget: 0 }))).toMatch(/--budget must be a whole number of at least 1/);
    expect(await refusal(nano({ battleRounds: 0 }))).toMatch(/--battle-rounds must be a whole number of at least 1, got 0/);
    expect(await refusal(nano({ battleRounds: -3 }))).toMatch(/--battle-rounds .* got -3/);
    expect(await refusal(nano({ seed: -1 }))).toBe('--seed must be a whole number from 0 to 999999999, got -1');
    expect(await refusal(nano({ seed: 2 ** 31 }))).toMatch(/--seed must be/);
  });

  it('a seed warrior that does not assemble on the hill, named with its line', async () => {
    const dir = tempDir();
    const broken = join(dir, 'broken.red');
    writeFileSync(broken, ';redcode-94\nmov 0, 1\nmov 0, )\n');
    expect(await refusal(nano({ seedWarrior: broken }))).toMatch(/^the seed warrior .*broken\.red does not assemble: line 3: Bad expression$/);
    // A '94 warrior whose ;assert the nano hill fails.
    const big = join(dir, 'big.red');
    writeFileSync(big, ';redcode-94\n;assert CORESIZE==8000\nmov 0, 1\n');
    expect(await refusal(nano({ seedWarrior: big }))).toMatch(/big\.red does not assemble: line 2: Assertion in this line fails/);
  });

  it('a held-out set asked for where no warrior assembles', async () => {
    const empty = tempDir();
    expect(await refusal(nano({ heldOut: [empty] }))).toBe('--held-out: no warrior there assembles under the nano hill (no .red file found)');
    writeFileSync(join(empty, 'big.red'), ';redcode-94\n;assert CORESIZE==8000\nmov 0, 1\n');
    expect(await refusal(nano({ heldOut: [empty] }))).toMatch(/^--held-out: no warrior there assembles under the nano hill: big\.red: Assertion/);
  });
});

describe('a Red Queen record', () => {
  it("is checked against its initial and held-out files' hashes, and a new run replaces an old run's files", async () => {
    const dir = tempDir();
    cpSync(join(NANO, 'opponents'), join(dir, 'initial'), { recursive: true });
    mkdirSync(join(dir, 'held-out'));
    cpSync(join(NANO, 'opponents/stone.red'), join(dir, 'held-out/stone.red'));
    const out = join(dir, 'out');
    // What an earlier, longer run left: a third round's start and champion.
    mkdirSync(join(out, 'champions'), { recursive: true });
    writeFileSync(join(out, 'round-3-start.red'), 'mov 0, 1\n');
    writeFileSync(join(out, 'champions/round-3.red'), 'mov 0, 1\n');
    await redQueen(nano({ out, initial: [join(dir, 'initial')], heldOut: [join(dir, 'held-out')] }));
    expect(existsSync(join(out, 'round-3-start.red'))).toBe(false);
    expect(existsSync(join(out, 'champions/round-3.red'))).toBe(false);
    expect(existsSync(join(out, 'champions/round-1.red'))).toBe(true);
    expect((await verifyRedQueen(out)).differences).toEqual([]);

    // A comment added changes no battle, but the files are no longer those the record names.
    appendFileSync(join(dir, 'initial/imp.red'), '; edited\n');
    appendFileSync(join(dir, 'held-out/stone.red'), '; edited\n');
    const v = await verifyRedQueen(out);
    expect(v.ok).toBe(false);
    expect(v.differences.map((d) => d.path)).toEqual(['initial[1].sha256', 'probeSet[0].sha256']);
  }, 120_000);

  it('repeats from its seed at concurrency 1: the same champions and figures', async () => {
    const run = async () => {
      const out = tempDir();
      await redQueen(nano({ out, rounds: 2, budget: 12, seed: 5, config: { concurrency: 1 } }));
      const record = JSON.parse(readFileSync(join(out, 'redqueen.json'), 'utf8')) as { rounds: { champion: { sha256: string }; fitness: { value: number } }[] };
      return record.rounds.map((r) => [r.champion.sha256, r.fitness.value]);
    };
    const first = await run();
    expect(first).toHaveLength(2);
    expect(await run()).toEqual(first);
  }, 120_000);

  it('that is cut short or not a record at all is refused with one line, by the library and the CLI', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'redqueen.json'), '{"version": 1, "hill": "na');
    await expect(verifyRedQueen(out)).rejects.toThrow(/redqueen\.json: not a Red Queen record, its JSON does not parse/);
    writeFileSync(join(out, 'redqueen.json'), '{}');
    await expect(verifyRedQueen(out)).rejects.toThrow(/redqueen\.json: not a Red Queen record of version 1 \(no rounds, initial, probeSet, skipped list\)/);
    const cli = await runCli(['corewar', 'redqueen', '--verify', out]);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr.trim()).toMatch(/^kaizen: .*not a Red Queen record of version 1/);
    expect(cli.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('--verify refuses the options of a new run instead of ignoring them', async () => {
    const cli = await runCli(['corewar', 'redqueen', '--verify', tempDir(), '--rounds', '5', '--scoring', 'pairwise']);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr.trim()).toBe('kaizen: --verify re-fights a recorded run with its own settings; drop --rounds, --scoring');
    expect(readFileSync(join(REPO, 'examples/corewar-nano/seed.red'), 'utf8')).toContain('redcode'); // untouched
  });
});
