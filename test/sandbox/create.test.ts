import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/create.ts';
import { IsolateSandbox } from '../../src/sandbox/isolate.ts';
import type { SandboxRequest } from '../../src/sandbox/types.ts';
import { descendants, eventually } from './helpers.ts';

const limits = { timeoutMs: 1500, memoryMb: 64, outputMaxBytes: 10_000, logMaxBytes: 10_000 };
const env = { PATH: '/usr/bin:/bin' };
const js = (code: string, args: unknown[] = []): SandboxRequest => ({ kind: 'js', code, programFile: 'program.mjs', exportName: 'run', args, limits, env });
const py = (code: string): SandboxRequest => ({ kind: 'command', code, programFile: 'p.py', command: ['python3', '{program}'], output: 'stdout', limits, env });

describe('createSandbox', () => {
  const auto = createSandbox();
  const isolateOnly = createSandbox({ backend: 'isolate' });
  const processOnly = createSandbox({ backend: 'process' });
  afterAll(async () => {
    await Promise.all([auto.close(), isolateOnly.close(), processOnly.close()]);
    expect(await eventually(() => descendants(process.pid).length === 0)).toBe(true);
  });

  it('auto: JS in an isolate (no process object), commands in the process backend', async () => {
    expect(auto.backendFor('js')).toBe('isolate');
    expect(auto.backendFor('command')).toBe('process');
    expect((await auto.run(js('export function run() { return typeof process }'))).output).toBe('undefined');
    expect((await auto.run(py('print(6 * 7)'))).output).toBe(42);
  });

  it('isolate: refuses commands; process: runs JS under Node', async () => {
    expect((await isolateOnly.run(py('print(1)'))).failure).toBe('sandbox-error');
    expect(processOnly.backendFor('js')).toBe('process');
    expect((await processOnly.run(js('export function run() { return typeof process }'))).output).toBe('object');
  });
});

describe('isolate pool', () => {
  it('runs evaluations in parallel; one that times out does not disturb the others', async () => {
    const sandbox = new IsolateSandbox({ poolSize: 2 });
    try {
      const runs = await Promise.all([
        sandbox.run(js('export function run() { for (;;) {} }')),
        ...Array.from({ length: 6 }, (_, i) => sandbox.run(js('export function run(i) { let s = 0; for (let k = 0; k < 1e6; k++) s += k; return i }', [i]))),
      ]);
      expect(runs[0].failure).toBe('timeout');
      expect(runs.slice(1).map((r) => r.output)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(sandbox.pids.length).toBeLessThanOrEqual(2);
    } finally {
      await sandbox.close();
    }
  });

  it('leaves no host process behind when Kaizen exits without closing it', () => {
    const script = `
      import { IsolateSandbox } from ${JSON.stringify(new URL('../../src/sandbox/isolate.ts', import.meta.url).pathname)};
      const s = new IsolateSandbox({ poolSize: 1 });
      const r = await s.run({ kind: 'js', code: 'export function run() { return 1 }', programFile: 'p.mjs', exportName: 'run', args: [], limits: ${JSON.stringify(limits)}, env: {} });
      console.log(JSON.stringify({ output: r.output, pids: s.pids }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    const { output, pids } = JSON.parse(out.trim().split('\n').pop() as string) as { output: number; pids: number[] };
    expect(output).toBe(1);
    expect(pids.length).toBe(1);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    return eventually(() => pids.every((p) => !alive(p)), 3000).then((gone) => expect(gone).toBe(true));
  });
});
