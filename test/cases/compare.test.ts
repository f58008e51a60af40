// `kaizen compare`: a pre-registered paired comparison of two programs on seeded cases. The plan goes into the
// store's ledger (a run of its own) before either program runs; the verdict follows the 2 SE rule, whatever it is.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparisonVerdict, differenceFigures, type PairedCase, verdictLine } from '../../src/cases/compare.ts';
import type { CaseResult } from '../../src/cases/run.ts';
import { eventData } from '../../src/ledger/events.ts';
import { Store } from '../../src/store/store.ts';
import { sha256 } from '../../src/util/hash.ts';
import { CLI, tempDir, writeTask } from '../support/tmp.ts';

// Each case gives x (1–100) and its family: family T wants 3·x, family D wants 2·x. An answer scores 1000 − its
// distance to the right one (at least 1); a scorer that meets the answer "explode" throws.
const PROBLEM = `
export function generate(seed, family) {
  const x = ((seed * 7919) % 100) + 1;
  return (family ?? 'T') + '\\n' + x + '\\n';
}
export function score(input, output) {
  const [family, xs] = input.split('\\n');
  const t = output.trim();
  if (t === 'explode') throw new Error('the scorer broke');
  if (!/^-?\\d{1,12}$/.test(t)) return { score: 0, verdict: 'wrong-answer', feedback: 'expected an integer' };
  const want = (family === 'D' ? 2 : 3) * Number(xs);
  return { score: Math.max(1, 1000 - Math.abs(want - Number(t))), verdict: 'ok' };
}
`;
const solver = (body: string) => `import { readFileSync } from 'node:fs';
const x = Number(readFileSync(0, 'utf8').split('\\n')[1]);
${body}
`;
const DOUBLE = solver('console.log(2 * x);');
const TRIPLE = solver('console.log(3 * x);');
const CRASHY = solver('if (x % 2) process.exit(3);\nconsole.log(3 * x);');
const EXPLODE = solver("console.log('explode');");
const DOUBLE_PY = `import sys\nx = int(sys.stdin.read().split('\\n')[1])\nprint(2 * x)\n`;

function multiplyTask(): string {
  return writeTask({
    'problem.mjs': PROBLEM,
    'double.js': DOUBLE,
    'triple.js': TRIPLE,
    'crashy.js': CRASHY,
    'explode.js': EXPLODE,
    'double.py': DOUBLE_PY,
    'task.ts': `import { defineTask } from 'kaizen';
import { generate, score } from './problem.mjs';
export default defineTask({
  name: 'multiply',
  program: './double.js',
  execute: { language: 'javascript', cpuTimeMs: 2000, memoryMb: 256 },
  cases: { generate, score, public: { seeds: [0, 1, 2, 3], family: 'T' }, hidden: { count: 4, families: ['D'] }, aggregate: 'mean' },
});
`,
  });
}

