import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { JudgeResult, TaskDefinition } from '../config/task.ts';
import { Arena } from '../corewar/arena/index.ts';
import { assemble, resolveSettings } from '../corewar/assembler/index.ts';
import { Mars } from '../corewar/mars/mars.ts';
import type { MarsSettings, Warrior } from '../corewar/types.ts';
import { KaizenError } from '../errors.ts';
import { HILLS, type HillName } from './hills.ts';
import { type SurvivalResult, survivalBattle, survivalBattleOn } from './redqueen/survival.ts';

export { HILLS, type HillName } from './hills.ts';

/** Full MARS settings of a hill for battles of `warriors` warriors (default two) and `rounds` rounds. */
export function hillSettings(hill: CorewarTaskOptions['hill'], rounds: number, warriors = 2): MarsSettings {
  const base = typeof hill === 'string' ? HILLS[hill] : hill;
  if (!base) throw new KaizenError(`unknown hill "${String(hill)}"; use one of ${Object.keys(HILLS).join(', ')}`);
  return resolveSettings({ ...base, rounds, warriors });
}

export interface Opponent {
  file: string;
  warrior: Warrior;
}

/**
 * Every `.red` file named, or found (recursively) in the folders named, assembled under `settings` for a battle of
 * `warriors` (pMARS's WARRIORS constant; two for one-on-one battles).
 */
export function loadOpponents(paths: readonly string[], settings: MarsSettings, warriors = 2): { opponents: Opponent[]; skipped: string[] } {
  const files: string[] = [];
  const visit = (p: string) => {
    if (!existsSync(p)) throw new KaizenError(`${p}: no such warrior file or folder`);
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) visit(join(p, f));
    } else if (p.toLowerCase().endsWith('.red')) files.push(p);
  };
  for (const p of paths) visit(resolve(p));
  const opponents: Opponent[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const r = assemble(readFileSync(file, 'utf8'), { ...settings, warriors });
    if (r.ok) opponents.push({ file, warrior: r.warrior });
    else skipped.push(`${basename(file)}: ${r.errors[0]?.message ?? 'does not assemble'}`);
  }
  return { opponents, skipped };
}

/** Steps a solo run is limited to: enough to see a warrior's shape, cheap on any hill. */
const BEHAVIOUR_STEPS = 8000;

/**
 * What a warrior does when alone in the core: the most processes it runs at once (log2) and the share of the core
 * it writes. Behaviour descriptors for MAP-Elites: papers spawn many processes, stones and scanners cover the core.
 */
export function behaviour(warrior: Warrior, settings: MarsSettings): { processes_log2: number; coverage: number } {
  const mars = new Mars([warrior], { ...settings, warriors: 1 }, { trackOwners: true });
  mars.startRound([0], 0);
  let most = 1;
  const steps = Math.min(BEHAVIOUR_STEPS, settings.maxCycles);
  for (let i = 0; i < steps && mars.step() && !mars.roundOver; i++) most = Math.max(most, mars.state.tasks(0));
  let written = 0;
  for (const o of mars.owner!) if (o === 0) written++;
  return { processes_log2: Math.log2(most), coverage: written / settings.coreSize };
}

export interface CorewarScore {
  /** Mean over opponents of pMARS points / (3 × rounds): 1 = wins every round, 1/3 = ties every round. */
  score: number;
  wins: number;
  ties: number;
  losses: number;
  /** Opponents it won more rounds against than it lost. */
  beaten: number;
  opponents: number;
  perOpponent: { file: string; wins: number; ties: number; losses: number }[];
}

