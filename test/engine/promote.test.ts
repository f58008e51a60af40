import { afterEach, describe, expect, it } from 'vitest';
import { Promoter } from '../../src/engine/promote.ts';
import { Recorder } from '../../src/engine/record.ts';
import { memberOf } from '../../src/engine/restore.ts';
import { Tally } from '../../src/engine/tally.ts';
import { createSandbox } from '../../src/sandbox/create.ts';
import type { ProgramRow, Store } from '../../src/store/store.ts';
import { dataTask, program, storeWithRun } from './support.ts';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** The holdout reads the second number of a candidate ("search holdout"): a candidate can game search, not holdout. */
const holdoutJudge = (output: unknown) => {
  const [, h] = String(output)
    .replace(/\/\/.*$/gm, '')
    .trim()
    .split(/\s+/)
    .map(Number);
  return Number.isFinite(h) ? { correct: true, score: h } : { correct: false, score: 0, feedback: 'no holdout number' };
};
const searchJudge = (output: unknown) => ({
  correct: true,
  score: Number(
    String(output)
      .replace(/\/\/.*$/gm, '')
      .trim()
      .split(/\s+/)[0],
  ),
});

async function setup(tolerance = 0) {
  const loaded = dataTask({ judge: searchJudge, holdout: { judge: holdoutJudge, args: (seed: number) => [seed], tolerance } });
  const s = await storeWithRun(loaded);
  store = s.store;
  const recorder = new Recorder(s.store, s.run.id, loaded.language);
  const tally = new Tally();
  const promoter = new Promoter({ store: s.store, runId: s.run.id, loaded, sandbox: createSandbox({ backend: 'process' }), recorder, tally });
  let sample = 0;
  const evaluated = async (body: string): Promise<ProgramRow> => {
    const row = await recorder.proposal({
      sample: sample++,
      parent: null,
      island: 0,
      generation: 0,
      operator: 'test',
      output: { code: program(body), change: body },
    });
    const score = searchJudge(row.code).score;
    return recorder.evaluation(row, { status: 'evaluated', correct: 1, score }, { type: 'evaluation.completed', data: { correct: true, score } });
  };
  return { ...s, recorder, tally, promoter, evaluated };
}

describe('holdout promotion', () => {
  it('crowns a challenger the holdout confirms, and refuses one that only wins on search (an overfit)', async () => {
    const { store: st, run, tally, promoter, evaluated } = await setup();
    const first = await evaluated('1 1');
    expect(await promoter.consider(first, memberOf(first), first.code)).toBe(true);
    expect(tally.best?.id).toBe(first.id);
    const gamer = await evaluated('9 0');
    expect(await promoter.consider(gamer, memberOf(gamer), gamer.code)).toBe(false);
    expect(tally.best?.id).toBe(first.id);
    expect(tally.overfits).toBe(1);
    const honest = await evaluated('2 2');
    expect(await promoter.consider(honest, memberOf(honest), honest.code)).toBe(true);
    expect(tally.curve).toEqual([
      [0, 1],
      [0, 2],
    ]);
    const events = await st.events(run.id);
    const overfit = events.find((e) => e.type === 'overfit')!;
    expect(overfit.program_id).toBe(gamer.id);
    expect(JSON.parse(overfit.data_json)).toMatchObject({ search: 9, holdout: 0, champion: first.id, championHoldout: 1 });
    expect(events.filter((e) => e.type === 'holdout.checked')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'champion.changed').map((e) => e.program_id)).toEqual([first.id, honest.id]);
    expect((await st.getRun(run.id))?.best_program_id).toBe(honest.id);
  });

  it('never runs the holdout for a program that does not beat the champion on search, and restores its state', async () => {
    const { store: st, run, tally, promoter, evaluated, recorder } = await setup();
    const first = await evaluated('5 5');
    await promoter.consider(first, memberOf(first), first.code);
    const worse = await evaluated('4 9');
    expect(await promoter.consider(worse, memberOf(worse), worse.code)).toBe(false);
    expect((await st.events(run.id)).filter((e) => e.type === 'holdout.checked')).toHaveLength(1);
    expect(await st.getState(run.id, 'holdout_checks')).toBe(1);
    expect(await st.getState(run.id, 'champion_holdout')).toBe(5);
    // A resumed run's gate continues from the saved state: the next check draws fresh instances (seed + 2).
    const again = new Promoter({ store: st, runId: run.id, loaded: dataTask(), sandbox: createSandbox({ backend: 'process' }), recorder, tally });
    await again.restore();
    expect(tally.overfits).toBe(0);
  });
});
