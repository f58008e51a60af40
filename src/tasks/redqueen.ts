import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { KaizenConfigInput } from '../config/config.ts';
import { inlineTask } from '../config/load.ts';
import { Arena } from '../corewar/arena/index.ts';
import { assemble } from '../corewar/assembler/index.ts';
import { evolve } from '../engine/evolve.ts';
import { KaizenError } from '../errors.ts';
import { Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { type CorewarTaskOptions, corewarTask, hillSettings, loadOpponents, scoreWarrior } from './corewar.ts';

export interface RedQueenOptions {
  /** Where champions, the run database and the report go. */
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
  /** Battle rounds per opponent. */
  battleRounds?: number;
  seed?: number;
  config?: KaizenConfigInput;
  onRound?: (round: RedQueenRound) => void;
}

export interface RedQueenRound {
  round: number;
  runId: string;
  champion: string;
  /** Score against this round's opponents (initial set + every earlier champion). */
  fitness: number;
  /** Earlier champions it beats (more wins than losses), out of how many. */
  beatsEarlierChampions: number;
  earlierChampions: number;
  /** Against the held-out warriors, when given. */
  heldOut: { score: number; beaten: number; of: number } | null;
}

/**
 * Red Queen coevolution (Digital Red Queen): round r evolves a warrior against the initial opponents plus every
 * earlier round's champion; its champion joins the opponents of the next round. After each round the champion is
 * also scored against held-out warriors it never met, to show whether generality grows.
 */
export async function redQueen(options: RedQueenOptions): Promise<RedQueenRound[]> {
  const out = resolve(options.out);
  const championsDir = join(out, 'champions');
  mkdirSync(championsDir, { recursive: true });
  const db = join(out, 'redqueen.db');
  const settings = hillSettings(options.hill, options.battleRounds ?? 20);
  const heldOut = options.heldOut?.length ? loadOpponents(options.heldOut, settings).opponents : [];
  const arena = new Arena();
  const results: RedQueenRound[] = [];
  let start = resolve(options.seedWarrior);
  if (!existsSync(start)) throw new KaizenError(`${options.seedWarrior}: no such warrior`);
  try {
    for (let round = 1; round <= options.rounds; round++) {
      const earlier = results.map((r) => r.champion);
      const roundStart = join(out, `round-${round}-start.red`);
      copyFileSync(start, roundStart);
      const definition = corewarTask({
        name: `redqueen-round-${round}`,
        program: roundStart,
        hill: options.hill,
        opponents: [...options.initial, ...earlier],
        rounds: options.battleRounds ?? 20,
        seed: options.seed ?? 1,
      });
      const identity = JSON.stringify({ round, hill: options.hill, initial: options.initial, earlier: earlier.map((f) => sha256(readFileSync(f, 'utf8'))) });
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
      writeFileSync(champion, best.code);
      const warrior = assemble(best.code, settings);
      if (!warrior.ok) throw new KaizenError(`round ${round}: the champion does not assemble`);
      let beats = 0;
      if (earlier.length) {
        const previous = loadOpponents(earlier, settings).opponents;
        const s = await scoreWarrior(arena, warrior.warrior, previous, settings, options.seed ?? 1);
        beats = s.beaten;
      }
      const held = heldOut.length ? await scoreWarrior(arena, warrior.warrior, heldOut, settings, (options.seed ?? 1) + 7919) : null;
      const record: RedQueenRound = {
        round,
        runId: result.runId,
        champion,
        fitness: result.bestScore ?? 0,
        beatsEarlierChampions: beats,
        earlierChampions: earlier.length,
        heldOut: held ? { score: held.score, beaten: held.beaten, of: held.opponents } : null,
      };
      results.push(record);
      options.onRound?.(record);
      start = champion;
    }
  } finally {
    await arena.close();
  }
  writeFileSync(join(out, 'report.md'), redQueenReport(results, options));
  return results;
}

export function redQueenReport(rounds: RedQueenRound[], options: Pick<RedQueenOptions, 'hill' | 'budget' | 'initial' | 'heldOut'>): string {
  const lines = [
    '# Red Queen report',
    '',
    `Hill: ${typeof options.hill === 'string' ? options.hill : JSON.stringify(options.hill)}; ${options.budget} samples per round; ` +
      `initial opponents: ${options.initial.map((p) => basename(p)).join(', ')}; held-out set: ${options.heldOut?.map((p) => basename(p)).join(', ') || 'none'}.`,
    '',
    '| round | fitness vs opponents | beats earlier champions | held-out score | held-out beaten |',
    '|---|---|---|---|---|',
    ...rounds.map(
      (r) =>
        `| ${r.round} | ${r.fitness.toFixed(4)} | ${r.earlierChampions ? `${r.beatsEarlierChampions}/${r.earlierChampions}` : '—'} | ` +
        `${r.heldOut ? r.heldOut.score.toFixed(4) : '—'} | ${r.heldOut ? `${r.heldOut.beaten}/${r.heldOut.of}` : '—'} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
