import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { KaizenError } from '../errors.ts';

// What a store checks before it reads or migrates a database: that the file is SQLite at all, that the database is
// Kaizen's (not someone else's tables), and that its schema is not from a newer Kaizen. Each refusal is one line that
// names the database and says what to do; nothing is written into a database that fails a check.

const SQLITE_HEADER = 'SQLite format 3\0';

/** Refuses a file that exists but is not a SQLite database (an empty file is one SQLite will initialise). */
export function assertSqliteFile(path: string, shown: string): void {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new KaizenError(`${shown}: is a folder, not a run database; name a file with --out/--db`);
    size = stat.size;
  } catch (e) {
    if (e instanceof KaizenError) throw e;
    return; // not there yet: a new database
  }
  if (size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new KaizenError(`${shown}: cannot read the run database: ${(e as Error).message}`);
  }
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new KaizenError(`${shown}: not a SQLite database, so not a Kaizen run database; move it away or name another file with --out/--db`);
  }
}

/** Where a database's schema stands against the migrations this Kaizen knows. */
export interface SchemaState {
  /** Migrations recorded as done (kysely_migration), or null when the database has no such table. */
  applied: string[] | null;
  /** Tables in the database besides Kysely's own (to tell an empty database from someone else's). */
  tables: string[];
}

export async function schemaState(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<SchemaState> {
  const tables =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(db)).rows.map(
          (r) => r.name,
        );
  const applied = tables.includes('kysely_migration')
    ? (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name)
    : null;
  return { applied, tables: tables.filter((t) => !t.startsWith('kysely_migration')) };
}

/**
 * Refuses a database this Kaizen must not touch: someone else's tables, a schema from a newer Kaizen, and, when
 * `readOnly`, one that is empty or needs migrating (read-only commands never migrate); a store that lacks only
 * migrations in `readableWithout` (indexes) is read as it is.
 */
export function checkSchema(state: SchemaState, known: readonly string[], shown: string, readOnly: boolean, readableWithout: readonly string[] = []): void {
  if (state.applied === null) {
    if (state.tables.length > 0) {
      throw new KaizenError(
        `${shown}: a database but not a Kaizen run database (it has tables ${state.tables.slice(0, 5).join(', ')}); name another file with --out/--db`,
      );
    }
    if (readOnly) throw new KaizenError(`${shown}: an empty database with no runs; start a run with \`kaizen run\``);
    return;
  }
  const unknown = state.applied.filter((m) => !known.includes(m));
  if (unknown.length > 0) {
    throw new KaizenError(
      `${shown}: made by a newer Kaizen (its schema has migration ${unknown.join(', ')}, unknown to this one); open it with that Kaizen or upgrade this one`,
    );
  }
  const pending = known.filter((m) => !state.applied?.includes(m) && !readableWithout.includes(m));
  if (readOnly && pending.length > 0) {
    throw new KaizenError(
      `${shown}: made by an older Kaizen; its schema needs migrating (${pending.join(', ')}), which read-only commands never do: a \`kaizen run\` on it migrates it`,
    );
  }
}
