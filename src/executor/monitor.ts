import type { ExecutorSnapshot } from './stats.ts';

export interface ExecutorMonitor {
  /** The latest snapshot (null until the first arrives). */
  latest(): ExecutorSnapshot | null;
  /** Stops polling after one last snapshot, so the record ends with the executor's final state. */
  stop(): Promise<void>;
}

/**
 * Polls a remote executor's snapshot every `everyMs` and hands each to `onSnapshot` (the engine stores it for the
 * dashboard and shows it in the progress line). A failed poll (the queue's server briefly away) is skipped, not fatal.
 */
export function monitorExecutor(
  snapshot: () => Promise<ExecutorSnapshot>,
  onSnapshot: (s: ExecutorSnapshot) => Promise<void> | void,
  everyMs = 2_000,
): ExecutorMonitor {
  let latest: ExecutorSnapshot | null = null;
  let polling: Promise<void> = Promise.resolve();
  const poll = (): Promise<void> =>
    (polling = polling.then(async () => {
      try {
        latest = await snapshot();
        await onSnapshot(latest);
      } catch {
        // the next poll tries again
      }
    }));
  void poll();
  const timer = setInterval(() => void poll(), everyMs);
  timer.unref();
  return {
    latest: () => latest,
    async stop() {
      clearInterval(timer);
      await poll();
    },
  };
}
