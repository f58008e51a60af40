import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Insertable, Kysely, PostgresDialect, SqliteDialect, type Selectable, type Updateable, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { KaizenError } from '../errors.ts';
import { appendEvent, type ChainHead, type ChainStore, CommitSettlement, RunKeys } from '../ledger/append.ts';
import { deriveSecret, keyDirFor } from '../ledger/keys.ts';
import type { EventPayloads, EventType, LedgerEvent } from '../ledger/events.ts';
import { type Dialect, INDEX_ONLY_MIGRATIONS, migrationNames, migrationProviderFor } from './migrations.ts';
import { assertSqliteFile, checkSchema, schemaState } from './schema-check.ts';
import { RunQueries } from './queries.ts';
import { redactUrl as redact } from '../util/redact.ts';
import { ensureDir } from '../util/files.ts';
import { ResilientPool, isConnectionLost } from './pg-pool.ts';
import type { Database, ProgramsTable, RunStatus, RunsTable } from './schema.ts';

export type Run = Selectable<RunsTable>;
export type ProgramRow = Selectable<ProgramsTable>;
export type NewProgram = Insertable<ProgramsTable>;
export type ProgramUpdate = Updateable<ProgramsTable>;
export type EventRow = Selectable<Database['events']>;

export interface StoreOptions {
  /**
   * Where run keys live (default: KAIZEN_KEY_DIR, else DIR/keys beside a SQLite database; for a Postgres store,
   * which has no folder of its own, .kaizen/keys under the working directory). Keys never go into the database.
   */
  keyDir?: string;
  /**
   * Postgres: how long (ms) to ride out a lost connection or a restarting server before failing (default 60 000).
   * A database that cannot be reached when the store opens fails at once.
   */
  reconnectMs?: number;
  /** Read-only commands (status, best, export, report, verify, ui…): never write, never migrate. */
  readOnly?: boolean;
}

/**
 * The Postgres URL a location names, or null for a SQLite file. A URL that went through `path.resolve` (which turns
 * `postgres://h/db` into `/cwd/postgres:/h/db`) is recognised too, so callers that resolve every location still work.
 */
