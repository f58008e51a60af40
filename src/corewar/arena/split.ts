// One battle's rounds shared out between the calling thread and helper threads, synchronously: the
// `kaizen corewar battle` command line wants pMARS's result for ONE battle as fast as possible, and
// pMARS is single-threaded. Rounds are cut into chunks that every thread claims from a shared
// counter (so a thread that starts late or runs slow rounds just takes fewer), each chunk's raw
// score counters go to shared memory, and the caller sums them in chunk order. Every chunk places
// its rounds from the battle's one seed (runRounds skips the earlier draws), so the result is
// runBattle's exactly; only battles whose rounds are independent (no LDP) are split.
import { availableParallelism } from 'node:os';
import { type BattleOptions, type BattleResult, canSplitRounds, initialSeed, runBattle, runRounds, summarizeScores } from '../mars/battle.ts';
import { hotLoop, shareHotLoop } from '../mars/state.ts';
import type { MarsSettings, Warrior } from '../types.ts';
import { takeSplitHelpers } from './helpers.ts';

/** Control words in SplitJob.control. */
const NEXT = 0; // next unclaimed chunk
const DONE = 1; // chunks finished (their results written)
const FAILED = 2; // set when a helper thread hit an error: the caller then runs the battle itself

/** What a helper thread needs (posted to it; the buffers are shared, not copied). */
export interface SplitJob {
  /** The caller's compiled hot loop, optimized by the time a helper starts (see shareHotLoop). */
  hotLoop: WebAssembly.Module;
  warriors: Warrior[];
  settings: MarsSettings;
  seed: number;
  permutate: boolean;
  chunkRounds: number;
  chunks: number;
  control: Int32Array;
  /** Raw score counters, scoreLength per chunk. */
  scores: Int32Array;
  /** Instructions executed, one per chunk. */
  instructions: Float64Array;
}

/** Claims and runs chunks until none is left (in the caller or a helper thread). */
export function workChunks(job: SplitJob): void {
  const scoreLength = job.scores.length / job.chunks;
  const rounds = job.settings.rounds;
  for (;;) {
    const c = Atomics.add(job.control, NEXT, 1);
    if (c >= job.chunks) return;
    const firstRound = c * job.chunkRounds;
    const span = { seed: job.seed, firstRound, rounds: Math.min(job.chunkRounds, rounds - firstRound), permutate: job.permutate };
    const raw = runRounds(job.warriors, job.settings, span);
    job.scores.set(raw.score, c * scoreLength);
    job.instructions[c] = raw.instructions;
    Atomics.add(job.control, DONE, 1);
    Atomics.notify(job.control, DONE);
  }
}

/** A helper thread's entry point: work, and on error tell the caller rather than leave it waiting. */
export function workChunksOrFlag(job: SplitJob): void {
  try {
    shareHotLoop(job.hotLoop);
    workChunks(job);
  } catch {
    Atomics.store(job.control, FAILED, 1);
    Atomics.notify(job.control, DONE);
  }
}

/**
 * Chunks per thread: enough that the threads finish close together, few enough that skipping the
 * earlier rounds' placement draws (linear in the first round) stays negligible.
 */
const CHUNKS_PER_THREAD = 16;

/** Splitting pays off only when there is enough work to hide a thread's start-up (~70 ms, see helpers.ts). */
export const MIN_SPLIT_ROUNDS = 8;

/**
 * Threads to use: one per core. A helper costs its start-up (~70 ms of CPU: a thread, the MARS modules and the
 * WebAssembly loop, compiled in ~1 ms) and then claims chunks only while it has a core, so on a busy machine it
 * takes little work; the load average, which counts the battles this very machine just ran, is no guide to that.
 */
export function splitThreads(): number {
  return availableParallelism();
}

/**
 * runBattle's result for `warriors`, computed on `threads` threads (the caller's included; default
 * splitThreads()). Blocks the calling thread until every chunk is done.
 */
export function runBattleSplit(warriors: readonly Warrior[], settings: MarsSettings, options: BattleOptions = {}, threads = splitThreads()): BattleResult {
  const rounds = settings.rounds;
  if (threads < 2 || rounds < MIN_SPLIT_ROUNDS || !canSplitRounds(warriors)) return runBattle(warriors, settings, options);
  const n = warriors.length;
  const chunkRounds = Math.ceil(rounds / (threads * CHUNKS_PER_THREAD));
  const chunks = Math.ceil(rounds / chunkRounds);
  const scoreLength = n * (2 * n - 1);
  const job: SplitJob = {
    hotLoop: hotLoop(),
    warriors: [...warriors],
    settings,
    seed: initialSeed(warriors, settings, options),
    permutate: options.permutate ?? false,
    chunkRounds,
    chunks,
    control: new Int32Array(new SharedArrayBuffer(3 * 4)),
    scores: new Int32Array(new SharedArrayBuffer(chunks * scoreLength * 4)),
    instructions: new Float64Array(new SharedArrayBuffer(chunks * 8)),
  };
  const helpers = takeSplitHelpers(threads - 1);
  for (const w of helpers) w.postMessage(job); // the buffers are shared, not copied
  workChunks(job);
  // Wait for chunks still running on helpers (the event loop is blocked meanwhile; they do not need it).
  for (;;) {
    if (Atomics.load(job.control, FAILED) !== 0) break;
    const done = Atomics.load(job.control, DONE);
    if (done >= chunks) break;
    Atomics.wait(job.control, DONE, done, 1000);
  }
  for (const w of helpers) void w.terminate();
  if (Atomics.load(job.control, FAILED) !== 0) return runBattle(warriors, settings, options);

  const score = new Int32Array(scoreLength);
  let instructions = 0;
  for (let c = 0; c < chunks; c++) {
    for (let k = 0; k < scoreLength; k++) score[k] += job.scores[c * scoreLength + k];
    instructions += job.instructions[c];
  }
  return summarizeScores(warriors, rounds, { score, instructions }, options.scoreFormula);
}
