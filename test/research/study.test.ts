import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCALAR_SELECTION_STRATEGIES } from '../../src/config/config.ts';
import { loadTask } from '../../src/config/load.ts';
import { evolve } from '../../src/engine/evolve.ts';
import { eventData } from '../../src/ledger/events.ts';
import { analyse, loadStudy, pairKey, runOverrides, runStudy, STUDY_RUNS_STATE_KEY, studyTable, verdictLines } from '../../src/research/study.ts';
import { TEMPLATE_NAMES, writeTemplateStudy } from '../../src/research/templates.ts';
import type { StudyArmRunData, StudyPlan } from '../../src/research/types.ts';
import { Store } from '../../src/store/store.ts';
import { sha256 } from '../../src/util/hash.ts';
import { CLI, tempDir, writeTask } from '../support/tmp.ts';

/** A tiny task whose score is the number its program returns: numeric edits move it up or down. */
function tinyTask(): string {
  return writeTask({
    'task.ts': `import { defineTask } from 'kaizen';
export default defineTask({
  name: 'tiny-number',
  program: './initial.js',
  execute: { export: 'run', timeoutMs: 2000, memoryMb: 96 },
  judge: (out) => typeof out === 'number' && Number.isFinite(out) ? { correct: true, score: out } : { correct: false, score: 0, feedback: 'not a number' },
});`,
    'initial.js': '// EVOLVE-BLOCK-START\nexport function run() {\n  const a = 1.5;\n  const b = 2;\n  return a * b - a / 4;\n}\n// EVOLVE-BLOCK-END\n',
    'kaizen.config.ts': "import { defineConfig } from 'kaizen';\nexport default defineConfig({ concurrency: 1, lessons: { every: 0 } });\n",
  });
}

function plan(taskDir: string, overrides: Partial<StudyPlan> = {}): StudyPlan {
  return {
    name: 'tiny-operators',
    question: 'Does the ast operator help on the tiny task?',
    hypothesis: 'Numeric edits alone do as well as the mix.',
    arms: [
      { name: 'mix', task: taskDir },
      { name: 'numeric-only', task: taskDir, config: { operators: { offline: { numeric: 1, ast: 0 } } } },
    ],
    seeds: [0, 1, 2],
    samples: 6,
    metric: 'best-score',
    test: { kind: 'paired-by-seed', threshold: 2 },
    ...overrides,
  };
}

function writeStudy(content: unknown): { file: string; db: string } {
  const dir = tempDir('kaizen-study-');
  const file = join(dir, 'study.json');
  writeFileSync(file, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return { file, db: join(dir, '.kaizen', 'kaizen.db') };
}

/** The study run of a store and its arm runs' data, read back from the record. */
async function record(db: string) {
  const store = await Store.open(db);
  const runs = await store.listRuns();
  const studies = runs.filter((r) => r.id.startsWith('study-'));
  expect(studies).toHaveLength(1);
  const study = studies[0]!;
  const events = await store.ledgerEvents(study.id);
  const armRuns = events.filter((e) => e.type === 'study.arm-run').map((e) => eventData(e, 'study.arm-run'));
  return { store, runs, study, events, armRuns };
}

/** Independent recomputation of the declared analysis. */
function expected(p: StudyPlan, armRuns: StudyArmRunData[]) {
  const value = (arm: string, seed: number) => armRuns.find((r) => r.arm === arm && r.seed === seed)!.value;
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, x) => a + (x - avg(xs)) ** 2, 0) / (xs.length - 1));
  const control = p.seeds.map((s) => value(p.arms[0]!.name, s));
  return p.arms.map((arm, i) => {
    const values = p.seeds.map((s) => value(arm.name, s));
    if (i === 0) return { arm: arm.name, values, mean: avg(values), sd: sd(values) };
    const diffs = values.map((v, k) => v - control[k]!);
    const se = sd(diffs) / Math.sqrt(diffs.length);
    const m = avg(diffs);
    const verdict = m > p.test.threshold * se ? 'better' : m < -p.test.threshold * se ? 'worse' : 'within noise';
    return { arm: arm.name, values, mean: avg(values), sd: sd(values), meanDiff: m, se, verdict };
  });
}

