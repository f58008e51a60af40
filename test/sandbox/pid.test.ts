import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { type PidProbe, pidAlive, processStart, procProbe } from '../../src/sandbox/pid.ts';
import { eventually } from './helpers.ts';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function sleeper(args: string[] = ['30']): ChildProcess {
  const child = spawn('sleep', args, { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** A probe that sees no /proc (a hidden or foreign process) and whose `kill(pid, 0)` fails with `code`. */
const killFails = (code: string): PidProbe => ({
  stat: () => null,
  kill: () => {
    throw Object.assign(new Error(`kill: ${code}`), { code });
  },
  threads: () => 0,
});

describe('pidAlive', () => {
  it("EPERM from kill(pid, 0) means the process exists (another user's): alive; ESRCH: dead", () => {
    expect(pidAlive(4242, null, killFails('EPERM'))).toBe(true);
    expect(pidAlive(4242, '123', killFails('EPERM'))).toBe(true);
    expect(pidAlive(4242, null, killFails('ESRCH'))).toBe(false);
  });

  it('a live process: alive, with no start time recorded or with its own', () => {
    const child = sleeper();
    const pid = child.pid as number;
    const start = processStart(pid);
    expect(start).toMatch(/^\d+$/);
    expect(pidAlive(pid)).toBe(true);
    expect(pidAlive(pid, start)).toBe(true);
  });

  it('a live process with another start time than the one recorded is a reused pid: dead', () => {
    const child = sleeper();
    const pid = child.pid as number;
    const start = processStart(pid) as string;
    expect(pidAlive(pid, String(Number(start) - 1))).toBe(false);
    expect(pidAlive(pid, String(Number(start) + 1))).toBe(false);
  });

  it('a child that exited and was reaped: dead', async () => {
    const child = sleeper(['0']);
    const pid = child.pid as number;
    await new Promise((r) => child.on('exit', r));
    // Node reaps its children; the pid is free once the exit event has been delivered.
    expect(await eventually(() => !procProbe.stat(pid), 5000)).toBe(true);
    expect(pidAlive(pid)).toBe(false);
  });

  it('a zombie (exited, never reaped by its parent): dead, though kill(pid, 0) still succeeds', async () => {
    // sh starts a short sleep in the background, then becomes a long sleep that never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = Number(await new Promise<string>((r) => parent.stdout!.once('data', (d) => r(String(d).trim()))));
    expect(await eventually(() => procProbe.stat(zombie)?.[0] === 'Z', 5000)).toBe(true);
    expect(() => process.kill(zombie, 0)).not.toThrow();
    expect(pidAlive(zombie)).toBe(false);
  });

  it('no pid is not a process (kill(0, 0) would signal our own group)', () => {
    expect(pidAlive(0)).toBe(false);
    expect(pidAlive(-1)).toBe(false);
  });
});
