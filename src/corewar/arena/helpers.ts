// Helper threads for runBattleSplit (split.ts). A Node worker takes ~70 ms to boot, as long as a short battle
// takes to run, so the command line starts them as soon as it sees a battle worth splitting: they boot while the
// caller loads the MARS and assembles the warriors, then wait for their job (a message) and claim chunks.
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const workerUrl = new URL(`./split-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
const early: Worker[] = [];

function helper(): Worker {
  const w = new Worker(workerUrl);
  w.unref(); // a helper that is never used, or has not started when the work is done, must not keep the process alive
  return w;
}

/** Starts one helper per core beyond the caller's, to be taken by the next split battle. */
export function startSplitHelpers(count = availableParallelism() - 1): void {
  while (early.length < count) early.push(helper());
}

/** `count` helpers: the ones started early first, then new ones. */
export function takeSplitHelpers(count: number): Worker[] {
  const taken = early.splice(0, count);
  while (taken.length < count) taken.push(helper());
  return taken;
}
