import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Insertable, Kysely, SqliteDialect, type Selectable, type Updateable } from 'kysely';
import { Migrator } from 'kysely/migration';
import { KaizenError } from '../errors.ts';
import { migrationProvider } from './migrations.ts';
import type { Database, ProgramsTable, RunStatus, RunsTable } from './schema.ts';

export type Run = Selectable<RunsTable>;
export type ProgramRow = Selectable<ProgramsTable>;
export type NewProgram = Insertable<ProgramsTable>;
export type ProgramUpdate = Updateable<ProgramsTable>;

const now = () => new Date().toISOString();

/**
 * The run database: runs, every program (proposal) with its lineage and metrics, an append-only event log, and
 * small per-run state. SQLite in WAL mode by default; everything goes through Kysely so Postgres can follow.
 */
export class Store {
  readonly db: Kysely<Database>;
  readonly path: string;

  private constructor(db: Kysely<Database>, path: string) {
    this.db = db;
    this.path = path;
  }

  static async open(path: string): Promise<Store> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    let sqlite: SQLite.Database;
    try {
      sqlite = new SQLite(path);
    } catch (e) {
      throw new KaizenError(`${path}: cannot open the run database: ${(e as Error).message}`);
    }
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
    if (error) throw new KaizenError(`${path}: migrating the run database failed: ${(error as Error).message}`);
    return new Store(db, path);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  // ── runs ─────────────────────────────────────────────────────────────────────────────────────────────

  async createRun(run: Omit<RunsTable, 'created_at' | 'updated_at' | 'finished_at' | 'best_program_id' | 'seed_score'>): Promise<Run> {
    const row = { ...run, created_at: now(), updated_at: now(), finished_at: null, best_program_id: null, seed_score: null };
    await this.db.insertInto('runs').values(row).execute();
    return row;
  }

  async getRun(id: string): Promise<Run | undefined> {
    return this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listRuns(): Promise<Run[]> {
    return this.db.selectFrom('runs').selectAll().orderBy('created_at', 'desc').execute();
  }

  async latestRun(): Promise<Run | undefined> {
    return this.db.selectFrom('runs').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
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

  async updateRun(id: string, patch: Partial<Pick<RunsTable, 'status' | 'pid' | 'best_program_id' | 'seed_score' | 'finished_at'>>): Promise<void> {
    await this.db.updateTable('runs').set({ ...patch, updated_at: now() }).where('id', '=', id).execute();
  }

  async setRunStatus(id: string, status: RunStatus): Promise<void> {
    await this.updateRun(id, { status, finished_at: status === 'completed' || status === 'failed' ? now() : null });
  }

  // ── programs ─────────────────────────────────────────────────────────────────────────────────────────

  /** Records a program and its event atomically. */
  async insertProgram(program: Omit<NewProgram, 'created_at'>, event?: { type: string; data?: unknown }): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('programs')
        .values({ ...program, created_at: now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (event) {
        await trx
          .insertInto('events')
          .values({ run_id: program.run_id, at: now(), type: event.type, program_id: id, data_json: JSON.stringify(event.data ?? {}) })
          .execute();
      }
      return id;
    });
  }

  /** Updates a program and appends its event in one transaction: a crash leaves both or neither. */
  async updateProgram(runId: string, id: number, patch: ProgramUpdate, event?: { type: string; data?: unknown }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('programs').set(patch).where('id', '=', id).execute();
      if (event) {
        await trx
          .insertInto('events')
          .values({ run_id: runId, at: now(), type: event.type, program_id: id, data_json: JSON.stringify(event.data ?? {}) })
          .execute();
      }
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

  async appendEvent(runId: string, type: string, programId: number | null = null, data: unknown = {}): Promise<void> {
    await this.db.insertInto('events').values({ run_id: runId, at: now(), type, program_id: programId, data_json: JSON.stringify(data) }).execute();
  }

  async events(runId: string): Promise<{ id: number; at: string; type: string; program_id: number | null; data_json: string }[]> {
    return this.db.selectFrom('events').select(['id', 'at', 'type', 'program_id', 'data_json']).where('run_id', '=', runId).orderBy('id').execute();
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
}
