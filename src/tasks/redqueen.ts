import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KaizenConfigInput } from '../config/config.ts';
import { inlineTask } from '../config/load.ts';
import { Arena } from '../corewar/arena/index.ts';
import { evolve } from '../engine/evolve.ts';
import { KaizenError } from '../errors.ts';
import { Store } from '../store/store.ts';
import { writeFileAtomic } from '../util/files.ts';
import { type CorewarScoring, type CorewarTaskOptions, corewarTask, hillSettings, loadOpponents } from './corewar.ts';
import { championSource, warriorKey } from './redqueen/champion.ts';
import { assembleFile, assembleSource, fileRef, measureRound, type RedQueenRecord, type RoundRecord } from './redqueen/record.ts';
import { generality, redQueenReport, roundLine } from './redqueen/report.ts';
import { checkWarriorCount } from './redqueen/survival.ts';
import { RECORD_FILE } from './redqueen/verify.ts';

export { redQueenReport } from './redqueen/report.ts';
export { verifyRedQueen } from './redqueen/verify.ts';

export interface RedQueenOptions {
  /** Where champions, the run database, report.md and redqueen.json go. */
  out: string;
  /** The warrior round 1 starts from. */
  seedWarrior: string;
  /** The initial opponents (files or folders). */
  initial: string[];
  /** Held-out warriors, never fought during evolution, that measure generality (DRQ: the 317 human warriors). */
  heldOut?: string[];
  hill: CorewarTaskOptions['hill'];
  /** Red Queen rounds: each is one evolution run. */
  rounds: number;
  /** Samples per round. */
  budget: number;
  /** Battle rounds (per opponent, or of the free-for-all). */
  battleRounds?: number;
  /** drq (default): survival share in one free-for-all with every opponent; pairwise: pMARS points one-on-one. */
  scoring?: CorewarScoring;
  seed?: number;
  config?: KaizenConfigInput;
  onRound?: (round: RedQueenRound) => void;
}

export interface RedQueenRound {
  round: number;
  runId: string;
  champion: string;
  /** Fitness against this round's opponents (initial set + every earlier champion), under the run's scoring. */
  fitness: number;
  /** Earlier champions it beats one-on-one (more wins than losses), out of how many. */
  beatsEarlierChampions: number;
  earlierChampions: number;
  /** Against the held-out warriors, when given; generality = beaten / of. */
  heldOut: { score: number; beaten: number; of: number; generality: number } | null;
  /** The round's CLI line. */
  line: string;
  record: RoundRecord;
}

/**
 * Red Queen coevolution (Digital Red Queen): round r evolves a warrior against the initial opponents plus every
 * earlier round's champion; its champion joins the opponents of the next round. Each champion is then measured by
 * battles recorded in redqueen.json (fitness, earlier champions beaten, held-out generality, similarity to the previous
 * champion), which `verifyRedQueen` fights again.
 */
