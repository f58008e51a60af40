import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessSandbox } from '../../src/sandbox/process.ts';
import { OWNER_FILE, type ScratchOwner, sweepScratch } from '../../src/sandbox/scratch.ts';
import type { SandboxRequest } from '../../src/sandbox/types.ts';
import { allCommandLines, eventually } from './helpers.ts';

const PROCESS_TS = new URL('../../src/sandbox/process.ts', import.meta.url).pathname;
const SCRATCH_TS = new URL('../../src/sandbox/scratch.ts', import.meta.url).pathname;
const limits = { timeoutMs: 120_000, memoryMb: 256, outputMaxBytes: 10_000, logMaxBytes: 10_000 };
const env = { PATH: '/usr/bin:/bin' };
const py = (code: string): SandboxRequest => ({ kind: 'command', code, programFile: 'p.py', command: ['python3', '{program}'], output: 'stdout', limits, env });
const isRoot = process.getuid?.() === 0;

let root: string;
let victim: string;
const children: ChildProcess[] = [];

/** A Kaizen-like child process: a ProcessSandbox under `root` running one evaluation (and then `after`). */
function kaizen(code: string, after = ''): ChildProcess {
  const script = `
    import { ProcessSandbox } from ${JSON.stringify(PROCESS_TS)};
    // Its own sweep at once, before the test kills anything (later, it would sweep what the test expects to find).
    const sandbox = new ProcessSandbox({ scratchRoot: ${JSON.stringify(root)}, sweepDelayMs: 0 });
    ${after}
    const r = await sandbox.run(${JSON.stringify(py(code))});
    console.log(JSON.stringify(r));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

/** A candidate that leaves what a hostile one might behind (odd permissions, symlinks out, a large file), then sleeps. */
const messyCandidate = () => `
import os, time
os.makedirs("ro"); open("ro/f", "w").write("x"); os.chmod("ro", 0o555)
os.makedirs("locked/deep"); open("locked/deep/f", "w").write("x"); os.chmod("locked", 0)
open("big", "wb").write(b"\\0" * (8 << 20))
os.symlink(${JSON.stringify(victim)}, "escape")
os.symlink(${JSON.stringify(join(victim, 'keep.txt'))}, "escape-file")
open("ready", "w").close()
time.sleep(600)
`;

/** Homes whose owner file names `pid` (a home's name carries no pid: candidates see it in their folder's path). */
const homesOf = (pid: number) =>
  readdirSync(root)
    .filter((n) => n.startsWith('kaizen-sbx-'))
    .map((n) => join(root, n))
    .filter((home) => {
      try {
        return owner(home).pid === pid;
      } catch {
        return false; // no owner file (yet), or not a home
      }
    });
/** The scratch folder of `pid`'s running evaluation, once its candidate has written `ready`. */
const readyScratch = (pid: number) =>
  homesOf(pid).flatMap((h) =>
    readdirSync(h)
      .filter((e) => e.startsWith('eval-') && existsSync(join(h, e, 'ready')))
      .map((e) => join(h, e)),
  )[0];
const exited = (child: ChildProcess) =>
  new Promise<void>((res) => (child.exitCode !== null || child.signalCode !== null ? res() : child.once('exit', () => res())));
const owner = (home: string) => JSON.parse(readFileSync(join(home, OWNER_FILE), 'utf8')) as ScratchOwner;

/** A folder looking like a home, with an owner file (`null`: none). */
function fakeHome(name: string, ownerFile: ScratchOwner | null): string {
  const home = join(root, name);
  mkdirSync(join(home, 'eval-abcdef'), { recursive: true });
  writeFileSync(join(home, 'eval-abcdef', 'program.py'), 'print(1)');
  if (ownerFile) writeFileSync(join(home, OWNER_FILE), JSON.stringify(ownerFile));
  return home;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kaizen-scratch-test-'));
  chmodSync(root, 0o755); // bubblewrap, started as uid 65534 when the tests run as root, must reach the scratch folders
  victim = mkdtempSync(join(tmpdir(), 'kaizen-scratch-victim-'));
  writeFileSync(join(victim, 'keep.txt'), 'keep');
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map(exited));
  rmSync(root, { recursive: true, force: true });
  rmSync(victim, { recursive: true, force: true });
});

describe('scratch folders of killed Kaizen processes', () => {
  it('are swept when a sandbox is created: only dead owners of this user on this machine, never a symlink or a look-alike', async () => {
    const dead = kaizen(messyCandidate());
    const live = kaizen(messyCandidate());
    expect(await eventually(() => !!readyScratch(dead.pid as number) && !!readyScratch(live.pid as number), 20_000)).toBe(true);
    const [deadHome] = homesOf(dead.pid as number);
    const [liveHome] = homesOf(live.pid as number);

    dead.kill('SIGKILL');
    await exited(dead);
    // bubblewrap dies with its parent; the scratch folder stays behind.
    expect(await eventually(() => !allCommandLines().some((c) => c.includes(deadHome)), 5000)).toBe(true);
    // The evaluation's folder, the owner file and the JS runner's copy (made with the home).
    expect(readdirSync(deadHome).sort()).toEqual([expect.stringMatching(/^eval-/), OWNER_FILE, 'runner']);

    const deadOwner = owner(deadHome);
    const deadPid = dead.pid as number;
    const livePid = live.pid as number;
    // Not Kaizen's: no owner file, an owner file of another host, a symlink to a dead owner's folder elsewhere.
    // (Names of both forms: today's `kaizen-sbx-<random>`, and `kaizen-sbx-<pid>-<random>` of earlier versions.)
    const lookAlike = fakeHome('kaizen-sbx-noownr', null);
    const otherHost = fakeHome(`kaizen-sbx-${deadPid}-othrhs`, { ...deadOwner, hostname: `not-${deadOwner.hostname}` });
    const elsewhere = join(victim, 'elsewhere');
    mkdirSync(join(elsewhere, 'eval-abcdef'), { recursive: true });
    writeFileSync(join(elsewhere, OWNER_FILE), JSON.stringify(deadOwner));
    const link = join(root, `kaizen-sbx-${deadPid}-symlnk`);
    symlinkSync(elsewhere, link);
    // A reused pid: the owner file names the live child's pid with another start time.
    const reused = fakeHome(`kaizen-sbx-${livePid}-reused`, { ...owner(liveHome), start: '1' });
    // Another user's folder (only root can make one here).
    const foreign = isRoot ? fakeHome(`kaizen-sbx-${deadPid}-foreig`, deadOwner) : null;
    if (foreign) for (const p of [foreign, join(foreign, OWNER_FILE)]) chownSync(p, 65534, 65534);

    const t0 = performance.now();
    const sandbox = new ProcessSandbox({ scratchRoot: root });
    const constructed = performance.now() - t0;
    // The first evaluation does not wait for the sweep, which starts in the background 1 s later.
    const done = (p: Promise<unknown>) => p.then((v) => ({ v, at: performance.now() - t0 }));
    const [first, swept] = await Promise.all([done(sandbox.run({ ...py('print(42)'), limits: { ...limits, timeoutMs: 10_000 } })), done(sandbox.swept)]);
    const report = swept.v as Awaited<typeof sandbox.swept>;
    expect((first.v as { output: unknown }).output).toBe(42);
    expect(constructed).toBeLessThan(1000);
    expect(first.at).toBeLessThan(swept.at - report.durationMs);
    expect(report.removed.sort()).toEqual([deadHome, reused].sort());
    expect(report.failed).toEqual([]);
    expect(report.live).toBe(2); // the live child, and this sandbox (its first evaluation made its folder)
    expect(existsSync(deadHome)).toBe(false);
    expect(existsSync(reused)).toBe(false);

    // Untouched: the live process's folder and its running evaluation, everything that is not provably a dead home.
    expect(existsSync(join(readyScratch(livePid), 'big'))).toBe(true);
    expect(existsSync(join(liveHome, OWNER_FILE))).toBe(true);
    for (const home of [lookAlike, otherHost, ...(foreign ? [foreign] : [])]) expect(existsSync(join(home, 'eval-abcdef', 'program.py'))).toBe(true);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(elsewhere).sort()).toEqual(['eval-abcdef', OWNER_FILE]);
    expect(readFileSync(join(victim, 'keep.txt'), 'utf8')).toBe('keep');
    // This sandbox's own folder is alive too.
    expect((await sweepScratch(root)).removed).toEqual([]);

    // Once the live child is killed, its folder goes as well.
    live.kill('SIGKILL');
    await exited(live);
    expect(await eventually(() => !allCommandLines().some((c) => c.includes(liveHome)), 5000)).toBe(true);
    expect((await sweepScratch(root)).removed).toEqual([liveHome]);
    expect(readFileSync(join(victim, 'keep.txt'), 'utf8')).toBe('keep');

    await sandbox.close();
    expect(homesOf(process.pid)).toEqual([]);
    for (const p of [lookAlike, otherHost, link, ...(foreign ? [foreign] : [])]) rmSync(p, { recursive: true, force: true });
  });

  it.runIf(isRoot)('are swept when Kaizen runs as an ordinary user, whose candidates may leave folders without permissions', async () => {
    // As root, everything is removable; as uid 65534 (Kaizen's uid, bubblewrap's and the candidate's on the host)
    // the read-only and chmod 000 folders must be made accessible first, without chmod-ing through planted symlinks.
    const userRoot = join(root, 'user');
    const target = join(root, 'user-target');
    for (const [dir, mode] of [
      [userRoot, 0o755],
      [target, 0o500],
    ] as const) {
      mkdirSync(dir);
      if (dir === target) writeFileSync(join(dir, 'keep.txt'), 'keep');
      chownSync(dir, 65534, 65534);
      chmodSync(dir, mode);
    }
    const asUser = { uid: 65534, gid: 65534, cwd: '/' };
    const candidate = messyCandidate().replace(JSON.stringify(victim), JSON.stringify(target));
    const script = `
      import { ProcessSandbox } from ${JSON.stringify(PROCESS_TS)};
      await new ProcessSandbox({ scratchRoot: ${JSON.stringify(userRoot)}, sweepDelayMs: 0 }).run(${JSON.stringify(py(candidate))});`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore', ...asUser });
    children.push(child);
    const homes = () => readdirSync(userRoot).map((n) => join(userRoot, n));
    expect(await eventually(() => homes().some((h) => readdirSync(h).some((e) => existsSync(join(h, e, 'ready')))), 20_000)).toBe(true);
    const [home] = homes();
    child.kill('SIGKILL');
    await exited(child);
    expect(await eventually(() => !allCommandLines().some((c) => c.includes(home)), 5000)).toBe(true);
    const scratch = join(home, readdirSync(home).find((e) => e.startsWith('eval-')) as string);
    expect(statSync(join(scratch, 'locked')).mode & 0o777).toBe(0);
    expect(statSync(join(scratch, 'ro')).uid).toBe(65534);
    // Plain removal as that user fails here...
    const plain = spawnSync('rm', ['-rf', scratch], { ...asUser, encoding: 'utf8' });
    expect(plain.status).not.toBe(0);
    // ...the sweep, as that user, removes it all.
    const sweep = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { sweepScratch } from ${JSON.stringify(SCRATCH_TS)}; console.log(JSON.stringify(await sweepScratch(${JSON.stringify(userRoot)})));`,
      ],
      { ...asUser, encoding: 'utf8' },
    );
    expect(JSON.parse(sweep.stdout)).toMatchObject({ removed: [home], failed: [] });
    expect(readdirSync(userRoot)).toEqual([]);
    expect(statSync(target).mode & 0o777).toBe(0o500);
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('keep');

    // The same folders are removed after each evaluation, too (plain removal used to fail there and reject the run).
    const each = `
      import { readdirSync } from 'node:fs';
      import { ProcessSandbox } from ${JSON.stringify(PROCESS_TS)};
      const sandbox = new ProcessSandbox({ scratchRoot: ${JSON.stringify(userRoot)} });
      const r = await sandbox.run(${JSON.stringify(py('import os\nos.makedirs("locked/deep")\nos.chmod("locked", 0)\nos.makedirs("ro/x")\nos.chmod("ro", 0o555)\nprint(7)'))});
      const [home] = readdirSync(${JSON.stringify(userRoot)});
      console.log(JSON.stringify({ output: r.output, left: readdirSync(${JSON.stringify(userRoot)} + '/' + home).sort() }));`;
    const ran = spawnSync(process.execPath, ['--input-type=module', '-e', each], { ...asUser, encoding: 'utf8' });
    expect(JSON.parse(ran.stdout)).toEqual({ output: 7, left: [OWNER_FILE, 'runner'] });
    expect(readdirSync(userRoot)).toEqual([]); // and the home at exit
  });

  it('are removed on close, and at exit even with an evaluation in flight (its candidate killed)', async () => {
    const sandbox = new ProcessSandbox({ scratchRoot: root });
    expect((await sandbox.run(py('print(1)'))).output).toBe(1);
    expect(homesOf(process.pid).length).toBe(1);
    await sandbox.close();
    expect(homesOf(process.pid)).toEqual([]);

    // Closed while an evaluation runs: the folder goes when it ends.
    const running = sandbox.run({ ...py('import time\ntime.sleep(0.5)\nprint(2)'), limits: { ...limits, timeoutMs: 10_000 } });
    await eventually(() => homesOf(process.pid).length === 1);
    await sandbox.close();
    expect(homesOf(process.pid).length).toBe(1);
    expect((await running).output).toBe(2);
    expect(homesOf(process.pid)).toEqual([]);

    // Kaizen exits (process.exit) while a candidate sleeps.
    const exitWhenReady = `
      const fs = await import('node:fs');
      const root = ${JSON.stringify(root)};
      setInterval(() => {
        for (const h of fs.readdirSync(root).filter((n) => n.startsWith('kaizen-sbx-'))) {
          let pid = null;
          try { pid = JSON.parse(fs.readFileSync(root + '/' + h + '/owner.json', 'utf8')).pid; } catch {}
          if (pid !== process.pid) continue;
          for (const e of fs.readdirSync(root + '/' + h)) if (fs.existsSync(root + '/' + h + '/' + e + '/ready')) {
            console.log(root + '/' + h);
            process.exit(0);
          }
        }
      }, 50);`;
    const child = kaizen('import time\nopen("ready", "w").close()\ntime.sleep(600)', exitWhenReady);
    let printed = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    await exited(child);
    expect(child.exitCode).toBe(0);
    const childHome = printed.trim();
    expect(childHome.startsWith(join(root, 'kaizen-sbx-'))).toBe(true);
    expect(existsSync(childHome)).toBe(false);
    expect(await eventually(() => !allCommandLines().some((c) => c.includes(childHome)), 5000)).toBe(true);
  });
});
