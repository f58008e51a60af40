import { afterAll, beforeAll } from 'vitest';
import { tempDir } from '../support/tmp.ts';
import { type PostgresServer, startPostgres } from './postgres.ts';

/**
 * In a describe block: a private PostgreSQL for its tests, started before them and stopped after them (and at exit),
 * with KAIZEN_KEY_DIR pointing at a temporary folder meanwhile (a Postgres store has no folder for run keys). The
 * returned server may be used inside the tests and hooks that come after this call.
 */
export function usePostgres(): PostgresServer & { readonly keyDir: string } {
  let started: PostgresServer | undefined;
  let keyDir = '';
  const saved = process.env.KAIZEN_KEY_DIR;
  const stopOnExit = () => started?.stop();
  const server = () => {
    if (!started) throw new Error('the test PostgreSQL is not running: use it inside tests or later hooks');
    return started;
  };
  beforeAll(async () => {
    started = await startPostgres();
    process.once('exit', stopOnExit);
    keyDir = tempDir('kaizen-pg-keys-');
    process.env.KAIZEN_KEY_DIR = keyDir;
  }, 30_000);
  afterAll(() => {
    if (saved === undefined) delete process.env.KAIZEN_KEY_DIR;
    else process.env.KAIZEN_KEY_DIR = saved;
    started?.stop();
    process.off('exit', stopOnExit);
  });
  return {
    get url() {
      return server().url;
    },
    get port() {
      return server().port;
    },
    get keyDir() {
      return keyDir;
    },
    stop: () => started?.stop(),
    down: () => server().down(),
    up: () => server().up(),
    admin: (text, values) => server().admin(text, values),
    terminateOthers: () => server().terminateOthers(),
  };
}