describe('kaizen study', () => {
  it('registers first, runs every arm × seed, records each metric against its run, and analyses by the declared test', async () => {
    const task = tinyTask();
    const p = plan(task);
    const { file, db } = writeStudy(p);
    const outcome = await runStudy({ file, store: db });
    expect(outcome.status).toBe('completed');
    expect(outcome.resumed).toBe(false);

    const { store, runs, study, events, armRuns } = await record(db);
    try {
      // Registration: event #1 of a run of its own, with the plan, the file's digest and each arm's task hash.
      expect(study.task_name).toBe('study:tiny-operators');
      expect(study.status).toBe('completed');
      const reg = events[0]!;
      expect([reg.type, reg.seq]).toEqual(['study.registered', 1]);
      const registered = eventData(reg, 'study.registered');
      expect(registered.plan).toEqual(p);
      expect(registered.fileSha256).toBe(sha256(readFileSync(file, 'utf8')));
      expect(Object.keys(registered.taskHashes)).toEqual(['mix', 'numeric-only']);
      expect(registered.taskHashes.mix).not.toBe(registered.taskHashes['numeric-only']);

      // Every arm × seed ran once, as an ordinary run in the same store, after the registration.
      const evolutionRuns = runs.filter((r) => r.id !== study.id);
      expect(evolutionRuns).toHaveLength(6);
      expect(armRuns).toHaveLength(6);
      expect(new Set(armRuns.map((r) => pairKey(r.arm, r.seed))).size).toBe(6);
      expect(new Set(armRuns.map((r) => r.runId)).size).toBe(6);
      for (const a of armRuns) {
        const run = evolutionRuns.find((r) => r.id === a.runId)!;
        expect(run.status).toBe('completed');
        expect(run.seed).toBe(a.seed);
        expect(run.created_at >= reg.at).toBe(true);
        const runEvents = await store.ledgerEvents(run.id);
        expect(runEvents[0]!.type).toBe('run.started');
        expect(runEvents[0]!.id).toBeGreaterThan(reg.id);
        expect(runEvents[0]!.at >= reg.at).toBe(true);
        const config = JSON.parse(run.config_json);
        expect([config.seed, config.budget.samples, config.models]).toEqual([a.seed, 6, []]);
        expect(config.operators.offline).toEqual(a.arm === 'mix' ? { numeric: 0.7, ast: 0.3 } : { numeric: 1, ast: 0 });
        // The value is the run's recorded best score; the head is its ledger's last event.
        const best = await store.getProgram(run.best_program_id!);
        expect(a.value).toBe(best!.score);
        expect([a.headSeq, a.headHash]).toEqual([runEvents.at(-1)!.seq, runEvents.at(-1)!.hash]);
        expect((await store.programs(run.id)).filter((r) => r.status === 'evaluated' || r.status === 'failed')).toHaveLength(6);
      }

      // The result names the registration and its figures are the declared test's.
      const last = events.at(-1)!;
      expect(last.type).toBe('study.result');
      const result = eventData(last, 'study.result');
      expect(result.registration).toEqual({ seq: reg.seq, hash: reg.hash });
      expect(result).toEqual(outcome.result);
      const want = expected(p, armRuns);
      expect(result.arms.map((a) => a.arm)).toEqual(['mix', 'numeric-only']);
      for (const [i, a] of result.arms.entries()) {
        const w = want[i]!;
        expect(a.n).toBe(3);
        expect(a.values).toEqual(w.values);
        expect(a.mean).toBeCloseTo(w.mean, 12);
        expect(a.sd).toBeCloseTo(w.sd, 12);
        if (i === 0) expect(a.vsControl).toBeUndefined();
        else {
          expect(a.vsControl!.n).toBe(3);
          expect(a.vsControl!.meanDiff).toBeCloseTo(w.meanDiff!, 12);
          expect(a.vsControl!.se).toBeCloseTo(w.se!, 12);
          expect(a.vsControl!.verdict).toBe(w.verdict);
        }
      }
      expect(outcome.resultRef).toEqual({ seq: last.seq, hash: last.hash });
      expect(verdictLines(p, result)[0]).toMatch(/^numeric-only − mix: [+−]\d/);
      expect(studyTable(p, result)).toMatch(/mix \(control\)/);
      // A study's run is never the default run of status, best and the others.
      expect((await store.latestRun())!.id).not.toBe(study.id);
    } finally {
      await store.close();
    }

    const verify = spawnSync(process.execPath, [CLI, 'verify', task, '--store', db], { encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`run ${study.id}: ok`);
  });

  it('resumes an interrupted study: no arm × seed runs twice, and the interrupted arm run is continued', async () => {
    const task = tinyTask();
    const p = plan(task, { seeds: [0, 1], samples: 8 });
    const { file, db } = writeStudy(p);
    // Stop in the middle of the second pair's run (seed 0, numeric-only), after one pair was recorded.
    const abort = new AbortController();
    const first = await runStudy({
      file,
      store: db,
      signal: abort.signal,
      onProgress: (pair, progress) => {
        if (pair.arm === 'numeric-only' && progress.evaluated >= 3) abort.abort();
      },
    });
    expect(first.status).toBe('interrupted');
    expect(first.armRuns.map((r) => [r.arm, r.seed])).toEqual([['mix', 0]]);

    let interrupted: string;
    {
      const { store, study, runs } = await record(db);
      expect(study.status).toBe('interrupted');
      const tracked = (await store.getState<Record<string, string>>(study.id, STUDY_RUNS_STATE_KEY))!;
      interrupted = tracked[pairKey('numeric-only', 0)]!;
      expect(runs.find((r) => r.id === interrupted)!.status).toBe('interrupted');
      await store.close();
    }

    const second = await runStudy({ file, store: db });
    expect(second.status).toBe('completed');
    expect(second.resumed).toBe(true);
    expect(second.runId).toBe(first.runId);
    const { store, runs, study, events, armRuns } = await record(db);
    try {
      expect(armRuns).toHaveLength(4);
      expect(new Set(armRuns.map((r) => pairKey(r.arm, r.seed))).size).toBe(4);
      // One evolution run per pair: the interrupted one was continued, not replaced.
      expect(runs.filter((r) => r.id !== study.id)).toHaveLength(4);
      expect(armRuns.find((r) => r.arm === 'numeric-only' && r.seed === 0)!.runId).toBe(interrupted);
      const resumedEvents = (await store.events(interrupted)).map((e) => e.type);
      expect(resumedEvents).toContain('run.resumed');
      expect((await store.programs(interrupted)).filter((r) => r.status === 'evaluated' || r.status === 'failed')).toHaveLength(8);
      // The study's own ledger says it changed hands and which arm run it continued.
      expect(events[0]!.type).toBe('study.registered');
      expect(events.map((e) => e.type)).toContain('run.resumed');
      const notices = events.filter((e) => e.type === 'run.notice').map((e) => eventData(e, 'run.notice').message);
      expect(notices.some((m) => m.includes(`resuming its interrupted run ${interrupted}`))).toBe(true);
      expect(events.filter((e) => e.type === 'study.registered')).toHaveLength(1);
      expect(eventData(events.at(-1)!, 'study.result').arms.every((a) => a.n === 2)).toBe(true);
    } finally {
      await store.close();
    }

    // A third run of the same file is a new registration (a replication), and says so.
    const messages: string[] = [];
    const third = await runStudy({ file, store: db, onMessage: (m) => messages.push(m) });
    expect(third.runId).not.toBe(first.runId);
    expect(third.notices.some((m) => m.includes(`was completed in run ${first.runId}`))).toBe(true);
    // With one evaluation in flight a run replays exactly: every pair but the one resumed mid-run gives the same value.
    for (const r of third.armRuns) {
      const before = second.armRuns.find((x) => x.arm === r.arm && x.seed === r.seed)!;
      if (before.runId !== interrupted) expect(r.value).toBe(before.value);
    }
  });

  it('finds an arm run killed before it was tracked by its task hash', async () => {
    const task = tinyTask();
    const p = plan(task, { seeds: [0, 1], samples: 6 });
    const { file, db } = writeStudy(p);
    const abort = new AbortController();
    const first = await runStudy({
      file,
      store: db,
      signal: abort.signal,
      onProgress: (pair, progress) => {
        if (pair.arm === 'mix' && pair.seed === 1 && progress.evaluated >= 2) abort.abort();
      },
    });
    expect(first.armRuns).toHaveLength(2);
    // As if the process had died before the run's id was written down.
    const store = await Store.open(db);
    const tracked = (await store.getState<Record<string, string>>(first.runId, STUDY_RUNS_STATE_KEY))!;
    const lost = tracked[pairKey('mix', 1)]!;
    delete tracked[pairKey('mix', 1)];
    await store.setState(first.runId, STUDY_RUNS_STATE_KEY, tracked);
    await store.close();

    const second = await runStudy({ file, store: db });
    expect(second.status).toBe('completed');
    expect(second.armRuns.find((r) => r.arm === 'mix' && r.seed === 1)!.runId).toBe(lost);
    const { store: after, runs, study } = await record(db);
    expect(runs.filter((r) => r.id !== study.id)).toHaveLength(4);
    await after.close();
  });

  it('records an arm run that finished before the study recorded it, without running it again', async () => {
    const task = tinyTask();
    const p = plan(task, { seeds: [0, 1], samples: 5 });
    const { file, db } = writeStudy(p);
    const abort = new AbortController();
    const first = await runStudy({
      file,
      store: db,
      signal: abort.signal,
      onProgress: (pair, progress) => {
        if (pair.arm === 'numeric-only' && progress.evaluated >= 2) abort.abort();
      },
    });
    expect(first.armRuns).toHaveLength(1);
    const store = await Store.open(db);
    const runId = (await store.getState<Record<string, string>>(first.runId, STUDY_RUNS_STATE_KEY))![pairKey('numeric-only', 0)]!;
    await store.close();
    // The arm run finishes, but the study never got to record it (as if it died in between).
    const finished = await evolve({ task: await loadTask(task, runOverrides(p, p.arms[1]!, 0)), out: db, resume: 'required' });
    expect([finished.runId, finished.stoppedBy]).toEqual([runId, 'budget']);

    const second = await runStudy({ file, store: db });
    expect(second.status).toBe('completed');
    const data = second.armRuns.find((r) => r.arm === 'numeric-only' && r.seed === 0)!;
    expect([data.runId, data.value]).toEqual([runId, finished.bestScore]);
    expect(second.notices.some((m) => m.includes(`run ${runId} had finished before the study stopped`))).toBe(true);
    const { store: after, runs, study } = await record(db);
    expect(runs.filter((r) => r.id !== study.id)).toHaveLength(4);
    await after.close();
  });

  it('says when the study file changed: a new study, the old registration left as it was', async () => {
    const task = tinyTask();
    const p = plan(task, { seeds: [0, 1], samples: 4 });
    const { file, db } = writeStudy(p);
    const abort = new AbortController();
    const first = await runStudy({ file, store: db, signal: abort.signal, onArmRun: () => abort.abort() });
    expect(first.status).toBe('interrupted');
    writeFileSync(file, `${JSON.stringify({ ...p, hypothesis: 'Changed after the first run.' }, null, 2)}\n`);
    const second = await runStudy({ file, store: db });
    expect(second.runId).not.toBe(first.runId);
    expect(second.status).toBe('completed');
    expect(second.notices.join('\n')).toMatch(
      new RegExp(`the study file changed since run ${first.runId} registered study tiny-operators.*this is a new study`),
    );
    const store = await Store.open(db);
    expect((await store.getRun(first.runId))!.status).toBe('interrupted');
    await store.close();
  });

  it.each([
    ['one arm', (t: string) => ({ ...plan(t), arms: [plan(t).arms[0]] }), /field arms: .*at least two arms/],
    ['a duplicate arm name', (t: string) => ({ ...plan(t), arms: [plan(t).arms[0], plan(t).arms[0]] }), /field arms\[1\]\.name: arm name "mix" is used twice/],
    ['no seeds', (t: string) => ({ ...plan(t), seeds: [] }), /field seeds: /],
    ['a duplicate seed', (t: string) => ({ ...plan(t), seeds: [0, 1, 1] }), /field seeds\[2\]: seed 1 is listed twice/],
    ['a fractional seed', (t: string) => ({ ...plan(t), seeds: [0, 1.5] }), /field seeds\[1\]: /],
    ['an unknown metric', (t: string) => ({ ...plan(t), metric: 'mean-score' }), /field metric: /],
    ['a missing question', (t: string) => ({ ...plan(t), question: undefined }), /field question: /],
    ['an unknown field', (t: string) => ({ ...plan(t), budget: 3 }), /field \(top level\): .*budget/],
    ['a zero threshold', (t: string) => ({ ...plan(t), test: { kind: 'paired-by-seed', threshold: 0 } }), /field test\.threshold: /],
    [
      'a missing task folder',
      (t: string) => ({ ...plan(t), arms: [plan(t).arms[0], { name: 'b', task: join(t, 'nowhere') }] }),
      /field arms\[1\]\.task \(arm b\): .*does not exist/,
    ],
    [
      'a setting out of range',
      (t: string) => ({ ...plan(t), arms: [plan(t).arms[0], { name: 'b', task: t, config: { islands: { count: 0 } } }] }),
      /field arms\[1\]\.config\.islands\.count: /,
    ],
    [
      'an unknown setting',
      (t: string) => ({ ...plan(t), arms: [plan(t).arms[0], { name: 'b', task: t, config: { islandz: 2 } }] }),
      /field arms\[1\]\.config: .*islandz/,
    ],
    [
      'a seed in an arm',
      (t: string) => ({ ...plan(t), arms: [plan(t).arms[0], { name: 'b', task: t, config: { seed: 3 } }] }),
      /field arms\[1\]\.config\.seed \(arm b\): the study sets each run's seed/,
    ],
    [
      'no operator left',
      (t: string) => ({ ...plan(t), arms: [plan(t).arms[0], { name: 'b', task: t, config: { operators: { offline: { numeric: 0, ast: 0 } } } }] }),
      /field arms\[1\]\.config\.operators\.offline \(arm b\): no offline operator/,
    ],
    ['a holdout metric without a holdout', (t: string) => ({ ...plan(t), metric: 'holdout-score' }), /field metric: holdout-score needs a holdout/],
  ])('refuses a study with %s, naming the field, and records nothing', async (_what, make, message) => {
    const task = tinyTask();
    const { file, db } = writeStudy(make(task));
    await expect(runStudy({ file, store: db })).rejects.toThrow(message);
    expect(existsSync(db)).toBe(false);
  });

  it('refuses a file that is not JSON', async () => {
    const { file, db } = writeStudy('{ "name": "x", ');
    await expect(runStudy({ file, store: db })).rejects.toThrow(/study\.json: the study is not valid JSON/);
    expect(existsSync(db)).toBe(false);
  });

  it.each(TEMPLATE_NAMES)('writes a valid %s ablation study of a task', async (name) => {
    const task = tinyTask();
    const out = join(tempDir('kaizen-template-'), 'nested', '..', `${name}.json`);
    const written = await writeTemplateStudy(name, task, { seeds: 3, samples: 12, out });
    const loaded = await loadStudy(out);
    expect(loaded.plan).toEqual(written.plan);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(written.plan);
    expect(loaded.plan.seeds).toEqual([0, 1, 2]);
    expect(loaded.plan.samples).toBe(12);
    expect(loaded.arms.every((a) => a.dir === loaded.arms[0]!.dir)).toBe(true);
    // Every arm runs one evaluation at a time, so that the study replays exactly.
    expect(loaded.plan.arms.every((a) => a.config?.concurrency === 1)).toBe(true);
    const configs = loaded.plan.arms.map(({ config }) => {
      const { concurrency: _c, ...rest } = config ?? {};
      return rest;
    });
    if (name === 'operators') {
      expect(loaded.plan.arms.map((a) => a.name)).toEqual(['mix', 'numeric-only', 'ast-only']);
      expect(configs.map((c) => (c as { operators: { offline: unknown } }).operators.offline)).toEqual([
        { numeric: 0.7, ast: 0.3 },
        { numeric: 1, ast: 0 },
        { numeric: 0, ast: 1 },
      ]);
    }
    if (name === 'islands') expect(configs).toEqual([{ islands: { count: 1 } }, { islands: { count: 4 } }]);
    if (name === 'selection') expect(configs).toEqual(SCALAR_SELECTION_STRATEGIES.map((strategy) => ({ selection: { strategy } })));
    // Never over an existing file.
    await expect(writeTemplateStudy(name, task, { seeds: 3, samples: 12, out })).rejects.toThrow(/exists/);
  });

  it('the paired test: better, worse or within noise by threshold · SE', () => {
    const p = plan('.', { seeds: [0, 1, 2, 3] });
    const runs = (control: number[], other: number[]): StudyArmRunData[] =>
      [...control.map((value, i) => ({ arm: 'mix', value, seed: i })), ...other.map((value, i) => ({ arm: 'numeric-only', value, seed: i }))].map((r) => ({
        ...r,
        runId: 'r',
        headSeq: 1,
        headHash: 'h',
      }));
    const verdict = (control: number[], other: number[]) => analyse(p, runs(control, other), { seq: 1, hash: 'h' }).arms[1]!.vsControl!;
    expect(verdict([1, 2, 3, 4], [2, 3, 4, 5])).toEqual({ n: 4, meanDiff: 1, se: 0, verdict: 'better' });
    expect(verdict([1, 2, 3, 4], [0.9, 1.8, 2.9, 3.8]).verdict).toBe('worse');
    expect(verdict([1, 2, 3, 4], [1.5, 1.5, 3.5, 3.5]).verdict).toBe('within noise');
    expect(verdict([1, 2, 3, 4], [1, 2, 3, 4])).toEqual({ n: 4, meanDiff: 0, se: 0, verdict: 'within noise' });
    expect(() => analyse(p, runs([1, 2, 3], [1, 2, 3, 4]), { seq: 1, hash: 'h' })).toThrow(/arm mix has no recorded run for seed 3/);
  });
});