/** Fights `warrior` against every opponent (`rounds` each, seeded placements) on the arena's threads. */
export async function scoreWarrior(
  arena: Arena,
  warrior: Warrior,
  opponents: readonly Opponent[],
  settings: MarsSettings,
  seed: number,
): Promise<CorewarScore> {
  const results = await arena.fight(opponents.map((o) => ({ warriors: [warrior, o.warrior], settings, options: { seed } })));
  let points = 0;
  let wins = 0;
  let ties = 0;
  let losses = 0;
  let beaten = 0;
  const perOpponent = results.map((r, i) => {
    const me = r.warriors[0];
    points += me.score / (3 * settings.rounds);
    wins += me.wins;
    ties += me.ties;
    losses += me.losses;
    if (me.wins > me.losses) beaten++;
    return { file: opponents[i].file, wins: me.wins, ties: me.ties, losses: me.losses };
  });
  return { score: opponents.length ? points / opponents.length : 0, wins, ties, losses, beaten, opponents: opponents.length, perOpponent };
}

export interface CorewarTaskOptions {
  name: string;
  description?: string;
  /** The seed warrior (.red). */
  program: string;
  hill: HillName | (Partial<MarsSettings> & { coreSize: number; maxLength: number });
  /** Warrior files or folders the candidates fight. */
  opponents: string[];
  /** Warriors never shown to the search: they gate promotion (holdout). */
  holdoutOpponents?: string[];
  /** Rounds per opponent (default 20). */
  rounds?: number;
  /** Placement seed: the same for every candidate, so scores are comparable. */
  seed?: number;
  /** Worker threads for battles (default: number of cores). */
  threads?: number;
  /**
   * pairwise (default): pMARS points one-on-one against each opponent. drq: Digital Red Queen's fitness, the
   * candidate's survival share in one free-for-all battle with every opponent at once (redqueen/survival.ts).
   */
  scoring?: CorewarScoring;
}

export type CorewarScoring = 'pairwise' | 'drq';

/**
 * The opponents of a free-for-all with a candidate, assembled for that battle (WARRIORS = 1 + opponents), and the
 * battle's settings.
 */
export function loadFreeForAll(paths: readonly string[], settings: MarsSettings): { opponents: Opponent[]; skipped: string[]; settings: MarsSettings } {
  const n = 1 + loadOpponents(paths, settings).opponents.length;
  const all = { ...settings, warriors: n };
  return { ...loadOpponents(paths, all, n), settings: all };
}

/** The candidate's side of a free-for-all with `opponents` (DRQ scoring): its survival share and pMARS counts. */
export function freeForAllScore(warrior: Warrior, opponents: readonly Opponent[], settings: MarsSettings, seed: number) {
  return candidateSide(survivalBattle([warrior, ...opponents.map((o) => o.warrior)], settings, seed));
}

/** freeForAllScore with the battle on one of the arena's worker threads. */
export async function freeForAllScoreOn(arena: Arena, warrior: Warrior, opponents: readonly Opponent[], settings: MarsSettings, seed: number) {
  return candidateSide(await survivalBattleOn(arena, [warrior, ...opponents.map((o) => o.warrior)], settings, seed));
}

function candidateSide(battle: SurvivalResult) {
  const me = battle.pmars.warriors[0];
  return { share: battle.share[0], alive: battle.alive[0], wins: me.wins, ties: me.ties, losses: me.losses, warriors: battle.share.length, battle };
}

/**
 * A Core War task: candidates are warriors (data, judged by trusted code with no sandbox), scored by battles against
 * a benchmark set on a hill. Features for MAP-Elites: the warrior's length, and from a solo run the most processes it
 * runs at once (log2) and the share of the core it writes.
 */
