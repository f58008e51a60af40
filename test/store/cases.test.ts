import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { caseSummary, hiddenHistory, programCases } from '../../src/store/figures.ts';
import { Store } from '../../src/store/store.ts';
import { LEAKED_HIDDEN_SEED, type MultiCaseRun, multiCaseRun } from '../support/multi-case-run.ts';
import { tempDir } from '../support/tmp.ts';

let run: MultiCaseRun;
let store: Store | undefined;
beforeAll(async () => {
  run = await multiCaseRun();
});
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('the read side of multi-case runs', () => {
  it("parses a program's public and hidden case results and summarises them", async () => {
    store = await Store.open(run.db);
    const c = (await store.read.programCases(run.ids.champion))!;
    expect(c.stage).toBe(2);
    expect(c.results.map((r) => [r.case, r.seed, r.verdict, r.score])).toEqual([
      [0, 0, 'ok', 50],
      [1, 1, 'ok', 60],
      [2, 2, 'time-limit', 0],
      [3, 3, 'ok', 70],
    ]);
    expect(c.summary).toEqual({ cases: 4, ok: 3, verdicts: { ok: 3, 'time-limit': 1 }, meanScore: 45, cpuMsMean: (10 + 20 + 2000 + 40) / 4, cpuMsMax: 2000 });
    expect(c.hidden!.map((r) => [r.set, r.case, r.verdict, r.score])).toEqual([
      ['hidden', 0, 'ok', 40],
      ['hidden', 1, 'ok', 50],
      ['hidden', 2, 'wrong-answer', 0],
    ]);
    // A seed stored with a hidden result by mistake is blanked: hidden seeds never reach a view.
    expect(c.hidden!.every((r) => r.seed === null)).toBe(true);
    expect(JSON.stringify(c)).not.toContain(String(LEAKED_HIDDEN_SEED));
    expect(c.hiddenSummary).toMatchObject({ cases: 3, ok: 2, verdicts: { ok: 2, 'wrong-answer': 1 }, meanScore: 30, cpuMsMax: 20 });

    // Stopped at stage 1: two cases, no hidden ones (the gate never saw it).
    const early = (await store.read.programCases(run.ids.early))!;
    expect(early).toMatchObject({ stage: 1, hidden: null, hiddenSummary: null, summary: { cases: 2, ok: 1, verdicts: { ok: 1, 'wrong-answer': 1 } } });
    // No cases: a rejected proposal, and a program that does not exist.
    expect(await store.read.programCases(run.ids.rejected)).toBeNull();
    expect(await store.read.programCases(999_999)).toBeNull();
  });

  it("sums up the run: the champion's cases, samples by stage reached, the hidden score at each promotion", async () => {
    store = await Store.open(run.db);
    const c = (await store.read.runCases(run.runId))!;
    expect(c.championId).toBe(run.ids.champion);
    expect(c.champion?.summary.cases).toBe(4);
    expect(c.hiddenScore).toBe(30);
    // Samples only: the migrant copy (stage 2) and the rejected proposal are not counted.
    expect(c.stages).toEqual([
      { stage: 1, programs: 2 },
      { stage: 2, programs: 3 },
    ]);
    expect(await store.read.stageCounts(run.runId)).toEqual(c.stages);
    expect(c.checks).toEqual({ checks: 3, promoted: 2, refused: 1 });
    expect(c.history.map((h) => [h.programId, h.evaluated, h.score, h.hidden, h.hiddenMean, h.hiddenCases])).toEqual([
      [run.ids.seed, 1, 25, 20, 20, 3],
      [run.ids.champion, 3, 45, 30, 30, 3],
    ]);
  });

  it('is null for a run without cases', async () => {
    store = await Store.open(join(tempDir(), 'kaizen.db'));
    const r = await store.createRun({ id: 'plain', task_name: 't', task_dir: '/t', task_hash: 'h', config_json: '{}', seed: 1, status: 'running', pid: null });
    const id = await store.insertProgram({
      run_id: r.id,
      sample: 0,
      parent_id: null,
      island: 0,
      generation: 0,
      operator: 'op',
      model: null,
      language: 'js',
      status: 'pending',
      code: 'x',
      code_hash: 'x',
    });
    await store.setChampion(r.id, id, { score: 1, holdout: null, evaluated: 1 });
    expect(await store.read.runCases(r.id)).toBeNull();
    expect(await store.read.stageCounts(r.id)).toEqual([]);
  });

  it('summarises results and history as pure figures', () => {
    expect(caseSummary([])).toEqual({ cases: 0, ok: 0, verdicts: {}, meanScore: 0, cpuMsMean: null, cpuMsMax: null });
    expect(programCases({ cases_json: null, hidden_json: null, stage: null })).toBeNull();
    expect(programCases({ cases_json: '[]', hidden_json: null, stage: 1 })).toMatchObject({ stage: 1, results: [], hidden: null });
    // A promotion with no hidden check before it (a run without its key file) has no hidden mean.
    const { history, checks } = hiddenHistory([{ id: 1, at: 'a', type: 'champion.changed', programId: 7, data: { score: 2, holdout: null, evaluated: 4 } }]);
    expect(history).toEqual([{ eventId: 1, at: 'a', programId: 7, evaluated: 4, score: 2, hidden: null, hiddenMean: null, hiddenCases: null }]);
    expect(checks).toEqual({ checks: 0, promoted: 0, refused: 0 });
  });
});
