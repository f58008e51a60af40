// Multi-case evaluation: cases per second for a trivial solver (it echoes its input) in JavaScript, Python and C++
// through CaseTask (sandbox, CPU accounting, the scorer), beside a bare spawn of the same interpreter or binary
// measured in the same run. C++ is timed with its compile cached (the usual case: one program, many cases) and
// uncached (a fresh program each time: compile included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseTask } from '../src/cases/case-task.ts';
import type { CasesSpec, SolverExecute, TaskDefinition } from '../src/config/task.ts';
import { BASE_ENV } from '../src/engine/evaluate.ts';
import { ProcessSandbox } from '../src/sandbox/process.ts';

const spec: CasesSpec = {
  generate: (seed) => `${seed}\n`,
  score: (input, output) => (output.trim() === input.trim() ? { score: 1, verdict: 'ok' } : { score: 0, verdict: 'wrong-answer', feedback: 'not the input' }),
  public: { seeds: Array.from({ length: 20 }, (_, i) => i) },
};
const SOLVERS = {
  javascript: "import { readFileSync } from 'node:fs';\nprocess.stdout.write(readFileSync(0, 'utf8'));\n",
  python: 'import sys\nsys.stdout.write(sys.stdin.read())\n',
  cpp: '#include <iostream>\nint main() { std::string s; std::cin >> s; std::cout << s << "\\n"; }\n',
};

function spawnMs(argv: string[], n: number): number {
  const t0 = performance.now();
  // The PATH candidates get, so the reference runs the same python3 the sandbox does (not a version manager's shim).
  for (let i = 0; i < n; i++) spawnSync(argv[0], argv.slice(1), { stdio: ['pipe', 'ignore', 'ignore'], input: '1\n', env: { PATH: BASE_ENV.PATH } });
  return (performance.now() - t0) / n;
}

export async function casesBench(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kaizen-bench-cases-'));
  const sandbox = new ProcessSandbox();
  const lines: string[] = [];
  try {
    const task = (language: SolverExecute['language']) =>
      new CaseTask(
        { name: 'echo', program: 'x', execute: { language, cpuTimeMs: 2000 }, cases: spec } as TaskDefinition & { cases: CasesSpec; execute: SolverExecute },
        dir,
        BASE_ENV,
      );
    const rate = async (language: SolverExecute['language'], code: (i: number) => string, rounds: number) => {
      const t = task(language);
      let cases = 0;
      const t0 = performance.now();
      for (let i = 0; i < rounds; i++) {
        const outcome = await t.runAll(sandbox, code(i), language, t.publicRefs);
        if (!outcome.results.every((r) => r.verdict === 'ok')) throw new Error(`${language} echo failed: ${JSON.stringify(outcome.results[0])}`);
        cases += outcome.results.length;
      }
      return (cases * 1000) / (performance.now() - t0);
    };
    const n = 20;
    const nodeRef = 1000 / spawnMs([process.execPath, '-e', ''], n);
    const pyRef = 1000 / spawnMs(['python3', '-c', 'pass'], n);
    writeFileSync(join(dir, 'echo.cpp'), SOLVERS.cpp);
    const built = spawnSync('g++', ['-O2', '-std=gnu++20', '-o', join(dir, 'echo'), join(dir, 'echo.cpp')]);
    const binRef = built.status === 0 ? 1000 / spawnMs([join(dir, 'echo')], n) : null;
    await rate('javascript', () => SOLVERS.javascript, 1); // warm the file cache
    const js = await rate('javascript', () => SOLVERS.javascript, 2);
    const py = await rate('python', () => SOLVERS.python, 2);
    lines.push(`trivial solver, 20 cases per program, process sandbox (bubblewrap, CPU accounting, scorer):`);
    lines.push(`  JavaScript: ${js.toFixed(1)} cases/s vs bare \`node -e ''\` spawn ${nodeRef.toFixed(1)}/s (ratio ${(js / nodeRef).toFixed(2)})`);
    lines.push(`  Python: ${py.toFixed(1)} cases/s vs bare \`python3 -c pass\` spawn ${pyRef.toFixed(1)}/s (ratio ${(py / pyRef).toFixed(2)})`);
    if (binRef === null) lines.push('  C++: g++ is not installed; no figures');
    else {
      const cached = await rate('cpp', () => SOLVERS.cpp, 2);
      // A distinct program each round (a comment differs): every round compiles.
      const t0 = performance.now();
      const uncached = await rate('cpp', (i) => `${SOLVERS.cpp}// ${Date.now()} ${i}\n`, 2);
      const compileRounds = (performance.now() - t0) / 2;
      lines.push(
        `  C++, compile cached: ${cached.toFixed(1)} cases/s vs bare spawn of the compiled binary ${binRef.toFixed(1)}/s (ratio ${(cached / binRef).toFixed(2)})`,
      );
      lines.push(
        `  C++, compile not cached (a new program of 20 cases): ${uncached.toFixed(1)} cases/s, ${compileRounds.toFixed(0)} ms per program (compile + 20 cases) vs bare spawn ${binRef.toFixed(1)}/s`,
      );
    }
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
