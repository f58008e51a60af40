/** How busy a remote executor is: what progress displays and the dashboard show while a run farms out evaluations. */
export interface ExecutorStats {
  /** Jobs queued and not yet taken by a worker. */
  waiting: number;
  /** Jobs a worker is evaluating now. */
  active: number;
  /** Jobs waiting for a retry after a failed delivery. */
  delayed: number;
  /** Jobs that failed every delivery (kept for a day). */
  failed: number;
  /** Jobs completed (kept for a day). */
  completed: number;
  /** Workers connected to the queue. */
  workers: number;
}

/** The run_state entry (key {@link EXECUTOR_STATE_KEY}) the coordinator refreshes every few seconds during a run. */
export interface ExecutorSnapshot extends ExecutorStats {
  /** `redis` or `postgres`: where the BullMQ queue lives. */
  backend: 'redis' | 'postgres';
  /** The queue's location without any password, and its name. */
  location: string;
  queue: string;
  /** This coordinator's evaluations in flight (sent and not yet returned). */
  inFlight: number;
  /** When the snapshot was taken (ISO time); a stale one means the coordinator stopped. */
  at: string;
}

export const EXECUTOR_STATE_KEY = 'executor';