export async function redQueen(options: RedQueenOptions): Promise<RedQueenRound[]> {
  checkCounts(options);
  const out = resolve(options.out);
  const db = join(out, 'redqueen.db');
  const scoring = options.scoring ?? 'drq';
  const settings = hillSettings(options.hill, options.battleRounds ?? 20);
  // Park–Miller never leaves state 0, so a seed of 0 would place every round alike: placements start from seed + 1.
  const battleSeed = (options.seed ?? 0) + 1;
  let start = resolve(options.seedWarrior);
  if (!existsSync(start)) throw new KaizenError(`${options.seedWarrior}: no such warrior`);
  // Checked before any round: a seed that the hill refuses would only be found after a round's whole budget.
  assembleSource(readFileSync(start, 'utf8'), settings, `the seed warrior ${options.seedWarrior}`);
  const initialSet = loadOpponents(options.initial, settings);
  const initial = initialSet.opponents.map((o) => o.file);
  if (initial.length === 0) throw new KaizenError('no initial opponent assembles under the hill');
  if (scoring === 'drq') checkWarriorCount(1 + initial.length + options.rounds - 1, settings);
  const heldOutSet = options.heldOut?.length ? loadOpponents(options.heldOut, settings) : { opponents: [], skipped: [] };
  const heldOut = heldOutSet.opponents.map((o) => o.file);
  if (options.heldOut?.length && heldOut.length === 0) {
    const why = heldOutSet.skipped.length ? `: ${heldOutSet.skipped.slice(0, 3).join('; ')}` : ' (no .red file found)';
    throw new KaizenError(`--held-out: no warrior there assembles under the ${options.hill} hill${why}`);
  }
  const championsDir = join(out, 'champions');
  clearPreviousRun(out, championsDir);
  const run: Omit<RedQueenRecord, 'rounds'> = {
    version: 1,
    hill: options.hill,
    settings,
    scoring,
    seed: battleSeed,
    probeSeed: battleSeed + 7919,
    budget: options.budget,
    initial: initial.map((f) => fileRef(out, f)),
    probeKind: heldOut.length ? 'held-out' : 'initial',
    probeSet: (heldOut.length ? heldOut : initial).map((f) => fileRef(out, f)),
    skipped: [...initialSet.skipped, ...heldOutSet.skipped],
  };
  const arena = new Arena();
  const records: RoundRecord[] = [];
  const results: RedQueenRound[] = [];
  try {
    for (let round = 1; round <= options.rounds; round++) {
      const earlier = records.map((r) => resolve(out, r.champion.file));
      const roundStart = join(out, `round-${round}-start.red`);
      copyFileSync(start, roundStart);
      const definition = corewarTask({
        name: `redqueen-round-${round}`,
        program: roundStart,
        hill: options.hill,
        opponents: [...initial, ...earlier],
        rounds: settings.rounds,
        seed: battleSeed,
        scoring,
      });
      // The task's identity holds every setting its scores depend on, so a changed setting is a new run.
      const identity = JSON.stringify({ ...run, probeSet: undefined, round, earlier: records.map((r) => r.champion.sha256) });
      const loaded = inlineTask(
        out,
        definition,
        { ...(options.config ?? {}), budget: { samples: options.budget }, seed: (options.seed ?? 0) + round },
        identity,
      );
      const result = await evolve({ task: loaded, out: db });
      if (result.bestProgramId === null) throw new KaizenError(`round ${round}: no correct warrior was found`);
      const store = await Store.open(db);
      const best = (await store.getProgram(result.bestProgramId))!;
      await store.close();
      const champion = join(championsDir, `round-${round}.red`);
      writeFileSync(champion, championSource(best.code, round, settings));
      if (warriorKey(assembleFile(champion, settings)) !== warriorKey(assembleSource(best.code, settings, `round ${round}'s champion`))) {
        throw new KaizenError(`round ${round}: the champion's file does not assemble to the evolved warrior`);
      }
      const record = await measureRound(arena, out, run, {
        round,
        runId: result.runId,
        evolutionScore: result.bestScore,
        start: roundStart,
        champion,
        earlier: records,
      });
      records.push(record);
      const full: RedQueenRecord = { ...run, rounds: records };
      // Written after every round, so an interrupted run keeps what it measured.
      writeFileAtomic(join(out, RECORD_FILE), `${JSON.stringify(full, null, 1)}\n`);
      writeFileAtomic(join(out, 'report.md'), redQueenReport(full));
      const g = generality(full, record);
      const summary: RedQueenRound = {
        round,
        runId: result.runId,
        champion,
        fitness: record.fitness.value,
        beatsEarlierChampions: record.earlier.beaten,
        earlierChampions: record.earlier.of,
        heldOut: g === null ? null : { score: record.probe.score, beaten: record.probe.beaten, of: record.probe.of, generality: g },
        line: roundLine(full, record),
        record,
      };
      results.push(summary);
      options.onRound?.(summary);
      start = champion;
    }
  } finally {
    await arena.close();
  }
  return results;
}

/** Counts and seeds a run cannot work with, refused before anything is written. */
function checkCounts(options: RedQueenOptions): void {
  const positive = { rounds: options.rounds, budget: options.budget, 'battle-rounds': options.battleRounds ?? 20 };
  for (const [name, value] of Object.entries(positive)) {
    if (!Number.isInteger(value) || value < 1) throw new KaizenError(`--${name} must be a whole number of at least 1, got ${value}`);
  }
  const seed = options.seed ?? 0;
  // The battles' RNG state is seed + 1 (and seed + 7920 for the probe battles), which Park–Miller needs in 1…2^31−2.
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new KaizenError(`--seed must be a whole number from 0 to ${MAX_SEED}, got ${seed}`);
}

const MAX_SEED = 999_999_999;

/**
 * A run writes its record, report, round starts and champions afresh: those of an earlier run in the same folder go
 * first, so that none of them outlives the record that vouched for it (the evolutions' database stays).
 */
function clearPreviousRun(out: string, championsDir: string): void {
  mkdirSync(championsDir, { recursive: true });
  for (const f of [RECORD_FILE, 'report.md']) rmSync(join(out, f), { force: true });
  for (const f of readdirSync(out)) if (/^round-\d+-start\.red$/.test(f)) rmSync(join(out, f));
  for (const f of readdirSync(championsDir)) if (/^round-\d+\.red$/.test(f)) rmSync(join(championsDir, f));
}
