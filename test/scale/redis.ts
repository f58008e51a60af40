import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { which } from '../../src/sandbox/which.ts';
import { tempDir } from '../support/tmp.ts';

/** The redis-server binary, or null (the scale tests skip, saying so). */
export const REDIS_SERVER = which('redis-server', `${process.env.PATH ?? ''}:/usr/bin:/usr/sbin:/usr/local/bin`);
export const NO_REDIS = REDIS_SERVER ? '' : 'redis-server is not installed (apt-get install redis-server): the scale-out tests are skipped';

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A throwaway redis-server on loopback (a free port unless given), without persistence, in a temporary folder. */
export async function startRedis(options: { port?: number } = {}): Promise<RedisServer> {
  if (!REDIS_SERVER) throw new Error(NO_REDIS);
  const port = options.port ?? (await freePort());
  const dir = tempDir('kaizen-redis-');
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`redis-server did not start on port ${port}:\n${out}`)), 10_000);
    const check = (): void => {
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`redis-server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
