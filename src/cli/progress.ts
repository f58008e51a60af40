import cliProgress from 'cli-progress';
import type { Progress } from '../engine/evolve.ts';
import { fmt } from './shared.ts';

export interface ProgressDisplay {
  update(p: Progress): void;
  stop(): void;
}

/** A live bar on a terminal; plain lines elsewhere (CI, pipes): one per new best and one per tenth of the budget. */
export function progressDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'samples {value}/{total} |{bar}| best {best} (seed {seed}) | {rate} eval/s | failures {failed} | rejected {rejected}',
        stream,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = { best: fmt(p.bestScore), seed: fmt(p.seedScore), rate: p.evalsPerSecond.toFixed(1), failed: p.failed, rejected: p.rejected };
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
  return {
    update(p) {
      const tenth = Math.floor((10 * p.evaluated) / p.budget);
      if (!p.newBest && tenth < nextTenth) return;
      nextTenth = tenth + 1;
      const head = p.newBest ? `new best ${fmt(p.newBest.score)} (program ${p.newBest.programId})` : `best ${fmt(p.bestScore)}`;
      stream.write(`[${p.evaluated}/${p.budget}] ${head} | seed ${fmt(p.seedScore)} | ${p.evalsPerSecond.toFixed(1)} eval/s | failures ${p.failed} | rejected ${p.rejected}\n`);
    },
    stop() {},
  };
}