export function corewarTask(options: CorewarTaskOptions): TaskDefinition {
  const settings = hillSettings(options.hill, options.rounds ?? 20);
  const seed = options.seed ?? 1;
  let arena: Arena | null = null;
  let opponents: Opponent[] | null = null;
  let holdout: Opponent[] | null = null;
  const arenaOf = () => (arena ??= new Arena({ threads: options.threads }));

  let freeForAll: ReturnType<typeof loadFreeForAll> | null = null;
  const judgeFreeForAll = async (source: unknown): Promise<JudgeResult> => {
    freeForAll ??= loadFreeForAll(options.opponents, settings);
    if (freeForAll.opponents.length === 0)
      throw new KaizenError(`no opponent assembles under the hill's settings (${freeForAll.skipped.slice(0, 3).join('; ')})`);
    const all = freeForAll.settings;
    const r = assemble(String(source), all);
    if (!r.ok) return notAssembled(r.errors);
    const s = await freeForAllScoreOn(arenaOf(), r.warrior, freeForAll.opponents, all, seed);
    const ins = r.warrior.instructions;
    return {
      correct: true,
      score: s.share,
      public: { share: s.share, alive: s.alive, warriors: s.warriors, wins: s.wins, ties: s.ties, losses: s.losses, length: ins.length },
      features: { length: ins.length, ...behaviour(r.warrior, settings) },
      feedback:
        `in a free-for-all with all ${s.warriors - 1} opponents at once it takes ${(100 * s.share).toFixed(1)}% of the survival ` +
        `(${(100 / s.warriors).toFixed(1)}% is an equal share) and is alive ${(100 * s.alive).toFixed(1)}% of the cycles; ` +
        `over ${all.rounds} rounds it is the sole survivor ${s.wins} times, survives with others ${s.ties}, dies ${s.losses}`,
    };
  };

  const judgeAgainst = async (source: unknown, pick: () => Opponent[]): Promise<JudgeResult> => {
    const r = assemble(String(source), settings);
    if (!r.ok) {
      const errors = r.errors
        .slice(0, 3)
        .map((e) => `line ${e.line}: ${e.message}`)
        .join('; ');
      return { correct: false, score: 0, feedback: `the warrior does not assemble: ${errors}` };
    }
    const s = await scoreWarrior(arenaOf(), r.warrior, pick(), settings, seed);
    const ins = r.warrior.instructions;
    const worst = [...s.perOpponent].sort((a, b) => b.losses - a.losses).slice(0, 3);
    return {
      correct: true,
      score: s.score,
      public: { beaten: s.beaten, opponents: s.opponents, wins: s.wins, ties: s.ties, losses: s.losses, length: ins.length },
      features: { length: ins.length, ...behaviour(r.warrior, settings) },
      feedback:
        `beats ${s.beaten} of ${s.opponents} opponents (W/T/L ${s.wins}/${s.ties}/${s.losses} over ${settings.rounds} rounds each); ` +
        `loses most to ${worst.map((w) => `${basename(w.file)} (${w.losses} losses)`).join(', ')}`,
    };
  };

  const load = (paths: string[]) => {
    const { opponents: list, skipped } = loadOpponents(paths, settings);
    if (list.length === 0) throw new KaizenError(`no opponent assembles under the hill's settings (${skipped.slice(0, 3).join('; ')})`);
    return list;
  };

  return {
    name: options.name,
    description:
      options.description ??
      `Write a Redcode warrior (pMARS '94 dialect) for a hill with core size ${settings.coreSize}, at most ${settings.maxLength} instructions, ` +
        `${settings.maxCycles} cycles, ${settings.maxProcesses} processes. ` +
        (options.scoring === 'drq'
          ? 'It is scored by its share of the survival in one free-for-all battle with every opponent at once in the core.'
          : 'It is scored by battles against a benchmark set of warriors.'),
    program: options.program,
    language: 'redcode',
    execute: { data: true },
    redcode: { coreSize: settings.coreSize, maxLength: settings.maxLength },
    judge: (source) => (options.scoring === 'drq' ? judgeFreeForAll(source) : judgeAgainst(source, () => (opponents ??= load(options.opponents)))),
    ...(options.holdoutOpponents ? { holdout: (source: unknown) => judgeAgainst(source, () => (holdout ??= load(options.holdoutOpponents!))) } : {}),
  };
}

function notAssembled(errors: readonly { line: number; message: string }[]): JudgeResult {
  const text = errors
    .slice(0, 3)
    .map((e) => `line ${e.line}: ${e.message}`)
    .join('; ');
  return { correct: false, score: 0, feedback: `the warrior does not assemble: ${text}` };
}
