// A hill: a round robin in which every pairing of warriors is fought as `pmars -b a.red b.red` fights it (same
// settings, seeding and scoring), all pairings at once on the Arena's worker threads, then ranked KOTH-style.
//   runHill(entrants, settings, options, { threads }) -> HillResult
//   formatHillTable(result, { matrix }) / hillJson(result) -> what `kaizen corewar hill` prints
import { Arena } from './arena/index.ts';
import { assemble } from './assembler/index.ts';
import type { BattleOptions, BattleResult } from './mars/battle.ts';
import { rng } from './mars/rng.ts';
import type { MarsSettings, Warrior } from './types.ts';

/**
 * A warrior as the first and as the second of a pairing. pMARS's assembler lets the first warrior on the command
 * line see registers W and S set (see AssembleOptions.position), so a source may assemble differently in each place.
 */
export interface Entrant {
  first: Warrior;
  second: Warrior;
  /** Where it came from (shown in JSON output only). */
  file?: string;
}

export interface HillOptions {
  /** Worker threads; default every core, 0 the calling thread. Ignored when `arena` is given. */
  threads?: number;
  /** An arena to reuse (left open); default a new one, closed afterwards. */
  arena?: Arena;
}

/** One warrior's side of a pairing. */
export interface Side {
  score: number;
  wins: number;
  losses: number;
  ties: number;
}

export interface PairingResult {
  /** Indices into HillResult.entrants: `a` fought as warrior 1, `b` as warrior 2. */
  a: number;
  b: number;
  results: [Side, Side];
}

export interface Standing extends Side {
  rank: number;
  /** Index into HillResult.entrants. */
  index: number;
  name: string;
  author: string;
  file?: string;
  /** score × 100 / (rounds × opponents): KOTH's hill score (0–300 with pMARS's default formula). */
  per100: number;
}

export interface HillResult {
  entrants: Entrant[];
  settings: MarsSettings;
  /** The options every pairing was fought with; `seed` is filled in when pMARS would have drawn it from the clock. */
  options: BattleOptions;
  pairings: PairingResult[];
  /** Best first; equal scores share a rank and keep the entrants' order. */
  standings: Standing[];
  threads: number;
  /** Wall time of the battles. */
  seconds: number;
}

/** The same warrior in both places (sources that read W or S before assigning them are the exception). */
export function asEntrant(w: Warrior | Entrant): Entrant {
  return 'first' in w ? w : { first: w, second: w };
}

/** Assembles a source as pMARS would for either place in a pairing; the errors are pMARS's, one per line. */
export function assembleEntrant(source: string, settings: MarsSettings, file?: string): { ok: true; entrant: Entrant } | { ok: false; errors: string[] } {
  const first = assemble(source, { ...settings, warriors: 2 }, { position: 0 });
  const second = assemble(source, { ...settings, warriors: 2 }, { position: 1 });
  if (!first.ok) return { ok: false, errors: first.errors.map((e) => `line ${e.line}: ${e.message}`) };
  if (!second.ok) return { ok: false, errors: second.errors.map((e) => `line ${e.line}: ${e.message}`) };
  return { ok: true, entrant: { first: first.warrior, second: second.warrior, file } };
}

/**
 * Options with the seed pMARS would take from the clock made explicit, so that every pairing starts from the same
 * state (as separate `pmars` runs started in the same second would) and the table can be reproduced with it.
 */
export function fixSeed(options: BattleOptions): BattleOptions {
  const clocked = !options.fixedPosition && !options.checksumSeed && options.seed === undefined;
  return clocked ? { ...options, seed: rng(Math.floor(Date.now() / 1000)) } : options;
}

/** Fights every pairing i < j (entrant i as warrior 1) and ranks the entrants by their summed pMARS scores. */
export async function runHill(
  warriors: readonly (Warrior | Entrant)[],
  settings: MarsSettings,
  options: BattleOptions = {},
  hill: HillOptions = {},
): Promise<HillResult> {
  const entrants = warriors.map(asEntrant);
  const pairSettings = { ...settings, warriors: 2 };
  const fixed = fixSeed(options);
  const pairs: [number, number][] = [];
  for (let a = 0; a < entrants.length; a++) for (let b = a + 1; b < entrants.length; b++) pairs.push([a, b]);

  const arena = hill.arena ?? new Arena({ threads: hill.threads });
  const started = performance.now();
  let battles: BattleResult[];
  try {
    battles = await arena.fight(pairs.map(([a, b]) => ({ warriors: [entrants[a].first, entrants[b].second], settings: pairSettings, options: fixed })));
  } finally {
    if (!hill.arena) await arena.close();
  }
  const seconds = (performance.now() - started) / 1000;

  const pairings = pairs.map(([a, b], i): PairingResult => ({ a, b, results: [side(battles[i], 0), side(battles[i], 1)] }));
  return {
    entrants,
    settings: pairSettings,
    options: fixed,
    pairings,
    standings: rank(entrants, pairings, settings.rounds),
    threads: arena.threads,
    seconds,
  };
}

function side(battle: BattleResult, i: number): Side {
  const { score, wins, losses, ties } = battle.warriors[i];
  return { score, wins, losses, ties };
}

