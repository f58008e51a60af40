// Instance families and scorer keys: hidden cases can hold whole families out of the search, and a generator's key
// (the hidden reward, the optimum) reaches the scorer but never the solver's stdin.
import { afterAll, describe, expect, it } from 'vitest';
import { CaseInputs, hiddenCases, publicCases, seededCases } from '../../src/cases/case-set.ts';
import { runCase } from '../../src/cases/run.ts';
import { solverRequest } from '../../src/cases/solver.ts';
import type { CasesSpec } from '../../src/config/task.ts';
import { ProcessSandbox } from '../../src/sandbox/process.ts';
import type { SandboxRequest } from '../../src/sandbox/types.ts';

// The key is a secret multiplier per family; the solver sees x only and must answer key·x.
const spec: CasesSpec = {
  generate: (seed, family) => ({ input: `${seed + 1}\n`, key: { secret: family === 'B' ? 7919 : 104_729 } }),
  score: (input, output, key) => {
    const want = Number(input) * (key as { secret: number }).secret;
    return Number(output) === want ? { score: 1, verdict: 'ok' } : { score: 0, verdict: 'wrong-answer', feedback: `expected ${want}` };
  },
  public: { seeds: [0, 1, 2], family: 'A' },
  hidden: { count: 6, families: ['B', 'C'] },
};

const sandbox = new ProcessSandbox();
afterAll(() => sandbox.close());

describe('case families and scorer keys', () => {
  it('public cases are of the public family; hidden ones take the held-out families in turn', () => {
    expect(publicCases(spec).map((r) => r.family)).toEqual(['A', 'A', 'A']);
    const hidden = hiddenCases(spec, Buffer.from('secret'));
    expect(hidden.map((r) => r.family)).toEqual(['B', 'C', 'B', 'C', 'B', 'C']);
    expect(seededCases(['B', 'C'], 2).map((r) => `${r.family}${r.seed}`)).toEqual(['B0', 'B1', 'C0', 'C1']);
  });

  it('a generator that returns neither text nor { input } is a clear error', () => {
    const bad = new CaseInputs({ ...spec, generate: () => 42 as unknown as string }, '.');
    expect(() => bad.input({ seed: 3, file: null, family: 'B' })).toThrow("cases.generate(3, 'B') returned number");
  });

  it('the key reaches the scorer and never the sandbox', async () => {
    const seen: SandboxRequest[] = [];
    const recording = {
      run: (r: SandboxRequest) => {
        seen.push(r);
        return sandbox.run(r);
      },
    } as unknown as ProcessSandbox;
    // A solver that knows family B's multiplier: right on B, wrong on C, which proves the scorer used each case's key.
    const code = "import { readFileSync } from 'node:fs';\nconsole.log(Number(readFileSync(0, 'utf8')) * (7000 + 919));\n";
    const request = solverRequest({ language: 'javascript', cpuTimeMs: 2000 }, 'javascript', code, {});
    const parts = { sandbox: recording, spec, inputs: new CaseInputs(spec, '.'), request };
    const [b, c] = hiddenCases(spec, Buffer.from('secret'));
    const onB = await runCase(parts, b);
    const onC = await runCase(parts, c);
    expect(onB.result).toMatchObject({ verdict: 'ok', score: 1, family: 'B' });
    expect(onC.result).toMatchObject({ verdict: 'wrong-answer', family: 'C' });
    expect(onC.result.feedback).toContain(`expected ${(c.seed! + 1) * 104_729}`);
    const sent = JSON.stringify(seen);
    expect(sent).not.toContain('7919');
    expect(sent).not.toContain('104729');
  });
});
