import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { joinJsonObjects, ReadMemo } from '../../src/server/read-memo.ts';
import { runOverview } from '../../src/server/runs.ts';
import { Store } from '../../src/store/store.ts';
import { recordSample, testRun } from '../support/samples.ts';
import { tempDir } from '../support/tmp.ts';

const open: Store[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** A run database with a writer (as `kaizen run` holds it) and the dashboard's read-only connection to the same file. */
async function writerAndReader() {
  const db = join(tempDir(), 'kaizen.db');
  const writer = await Store.open(db);
  open.push(writer);
  const run = await writer.createRun(testRun('run-m'));
  const reader = await Store.open(db, { readOnly: true });
  open.push(reader);
  return { writer, reader, run };
}

/** Records an evaluated sample with `score` (and makes it the champion): what a run's loop writes. */
async function addSample(store: Store, runId: string, sample: number, score: number): Promise<number> {
  const id = await recordSample(store, runId, sample, score);
  await store.setChampion(runId, id, { score, holdout: null, evaluated: sample + 1 });
  return id;
}

describe("the store's change stamp", () => {
  it("moves with another connection's commits and with the connection's own writes, and only then", async () => {
    const { writer, reader, run } = await writerAndReader();
    const before = await reader.changeStamp();
    expect(before).toMatch(/^\d+:\d+$/);
    expect(await reader.changeStamp()).toBe(before);
    await reader.read.figureRows(run.id); // reading changes nothing
    expect(await reader.changeStamp()).toBe(before);
    await addSample(writer, run.id, 0, 1);
    const afterOther = await reader.changeStamp();
    expect(afterOther).not.toBe(before);
    const own = await writer.changeStamp();
    await writer.setState(run.id, 'k', { v: 1 });
    expect(await writer.changeStamp()).not.toBe(own);
  });
});

describe('the read memo', () => {
  it('computes once while the database is unchanged and again after any commit', async () => {
    const { writer, reader, run } = await writerAndReader();
    const memo = new ReadMemo(reader);
    let computed = 0;
    const figures = async () => {
      computed++;
      return { samples: (await reader.read.figureRows(run.id)).length };
    };
    await addSample(writer, run.id, 0, 1);
    expect(await memo.json('k', figures)).toBe('{"samples":1}');
    expect(await memo.json('k', figures)).toBe('{"samples":1}');
    expect(computed).toBe(1);
    await addSample(writer, run.id, 1, 2);
    expect(await memo.json('k', figures)).toBe('{"samples":2}');
    expect(computed).toBe(2);
    expect(await memo.json('other', figures)).toBe('{"samples":2}'); // another key computes its own
    expect(computed).toBe(3);
  });

  it('keeps the 32 most recently used answers', async () => {
    const { reader } = await writerAndReader();
    const memo = new ReadMemo(reader);
    let computed = 0;
    const compute = async () => ++computed;
    for (let k = 0; k < 33; k++) await memo.json(`k${k}`, compute);
    expect(computed).toBe(33);
    await memo.json('k32', compute); // kept
    await memo.json('k1', compute); // kept, now the most recent
    expect(computed).toBe(33);
    await memo.json('k0', compute); // the least recently used went when the 33rd came
    expect(computed).toBe(34);
  });

  it('does not keep an answer whose computation failed', async () => {
    const { reader } = await writerAndReader();
    const memo = new ReadMemo(reader);
    await expect(memo.json('k', async () => Promise.reject(new Error('no such run')))).rejects.toThrow('no such run');
    expect(await memo.json('k', async () => 'now')).toBe('"now"');
  });

  it('joins a head and a kept object into one object', () => {
    expect(JSON.parse(joinJsonObjects({ a: 1, b: 'x' }, '{"c":[1,2],"d":null}'))).toEqual({ a: 1, b: 'x', c: [1, 2], d: null });
    expect(joinJsonObjects({}, '{"c":1}')).toBe('{"c":1}');
    expect(joinJsonObjects({ a: 1 }, '{}')).toBe('{"a":1}');
  });
});

describe("the dashboard's kept answers", () => {
  it('equal what is computed afresh, and follow a run that is still writing', async () => {
    const { writer, reader, run } = await writerAndReader();
    const app = createApp({ store: reader, token: 't', webDir: null });
    const get = async (path: string) => {
      const r = await app.request(path, { headers: { authorization: 'Bearer t' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      return r.json() as Promise<Record<string, unknown>>;
    };
    const fresh = async () => {
      const { now: _, ...o } = await runOverview(reader, (await reader.getRun(run.id))!);
      return o;
    };
    await addSample(writer, run.id, 0, 1);
    const first = await get(`/api/runs/${run.id}`);
    expect(typeof first.now).toBe('string');
    const { now: _first, ...firstFigures } = first;
    expect(firstFigures).toEqual(await fresh());
    const again = await get(`/api/runs/${run.id}`);
    expect(again.curve).toEqual(first.curve);

    const best = await addSample(writer, run.id, 1, 5);
    const { now: _after, ...after } = await get(`/api/runs/${run.id}`);
    expect(after).toEqual(await fresh());
    expect((after.run as { bestProgramId: number }).bestProgramId).toBe(best);
    expect((after.curve as { sample: number[] }).sample).toEqual([0, 1]);
    const lineage = await get(`/api/runs/${run.id}/programs`);
    expect(lineage.score).toEqual([1, 5]);
    expect((await get(`/api/runs/${run.id}/table`)).score).toEqual([1, 5]);

    await addSample(writer, run.id, 2, 7);
    expect((await get(`/api/runs/${run.id}/programs`)).score).toEqual([1, 5, 7]);
    expect((await get(`/api/runs/${run.id}/table`)).score).toEqual([1, 5, 7]);
  });

  it('answers a run that does not exist with 404 and its name', async () => {
    const { reader } = await writerAndReader();
    const r = await createApp({ store: reader, token: 't', webDir: null }).request('/api/runs/nope/programs', { headers: { authorization: 'Bearer t' } });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: 'no run nope' });
  });
});
