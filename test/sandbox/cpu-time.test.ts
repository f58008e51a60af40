// Contest solvers in the process backend: stdin in, text out, a CPU-time limit over the whole process tree.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { timesMs } from '../../src/sandbox/process.ts';
import { ProcessSandbox } from '../../src/sandbox/process.ts';
import type { CommandRequest, SandboxLimits } from '../../src/sandbox/types.ts';
import { descendants, eventually } from './helpers.ts';

const sandbox = new ProcessSandbox();
const env = { PATH: '/usr/bin:/bin' };
const limits: SandboxLimits = { timeoutMs: 15_000, memoryMb: 256, outputMaxBytes: 100_000, logMaxBytes: 10_000 };

function python(code: string, extra: Partial<CommandRequest> = {}): CommandRequest {
  return { kind: 'command', code, programFile: 'solver.py', command: ['python3', '{program}'], output: 'text', limits, env, ...extra };
}

/** Python that busy-loops `seconds` of its own CPU time. */
const burn = (seconds: number | string) => `t0 = time.process_time()\nwhile time.process_time() - t0 < ${seconds}: pass`;

afterEach(async () => {
  expect(await eventually(() => descendants(process.pid).length === 0)).toBe(true);
});

afterAll(async () => {
  await sandbox.close();
});

describe('CPU-time limit', () => {
  it('stops a solver that sleeps past the wall-clock cap as time-limit (wall clock)', async () => {
    const r = await sandbox.run(python('import time\ntime.sleep(30)', { limits: { ...limits, cpuMs: 500, timeoutMs: 1000 } }));
    expect(r.failure).toBe('time-limit');
    expect(r.error).toMatch(/wall clock/);
    expect(r.cpuMs).toBeLessThan(500);
    expect(r.durationMs).toBeLessThan(4000);
  });

  it('stops a busy loop at its CPU limit, long before the wall-clock cap', async () => {
    const r = await sandbox.run(python('while True: pass', { limits: { ...limits, cpuMs: 300 } }));
    expect(r.failure).toBe('time-limit');
    expect(r.error).toMatch(/used \d+ ms of CPU, limit 300 ms/);
    expect(r.cpuMs).toBeGreaterThanOrEqual(300);
    expect(r.durationMs).toBeLessThan(limits.timeoutMs);
  });

  it('counts forked children: two `yes` in the background of a shell', async () => {
    const r = await sandbox.run({
      kind: 'command',
      code: '',
      programFile: 'unused',
      command: ['sh', '-c', 'yes > /dev/null & yes > /dev/null & wait'],
      output: 'text',
      limits: { ...limits, cpuMs: 300 },
      env,
    });
    expect(r.failure).toBe('time-limit');
    expect(r.cpuMs).toBeGreaterThanOrEqual(300);
  });

  it('counts children already reaped: three children of 150 ms each go over a 350 ms limit', async () => {
    const code = `import os, time
for i in range(3):
    if os.fork() == 0:
        ${burn(0.15).replaceAll('\n', '\n        ')}
        os._exit(0)
    os.wait()
print("done")`;
    const r = await sandbox.run(python(code, { limits: { ...limits, cpuMs: 350 } }));
    expect(r.failure).toBe('time-limit');
    expect(r.cpuMs).toBeGreaterThanOrEqual(350);
  });

  it('counts children auto-reaped because SIGCHLD is ignored (their time reaches nobody in the kernel)', async () => {
    const code = `import os, signal, time
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
for i in range(4):
    pid = os.fork()
    if pid == 0:
        ${burn(0.15).replaceAll('\n', '\n        ')}
        os._exit(0)
    while True:
        try:
            os.kill(pid, 0)
            time.sleep(0.002)
        except ProcessLookupError:
            break
print("done")`;
    const r = await sandbox.run(python(code, { limits: { ...limits, cpuMs: 400 } }));
    expect(r.failure).toBe('time-limit');
    expect(r.cpuMs).toBeGreaterThanOrEqual(400);
  });

  it('reports the exact total of a forking solver under its limit, reaped children included', async () => {
    const code = `import os, time
for i in range(3):
    if os.fork() == 0:
        ${burn(0.1).replaceAll('\n', '\n        ')}
        os._exit(0)
    os.wait()
print("done")`;
    const r = await sandbox.run(python(code, { limits: { ...limits, cpuMs: 2000 } }));
    expect(r.ok).toBe(true);
    expect(r.output).toBe('done\n');
    expect(r.cpuMs).toBeGreaterThanOrEqual(300);
    expect(r.cpuMs).toBeLessThan(2000);
  });

  it('lets a solver use 0.9 × KAIZEN_TIME_LIMIT_MS and reports about that much', async () => {
    const code = `import os, time
limit = int(os.environ["KAIZEN_TIME_LIMIT_MS"])
while time.process_time() < 0.9 * limit / 1000: pass
print(limit)`;
    const r = await sandbox.run(python(code, { limits: { ...limits, cpuMs: 1000 } }));
    expect(r.ok).toBe(true);
    expect(r.output).toBe('1000\n');
    expect(r.cpuMs).toBeGreaterThanOrEqual(800);
    expect(r.cpuMs).toBeLessThanOrEqual(1000);
  });

  it('cannot be lowered by writing a fake report to the wrapper through /proc', async () => {
    const code = `import os, time
${burn(0.3)}
parent = f"/proc/{os.getppid()}/fd"
for fd in os.listdir(parent):
    try:
        with open(f"{parent}/{fd}", "w") as f:
            f.write("0m0.000000s 0m0.000000s\\n" * 4)
    except OSError:
        pass
print("ok")`;
    const r = await sandbox.run(python(code, { limits: { ...limits, cpuMs: 3000 } }));
    expect(r.ok).toBe(true);
    expect(r.cpuMs).toBeGreaterThanOrEqual(300);
  });

  it('reads the `times` report of the wrapper shell, taking the largest line', () => {
    expect(timesMs('0m0.004000s 0m0.000000s\n0m1.250000s 0m0.030000s\n')).toBe(1280);
    expect(timesMs('0m0.000s 0m0.000s\n1m0.500s 0m0.000s\n')).toBe(60_500);
    expect(timesMs('garbage')).toBeNull();
  });
});