/** Totals per entrant, sorted by score (stable), with shared ranks for equal scores. */
function rank(entrants: readonly Entrant[], pairings: readonly PairingResult[], rounds: number): Standing[] {
  const totals = entrants.map((): Side => ({ score: 0, wins: 0, losses: 0, ties: 0 }));
  for (const p of pairings) {
    for (const [k, who] of [p.a, p.b].entries()) {
      const t = totals[who];
      const r = p.results[k];
      t.score += r.score;
      t.wins += r.wins;
      t.losses += r.losses;
      t.ties += r.ties;
    }
  }
  const played = rounds * (entrants.length - 1);
  const order = entrants.map((_, i) => i).sort((x, y) => totals[y].score - totals[x].score || x - y);
  let rankOf = 0;
  return order.map((index, pos): Standing => {
    if (pos === 0 || totals[order[pos - 1]].score !== totals[index].score) rankOf = pos + 1;
    const { name, author } = entrants[index].first;
    const per100 = played > 0 ? (totals[index].score * 100) / played : 0;
    return { rank: rankOf, index, name, author, file: entrants[index].file, ...totals[index], per100 };
  });
}

// ---- Output ----

/** How the pairings were seeded, as the flags that reproduce it. */
export function describeSeeding(options: BattleOptions): string {
  const permutate = options.permutate ? ' -P' : '';
  if (options.fixedPosition) return `-F ${options.fixedPosition}${permutate}`;
  if (options.checksumSeed) return `-f (seeds from the warriors' code)${permutate}`;
  return `seed ${options.seed}${permutate} (--seed ${options.seed} reproduces it)`;
}

/** pMARS flags of the settings (rounds apart). */
function describeSettings(s: MarsSettings): string {
  return `-s ${s.coreSize} -c ${s.maxCycles} -p ${s.maxProcesses} -l ${s.maxLength} -d ${s.minDistance} -S ${s.pSpaceSize}`;
}

const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

/**
 * The standings as a text table: a header line (warriors, pairings, rounds, settings, seeding, wall time), one row per
 * warrior, a note on the columns, and with `matrix` the pairwise scores (row's points against column).
 */
export function formatHillTable(result: HillResult, opts: { matrix?: boolean } = {}): string {
  const { standings, settings } = result;
  const n = standings.length;
  const threads = result.threads > 0 ? `${result.threads} thread${result.threads === 1 ? '' : 's'}` : 'the main thread';
  let out =
    `Hill: ${n} warriors, ${result.pairings.length} pairings × ${settings.rounds} rounds; ${describeSettings(settings)}; ` +
    `${describeSeeding(result.options)}; ${result.seconds.toFixed(2)} s on ${threads}\n`;
  const nameW = Math.max(4, ...standings.map((s) => clip(s.name, 32).length));
  const authorW = Math.max(6, ...standings.map((s) => clip(s.author, 24).length));
  const num = (v: number | string, w: number) => String(v).padStart(w);
  out += `${'Rank'}  ${'Name'.padEnd(nameW)}  ${'Author'.padEnd(authorW)}  ${num('Score', 8)}  ${num('Per100', 7)}  ${num('Won', 7)}  ${num('Lost', 7)}  ${num('Tied', 7)}\n`;
  for (const s of standings) {
    out +=
      `${num(s.rank, 4)}  ${clip(s.name, 32).padEnd(nameW)}  ${clip(s.author, 24).padEnd(authorW)}  ${num(s.score, 8)}  ` +
      `${num(s.per100.toFixed(1), 7)}  ${num(s.wins, 7)}  ${num(s.losses, 7)}  ${num(s.ties, 7)}\n`;
  }
  out += `Score: pMARS points summed over the ${n - 1} pairings; Per100: score × 100 / (rounds × opponents), as KOTH hills rank.\n`;
  if (opts.matrix) out += formatMatrix(result, nameW);
  return out;
}

/** Rows and columns in standings order; a cell is the row warrior's pMARS score against the column warrior. */
function formatMatrix(result: HillResult, nameW: number): string {
  const { standings } = result;
  const scores = new Map<string, number>();
  for (const p of result.pairings) {
    scores.set(`${p.a},${p.b}`, p.results[0].score);
    scores.set(`${p.b},${p.a}`, p.results[1].score);
  }
  const cellW = Math.max(3, ...[...scores.values()].map((v) => String(v).length), String(standings.length).length);
  let out = `\nPairwise scores over ${result.settings.rounds} rounds (row's points against column, columns by row number):\n`;
  out += `${' '.repeat(4 + 2 + nameW)}${standings.map((_, c) => `  ${String(c + 1).padStart(cellW)}`).join('')}\n`;
  standings.forEach((row, r) => {
    const cells = standings.map((col) => (col.index === row.index ? '-' : String(scores.get(`${row.index},${col.index}`))));
    out += `${String(r + 1).padStart(4)}  ${clip(row.name, 32).padEnd(nameW)}${cells.map((c) => `  ${c.padStart(cellW)}`).join('')}\n`;
  });
  return out;
}

/** Everything as plain data: settings, seeding, warriors, standings and every pairing's two sides. */
export function hillJson(result: HillResult): object {
  const { fixedPosition, checksumSeed, seed, permutate } = result.options;
  return {
    settings: result.settings,
    seeding: {
      fixedPosition,
      checksumSeed: checksumSeed || undefined,
      seed: fixedPosition || checksumSeed ? undefined : seed,
      permutate: permutate || undefined,
    },
    warriors: result.entrants.map((e, index) => ({ index, name: e.first.name, author: e.first.author, file: e.file })),
    standings: result.standings,
    pairings: result.pairings,
    threads: result.threads,
    seconds: result.seconds,
  };
}
