// Multi-case evaluation through the whole engine: public cases in a cascade, per-case results in the record, the
// hidden cases gating promotion and never reaching a search evaluation, answers re-scored by `kaizen verify`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { hiddenCases } from '../../src/cases/case-set.ts';
import type { CaseResult } from '../../src/cases/run.ts';
import { loadTask } from '../../src/config/load.ts';
import type { CasesSpec } from '../../src/config/task.ts';
import { HIDDEN_CASES_SECRET } from '../../src/engine/cases.ts';
import { evolve } from '../../src/engine/evolve.ts';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { createSandbox } from '../../src/sandbox/create.ts';
import type { Sandbox, SandboxRequest } from '../../src/sandbox/types.ts';
import { Store } from '../../src/store/store.ts';
import { rawDb } from '../support/raw-db.ts';
import { CLI } from '../support/tmp.ts';
import { tripleTask } from './fixture.ts';

/** The real sandbox, with every request it ran (code and stdin) written down. */
function recording(): Sandbox & { calls: { code: string; stdin: string | undefined }[]; close(): Promise<void> } {
  const inner = createSandbox({ backend: 'auto' });
  const calls: { code: string; stdin: string | undefined }[] = [];
  return {
    calls,
    run(request: SandboxRequest) {
      calls.push({ code: request.code, stdin: request.kind === 'command' ? request.stdin : undefined });
      return inner.run(request);
    },
    close: () => inner.close(),
  };
}

describe('multi-case tasks in the engine', () => {
  const sandbox = recording();
  afterAll(() => sandbox.close());
  const dir = tripleTask();
  let result: Awaited<ReturnType<typeof evolve>>;

  it('evolves over public cases in a cascade and promotes only what the hidden cases confirm', async () => {
    result = await evolve({ task: dir, sandbox, config: { concurrency: 2 } });
    expect(result.evaluated).toBe(30);
    expect(result.bestScore).toBeGreaterThan(result.seedScore ?? Number.POSITIVE_INFINITY);
    const store = await Store.open(result.db);
    const rows = await store.programs(result.runId);
    const seed = rows.find((r) => r.sample === 0)!;
    const seedCases = JSON.parse(seed.cases_json!) as CaseResult[];
    expect(seedCases.map((r) => r.seed)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(seed.stage).toBe(2);
    for (const r of seedCases) {
      expect(r.verdict).toBe('ok');
      expect(r.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(r.cpuMs).toBeGreaterThan(0);
    }
    // The cascade stopped some candidates after the first stage: two cases, stage 1.
    const stopped = rows.filter((r) => r.status === 'evaluated' && r.stage === 1);
    expect(stopped.length).toBeGreaterThan(0);
    for (const r of stopped) expect((JSON.parse(r.cases_json!) as CaseResult[]).length).toBe(2);
    // Every champion was checked on the 10 hidden cases, whose seeds are not written down.
    const champion = rows.find((r) => r.id === result.bestProgramId)!;
    const hidden = JSON.parse(champion.hidden_json!) as CaseResult[];
    expect(hidden).toHaveLength(10);
    expect(hidden.every((r) => r.seed === null && r.set === 'hidden')).toBe(true);
    const events = await store.events(result.runId);
    const checks = events.filter((e) => e.type === 'hidden.checked').map((e) => JSON.parse(e.data_json));
    expect(checks.length).toBeGreaterThan(1);
    expect(checks.filter((c) => c.promote).length).toBe(events.filter((e) => e.type === 'champion.changed').length);
    for (const c of checks.slice(1)) {
      if (c.promote) expect(c.meanDiff).toBeGreaterThan(2 * (c.se ?? 0));
    }
    await store.close();
  });

  it('never gives a hidden case to a program the promotion gate did not check', async () => {
    const store = await Store.open(result.db);
    const secret = store.runSecret(result.runId, HIDDEN_CASES_SECRET)!;
    const loaded = await loadTask(dir);
    const spec = loaded.task.cases as CasesSpec;
    const hiddenInputs = new Set(hiddenCases(spec, secret).map((ref) => spec.generate(ref.seed!) as string));
    const publicInputs = new Set([0, 1, 2, 3, 4, 5].map((s) => spec.generate(s) as string));
    const gated = new Set((await store.programs(result.runId)).filter((r) => r.hidden_json).map((r) => r.code));
    let hiddenRuns = 0;
    for (const call of sandbox.calls) {
      expect(call.stdin).toBeDefined();
      if (hiddenInputs.has(call.stdin!)) {
        hiddenRuns++;
        expect(gated.has(call.code)).toBe(true);
      } else expect(publicInputs.has(call.stdin!)).toBe(true);
    }
    expect(hiddenRuns).toBeGreaterThanOrEqual(10 * gated.size);
    // The hidden inputs are nowhere in the record either (feedback, metrics, prompts).
    for (const r of await store.programs(result.runId)) {
      const shown = `${r.feedback ?? ''}${r.public_json ?? ''}${r.prompt ?? ''}${r.cases_json ?? ''}`;
      for (const input of hiddenInputs) expect(shown.includes(input.trim().split('\n')[0])).toBe(false);
    }
    await store.close();
  });

  it('kaizen verify re-scores every stored answer, and catches one that was changed', async () => {
    const store = await Store.open(result.db);
    const run = (await store.getRun(result.runId))!;
    const ok = await verifyRun(store, run, { taskDir: dir });
    expect(ok.problems).toEqual([]);
    expect(ok.rescored).toBeGreaterThan(30);
    const champion = (await store.getProgram(result.bestProgramId!))!;
    const digest = (JSON.parse(champion.cases_json!) as CaseResult[])[0].digest!;
    const db = rawDb(result.db);
    await db
      .updateTable('outputs')
      .set({ data: deflateRawSync('9\n').toString('base64') })
      .where('digest', '=', digest)
      .execute();
    await db.destroy();
    const bad = await verifyRun(store, run, { taskDir: dir });
    expect(bad.problems.join('\n')).toContain('the stored answer does not hash to its digest');
    await store.close();
  });

  it('kaizen eval runs a C++ and a Python program on the public and the hidden cases', () => {
    const cpp = spawnSync(process.execPath, [CLI, 'eval', dir, join(dir, 'solver.cpp'), '--json'], { encoding: 'utf8' });
    expect(cpp.status, cpp.stderr).toBe(0);
    const pub = JSON.parse(cpp.stdout.trim().split('\n').at(-1)!);
    expect(pub.language).toBe('cpp');
    expect(pub.results).toHaveLength(6);
    expect(pub.results.every((r: CaseResult) => r.verdict === 'ok' && r.score === 3000)).toBe(true);
    expect(pub.score).toBe(18000);
    const hidden = spawnSync(process.execPath, [CLI, 'eval', dir, join(dir, 'solver.py'), '--cases', 'hidden'], { encoding: 'utf8' });
    expect(hidden.status, hidden.stderr).toBe(0);
    expect(hidden.stdout).toMatch(/triple, hidden cases of run \S+: score \d+ \(sum over 10 of 10 cases\); 10 ok/);
    expect(hidden.stdout).toContain('(hidden)');
    const broken = spawnSync(process.execPath, [CLI, 'eval', dir, join(dir, 'task.ts'), '--cases', 'nope'], { encoding: 'utf8' });
    expect(broken.status).not.toBe(0);
  });
});