export function postgresUrl(location: string): string | null {
  if (/^postgres(ql)?:\/\//i.test(location)) return location;
  const m = /(?:^|[\\/])(postgres(?:ql)?):\/+(.+)$/i.exec(location);
  return m ? `${m[1]}://${m[2]}` : null;
}

const now = () => new Date().toISOString();

/** The folder of a new SQLite database; a path under a regular file is one clear error. */
function makeFolderFor(path: string): void {
  try {
    ensureDir(dirname(path));
  } catch (e) {
    let above = dirname(path);
    while (!existsSync(above) && dirname(above) !== above) above = dirname(above);
    const why = existsSync(above) && !statSync(above).isDirectory() ? `${above} is a file, not a folder` : (e as Error).message;
    throw new KaizenError(`${path}: cannot create the run database there: ${why}; name another place with --out/--db`);
  }
}

/** Id prefix of the runs `kaizen compare` records its comparisons in (`compare-<time>-<hex>`; task `compare:<task>`). */
export const COMPARISON_RUN_PREFIX = 'compare';

/** Id prefix of the runs `kaizen study` registers its studies in (`study-<time>-<hex>`; task `study:<name>`). */
export const STUDY_RUN_PREFIX = 'study';

/**
 * The run database: runs, every program (proposal) with its lineage and metrics, an append-only event log, and
 * small per-run state. SQLite in WAL mode by default; everything goes through Kysely so Postgres can follow.
 */
export class Store {
  private readonly db: Kysely<Database>;
  /** The read side: the typed queries every view of a run uses. */
  readonly read: RunQueries;
  readonly path: string;
  readonly keyDir: string | null;
  readonly dialect: Dialect;
  /** Signing keys of the runs this store appends to (null: no key file, events stay unsigned). */
  private readonly keys: RunKeys;
  /** Postgres: the connection pool, whose reconnect deadline the ledger's transactions share. */
  private readonly pool: ResilientPool | null;
  /** The events each open ledger transaction has appended so far (what settles a COMMIT that died unanswered). */
  private readonly appended = new WeakMap<Kysely<Database>, ChainHead[]>();

  private constructor(db: Kysely<Database>, path: string, keyDir: string | null, dialect: Dialect, pool: ResilientPool | null = null) {
    this.db = db;
    this.read = new RunQueries(db);
    this.path = path;
    this.keyDir = keyDir;
    this.keys = new RunKeys(keyDir);
    this.dialect = dialect;
    this.pool = pool;
  }

  /**
   * Opens (and migrates) a store: a `postgres://` or `postgresql://` URL, otherwise a SQLite file (or `:memory:`).
   * With `readOnly` nothing is written: the file is opened read-only and a schema that needs migrating is refused.
   */
  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    const url = postgresUrl(path);
    if (url) return Store.openPostgres(url, options);
    const readOnly = options.readOnly === true && path !== ':memory:';
    if (path !== ':memory:') {
      assertSqliteFile(path, path);
      if (!readOnly) makeFolderFor(path);
    }
    let sqlite: SQLite.Database;
    try {
      sqlite = new SQLite(path, readOnly ? { readonly: true, fileMustExist: true } : {});
      sqlite.pragma('busy_timeout = 5000');
    } catch (e) {
      throw new KaizenError(`${path}: cannot open the run database: ${(e as Error).message}`);
    }
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    try {
      // Checked before anything is written: setting the journal mode already rewrites someone else's file.
      checkSchema(await schemaState(db as Kysely<unknown>, 'sqlite'), migrationNames('sqlite'), path, readOnly, INDEX_ONLY_MIGRATIONS);
      if (!readOnly) {
        sqlite.pragma('journal_mode = WAL');
        sqlite.pragma('synchronous = NORMAL');
      }
      sqlite.pragma('foreign_keys = ON');
      if (!readOnly) {
        const { error } = await new Migrator({ db, provider: migrationProviderFor('sqlite') }).migrateToLatest();
        if (error) throw new KaizenError(`${path}: migrating the run database failed: ${(error as Error).message}`);
      }
    } catch (e) {
      await db.destroy().catch(() => {});
      throw e;
    }
    return new Store(db, path, keyDirFor(path, options.keyDir), 'sqlite');
  }

  private static async openPostgres(url: string, options: StoreOptions): Promise<Store> {
    const pool = new ResilientPool(url, { reconnectMs: options.reconnectMs ?? 60_000, max: 8 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool.forKysely() }) });
    try {
      await sql`SELECT 1`.execute(db);
    } catch (e) {
      await db.destroy().catch(() => {});
      throw new KaizenError(`${redact(url)}: cannot reach the Postgres run database: ${(e as Error).message}`);
    }
    try {
      // Other tables may share a Postgres database (a job queue's): only Kaizen's own migrations are checked there.
      const { applied } = await schemaState(db as Kysely<unknown>, 'postgres');
      checkSchema({ applied, tables: [] }, migrationNames('postgres'), redact(url), options.readOnly === true, INDEX_ONLY_MIGRATIONS);
    } catch (e) {
      await db.destroy().catch(() => {});
      throw e;
    }
    const keyDir = options.keyDir ?? process.env.KAIZEN_KEY_DIR ?? join(process.cwd(), '.kaizen', 'keys');
    if (options.readOnly) return new Store(db, url, keyDir, 'postgres', pool);
    // Migrations run in one transaction and skip what is recorded as done: after a lost connection, run them again.
    for (let since: number | undefined; ; ) {
      const { error } = await new Migrator({ db, provider: migrationProviderFor('postgres') }).migrateToLatest();
      if (!error) break;
      try {
        if (!isConnectionLost(error)) throw new KaizenError(`${redact(url)}: migrating the run database failed: ${(error as Error).message}`);
        since ??= Date.now();
        pool.giveUpAfter(since, error);
      } catch (e) {
        await db.destroy().catch(() => {});
        throw e;
      }
    }
    return new Store(db, url, keyDir, 'postgres', pool);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  /**
   * A stamp that differs whenever the database may have changed since it was last taken, for caches of what is read
   * from it (the dashboard's, server/read-memo.ts). SQLite: `data_version`, which moves on every commit by any other
   * connection or process, and `total_changes()`, this connection's own writes. Null on Postgres, which has no
   * equally cheap stamp: nothing read from it is cached.
   */
  async changeStamp(): Promise<string | null> {
    if (this.dialect !== 'sqlite') return null;
    const { rows } = await sql<{ version: number; own: number }>`
      select (select data_version from pragma_data_version) as version, total_changes() as own`.execute(this.db);
    return `${rows[0].version}:${rows[0].own}`;
  }

  // ── runs ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Creates a run and its signing key pair: the private key goes to the key directory, the public key to the run. */
  async createRun(
    run: Omit<
      RunsTable,
      'created_at' | 'updated_at' | 'finished_at' | 'best_program_id' | 'seed_score' | 'public_key' | 'head_seq' | 'head_hash' | 'signature'
    >,
  ): Promise<Run> {
    let publicKey: string;
    try {
      publicKey = this.keys.create(run.id);
    } catch (e) {
      throw new KaizenError(`${this.keyDir}: cannot write the signing key of run ${run.id}: ${(e as Error).message}`);
    }
    const row = {
      ...run,
      created_at: now(),
      updated_at: now(),
      finished_at: null,
      best_program_id: null,
      seed_score: null,
      public_key: publicKey,
      head_seq: null,
      head_hash: null,
      signature: null,
    };
    try {
      await this.db.insertInto('runs').values(row).execute();
    } catch (e) {
      // A Postgres INSERT re-run after its connection died may meet its own first try, committed unseen: the row's
      // fresh public key tells ours from another run's.
      if ((await this.getRun(run.id).catch(() => undefined))?.public_key !== row.public_key) throw e;
    }
    return row;
  }

  async getRun(id: string): Promise<Run | undefined> {
    return this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listRuns(): Promise<Run[]> {
    return this.db.selectFrom('runs').selectAll().orderBy('created_at', 'desc').execute();
  }

  /**
   * The newest run that searched: a comparison's run (`kaizen compare`, id `compare-…`) or a study's (`kaizen study`,
   * id `study-…`), which hold no programs, is never the default of `status`, `best`, `eval --cases hidden` and the
   * others; `--run` still names one.
   */
  async latestRun(): Promise<Run | undefined> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .where('id', 'not like', `${COMPARISON_RUN_PREFIX}-%`)
      .where('id', 'not like', `${STUDY_RUN_PREFIX}-%`)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The newest run of this task that did not complete. */
  async unfinishedRun(taskName: string): Promise<Run | undefined> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .where('task_name', '=', taskName)
      .where('status', 'in', ['running', 'interrupted'])
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The newest run of a task with this status. */
  async newestRunOf(taskName: string, status: RunStatus): Promise<Run | undefined> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .where('task_name', '=', taskName)
      .where('status', '=', status)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * A run changing hands: its row (owner, status, and when its config changed, the config and its hash) and its
   * run.resumed event in one transaction, so the signed head always covers the config the run works under.
   */
  async resumeRun(
    id: string,
    patch: Partial<Pick<RunsTable, 'status' | 'pid' | 'finished_at' | 'config_json' | 'task_hash'>>,
    data: EventPayloads['run.resumed'],
  ): Promise<void> {
    await this.immediate(id, async (trx) => {
      await trx
        .updateTable('runs')
        .set({ ...patch, updated_at: now() })
        .where('id', '=', id)
        .execute();
      await this.chain(trx, id, 'run.resumed', null, data);
    });
  }

  async updateRun(id: string, patch: Partial<Pick<RunsTable, 'status' | 'pid' | 'best_program_id' | 'seed_score' | 'finished_at'>>): Promise<void> {
    await this.db
      .updateTable('runs')
      .set({ ...patch, updated_at: now() })
      .where('id', '=', id)
      .execute();
  }

  /** Names a new champion and records why, in one transaction: the run's best program never disagrees with its events. */
  async setChampion(runId: string, programId: number, data: EventPayloads['champion.changed']): Promise<void> {
    await this.immediate(runId, async (trx) => {
      await trx.updateTable('runs').set({ best_program_id: programId, updated_at: now() }).where('id', '=', runId).execute();
      await this.chain(trx, runId, 'champion.changed', programId, data);
    });
  }

  async setRunStatus(id: string, status: RunStatus): Promise<void> {
    await this.updateRun(id, { status, finished_at: status === 'completed' || status === 'failed' ? now() : null });
  }

  // ── programs ─────────────────────────────────────────────────────────────────────────────────────────

  /** Records a program and its event atomically. */
  async insertProgram(program: Omit<NewProgram, 'created_at'>, event?: LedgerEvent): Promise<number> {
    return (await this.insertProgramRow(program, event)).id;
  }

  /** Records a program and its event atomically; returns the row as written (no read-back). */
  async insertProgramRow(program: Omit<NewProgram, 'created_at'>, event?: LedgerEvent): Promise<ProgramRow> {
    return this.immediate(program.run_id, async (trx) => {
      const row = await trx
        .insertInto('programs')
        .values({ ...program, created_at: now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      // Always chained: a program row no event vouches for would fail verification.
      await this.chain(trx, program.run_id, event?.type ?? 'program.recorded', row.id, event?.data ?? {});
      return row;
    });
  }

  /** Updates a program and appends its event in one transaction: a crash leaves both or neither. */
  async updateProgram(runId: string, id: number, patch: ProgramUpdate, event?: LedgerEvent): Promise<void> {
    await this.immediate(runId, async (trx) => {
      await trx.updateTable('programs').set(patch).where('id', '=', id).execute();
      await this.chain(trx, runId, event?.type ?? 'program.updated', id, event?.data ?? {});
    });
  }

  async getProgram(id: number): Promise<ProgramRow | undefined> {
    return this.db.selectFrom('programs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async programs(runId: string): Promise<ProgramRow[]> {
    return this.db.selectFrom('programs').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  }

  async findByHash(runId: string, codeHash: string): Promise<{ id: number } | undefined> {
    return this.db
      .selectFrom('programs')
      .select('id')
      .where('run_id', '=', runId)
      .where('code_hash', '=', codeHash)
      .where('status', 'in', ['pending', 'evaluated', 'failed'])
      .limit(1)
      .executeTakeFirst();
  }

  // ── events and state ─────────────────────────────────────────────────────────────────────────────────

  async appendEvent<T extends EventType>(runId: string, type: T, programId: number | null, data: EventPayloads[T]): Promise<void> {
    await this.immediate(runId, (trx) => this.chain(trx, runId, type, programId, data));
  }

  async events(runId: string): Promise<{ id: number; at: string; type: string; program_id: number | null; data_json: string }[]> {
    return this.db.selectFrom('events').select(['id', 'at', 'type', 'program_id', 'data_json']).where('run_id', '=', runId).orderBy('id').execute();
  }

  /** The data of a run's newest event of a type. */
  async lastEvent<T>(runId: string, type: EventType): Promise<T | undefined> {
    const row = await this.db
      .selectFrom('events')
      .select('data_json')
      .where('run_id', '=', runId)
      .where('type', '=', type)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? (JSON.parse(row.data_json) as T) : undefined;
  }

  /** Every event of a run with its ledger columns, in the order they were appended. */
  async ledgerEvents(runId: string): Promise<EventRow[]> {
    return this.db.selectFrom('events').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  }

  // ── the ledger ───────────────────────────────────────────────────────────────────────────────────────

  /**
   * A write transaction that takes SQLite's write lock at BEGIN: reading the previous hash and appending after it
   * cannot interleave with another writer (another process on the same file, or a concurrent call in this one —
   * Kysely hands the single connection to one caller at a time). In Postgres, a transaction that first takes a
   * transaction-scoped advisory lock on the run: appends to one run are serialised across connections and
   * coordinators, while other runs in the same database proceed in parallel.
   */
  private async immediate<T>(runId: string, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    if (this.pool) return this.lockedTransaction(this.pool, runId, fn);
    return this.db.connection().execute(async (conn) => {
      await sql`BEGIN IMMEDIATE`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (e) {
        await sql`ROLLBACK`.execute(conn).catch(() => {});
        throw e;
      }
    });
  }

  /**
   * Postgres's ledger transaction, run again on a new connection when its connection dies (the server rolled it back)
   * until the pool's reconnect deadline; one whose COMMIT went unanswered is settled by the ledger (CommitSettlement).
   */
  private async lockedTransaction<T>(pool: ResilientPool, runId: string, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    let since: number | undefined;
    const settlement = new CommitSettlement<T>();
    for (;;) {
      const appended: ChainHead[] = [];
      let finished = undefined as { result: T } | undefined; // fn returned: the error, if any, came at COMMIT
      try {
        return await this.db.transaction().execute(async (trx) => {
          // The lock, and a cap on idling while holding it: a coordinator cut off mid-transaction (a network gone quiet
          // rather than closed) has its session ended by the server, releasing the run for the next attempt.
          await sql`SELECT set_config('idle_in_transaction_session_timeout', '15s', true),
            pg_advisory_xact_lock(hashtextextended(${`kaizen.run:${runId}`}, 0))`.execute(trx);
          const earlier = await settlement.committedEarlier((head) => this.hasEvent(trx, runId, head));
          if (earlier) return earlier.result;
          this.appended.set(trx, appended);
          const result = await fn(trx);
          finished = { result };
          return result;
        });
      } catch (e) {
        if (!isConnectionLost(e)) throw e;
        if (finished && !settlement.commitUnanswered(appended, finished.result)) throw e;
        since ??= Date.now();
        pool.giveUpAfter(since, e);
      }
    }
  }

  private async hasEvent(trx: Kysely<Database>, runId: string, { seq, hash }: ChainHead): Promise<boolean> {
    const row = await trx.selectFrom('events').select('id').where('run_id', '=', runId).where('seq', '=', seq).where('hash', '=', hash).executeTakeFirst();
    return row !== undefined;
  }

  /** Appends one event to its run's chain inside the caller's write transaction (ledger/append.ts says how). */
  private async chain(trx: Kysely<Database>, runId: string, type: string, programId: number | null, data: unknown): Promise<void> {
    const head = await appendEvent(this.chainStore(trx, runId), { runId, type, programId, data, at: now() }, this.keys.signingKey(runId));
    this.appended.get(trx)?.push(head);
  }

  /** The ledger's view of the database inside one transaction. */
  private chainStore(trx: Kysely<Database>, runId: string): ChainStore {
    return {
      lastEvent: () => trx.selectFrom('events').select(['seq', 'hash']).where('run_id', '=', runId).orderBy('id', 'desc').limit(1).executeTakeFirst(),
      programRow: (id) => trx.selectFrom('programs').selectAll().where('id', '=', id).executeTakeFirst(),
      insertEvent: async (event) => {
        await trx.insertInto('events').values(event).execute();
      },
      run: () => trx.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst(),
      signHead: async (head, signature) => {
        await trx.updateTable('runs').set({ head_seq: head.seq, head_hash: head.hash, signature }).where('id', '=', runId).execute();
      },
    };
  }

  async getState<T>(runId: string, key: string): Promise<T | undefined> {
    const row = await this.db.selectFrom('run_state').select('value_json').where('run_id', '=', runId).where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value_json) as T) : undefined;
  }

  async setState(runId: string, key: string, value: unknown): Promise<void> {
    await this.db
      .insertInto('run_state')
      .values({ run_id: runId, key, value_json: JSON.stringify(value) })
      .onConflict((oc) => oc.columns(['run_id', 'key']).doUpdateSet({ value_json: JSON.stringify(value) }))
      .execute();
  }

  /** Stores solvers' answers by digest (content-addressed: a digest already there is the same text). */
  async putOutputs(outputs: ReadonlyMap<string, string>): Promise<void> {
    const rows = [...outputs].map(([digest, text]) => ({ digest, bytes: Buffer.byteLength(text), data: deflateRawSync(text).toString('base64') }));
    for (let i = 0; i < rows.length; i += 200) {
      await this.db
        .insertInto('outputs')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column('digest').doNothing())
        .execute();
    }
  }

  /** Answers by digest; a digest not stored is missing from the map. */
  async outputs(digests: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < digests.length; i += 500) {
      const rows = await this.db
        .selectFrom('outputs')
        .select(['digest', 'data'])
        .where('digest', 'in', digests.slice(i, i + 500))
        .execute();
      for (const r of rows) found.set(r.digest, inflateRawSync(Buffer.from(r.data, 'base64')).toString('utf8'));
    }
    return found;
  }

  /**
   * A secret of the run for `purpose` (e.g. the hidden cases' seeds), derived from its signing key, which lives outside
   * the database: whoever reads the database cannot derive it. Null when the run has no key here.
   */
  runSecret(runId: string, purpose: string): Buffer | null {
    const key = this.keys.signingKey(runId);
    return key ? deriveSecret(key, purpose) : null;
  }
}
