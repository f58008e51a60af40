// Scale-out benchmark: evaluations per second through the BullMQ queue with 1 and 2 `kaizen worker` processes,
// beside the local sandbox pool on the same trivial task, measured in the same run: on Redis (needs redis-server), and
// on BullMQ's Postgres backend (needs Debian's postgresql and root, as the Postgres tests do). On a 2-core machine the
// second worker competes for the same cores: the figures show queue overhead, not a cluster's gain.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { queueSandboxFromUrl } from '../src/executor/queue.ts';
import { hashTaskFiles } from '../src/executor/task-hash.ts';
import { createSandbox } from '../src/sandbox/create.ts';
import { which } from '../src/sandbox/which.ts';
import type { Sandbox, SandboxRequest } from '../src/sandbox/types.ts';
import { postgresUnavailable, startPostgres } from '../test/store-pg/postgres.ts';

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const N = 300;
const IN_FLIGHT = 4;

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => done(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

function request(i: number): SandboxRequest {
  return {
    kind: 'js',
    code: '// EVOLVE-BLOCK-START\nexport function run(x) { return x * 2; }\n// EVOLVE-BLOCK-END\n',
    programFile: 'program.mjs',
    exportName: 'run',
    args: [i],
    limits: { timeoutMs: 10_000, memoryMb: 128, outputMaxBytes: 10_000, logMaxBytes: 10_000 },
    env: { PATH: '/usr/bin:/bin' },
  };
}

/** `offset` keeps every request distinct: identical requests share one queue job (and its cached result). */
async function throughput(sandbox: Sandbox, offset: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < N) {
        const r = await sandbox.run(request(offset + next++));
        if (!r.ok) throw new Error(`benchmark evaluation failed: ${r.error}`);
      }
    }),
  );
  return N / ((performance.now() - t0) / 1000);
}

function startWorker(url: string, dir: string): ChildProcess {
  const code = `import(${JSON.stringify(MAIN)}).then((m) => m.main(['node', 'kaizen', 'worker', '--queue', ${JSON.stringify(url)}, '--task', ${JSON.stringify(dir)}, '--concurrency', '2']))`;
  return spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: 'ignore' });
}

/** Evaluations per second through the queue at `url` with 1, then 2 workers. */
async function queueRates(url: string, dir: string): Promise<[number, number]> {
  const workers: ChildProcess[] = [];
  try {
    const rates: number[] = [];
    for (const count of [1, 2]) {
      while (workers.length < count) workers.push(startWorker(url, dir));
      await new Promise((r) => setTimeout(r, 1500)); // workers connect and load the task
      const queue = await queueSandboxFromUrl(url, hashTaskFiles(dir), { scope: `bench-${count}` });
      await throughput(queue, 10 * N * count); // warm-up: workers start their sandboxes
      rates.push(await throughput(queue, 10 * N * count + N));
      await queue.close();
    }
    return [rates[0], rates[1]];
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
  }
}

function rateLines(backend: string, [one, two]: [number, number], localRate: number): string[] {
  return [
    `BullMQ on ${backend}, 1 worker (concurrency 2): ${one.toFixed(0)} evaluations/s (ratio ${(one / localRate).toFixed(2)} of local)`,
    `BullMQ on ${backend}, 2 workers (concurrency 2 each, same 2-core machine): ${two.toFixed(0)} evaluations/s (ratio ${(two / localRate).toFixed(2)} of local, ${(two / one).toFixed(2)} of 1 worker)`,
  ];
}

export async function queueBench(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kaizen-qbench-'));
  writeFileSync(join(dir, 'initial.js'), request(0).code);
  writeFileSync(
    join(dir, 'task.mjs'),
    "export default { name: 'q', program: './initial.js', execute: { export: 'run' }, judge: (o) => ({ correct: true, score: o }) };\n",
  );
  try {
    const local = createSandbox();
    await throughput(local, 0); // warm-up
    const localRate = await throughput(local, N);
    await local.close();
    const lines = [`local sandbox pool: ${localRate.toFixed(0)} evaluations/s (${N} trivial JS evaluations, ${IN_FLIGHT} in flight)`];

    const redis = which('redis-server', `${process.env.PATH ?? ''}:/usr/bin:/usr/sbin`);
    if (redis) {
      const port = await freePort();
      const server = spawn(redis, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
      try {
        await new Promise((r) => setTimeout(r, 500));
        lines.push(...rateLines('Redis', await queueRates(`redis://127.0.0.1:${port}`, dir), localRate));
      } finally {
        server.kill('SIGTERM');
      }
    } else lines.push('Redis: skipped, redis-server is not installed (bash scripts/system-deps.sh installs it)');

    const noPostgres = postgresUnavailable();
    if (!noPostgres) {
      const postgres = await startPostgres();
      try {
        lines.push(...rateLines('Postgres', await queueRates(postgres.url, dir), localRate));
      } finally {
        postgres.stop();
      }
    } else lines.push(`Postgres: skipped, ${noPostgres}`);
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
