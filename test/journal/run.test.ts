import { describe, expect, it } from 'vitest';
import { evolve } from '../../src/engine/evolve.ts';
import type { Claim } from '../../src/journal/claim.ts';
import type { Journal } from '../../src/journal/journal.ts';
import { eventData } from '../../src/ledger/events.ts';
import { Store } from '../../src/store/store.ts';
import { copyExample } from '../support/tmp.ts';

const figuresMoved = (a: Claim, b: Claim | undefined) => !b || a.status !== b.status || a.effect !== b.effect || a.se !== b.se || a.n !== b.n;

describe('the journal in a run', () => {
  it('records journal.updated with the claims that moved, keeps the journal in run state, and restores it on resume', { timeout: 120_000 }, async () => {
    const dir = copyExample('circle-packing');
    const config = { budget: { samples: 20 }, concurrency: 2, lessons: { every: 5 } };
    const first = await evolve({ task: dir, config, resume: 'never' });
    expect(first.evaluated).toBe(20);

    let store = await Store.open(first.db);
    const events = await store.events(first.runId);
    const updates = events.filter((e) => e.type === 'journal.updated').map((e) => eventData(e, 'journal.updated'));
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) {
      expect(u.changed.length).toBeGreaterThan(0);
      for (const c of u.changed) {
        expect(Object.keys(c).sort()).toEqual(['effect', 'evidence', 'id', 'kind', 'n', 'se', 'status', 'text']);
        expect(['supported', 'refuted', 'untested']).toContain(c.status);
        expect(c.evidence.length).toBeLessThanOrEqual(20);
      }
    }
    expect(updates[0].changed.some((c) => c.id === 'operator:numeric' || c.id.startsWith('operator:'))).toBe(true);
    const journal = await store.getState<Journal>(first.runId, 'journal');
    expect(journal?.claims.length).toBe(updates.at(-1)?.claims);
    const lessons = events.filter((e) => e.type === 'lessons.updated').map((e) => eventData(e, 'lessons.updated'));
    expect(lessons.length).toBeGreaterThan(0);
    expect(lessons.every((l) => l.source === 'journal')).toBe(true);
    // The lessons text is the supported claims, numbered, with their figures.
    for (const line of lessons.at(-1)!.text.split('\n').filter(Boolean)) expect(line).toMatch(/^\d+\. .+ \((effect|rate) [+-]?[\d.]+%/);
    // As if the run had been interrupted: the next session resumes it.
    await store.updateRun(first.runId, { status: 'interrupted', pid: null });
    await store.close();

    const resumed = await evolve({ task: dir, config: { ...config, budget: { samples: 30 } } });
    expect(resumed.runId).toBe(first.runId);
    store = await Store.open(resumed.db);
    const after = await store.events(first.runId);
    const resumedAt = after.findIndex((e) => e.type === 'run.resumed');
    const next = after.slice(resumedAt).find((e) => e.type === 'journal.updated');
    if (next) {
      // Only claims new or moved since the journal saved before the resume are recorded.
      const before = new Map(journal!.claims.map((c) => [c.id, c]));
      for (const c of eventData(next, 'journal.updated').changed) expect(figuresMoved(c, before.get(c.id))).toBe(true);
    }
    expect((await store.getState<Journal>(first.runId, 'journal'))!.at).toBeGreaterThan(journal!.at);
    await store.close();
  });
});