describe('stdin and text output', () => {
  it('gives the solver its input on stdin and returns stdout as text', async () => {
    const input = 'line one\nligne deux é\n3 4 5\n';
    // Some work besides the echo: CPU time is counted in 10 ms ticks, and a bare echo can finish inside one (CI saw 0).
    const echo = 'import sys\ndata = sys.stdin.read()\nsum(range(3_000_000))\nsys.stdout.write(data)';
    const r = await sandbox.run(python(echo, { stdin: input, limits: { ...limits, cpuMs: 2000 } }));
    expect(r.ok).toBe(true);
    expect(r.output).toBe(input);
    expect(r.cpuMs).toBeGreaterThan(0);
  });

  it('does not fail when the solver ignores a large input', async () => {
    const r = await sandbox.run(python('print(42)', { stdin: '7 '.repeat(1_000_000) }));
    expect(r.ok).toBe(true);
    expect(r.output).toBe('42\n');
  });

  it('refuses stdout beyond outputMaxBytes; stdout does not count towards the log cap', async () => {
    const big = await sandbox.run(python('import sys\nsys.stdout.write("x" * 200000)'));
    expect(big.failure).toBe('output-too-large');
    const fits = await sandbox.run(python('import sys\nsys.stdout.write("y" * 90000)'));
    expect(fits.ok).toBe(true);
    expect(fits.output).toBe('y'.repeat(90_000));
    expect(fits.stdout.length).toBeLessThanOrEqual(1024);
    const flood = await sandbox.run(python('import sys\nsys.stderr.write("z" * 50000)'));
    expect(flood.failure).toBe('output-flood');
  });

  it('runs JavaScript through `node {program}` and Python, both reading stdin, inside bubblewrap', async () => {
    expect(sandbox.confined).toBe(true);
    const js = await sandbox.run({
      kind: 'command',
      code: 'let d = ""; process.stdin.on("data", (c) => (d += c)).on("end", () => console.log(d.trim().split(/\\s+/).map(Number).reduce((a, b) => a + b, 0)));',
      programFile: 'solver.mjs',
      command: [process.execPath, '{program}'],
      output: 'text',
      stdin: '1 2 3 4\n',
      limits: { ...limits, cpuMs: 3000 },
      env,
    });
    expect(js.ok).toBe(true);
    expect(js.output).toBe('10\n');
    const py = await sandbox.run(python('import sys\nprint(sum(map(int, sys.stdin.read().split())))', { stdin: '5 6 7', limits: { ...limits, cpuMs: 2000 } }));
    expect(py.output).toBe('18\n');
  });

  it('reports a solver that exits non-zero as a crash', async () => {
    const r = await sandbox.run(python('import sys\nprint("partial")\nsys.exit(3)', { limits: { ...limits, cpuMs: 2000 } }));
    expect(r.failure).toBe('crash');
    expect(r.exitCode).toBe(3);
  });
});
