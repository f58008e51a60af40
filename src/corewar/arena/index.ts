// Arena: runs many battles (e.g. a fitness evaluation) on worker threads. Results are identical
// to runBattle's: seeds are fixed in the calling thread, and a battle is split into round spans
// only when its warriors cannot read P-space (so rounds are independent). Timed battles (every
// death's cycle, for DRQ's survival share) run as one job each.
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type BattleOptions, type BattleResult, canSplitRounds, initialSeed, type RoundSpan, summarizeScores } from '../mars/battle.ts';
import { hotLoop } from '../mars/state.ts';
import type { TimedBattle } from '../mars/timed.ts';
import type { MarsSettings, Warrior } from '../types.ts';
import { runArenaTask } from './jobs.ts';
import type { ArenaReply, ArenaResult, ArenaTask } from './protocol.ts';

export interface Pairing {
  warriors: Warrior[];
  settings: MarsSettings;
  options?: BattleOptions;
}

export interface ArenaOptions {
  /** Worker threads; default the number of cores. 0 runs everything in the calling thread. */
  threads?: number;
}

interface Job {
  task: ArenaTask;
  battle: number;
}

/** A job waiting for, or running on, a worker, with where its result goes. */
interface Queued {
  task: ArenaTask;
  done: (result: ArenaResult) => void;
  fail: (error: Error) => void;
}

const workerUrl = new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * Runs battles on a pool of worker threads. Any number of fight() calls may be in flight at once (the evolution
 * loop evaluates several warriors concurrently): their jobs share one queue, and every reply is routed to its own
 * job by the worker that ran it, so results of concurrent calls never mix.
 */
export class Arena {
  readonly threads: number;
  private workers: Worker[] = [];
  private readonly queue: Queued[] = [];
  private readonly running = new Map<Worker, Queued>();
  private nextId = 0;

  constructor(options: ArenaOptions = {}) {
    this.threads = options.threads ?? availableParallelism();
  }

  /** Runs every pairing; results are in pairing order. */
  async fight(pairings: readonly Pairing[]): Promise<BattleResult[]> {
    const jobs = this.plan(pairings);
    const raws: { score: Int32Array; instructions: number }[] = pairings.map((p) => ({
      score: new Int32Array(p.warriors.length * (2 * p.warriors.length - 1)),
      instructions: 0,
    }));
    const merge = (job: Job, { score, instructions }: ArenaResult) => {
      const acc = raws[job.battle];
      for (let i = 0; i < score.length; i++) acc.score[i] += score[i];
      acc.instructions += instructions;
    };
    if (this.threads <= 0) {
      for (const job of jobs) merge(job, runArenaTask(job.task));
    } else {
      await this.runOnWorkers(jobs, merge);
    }
    return pairings.map((p, i) => summarizeScores(p.warriors, p.settings.rounds, raws[i], p.options?.scoreFormula));
  }

  /**
   * One battle of every warrior at once with every death timed to its cycle (mars/timed.ts), as one job: its rounds
   * stay in order (P-space carries over), and concurrent calls run side by side on the threads.
   */
  async fightTimed(warriors: readonly Warrior[], settings: MarsSettings, seed: number): Promise<TimedBattle> {
    const task: ArenaTask = { kind: 'timed', id: this.nextId++, warriors: [...warriors], settings, seed };
    if (this.threads <= 0) return runArenaTask(task).timed!;
    let timed: TimedBattle | undefined;
    await this.runOnWorkers([{ task, battle: 0 }], (_job, result) => {
      timed = result.timed;
    });
    return timed!;
  }

  /**
   * Starts the worker threads now rather than at the first fight: a caller with work of its own to do first (reading
   * and assembling a hill's warriors) overlaps their start-up (~50-80 ms each) with it.
   */
  start(): void {
    while (this.workers.length < this.threads) this.startWorker();
  }

  /** Stops the worker threads (they are kept between fight() calls). Jobs still queued or running fail. */
  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    const orphans = [...this.running.values(), ...this.queue.splice(0)];
    this.running.clear();
    for (const j of orphans) j.fail(new Error('the arena was closed'));
    await Promise.all(ws.map((w) => w.terminate()));
  }

  /** Splits battles into jobs: whole battles, or round spans when there are fewer battles than threads. */
  private plan(pairings: readonly Pairing[]): Job[] {
    const jobs: Job[] = [];
    const wanted = Math.max(1, this.threads) * 4;
    pairings.forEach((p, battle) => {
      const seed = initialSeed(p.warriors, p.settings, p.options ?? {});
      const rounds = p.settings.rounds;
      let chunks = 1;
      if (pairings.length < wanted && canSplitRounds(p.warriors)) {
        chunks = Math.min(rounds, Math.ceil(wanted / pairings.length));
      }
      let first = 0;
      for (let c = 0; c < chunks; c++) {
        const count = Math.floor((rounds * (c + 1)) / chunks) - first;
        if (count <= 0) continue;
        const span: RoundSpan = { seed, firstRound: first, rounds: count, permutate: p.options?.permutate };
        jobs.push({ battle, task: { kind: 'rounds', id: this.nextId++, warriors: p.warriors, settings: p.settings, span } });
        first += count;
      }
    });
    return jobs;
  }

  private runOnWorkers(jobs: Job[], merge: (job: Job, result: ArenaResult) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let pending = jobs.length;
      let failed = false;
      if (pending === 0) {
        resolve();
        return;
      }
      for (const job of jobs) {
        this.queue.push({
          task: job.task,
          done: (result) => {
            if (failed) return;
            merge(job, result);
            if (--pending === 0) resolve();
          },
          fail: (error) => {
            if (failed) return;
            failed = true;
            reject(error);
          },
        });
      }
      this.dispatch();
    });
  }

  /** Gives queued jobs to idle workers, starting workers up to the thread count. */
  private dispatch(): void {
    while (this.workers.length < this.threads && this.workers.length < this.running.size + this.queue.length) this.startWorker();
    for (const w of this.workers) {
      if (this.queue.length === 0) break;
      if (this.running.has(w)) continue;
      const job = this.queue.shift()!;
      this.running.set(w, job);
      w.ref(); // a worker with work keeps the process alive until the reply arrives
      w.postMessage(job.task);
    }
  }

  private startWorker(): void {
    // Every worker gets this thread's compiled hot loop, so that V8 optimizes it once for all of them (shareHotLoop).
    const w = new Worker(workerUrl, { workerData: { hotLoop: hotLoop() } });
    w.unref();
    w.on('message', (reply: ArenaReply) => {
      const job = this.running.get(w);
      this.running.delete(w);
      w.unref();
      if (job) {
        if (reply.ok) job.done(reply);
        else job.fail(new Error(reply.error));
      }
      this.dispatch();
    });
    w.on('error', (e: Error) => {
      // The worker is gone: fail its job, replace it, and carry on with the rest of the queue.
      const job = this.running.get(w);
      this.running.delete(w);
      this.workers = this.workers.filter((x) => x !== w);
      job?.fail(e);
      this.dispatch();
    });
    this.workers.push(w);
  }
}
