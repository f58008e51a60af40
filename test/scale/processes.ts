import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, copyExample } from '../support/tmp.ts';

/** A `kaizen` child process (the built CLI) with its output collected. */
export interface KaizenProcess {
  child: ChildProcess;
  out: string;
  exited: Promise<number | null>;
  /** Resolves once `pattern` appears in the output, with its match. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  alive(): boolean;
}

export function kaizen(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): KaizenProcess {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const p = { child, out: '' } as KaizenProcess;
  const waiters: (() => void)[] = [];
  const onData = (d: Buffer): void => {
    p.out += d.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  p.exited = new Promise((done) => child.once('exit', (code) => done(code)));
  p.alive = () => child.exitCode === null && child.signalCode === null;
  p.waitFor = (pattern, ms = 30_000) =>
    new Promise((found, fail) => {
      const timer = setTimeout(() => fail(new Error(`${pattern} did not appear within ${ms} ms in the output of kaizen ${args.join(' ')}:\n${p.out}`)), ms);
      const check = (): void => {
        const m = pattern.exec(p.out);
        if (m) {
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          found(m);
        }
      };
      waiters.push(check);
      void p.exited.then((code) => {
        if (!pattern.exec(p.out)) {
          clearTimeout(timer);
          fail(new Error(`kaizen ${args.join(' ')} exited with ${code} before ${pattern} appeared:\n${p.out}`));
        }
      });
      check();
    });
  return p;
}

/** `kaizen worker` on a queue, ready to take jobs. */
export async function startWorker(queue: string, taskDir: string, extra: string[] = []): Promise<KaizenProcess> {
  const w = kaizen(['worker', '--queue', queue, '--task', taskDir, ...extra]);
  await w.waitFor(/worker ready/, 20_000);
  return w;
}

/** Circle packing whose candidates each take ~`ms` (a busy wait outside the EVOLVE block), so a kill lands mid-job. */
export function slowCirclePacking(ms = 400): string {
  const dir = copyExample('circle-packing');
  appendFileSync(join(dir, 'initial.js'), `\n{ const t0 = Date.now(); while (Date.now() - t0 < ${ms}) {} }\n`);
  return dir;
}

export function killAll(processes: KaizenProcess[]): void {
  for (const p of processes) {
    if (!p.alive()) continue;
    p.child.kill('SIGCONT');
    p.child.kill('SIGKILL');
  }
}
