// Every bad input a tester found ending in a stack trace (issue 20): each must end in one line on stderr that names
// the file, flag or value, a non-zero exit code, and no write into a database that is not Kaizen's to change.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDEX_ONLY_MIGRATIONS } from '../src/store/migrations.ts';
import { Store } from '../src/store/store.ts';
import { expectOneLineError } from './support/one-line-error.ts';
import { CLI, tempDir } from './support/tmp.ts';

const kaizen = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

/** A file's bytes and modification time, to show that nothing wrote into it. */
const snapshot = (path: string) => ({ bytes: readFileSync(path).toString('base64'), mtimeMs: statSync(path).mtimeMs });

/** Every command that only reads a run database (all of them are tried on a non-SQLite file; the other cases try two each). */
const READ_ONLY = ['status', 'best', 'export', 'report', 'verify', 'prompts'];

function newTask(): string {
  const dir = join(tempDir(), 'task');
  expect(kaizen('init', dir).status).toBe(0);
  return dir;
}

describe('one clear error per bad input', () => {
  let ran: string; // a task with one finished run: a real run database to copy and alter
  beforeAll(() => {
    ran = newTask();
    const run = kaizen('run', ran, '--budget', '3', '--concurrency', '1');
    expect(run.status, run.stderr).toBe(0);
  });

  it('a file that is not SQLite at .kaizen/kaizen.db: refused as such by every command, and left as it was', () => {
    const dir = newTask();
    const db = join(dir, '.kaizen', 'kaizen.db');
    mkdirSync(join(dir, '.kaizen'));
    writeFileSync(db, 'these are my notes, not a database\n'.repeat(200));
    const before = snapshot(db);
    for (const command of [...READ_ONLY, 'run']) {
      expectOneLineError(kaizen(command, dir), new RegExp(`${db}: not a SQLite database.*--out/--db`));
    }
    expect(snapshot(db)).toEqual(before);
    expect(existsSync(`${db}-wal`)).toBe(false);
  });

  it("someone else's SQLite database: refused before anything is written into it (no migration tables)", () => {
    const db = join(tempDir(), 'theirs.db');
    const sqlite = new SQLite(db);
    sqlite.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
    sqlite.close();
    const before = snapshot(db);
    for (const command of ['status', 'verify'])
      expectOneLineError(kaizen(command, '--db', db), /theirs\.db: a database but not a Kaizen run database \(it has tables notes\)/);
    expectOneLineError(kaizen('run', newTask(), '--budget', '3', '--out', db), /theirs\.db: a database but not a Kaizen run database/);
    expect(snapshot(db)).toEqual(before);
    const tables = new SQLite(db, { readonly: true }).prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    expect(tables).toEqual([{ name: 'notes' }]);
  });

  it('a database from a newer Kaizen is refused as such, by read-only commands and by run, and not touched', () => {
    const db = join(tempDir(), 'newer.db');
    copyFileSync(join(ran, '.kaizen', 'kaizen.db'), db);
    const sqlite = new SQLite(db);
    sqlite.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('0099_from_the_future', new Date().toISOString());
    sqlite.pragma('journal_mode = DELETE'); // one file, so its bytes say everything
    sqlite.close();
    const before = snapshot(db);
    for (const command of ['status', 'best']) expectOneLineError(kaizen(command, '--db', db), /newer\.db: made by a newer Kaizen \(.*0099_from_the_future/);
    expectOneLineError(kaizen('run', ran, '--budget', '5', '--out', db), /made by a newer Kaizen/);
    expect(snapshot(db)).toEqual(before);
  });

  it('read-only commands never migrate: a database that needs migrating is reported as such', () => {
    const db = join(tempDir(), 'older.db');
    copyFileSync(join(ran, '.kaizen', 'kaizen.db'), db);
    const sqlite = new SQLite(db);
    // The last migration that changes more than an index (a store without an index is read as it is: see below).
    const names = (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name DESC').all() as { name: string }[]).map((r) => r.name);
    const last = names.find((name) => !INDEX_ONLY_MIGRATIONS.includes(name))!;
    sqlite.prepare('DELETE FROM kysely_migration WHERE name = ?').run(last);
    sqlite.pragma('journal_mode = DELETE');
    sqlite.close();
    const before = snapshot(db);
    for (const command of ['status', 'report'])
      expectOneLineError(kaizen(command, '--db', db), new RegExp(`older\\.db: made by an older Kaizen; its schema needs migrating \\(${last}\\)`));
    expect(snapshot(db)).toEqual(before);
  });

  it('read-only commands read a database that lacks only an index, and leave it so; the next writer adds it', async () => {
    const db = join(tempDir(), 'no-index.db');
    copyFileSync(join(ran, '.kaizen', 'kaizen.db'), db);
    const sqlite = new SQLite(db);
    // As a store made by the Kaizen before the newest index was added.
    expect(INDEX_ONLY_MIGRATIONS.at(-1)).toBe('0010_programs_cases');
    sqlite.prepare('DELETE FROM kysely_migration WHERE name = ?').run('0010_programs_cases');
    sqlite.exec('DROP INDEX programs_cases');
    sqlite.pragma('journal_mode = DELETE');
    sqlite.close();
    const before = snapshot(db);
    const status = kaizen('status', '--db', db);
    expect(status.status, status.stderr).toBe(0);
    expect(snapshot(db)).toEqual(before);
    // Opened to write (as `kaizen run` opens it), it is migrated: the index is back.
    await (await Store.open(db)).close();
    const after = new SQLite(db, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'programs_cases'").get()).toBeDefined();
    after.close();
  });

  it('read-only commands leave a run database as it was', () => {
    const db = join(tempDir(), 'copy.db');
    copyFileSync(join(ran, '.kaizen', 'kaizen.db'), db);
    const sqlite = new SQLite(db);
    sqlite.pragma('journal_mode = DELETE');
    sqlite.close();
    const before = snapshot(db);
    for (const command of ['status', 'export']) expect(kaizen(command, '--db', db).status).toBe(0);
    expect(snapshot(db)).toEqual(before);
  });

  it('--out under a regular file, and export -o to a path that cannot be written', () => {
    const dir = newTask();
    const underFile = join(dir, 'task.ts', 'runs.db');
    expectOneLineError(
      kaizen('run', dir, '--budget', '3', '--out', underFile),
      new RegExp(`${join(dir, 'task.ts')} is a file, not a folder; name another place with --out/--db`),
    );
    const unwritable = join(ran, 'no-such-folder', 'programs.jsonl');
    expectOneLineError(kaizen('export', ran, '-o', unwritable), new RegExp(`-o ${unwritable}: cannot write the export there \\(ENOENT\\)`));
    expectOneLineError(kaizen('export', ran, '-o', join(ran, 'task.ts', 'x.jsonl')), /cannot write the export there \(ENOTDIR\)/);
  });

  it('flag errors name the flag and its value, not kaizen.config.ts', () => {
    const dir = newTask();
    expect(existsSync(join(dir, 'kaizen.config.ts'))).toBe(true);
    const cases: [string[], RegExp][] = [
      [['--budget', '-3'], /^kaizen: --budget -3: too small/],
      [['--concurrency', '0'], /^kaizen: --concurrency 0: too small/],
      [['--model', 'foo:bar'], /^kaizen: --model foo:bar: .*unknown provider "foo"/],
      [['--budget-usd', '-1'], /^kaizen: --budget-usd -1: too small/],
    ];
    for (const [flags, pattern] of cases) {
      const r = kaizen('run', dir, ...flags);
      expectOneLineError(r, pattern);
      expect(r.stderr).not.toMatch(/kaizen\.config/);
    }
    expect(existsSync(join(dir, '.kaizen'))).toBe(false); // refused before anything was written
  });

  // The machine's own Node (20 here) stands for a user's old Node: one line, before anything needs Node >= 22.18.
  const systemNode = '/usr/bin/node';
  const oldNode = existsSync(systemNode) && Number(spawnSync(systemNode, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout) < 22;
  it.skipIf(!oldNode)('on Node older than 22.18, one line saying which Node is needed', () => {
    const r = spawnSync(systemNode, [CLI, 'status', ran], { encoding: 'utf8' });
    expectOneLineError(r, /needs Node\.js >= 22\.18, but \/usr\/bin\/node is v\d+\.\d+\.\d+; install a newer Node/);
    expect(r.stderr).not.toMatch(/SyntaxError|registerHooks/);
  });
});
