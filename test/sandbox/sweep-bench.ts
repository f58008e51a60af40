/**
 * How long the sweep of dead Kaizen processes' scratch folders takes, and whether it delays the first evaluation.
 *
 *   node test/sandbox/sweep-bench.ts [homes=200] [mbPerHome=1] [filesPerHome=20] [reps=5]
 *
 * Each dead home (owner: a pid that has exited) holds one evaluation's scratch folder: the program, a `mbPerHome` MB
 * file, `filesPerHome` small files, a chmod 000 folder and a symlink to /etc. Each measurement is a fresh Node process
 * that creates a sandbox (which schedules the sweep) and at once runs a python3 evaluation: the first evaluation's time
 * with nothing to sweep versus with `homes` dead homes (the sweep starting at once, or after the default delay), and
 * the sweep's own duration.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHome, OWNER_FILE, removeHome, SWEEP_DELAY_MS, type ScratchOwner } from '../../src/sandbox/scratch.ts';

const [homes, mbPerHome, filesPerHome, reps] = [200, 1, 20, 5].map((d, i) => Number(process.argv[2 + i] ?? d));
const CREATE_TS = new URL('../../src/sandbox/create.ts', import.meta.url).pathname;

function fillDeadHomes(root: string, owner: ScratchOwner): void {
  const blob = Buffer.alloc(mbPerHome * 1024 * 1024, 1);
  for (let i = 0; i < homes; i++) {
    const pid = spawnSync('true').pid as number; // exited: a dead owner
    const home = join(root, `kaizen-sbx-${pid}-${i.toString(36).padStart(6, '0')}`);
    const scratch = join(home, 'eval-abcdef');
    mkdirSync(join(scratch, 'sub'), { recursive: true });
    writeFileSync(join(home, OWNER_FILE), JSON.stringify({ ...owner, pid, start: '1' }));
    writeFileSync(join(scratch, 'program.py'), 'print(1)\n');
    writeFileSync(join(scratch, 'data.bin'), blob);
    for (let f = 0; f < filesPerHome; f++) writeFileSync(join(scratch, 'sub', `f${f}.txt`), `file ${f}\n`);
    mkdirSync(join(scratch, 'locked'));
    writeFileSync(join(scratch, 'locked', 'x'), 'x');
    chmodSync(join(scratch, 'locked'), 0);
    symlinkSync('/etc', join(scratch, 'etc-link'));
  }
}

interface Measure {
  constructMs: number;
  firstEvalMs: number;
  sweepMs: number;
  sweepEndMs: number;
  removed: number;
}

function measure(root: string, sweepDelayMs?: number): Measure {
  const script = `
    import { createSandbox } from ${JSON.stringify(CREATE_TS)};
    const t0 = performance.now();
    const sandbox = createSandbox({ backend: 'process', process: { scratchRoot: ${JSON.stringify(root)}, sweepDelayMs: ${JSON.stringify(sweepDelayMs)} } });
    const constructMs = performance.now() - t0;
    let sweepEndMs = 0;
    sandbox.swept.then(() => { sweepEndMs = performance.now() - t0; });
    const r = await sandbox.run({ kind: 'command', code: 'print(1)', programFile: 'p.py', command: ['python3', '{program}'], output: 'stdout', limits: { timeoutMs: 10000, memoryMb: 256, outputMaxBytes: 1000, logMaxBytes: 1000 }, env: { PATH: '/usr/bin:/bin' } });
    if (r.output !== 1) throw new Error(JSON.stringify(r));
    const firstEvalMs = performance.now() - t0;
    const keepAlive = setInterval(() => {}, 1000); // the sweep's timer does not hold the process open
    const report = await sandbox.swept;
    clearInterval(keepAlive);
    await sandbox.close();
    console.log(JSON.stringify({ constructMs, firstEvalMs, sweepMs: report.durationMs, sweepEndMs, removed: report.removed.length }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim().split('\n').pop() as string);
}

const round = (n: number) => Math.round(n * 10) / 10;
const root = mkdtempSync(join(tmpdir(), 'kaizen-sweep-bench-'));
chmodSync(root, 0o755);
const empty = mkdtempSync(join(tmpdir(), 'kaizen-sweep-bench-empty-'));
chmodSync(empty, 0o755);
try {
  const probe = createHome(root);
  const owner = JSON.parse(readFileSync(join(probe, OWNER_FILE), 'utf8')) as ScratchOwner;
  await removeHome(probe);
  measure(empty); // warm the disk cache and bubblewrap
  const rows: { case: string; constructMs: number; firstEvalMs: number; sweepMs: number; sweepEndMs: number; removed: number }[] = [];
  for (let rep = 0; rep < reps; rep++) {
    rows.push({ case: 'nothing to sweep', ...measure(empty) });
    for (const delay of [0, undefined]) {
      fillDeadHomes(root, owner);
      const m = measure(root, delay);
      if (readdirSync(root).length !== 0) throw new Error(`left after the sweep: ${readdirSync(root).join(', ')}`);
      rows.push({ case: `${homes} dead homes, sweep ${delay === 0 ? 'at once' : `after ${SWEEP_DELAY_MS} ms (default)`}`, ...m });
    }
  }
  console.log(`${homes} dead homes of ${mbPerHome} MB + ${filesPerHome} files each; medians, in ms from the sandbox's creation`);
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const cases = [...new Set(rows.map((r) => r.case))];
  console.table(
    cases.map((c) => {
      const of = rows.filter((r) => r.case === c);
      return {
        case: c,
        runs: of.length,
        constructMs: round(median(of.map((r) => r.constructMs))),
        firstEvalMs: round(median(of.map((r) => r.firstEvalMs))),
        sweepMs: round(median(of.map((r) => r.sweepMs))),
        sweepEndMs: round(median(of.map((r) => r.sweepEndMs))),
        removed: median(of.map((r) => r.removed)),
      };
    }),
  );
} finally {
  rmSync(root, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
}
