import type { PostgresPool } from 'kysely';
import pg from 'pg';
import { KaizenError } from '../errors.ts';
import { redactUrl as redact } from '../util/redact.ts';

/**
 * A `pg.Pool` for Kysely's PostgresDialect that rides out dropped connections and server restarts: a connection that
 * cannot be had is retried with backoff, and a statement whose connection died under it outside a transaction is
 * re-run on a fresh one, for up to `reconnectMs` after the first failure; then a KaizenError names the database.
 *
 * Inside a transaction nothing is re-run here — the transaction died with its connection, and only the caller knows
 * whether to run it again (Store.immediate does, and settles a COMMIT that may or may not have happened). Outside
 * one, a statement may therefore run twice: every such write of the store is idempotent (an UPDATE to given values,
 * an upsert) or settles a duplicate itself (createRun).
 */

const LOST_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: pg_terminate_backend, or a fast shutdown
  '57P02', // crash_shutdown: another backend crashed
  '57P03', // cannot_connect_now: starting up or shutting down
]);
const LOST_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|connection timeout/i;

/** Whether an error means the connection (or the server) went away, rather than that the statement was refused. */
export function isConnectionLost(e: unknown): boolean {
  if (!(e instanceof Error) || e instanceof KaizenError) return false;
  if (e instanceof AggregateError) return e.errors.some(isConnectionLost); // every address of a host refused
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_CODES.has(code) || code.startsWith('08'))) return true; // 08: connection_exception
  return LOST_MESSAGES.test(e.message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ResilientPoolOptions {
  /** How long to keep trying after the database went away (ms). */
  reconnectMs: number;
  /** Connections at most. */
  max: number;
}

export class ResilientPool {
  readonly options: object;
  readonly url: string;
  readonly reconnectMs: number;
  private readonly pool: pg.Pool;
  /** A database never reached is a wrong URL, not an outage: the first connection fails at once. */
  private reached = false;
  private ending = false;
  /** Connections the server dropped, and why. */
  private readonly lost = new WeakMap<pg.PoolClient, Error>();

  constructor(url: string, { reconnectMs, max }: ResilientPoolOptions) {
    this.url = url;
    this.reconnectMs = reconnectMs;
    this.pool = new pg.Pool({
      connectionString: url,
      max,
      application_name: 'kaizen',
      keepAlive: true,
      // A connection that hangs while connecting counts as a failed attempt, not a wait without end.
      connectionTimeoutMillis: Math.min(reconnectMs, 10_000) || 10_000,
    });
    this.options = this.pool.options;
    // A dropped connection emits 'error', which crashes the process where nobody listens: idle ones are pg-pool's
    // (it discards them, then tells this listener); the others carry a listener of their own for life, attached as
    // they connect — a FATAL can arrive in the same read as the connection's readiness, before any caller could.
    this.pool.on('error', () => {});
    this.pool.on('connect', (client) => client.on('error', (e) => this.markLost(client, e)));
  }

  /** Why a connection is unusable, or undefined while it is fine. */
  lostReason(client: pg.PoolClient): Error | undefined {
    return this.lost.get(client);
  }

  markLost(client: pg.PoolClient, e: Error): void {
    if (!this.lost.has(client)) this.lost.set(client, e);
  }

  /** Kysely's side: a client that re-runs a statement outside a transaction when its connection dies. */
  async connect(): Promise<ResilientClient> {
    return new ResilientClient(this, await this.acquire());
  }

  async end(): Promise<void> {
    this.ending = true;
    await this.pool.end();
  }

  /** A pg connection; while the server cannot be reached, tried again with backoff until `reconnectMs` after `since`. */
  async acquire(since?: number): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      try {
        const client = await this.pool.connect();
        this.reached = true;
        return client;
      } catch (e) {
        if (!this.reached || this.ending || !isConnectionLost(e)) throw e;
        since ??= Date.now();
        this.giveUpAfter(since, e);
        await sleep(Math.min(50 * 2 ** attempt, 1000, Math.max(0, since + this.reconnectMs - Date.now())));
      }
    }
  }

  /** Throws the final error once the database has been unreachable for `reconnectMs` since `since`. */
  giveUpAfter(since: number, cause: unknown): void {
    if (Date.now() - since < this.reconnectMs) return;
    const seconds = Math.round(this.reconnectMs / 100) / 10;
    throw new KaizenError(`${redact(this.url)}: lost the Postgres run database and could not get it back within ${seconds} s: ${(cause as Error).message}`);
  }

  /** This pool as Kysely's PostgresDialect types it (it only calls connect, query, release and end). */
  forKysely(): PostgresPool {
    return this as unknown as PostgresPool;
  }
}

const BEGIN = /^\s*(begin|start\s+transaction)\b/i;
const END = /^\s*(commit|end|abort|rollback)\s*(work|transaction)?\s*;?\s*$/i; // not ROLLBACK TO SAVEPOINT
const ROLLBACK = /^\s*(abort|rollback)\s*(work|transaction)?\s*;?\s*$/i;

/** One checked-out connection as Kysely sees it; underneath, the pg connection is replaced when it dies. */
class ResilientClient {
  private readonly owner: ResilientPool;
  /** The pg connection underneath (null between a dead one and its replacement). */
  private client: pg.PoolClient | null;
  private inTransaction = false;

  constructor(owner: ResilientPool, client: pg.PoolClient) {
    this.owner = owner;
    this.client = client;
  }

  /** Why the current connection is unusable, or undefined while it is fine. */
  private get lost(): Error | undefined {
    return this.client ? this.owner.lostReason(this.client) : undefined;
  }

  get processID(): number | undefined {
    return (this.client as { processID?: number } | null)?.processID;
  }

  async query(text: string, values: readonly unknown[]): Promise<pg.QueryResult> {
    if (this.lost && this.inTransaction && ROLLBACK.test(text)) {
      // Rolling back a transaction whose connection is gone: the server already ended it.
      this.inTransaction = false;
      return { command: 'ROLLBACK', rowCount: 0, rows: [], oid: 0, fields: [] };
    }
    let since: number | undefined;
    for (;;) {
      this.client ??= await this.owner.acquire(since);
      let lost = this.owner.lostReason(this.client);
      if (!lost) {
        try {
          const result = await this.client.query(text, values as unknown[]);
          if (BEGIN.test(text)) this.inTransaction = true;
          else if (END.test(text)) this.inTransaction = false;
          return result;
        } catch (e) {
          if (!isConnectionLost(e)) throw e;
          lost = e as Error;
          this.owner.markLost(this.client, lost);
        }
      }
      // Never re-run a statement of a transaction (least of all its COMMIT) on another connection.
      if (this.inTransaction) throw lost;
      since ??= Date.now();
      this.owner.giveUpAfter(since, lost);
      this.client.release(lost);
      this.client = null;
    }
  }

  release(destroy?: boolean): void {
    // A dead connection, or one left inside a transaction, goes; a healthy one returns to the pool.
    this.client?.release(this.lost ?? (destroy || this.inTransaction ? true : undefined));
    this.client = null;
  }
}
