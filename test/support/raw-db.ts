import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/store/schema.ts';
import { postgresUrl } from '../../src/store/store.ts';

/**
 * A raw connection to a run database, beside the store: what tests use to forge, tamper with or bulk-load rows the
 * way an attacker or a fixture would. Kaizen's own code reads through `store.read` and writes through the Store.
 */
export function rawDb(location: string): Kysely<Database> {
  const url = postgresUrl(location);
  if (url) return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(location) }) });
}
