import { type ColumnDefinitionBuilder, type Kysely, sql } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/** The databases a run store can live in. The schema is the same; a few statements differ. */
export type Dialect = 'sqlite' | 'postgres';

/** An integer key the database numbers itself: SQLite's AUTOINCREMENT, Postgres's identity column. */
function autoKey(dialect: Dialect): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return dialect === 'sqlite' ? (c) => c.primaryKey().autoIncrement() : (c) => c.primaryKey().generatedByDefaultAsIdentity();
}

/** Schema migrations, in order. Never edit one that has shipped: add the next. */
const migrationsFor = (dialect: Dialect): Record<string, Migration> => ({
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('task_name', 'text', (c) => c.notNull())
        .addColumn('task_dir', 'text', (c) => c.notNull())
        .addColumn('task_hash', 'text', (c) => c.notNull())
        .addColumn('config_json', 'text', (c) => c.notNull())
        .addColumn('seed', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('pid', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('best_program_id', 'integer')
        .addColumn('seed_score', 'double precision')
        .execute();
      await db.schema
        .createTable('programs')
        .addColumn('id', 'integer', autoKey(dialect))
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
        .addColumn('sample', 'integer')
        .addColumn('parent_id', 'integer')
        .addColumn('island', 'integer', (c) => c.notNull())
        .addColumn('generation', 'integer', (c) => c.notNull())
        .addColumn('operator', 'text', (c) => c.notNull())
        .addColumn('model', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('correct', 'integer')
        .addColumn('score', 'double precision')
        .addColumn('public_json', 'text')
        .addColumn('private_json', 'text')
        .addColumn('features_json', 'text')
        .addColumn('feedback', 'text')
        .addColumn('failure_class', 'text')
        .addColumn('error', 'text')
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('patch', 'text')
        .addColumn('change', 'text')
        .addColumn('inspirations_json', 'text')
        .addColumn('prompt', 'text')
        .addColumn('reply', 'text')
        .addColumn('stdout', 'text')
        .addColumn('stderr', 'text')
        .addColumn('cost', 'double precision')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('evaluated_at', 'text')
        .addColumn('propose_ms', 'double precision')
        .addColumn('eval_ms', 'double precision')
        .addColumn('judge_ms', 'double precision')
        .execute();
      // One record per proposal number: a resumed run can never record the same proposal twice.
      await db.schema.createIndex('programs_run_sample').unique().on('programs').columns(['run_id', 'sample']).execute();
      await db.schema.createIndex('programs_run_status').on('programs').columns(['run_id', 'status']).execute();
      await db.schema.createIndex('programs_run_hash').on('programs').columns(['run_id', 'code_hash']).execute();
      await db.schema
        .createTable('events')
        .addColumn('id', 'integer', autoKey(dialect))
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('program_id', 'integer')
        .addColumn('data_json', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('events_run').on('events').columns(['run_id', 'id']).execute();
      await db.schema
        .createTable('run_state')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_state_pk', ['run_id', 'key'])
        .execute();
      // The event log is append-only: the database itself refuses edits and deletions.
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
        await sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
      } else {
        await sql`CREATE FUNCTION kaizen_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'events are append-only'; END $$`.execute(db);
        await sql`CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
          FOR EACH ROW EXECUTE FUNCTION kaizen_events_append_only()`.execute(db);
      }
    },
  },
  '0002_usage': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('programs').addColumn('usage_json', 'text').execute();
    },
  },
  // The tamper-evident ledger: each event is hash-chained to the previous one of its run and carries a digest of the
  // program row it concerns; the run holds its Ed25519 public key and the signed head of its chain.
  '0003_ledger': {
    async up(db: Kysely<unknown>) {
      for (const column of ['seq', 'prev_hash', 'hash', 'program_digest']) {
        await db.schema
          .alterTable('events')
          .addColumn(column, column === 'seq' ? 'integer' : 'text')
          .execute();
      }
      await db.schema.createIndex('events_run_seq').unique().on('events').columns(['run_id', 'seq']).execute();
      for (const column of ['public_key', 'head_hash', 'signature']) await db.schema.alterTable('runs').addColumn(column, 'text').execute();
      await db.schema.alterTable('runs').addColumn('head_seq', 'integer').execute();
    },
  },
  // Postgres's TRUNCATE skips row triggers, so it would empty the append-only log in one statement: refuse it too.
  // SQLite has no TRUNCATE (its DELETE without WHERE still fires the row trigger): nothing to do there.
  '0004_events_no_truncate': {
    async up(db: Kysely<unknown>) {
      if (dialect === 'sqlite') return;
      await sql`CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION kaizen_events_append_only()`.execute(db);
    },
  },
  // Multi-case evaluation: each program's case results (public and hidden, JSON), the cascade stage it reached, and
  // the solvers' answers, content-addressed (sha256 of the text) and compressed, so `kaizen verify` can re-score them.
  '0005_cases': {
    async up(db: Kysely<unknown>) {
      for (const column of ['cases_json', 'hidden_json']) await db.schema.alterTable('programs').addColumn(column, 'text').execute();
      await db.schema.alterTable('programs').addColumn('stage', 'integer').execute();
      await db.schema
        .createTable('outputs')
        .addColumn('digest', 'text', (c) => c.primaryKey())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // Multi-objective tasks: each program's objective values (JSON, by name), for the Pareto front.
  '0006_objectives': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('programs').addColumn('objectives_json', 'text').execute();
    },
  },
  '0007_prompt_variants': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('programs').addColumn('prompt_variant_id', 'integer').execute();
    },
  },
  // The read side asks for a run's events by type (the dashboard's tab bar, safeguards and cases; the Pareto front and
  // prompt pools): without this index each such query walks every event of the run, 10,000 on a 5,000-program run.
  '0008_events_run_type': {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('events_run_type').on('events').columns(['run_id', 'type', 'id']).execute();
    },
  },
  // The columns a run's figures read for every program (figures.ts FIGURE_COLUMNS: the overview, `kaizen status`, the
  // run list's totals, the lineage's tree), in an index that answers those queries alone. In SQLite a row keeps its
  // columns in table order, and cost, created_at, evaluated_at and usage_json come after code, prompt and reply: without
  // it, reading them walks every program's texts (a 5,000-program run with an LLM's prompts: 47 ms instead of 9 for the
  // overview's rows). Postgres keeps long texts out of line (TOAST), so its rows stay short: nothing to add there.
  // The columns are written out, not taken from FIGURE_COLUMNS: a migration must not change once shipped.
  '0009_programs_figures': {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'sqlite') return;
      await db.schema
        .createIndex('programs_figures')
        .ifNotExists()
        .on('programs')
        .columns([
          'run_id',
          'id',
          'parent_id',
          'sample',
          'island',
          'status',
          'correct',
          'score',
          'failure_class',
          'cost',
          'operator',
          'model',
          'created_at',
          'evaluated_at',
          'usage_json',
        ])
        .execute();
    },
  },
  // Whether a run has multi-case programs (queries.ts hasCasesQuery, asked by the overview): without this index the
  // question walks every program of a run that has none, texts included in SQLite (8 ms on a 5,000-program run). The
  // index holds only the programs that have cases, so it costs nothing where there are none. Its condition is the
  // query's, written the same way: a database uses a partial index only for a query whose condition implies it.
  '0010_programs_cases': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('programs_cases')
        .ifNotExists()
        .on('programs')
        .column('run_id')
        .where(sql<boolean>`cases_json is not null or stage is not null`)
        .execute();
    },
  },
});

/**
 * Migrations that only add an index: a read-only command opens a store that lacks them (its queries are slower; the
 * next command that writes adds them), where any other pending migration makes it refuse the store.
 */
export const INDEX_ONLY_MIGRATIONS: readonly string[] = ['0008_events_run_type', '0009_programs_figures', '0010_programs_cases'];

/** The names of the migrations this Kaizen knows, in order (the same for both dialects). */
export function migrationNames(dialect: Dialect): string[] {
  return Object.keys(migrationsFor(dialect)).sort();
}

/** The migrations of one dialect. */
export function migrationProviderFor(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      return migrationsFor(dialect);
    },
  };
}
