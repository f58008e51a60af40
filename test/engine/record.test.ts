import { afterEach, describe, expect, it } from 'vitest';
import { Recorder } from '../../src/engine/record.ts';
import type { Store } from '../../src/store/store.ts';
import { dataTask, program, storeWithRun } from './support.ts';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function setup() {
  const loaded = dataTask();
  const s = await storeWithRun(loaded);
  store = s.store;
  const recorder = new Recorder(s.store, s.run.id, loaded.language);
  const seed = await recorder.proposal({
    sample: 0,
    parent: null,
    island: 0,
    generation: 0,
    operator: 'seed',
    output: { code: program('1'), change: 'initial program' },
  });
  return { ...s, recorder, seed };
}

describe('the recorder', () => {
  it('writes a rejected proposal once: one row, one event, with its reason', async () => {
    const { store: st, run, recorder, seed } = await setup();
    const before = (await st.events(run.id)).length;
    const rejected = await recorder.rejection(
      { sample: 1, parent: seed.id, island: 0, generation: 1, operator: 'scripted', output: { code: program('2'), change: 'two', model: 'm', cost: 0.25 } },
      'not-novel',
      'too close',
    );
    const events = (await st.events(run.id)).slice(before);
    expect(events.map((e) => e.type)).toEqual(['proposal.rejected']);
    expect(JSON.parse(events[0].data_json)).toMatchObject({
      sample: 1,
      parent: seed.id,
      operator: 'scripted',
      model: 'm',
      cost: 0.25,
      reason: 'not-novel',
      detail: 'too close',
    });
    expect(await st.getProgram(rejected.id)).toEqual(rejected);
    expect(rejected).toMatchObject({ status: 'rejected', failure_class: 'not-novel', error: 'too close', cost: 0.25 });
  });

  it('keeps what it wrote: every row it returns equals the stored row, after inserts, updates and copies', async () => {
    const { store: st, recorder, seed } = await setup();
    expect(await st.getProgram(seed.id)).toEqual(seed);
    const evaluated = await recorder.evaluation(
      seed,
      { status: 'evaluated', correct: 1, score: 1, evaluated_at: new Date().toISOString() },
      { type: 'evaluation.completed', data: { correct: true, score: 1 } },
    );
    expect(await st.getProgram(seed.id)).toEqual(evaluated);
    expect(recorder.get(seed.id)).toEqual(evaluated);
    const child = await recorder.proposal({
      sample: 1,
      parent: seed.id,
      island: 0,
      generation: 1,
      operator: 'op',
      output: { code: program('3'), change: 'three' },
    });
    expect(child.patch).toContain('-1');
    expect(child.patch).toContain('+3');
    expect(await st.getProgram(child.id)).toEqual(child);
    const copy = await recorder.copy(evaluated, 1, 'island.seeded');
    expect(copy).toMatchObject({ status: 'migrant', island: 1, parent_id: seed.id, sample: null, score: 1, code: seed.code });
    expect(await st.getProgram(copy.id)).toEqual(copy);
    expect(recorder.all().map((r) => r.id)).toEqual([seed.id, child.id, copy.id]);
  });

  it('knows which code was tried: pending, evaluated or failed programs, not rejected ones', async () => {
    const { recorder, seed } = await setup();
    expect(recorder.triedWith(program('1'))).toBe(seed.id);
    await recorder.rejection(
      { sample: 1, parent: seed.id, island: 0, generation: 1, operator: 'op', output: { code: program('9'), change: 'nine' } },
      'violation',
      'x',
    );
    expect(recorder.triedWith(program('9'))).toBeUndefined();
    const restored = new Recorder(store!, seed.run_id, 'text', recorder.all());
    expect(restored.triedWith(program('1'))).toBe(seed.id);
    expect(() => restored.get(10_000)).toThrow(/not part of run/);
  });
});
