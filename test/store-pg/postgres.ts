import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/** Debian's PostgreSQL binaries (`apt-get install -y postgresql`). */
export const PG_BIN = process.env.KAIZEN_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why a throwaway Postgres cannot be started here, or null when it can. */
export function postgresUnavailable(): string | null {
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl'))) {
    return `PostgreSQL binaries not found in ${PG_BIN} (apt-get install -y postgresql, or set KAIZEN_PG_BIN)`;
  }
  if (process.getuid?.() !== 0) return 'starting a throwaway PostgreSQL needs root (runuser -u postgres)';
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' });
  } catch {
    return 'no postgres system user';
  }
  return null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresServer {
  url: string;
  port: number;
  stop(): void;
  /** Shuts the server down (fast: sessions are terminated) without blocking the event loop. */
  down(): Promise<void>;
  /** Starts it again on the same port and data. */
  up(): Promise<void>;
  /** Runs SQL as the superuser on a connection of its own. */
  admin<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  /** Terminates every other client connection (what an administrator or a failover does to Kaizen's sessions). */
  terminateOthers(): Promise<number>;
}

/** Starts a private PostgreSQL on loopback (trust auth, user kaizen, fsync off); stop() leaves no process or files. */
export async function startPostgres(): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kaizen-pg-'));
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const as = (cmd: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args], { stdio: 'pipe' });
  const asAsync = (cmd: string, args: string[]) => promisify(execFile)('runuser', ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args]);
  const startArgs = ['-D', data, '-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-w', 'start'];
  const url = `postgres://kaizen@127.0.0.1:${port}/postgres`;
  let started = false;
  const stop = () => {
    if (started) {
      try {
        as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    as('initdb', ['-D', data, '-A', 'trust', '-U', 'kaizen']);
    started = true;
    as('pg_ctl', startArgs);
  } catch (e) {
    stop();
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`cannot start PostgreSQL: ${err.stderr?.toString() || err.message}`);
  }
  const admin = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {}); // a restart may drop it; the query says so
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    url,
    port,
    stop,
    down: async () => {
      await asAsync('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    up: async () => {
      await asAsync('pg_ctl', startArgs);
    },
    admin,
    terminateOthers: async () => {
      const rows = await admin<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE pid <> pg_backend_pid() AND backend_type = 'client backend') t`,
      );
      return rows[0].n;
    },
  };
}
