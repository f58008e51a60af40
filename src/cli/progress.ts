import cliProgress from 'cli-progress';
import type { Progress } from '../engine/evolve.ts';
import type { ExecutorSnapshot } from '../executor/stats.ts';
import { fmt } from './shared.ts';

/** ` | workers 2 | queue 3 | running 4`: a remote executor's state, or nothing for the local sandbox. */
export function executorLine(e: ExecutorSnapshot | undefined): string {
  if (!e) return '';
  return ` | workers ${e.workers} | queue ${e.waiting + e.delayed} | running ${e.active}${e.failed ? ` | failed jobs ${e.failed}` : ''}`;
}

export interface ProgressDisplay {
  update(p: Progress): void;
  stop(): void;
}

/** A live bar on a terminal; plain lines elsewhere (CI, pipes): one per new best and one per tenth of the budget. */
export function progressDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'samples {value}/{total} |{bar}| best {best} (seed {seed}) | {rate} eval/s | failures {failed} | rejected {rejected}{executor}',
        stream,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = {
          best: fmt(p.bestScore),
          seed: fmt(p.seedScore),
          rate: p.evalsPerSecond.toFixed(1),
          failed: p.failed,
          rejected: p.rejected,
          executor: executorLine(p.executor),
        };
        if (!started) {
          bar.start(p.budget, p.evaluated, payload);
          started = true;
        } else bar.update(p.evaluated, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let nextTenth = 0;
  let workers: number | undefined;
  return {
    update(p) {
      const tenth = Math.floor((10 * p.evaluated) / p.budget);
      // A line per tenth of the budget, per new best, and whenever workers join or leave.
      const workersChanged = p.executor !== undefined && p.executor.workers !== workers;
      workers = p.executor?.workers;
      if (!p.newBest && !workersChanged && tenth < nextTenth) return;
      nextTenth = tenth + 1;
      const head = p.newBest ? `new best ${fmt(p.newBest.score)} (program ${p.newBest.programId})` : `best ${fmt(p.bestScore)}`;
      stream.write(
        `[${p.evaluated}/${p.budget}] ${head} | seed ${fmt(p.seedScore)} | ${p.evalsPerSecond.toFixed(1)} eval/s | failures ${p.failed} | rejected ${p.rejected}${executorLine(p.executor)}\n`,
      );
    },
    stop() {},
  };
}