function kaizen(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

function compareJson(dir: string, a: string, b: string, ...more: string[]) {
  const r = kaizen('compare', join(dir, a), join(dir, b), '--task', dir, '--json', ...more);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

/** The comparison runs of a store, each with its events, oldest first. */
async function comparisons(db: string) {
  const store = await Store.open(db);
  try {
    const runs = (await store.listRuns()).filter((r) => r.id.startsWith('compare-')).reverse();
    return await Promise.all(runs.map(async (run) => ({ run, events: await store.ledgerEvents(run.id) })));
  } finally {
    await store.close();
  }
}

describe('kaizen compare', () => {
  const dir = multiplyTask();
  const db = join(dir, '.kaizen', 'kaizen.db');

  it('records the plan before the programs run, then the result against it; B clearly better → better; verify passes', async () => {
    const r = kaizen('compare', join(dir, 'double.js'), join(dir, 'triple.js'), '--task', dir, '--seeds', '8');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^case +family +seed +A verdict +A score +B verdict +B score +B − A$/m);
    expect(r.stdout).toMatch(/B vs A: \+\d+\.\d{4} ± \d+\.\d{4} \(2 SE; SE \d+\.\d{4}\) over 8 paired cases → better\n$/);
    expect(r.stdout).toContain('A case a program fails counts with score 0 for it (no case failed)');
    expect(r.stdout).toContain('seeds 0–7 of family T');
    expect(r.stdout).toMatch(/^T +8 +957.5000 +1000.0000 +\+42.5000 +11.4658 +0 +0 +better$/m);

    const [{ run, events }] = await comparisons(db);
    expect(run.status).toBe('completed');
    expect(run.task_name).toBe('compare:multiply');
    expect(events.map((e) => e.type)).toEqual(['comparison.registered', 'comparison.result']);
    const plan = eventData(events[0], 'comparison.registered');
    expect(plan).toMatchObject({
      task: 'multiply',
      programs: { a: { sha256: sha256(DOUBLE), language: 'javascript' }, b: { sha256: sha256(TRIPLE), language: 'javascript' } },
      families: ['T'],
      seeds: 8,
      cases: 8,
    });
    expect(plan.metric).toContain('case score');
    expect(plan.rule).toContain('2·SE');
    const result = eventData(events[1], 'comparison.result');
    expect(result.registration).toEqual({ seq: events[0].seq, hash: events[0].hash });
    expect(events[0].id).toBeLessThan(events[1].id);
    expect(Date.parse(events[0].at)).toBeLessThanOrEqual(Date.parse(events[1].at));
    expect(result).toMatchObject({ verdict: 'better', n: 8, meanB: 1000, failures: { a: 0, b: 0 } });
    expect(result.meanDiff).toBeGreaterThan(2 * result.se!);
    expect(result.cases).toHaveLength(8);

    const verify = kaizen('verify', dir);
    expect(verify.status, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`run ${run.id}: ok: 2 events chained, head #2 signed`);
    // A comparison's run is never the default run of the other commands.
    const status = kaizen('status', dir);
    expect(status.stderr).toContain('no runs yet');
  });

  it('swapped → worse; the same program twice → within noise with mean 0; --store names the store', async () => {
    const store = join(tempDir(), 'elsewhere.db');
    const worse = compareJson(dir, 'triple.js', 'double.js', '--seeds', '6', '--store', store);
    expect(worse).toMatchObject({ verdict: 'worse', n: 6, meanA: 1000 });
    expect(worse.meanDiff).toBeLessThan(-2 * worse.se);
    const same = compareJson(dir, 'triple.js', 'triple.js', '--seeds', '6', '--store', store);
    expect(same).toMatchObject({ verdict: 'within noise', n: 6, meanDiff: 0, se: 0 });
    expect(same.results.every((p: { diff: number }) => p.diff === 0)).toBe(true);
    const runs = await comparisons(store);
    expect(runs.map((c) => eventData(c.events.at(-1)!, 'comparison.result').verdict)).toEqual(['worse', 'within noise']);
    expect(kaizen('verify', dir, '--store', store).status).toBe(0);
  });

  it('honours --family: each family is generated as such, with figures per family', async () => {
    const out = compareJson(dir, 'double.js', 'triple.js', '--family', 'D,T', '--seeds', '5', '--store', join(tempDir(), 'f.db'));
    expect(out.families).toEqual(['D', 'T']);
    expect(out.results.map((p: { family: string; seed: number }) => `${p.family}${p.seed}`)).toEqual([
      'D0',
      'D1',
      'D2',
      'D3',
      'D4',
      'T0',
      'T1',
      'T2',
      'T3',
      'T4',
    ]);
    const [d, t] = out.perFamily;
    expect(d).toMatchObject({ family: 'D', n: 5, verdict: 'worse', meanA: 1000 });
    expect(t).toMatchObject({ family: 'T', n: 5, verdict: 'better', meanB: 1000 });
    // x depends on the seed only, so what B gains on T it loses on D: overall, nothing.
    expect(out).toMatchObject({ n: 10, meanDiff: 0, verdict: 'within noise' });
    expect(out.se).toBeGreaterThan(0);
  });

  it('a case a program fails counts with score 0 for it; a Python program runs against the JavaScript task', () => {
    const r = kaizen('compare', join(dir, 'double.py'), join(dir, 'crashy.js'), '--task', dir, '--seeds', '6', '--store', join(tempDir(), 'c.db'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/A = \S+double\.py \(python, sha256 [0-9a-f]{12}\): mean case score [\d.]+, 0 of 6 cases failed/);
    expect(r.stdout).toMatch(/B = \S+crashy\.js \(javascript, sha256 [0-9a-f]{12}\): mean case score [\d.]+, [1-5] of 6 cases failed \([1-5] crash\)/);
    expect(r.stdout).toContain('A case a program fails counts with score 0 for it.');
    const json = compareJson(dir, 'double.py', 'crashy.js', '--seeds', '6', '--store', join(tempDir(), 'c2.db'));
    const failed = json.results.filter((p: { b: { verdict: string } }) => p.b.verdict !== 'ok');
    expect(failed.length).toBe(json.failures.b);
    for (const p of failed) expect(p).toMatchObject({ b: { score: 0, verdict: 'crash' }, diff: -p.a.score });
  });

  it('errors exit non-zero: an unreadable program or a task without cases records nothing; a broken scorer aborts the registered comparison', async () => {
    const store = join(tempDir(), 'e.db');
    const missing = kaizen('compare', join(dir, 'nope.js'), join(dir, 'triple.js'), '--task', dir, '--store', store);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.js: cannot read the program');
    expect(existsSync(store)).toBe(false);

    const plain = writeTask({
      'task.ts': `import { defineTask } from 'kaizen';
export default defineTask({ name: 'plain', program: './p.js', execute: { export: 'run' }, judge: () => ({ score: 1, correct: true }) });
`,
      'p.js': 'export function run() { return 1; }\n',
    });
    const noCases = kaizen('compare', join(dir, 'double.js'), join(dir, 'triple.js'), '--task', plain);
    expect(noCases.status).toBe(1);
    expect(noCases.stderr).toContain('this task has no cases');
    expect(existsSync(join(plain, '.kaizen'))).toBe(false);

    const broken = kaizen('compare', join(dir, 'double.js'), join(dir, 'explode.js'), '--task', dir, '--seeds', '3', '--store', store);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('the scorer broke');
    const [{ run, events }] = await comparisons(store);
    expect(run.status).toBe('failed');
    expect(events.map((e) => e.type)).toEqual(['comparison.registered', 'comparison.aborted']);
    expect(eventData(events[1], 'comparison.aborted').registration.seq).toBe(events[0].seq);
    expect(kaizen('verify', dir, '--store', store).status).toBe(0);
  });
});

describe('the comparison figures', () => {
  const result = (c: number, score: number, verdict: CaseResult['verdict'] = 'ok'): CaseResult => ({
    set: 'public',
    case: c,
    seed: c,
    file: null,
    score,
    verdict,
    cpuMs: null,
    wallMs: 0,
    digest: null,
    feedback: null,
  });
  const pair = (c: number, a: number, b: number, bVerdict: CaseResult['verdict'] = 'ok'): PairedCase => ({
    case: c,
    family: null,
    seed: c,
    a: result(c, a),
    b: result(c, b, bVerdict),
    diff: b - a,
  });

  it('gives the verdict by the 2 SE rule, both ways, and none from one case', () => {
    expect(comparisonVerdict(0.3, 0.1)).toBe('better');
    expect(comparisonVerdict(-0.3, 0.1)).toBe('worse');
    expect(comparisonVerdict(0.2, 0.1)).toBe('within noise');
    expect(comparisonVerdict(0, 0)).toBe('within noise');
    expect(comparisonVerdict(1, null)).toBe('within noise');
    const one = differenceFigures([pair(0, 1, 2)]);
    expect(one).toMatchObject({ n: 1, meanDiff: 1, se: null, verdict: 'within noise' });
    expect(verdictLine(one)).toBe('B vs A: +1.0000 ± — (SE not measurable from one case) over 1 paired case → within noise');
  });

  it('computes mean difference and standard error as sample sd / √n, counting failures with score 0', () => {
    const f = differenceFigures([pair(0, 1, 2), pair(1, 1, 4), pair(2, 1, 0, 'time-limit')]);
    // differences 1, 3, −1: mean 1, sample sd 2, SE 2/√3
    expect(f.meanDiff).toBe(1);
    expect(f.se).toBeCloseTo(2 / Math.sqrt(3), 12);
    expect(f).toMatchObject({ n: 3, meanA: 1, meanB: 2, failures: { a: 0, b: 1 }, verdict: 'within noise' });
    expect(verdictLine(f)).toBe('B vs A: +1.0000 ± 2.3094 (2 SE; SE 1.1547) over 3 paired cases → within noise');
  });
});
