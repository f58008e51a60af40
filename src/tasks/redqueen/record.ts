// What a Red Queen run records of each round (redqueen.json), measured from battles fought here; verify.ts fights
// the same battles again from this record and compares every figure.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Arena } from '../../corewar/arena/index.ts';
import { assemble } from '../../corewar/assembler/index.ts';
import type { MarsSettings, Warrior } from '../../corewar/types.ts';
import { KaizenError } from '../../errors.ts';
import { sha256 } from '../../util/hash.ts';
import { behaviour, type CorewarScoring, freeForAllScore, loadFreeForAll, loadOpponents, scoreWarrior } from '../corewar.ts';
import { warriorKey } from './champion.ts';
import { cosine, spearman } from './measures.ts';
import type { SurvivalRound } from './survival.ts';

/** A warrior file: its path relative to the run's folder, and the hash of what was fought. */
export interface FileRef {
  file: string;
  sha256: string;
}

/** One-on-one pMARS battles of a champion against a set: `rounds` rounds each, every battle from RNG state `seed`. */
export interface PairwiseRecord {
  seed: number;
  battles: (FileRef & { wins: number; ties: number; losses: number; score: number })[];
  /** Mean of the battles' scores: pMARS points / (3 × rounds). */
  score: number;
  /** Opponents it wins more rounds against than it loses. */
  beaten: number;
  of: number;
}

export interface FitnessRecord {
  scoring: CorewarScoring;
  /** drq: the survival share in the free-for-all; pairwise: the mean pMARS score against the opponents. */
  value: number;
  /** The free-for-all (drq): every warrior in it (the champion is warrior 0), and per round who died when. */
  drq?: { seed: number; warriors: FileRef[]; alive: number; wins: number; ties: number; losses: number; rounds: SurvivalRound[] };
  pairwise?: PairwiseRecord;
}

export interface RoundRecord {
  round: number;
  runId: string;
  start: FileRef;
  champion: FileRef;
  /** The champion's score as the evolution recorded it; the re-fought fitness must equal it. */
  evolutionScore: number | null;
  fitness: FitnessRecord;
  /** One-on-one against every earlier champion: "beats N earlier champions" is `beaten`. */
  earlier: PairwiseRecord;
  /** One-on-one against the probe set (the held-out warriors, else the initial opponents): generality, phenotype. */
  probe: PairwiseRecord;
  /** Solo-run descriptors (as MAP-Elites uses). */
  behaviour: { processes_log2: number; coverage: number };
  /** Same instructions, start and PIN as its start, or as an earlier round's champion (the earliest such round). */
  identical: { start: boolean; champion: number | null };
  /** Phenotype (probe scores) similarity with the previous round's champion. */
  similarity: { cosine: number | null; spearman: number | null } | null;
}

export interface RedQueenRecord {
  version: 1;
  hill: unknown;
  /** Two-warrior settings of the hill with `rounds` = battle rounds; free-for-alls use warriors = their size. */
  settings: MarsSettings;
  scoring: CorewarScoring;
  /** RNG state of every fitness battle and of the battles with earlier champions; probeSeed for the probe battles. */
  seed: number;
  probeSeed: number;
  budget: number;
  initial: FileRef[];
  probeKind: 'held-out' | 'initial';
  probeSet: FileRef[];
  /** Initial or held-out files that do not assemble under the hill, so were never fought. */
  skipped: string[];
  rounds: RoundRecord[];
}

/** The files of a run's record, relative to its folder. */
export function fileRef(out: string, file: string): FileRef {
  return { file: relative(out, file), sha256: sha256(readFileSync(file, 'utf8')) };
}

function load(out: string, refs: readonly FileRef[], settings: MarsSettings) {
  const files = refs.map((r) => resolve(out, r.file));
  const { opponents, skipped } = loadOpponents(files, settings);
  if (skipped.length) throw new KaizenError(`recorded warriors no longer assemble: ${skipped.join('; ')}`);
  return opponents;
}

async function pairwise(arena: Arena, out: string, me: Warrior, refs: readonly FileRef[], settings: MarsSettings, seed: number): Promise<PairwiseRecord> {
  const opponents = load(out, refs, settings);
  const s = await scoreWarrior(arena, me, opponents, settings, seed);
  const R = settings.rounds;
  return {
    seed,
    battles: s.perOpponent.map((p, i) => ({ ...refs[i], wins: p.wins, ties: p.ties, losses: p.losses, score: (3 * p.wins + p.ties) / (3 * R) })),
    score: s.score,
    beaten: s.beaten,
    of: s.opponents,
  };
}

export function assembleSource(code: string, settings: MarsSettings, what: string): Warrior {
  const r = assemble(code, settings);
  if (!r.ok) {
    const e = r.errors[0];
    throw new KaizenError(`${what} does not assemble: ${e ? `${e.line > 0 ? `line ${e.line}: ` : ''}${e.message}` : 'no instructions'}`);
  }
  return r.warrior;
}

export const assembleFile = (file: string, settings: MarsSettings): Warrior => assembleSource(readFileSync(file, 'utf8'), settings, file);

/** What measuring a round needs; everything in it is in the record, so verify can measure it again. */
export interface RoundInputs {
  round: number;
  runId: string;
  evolutionScore: number | null;
  start: string;
  champion: string;
  /** Earlier rounds' records (their champions are this round's extra opponents). */
  earlier: readonly RoundRecord[];
}

/** Fights every battle a round's figures come from and records them. */
export async function measureRound(arena: Arena, out: string, run: Omit<RedQueenRecord, 'rounds'>, r: RoundInputs): Promise<RoundRecord> {
  const settings = run.settings;
  const me = assembleFile(r.champion, settings);
  const earlierRefs = r.earlier.map((e) => e.champion);
  const opponents = [...run.initial, ...earlierRefs];
  let fitness: FitnessRecord;
  if (run.scoring === 'drq') {
    const ffa = loadFreeForAll(
      opponents.map((o) => resolve(out, o.file)),
      settings,
    );
    const s = freeForAllScore(assembleFile(r.champion, ffa.settings), ffa.opponents, ffa.settings, run.seed);
    fitness = {
      scoring: 'drq',
      value: s.share,
      drq: {
        seed: run.seed,
        warriors: [fileRef(out, r.champion), ...opponents],
        alive: s.alive,
        wins: s.wins,
        ties: s.ties,
        losses: s.losses,
        rounds: s.battle.rounds,
      },
    };
  } else {
    const p = await pairwise(arena, out, me, opponents, settings, run.seed);
    fitness = { scoring: 'pairwise', value: p.score, pairwise: p };
  }
  const probe = await pairwise(arena, out, me, run.probeSet, settings, run.probeSeed);
  const key = warriorKey(me);
  const same = r.earlier.find((e) => warriorKey(assembleFile(resolve(out, e.champion.file), settings)) === key);
  const previous = r.earlier.at(-1);
  const phenotype = probe.battles.map((b) => b.score);
  const before = previous?.probe.battles.map((b) => b.score);
  return {
    round: r.round,
    runId: r.runId,
    start: fileRef(out, r.start),
    champion: fileRef(out, r.champion),
    evolutionScore: r.evolutionScore,
    fitness,
    earlier: await pairwise(arena, out, me, earlierRefs, settings, run.seed),
    probe,
    behaviour: behaviour(me, settings),
    identical: { start: warriorKey(assembleFile(r.start, settings)) === key, champion: same?.round ?? null },
    similarity: before ? { cosine: cosine(before, phenotype), spearman: spearman(before, phenotype) } : null,
  };
}
