// Arena: runs many battles (e.g. a fitness evaluation) on worker threads. Results are identical
// to runBattle's: seeds are fixed in the calling thread, and a battle is split into round spans
// only when its warriors cannot read P-space (so rounds are independent).
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type BattleOptions,
  type BattleResult,
  canSplitRounds,
  initialSeed,
  type RoundSpan,
  runRounds,
  summarizeScores,
} from '../mars/battle.ts';
import type { MarsSettings, Warrior } from '../types.ts';
import type { ArenaReply, ArenaTask } from './protocol.ts';

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

const workerUrl = new URL(`./worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

export class Arena {
  readonly threads: number;
  private workers: Worker[] = [];

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
    const merge = (job: Job, score: Int32Array, instructions: number) => {
      const acc = raws[job.battle];
      for (let i = 0; i < score.length; i++) acc.score[i] += score[i];
      acc.instructions += instructions;
    };
    if (this.threads <= 0) {
      for (const job of jobs) {
        const r = runRounds(job.task.warriors, job.task.settings, job.task.span);
        merge(job, r.score, r.instructions);
      }
    } else {
      await this.runOnWorkers(jobs, merge);
    }
    return pairings.map((p, i) => summarizeScores(p.warriors, p.settings.rounds, raws[i], p.options?.scoreFormula));
  }

  /** Stops the worker threads (they are kept between fight() calls). */
  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }

  /** Splits battles into jobs: whole battles, or round spans when there are fewer battles than threads. */
  private plan(pairings: readonly Pairing[]): Job[] {
    const jobs: Job[] = [];
    const wanted = Math.max(1, this.threads) * 4;
    let id = 0;
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
        jobs.push({ battle, task: { id: id++, warriors: p.warriors, settings: p.settings, span } });
        first += count;
      }
    });
    return jobs;
  }

  private runOnWorkers(jobs: Job[], merge: (job: Job, score: Int32Array, instructions: number) => void): Promise<void> {
    while (this.workers.length < Math.min(this.threads, jobs.length)) {
      const w = new Worker(workerUrl);
      w.unref();
      this.workers.push(w);
    }
    const byId = new Map(jobs.map((j) => [j.task.id, j]));
    let nextJob = 0;
    let pending = jobs.length;
    return new Promise<void>((resolve, reject) => {
      if (pending === 0) {
        resolve();
        return;
      }
      let failed = false;
      const feed = (w: Worker) => {
        if (nextJob < jobs.length) w.postMessage(jobs[nextJob++].task);
      };
      const cleanups: (() => void)[] = [];
      const finish = (err?: Error) => {
        for (const c of cleanups) c();
        if (err) {
          // Other jobs may still be running: drop this pool so their replies cannot reach a
          // later fight(); the next call starts fresh workers.
          void this.close();
          reject(err);
        } else {
          resolve();
        }
      };
      for (const w of this.workers) {
        const onMessage = (reply: ArenaReply) => {
          if (failed) return;
          if (!reply.ok) {
            failed = true;
            finish(new Error(reply.error));
            return;
          }
          merge(byId.get(reply.id)!, reply.score, reply.instructions);
          if (--pending === 0) finish();
          else feed(w);
        };
        const onError = (e: Error) => {
          if (!failed) {
            failed = true;
            finish(e);
          }
        };
        w.on('message', onMessage);
        w.on('error', onError);
        cleanups.push(() => {
          w.off('message', onMessage);
          w.off('error', onError);
        });
        feed(w);
      }
    });
  }
}
