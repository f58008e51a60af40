import { createPostgresBackend, Queue, QueueEvents, Worker, withBackend } from 'bullmq';
import { KaizenError } from '../errors.ts';
import { redactUrl } from '../util/redact.ts';

/**
 * Where a BullMQ queue lives, from the `--queue` URL: Redis (`redis://`, `rediss://`; the default and BullMQ's most
 * tested backend) or PostgreSQL (`postgres://`, `postgresql://`; BullMQ 6's Postgres backend, one service instead of
 * two when the run store is in Postgres already). Coordinator and workers build their BullMQ classes from this, so
 * nothing else in Kaizen depends on which one it is.
 */
export interface QueueBackend {
  kind: 'redis' | 'postgres';
  /** The URL without its password, for messages and the dashboard. */
  location: string;
  Queue: typeof Queue;
  Worker: typeof Worker;
  QueueEvents: typeof QueueEvents;
  /** BullMQ's `connection` option for this backend. */
  connection: object;
  /** What to tell the user when the backend does not answer. */
  unreachable: string;
  /** Stops reconnection attempts (after a failed start), so the clients can close and the process exit. */
  giveUp(): void;
}

const postgresClasses = withBackend(createPostgresBackend);

export function queueBackend(url: string): QueueBackend {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new KaizenError(`--queue ${redactUrl(url)}: not a URL; expected redis://HOST:PORT or postgres://USER@HOST:PORT/DB`);
  }
  const location = redactUrl(url);
  if (parsed.protocol === 'redis:' || parsed.protocol === 'rediss:') {
    let givenUp = false;
    return {
      kind: 'redis',
      location,
      Queue,
      Worker,
      QueueEvents,
      connection: {
        url,
        // null: commands wait for a reconnection (Redis restarted) instead of failing after a few tries.
        maxRetriesPerRequest: null,
        // Reconnect every 0.5–5 s (BullMQ's default backs off to 20 s), until giveUp().
        retryStrategy: (times: number) => (givenUp ? null : Math.min(250 * 2 ** times, 5_000)),
      },
      unreachable: `cannot reach Redis at ${location}; is redis-server running and reachable?`,
      giveUp: () => {
        givenUp = true;
      },
    };
  }
  if (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') {
    return {
      kind: 'postgres',
      location,
      // withBackend's classes are BullMQ's own, bound to the Postgres backend; their job API is the same.
      Queue: postgresClasses.Queue as unknown as typeof Queue,
      Worker: postgresClasses.Worker as unknown as typeof Worker,
      QueueEvents: postgresClasses.QueueEvents as unknown as typeof QueueEvents,
      // migrate: whoever connects first creates BullMQ's schema (under BullMQ's advisory lock), so no setup step.
      connection: { connectionString: url, migrate: true },
      unreachable: `cannot reach the Postgres queue at ${location}; is PostgreSQL running, and may this user connect?`,
      giveUp: () => {}, // pg does not retry a connection by itself
    };
  }
  throw new KaizenError(`--queue ${location}: unsupported scheme ${parsed.protocol}; expected redis://HOST:PORT or postgres://USER@HOST:PORT/DB`);
}

/** Resolves with `promise`, or rejects with a KaizenError saying `message` after `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new KaizenError(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
