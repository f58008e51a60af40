// Engine benchmarks: sandbox start-up cost per evaluation, and the loop's own overhead per sample, each printed
// beside a reference measured in the same run (a bare `node -e ''` / `python3 -c pass` spawn).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evolve } from '../src/engine/evolve.ts';
import { IsolateSandbox } from '../src/sandbox/isolate.ts';
import { ProcessSandbox } from '../src/sandbox/process.ts';
import type { SandboxRequest } from '../src/sandbox/types.ts';
import { Store } from '../src/store/store.ts';

const limits = { timeoutMs: 10_000, memoryMb: 256, outputMaxBytes: 100_000, logMaxBytes: 100_000 };
const env = { PATH: '/usr/bin:/bin' };

function timeSpawns(argv: string[], n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) spawnSync(argv[0], argv.slice(1), { stdio: 'ignore', env: {} });
  return (performance.now() - t0) / n;
}

async function timeSandbox(request: SandboxRequest, n: number, sandbox: { run: ProcessSandbox['run'] } = new ProcessSandbox()): Promise<number> {
  await sandbox.run(request); // warm the file cache
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await sandbox.run(request);
    if (!r.ok) throw new Error(`benchmark candidate failed: ${r.error}`);
  }
  return (performance.now() - t0) / n;
}

export async function sandboxBench(n = 30): Promise<string[]> {
  const nodeRef = timeSpawns([process.execPath, '-e', ''], n);
  const js = await timeSandbox(
    { kind: 'js', code: 'export function run() { return 1 }', programFile: 'program.mjs', exportName: 'run', args: [], limits, env },
    n,
  );
  const isolate = new IsolateSandbox();
  const iso = await timeSandbox(
    { kind: 'js', code: 'export function run() { return 1 }', programFile: 'program.mjs', exportName: 'run', args: [], limits, env },
    n,
    isolate,
  );
  await isolate.close();
  const pyRef = timeSpawns(['python3', '-c', 'pass'], n);
  const py = await timeSandbox({ kind: 'command', code: 'print(1)', programFile: 'p.py', command: ['python3', '{program}'], output: 'stdout', limits, env }, n);
  return [
    `sandbox start-up, JavaScript candidate, isolate backend (the default): ${iso.toFixed(1)} ms/evaluation vs bare \`node -e ''\` spawn ${nodeRef.toFixed(1)} ms (ratio ${(iso / nodeRef).toFixed(2)})`,
    `sandbox start-up, JavaScript candidate, process backend (bubblewrap): ${js.toFixed(1)} ms/evaluation vs bare \`node -e ''\` spawn ${nodeRef.toFixed(1)} ms (ratio ${(js / nodeRef).toFixed(2)})`,
    `sandbox start-up, python3 command candidate (bubblewrap): ${py.toFixed(1)} ms/evaluation vs bare \`python3 -c pass\` spawn ${pyRef.toFixed(1)} ms (ratio ${(py / pyRef).toFixed(2)})`,
  ];
}

/** Runs a trivial task through the whole loop; overhead = wall time per sample minus the time spent in the sandbox. */
export async function engineBench(samples = 120): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kaizen-bench-'));
  try {
    writeFileSync(join(dir, 'initial.js'), '// EVOLVE-BLOCK-START\nexport function run() { return 1.5 * 2 + 0.25; }\n// EVOLVE-BLOCK-END\n');
    writeFileSync(
      join(dir, 'task.mjs'),
      "export default { name: 'trivial', program: './initial.js', execute: { export: 'run' }, judge: (o) => ({ correct: typeof o === 'number', score: Number(o) }) };\n",
    );
    const t0 = performance.now();
    const result = await evolve({ task: dir, config: { budget: { samples, maxConsecutiveRejections: 10_000 }, concurrency: 1 } });
    const wall = performance.now() - t0;
    const store = await Store.open(result.db);
    const rows = await store.programs(result.runId);
    await store.close();
    // Migrant rows copy their source's timings: count each evaluation once.
    const evaluations = rows.filter((r) => r.status === 'evaluated' || r.status === 'failed');
    const sandboxMs = evaluations.reduce((s, r) => s + (r.eval_ms ?? 0), 0);
    const overhead = (wall - sandboxMs) / result.evaluated;
    const nodeRef = timeSpawns([process.execPath, '-e', ''], 20);
    return [
      `engine overhead per sample (propose, screen, record, judge, select; sandbox time excluded), concurrency 1, ${result.evaluated} samples: ` +
        `${overhead.toFixed(2)} ms vs bare \`node -e ''\` spawn ${nodeRef.toFixed(1)} ms (ratio ${(overhead / nodeRef).toFixed(3)}); ` +
        `whole loop ${(result.evaluated / (wall / 1000)).toFixed(1)} samples/s`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
