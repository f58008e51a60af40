import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { improve } from '../../src/improve/loop.ts';
import { writeImproveReport } from '../../src/improve/report.ts';
import { loadSuite } from '../../src/improve/suite.ts';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { Store } from '../../src/store/store.ts';
import { tamper } from '../ledger/support.ts';
import { tinySuite } from './support/suite.ts';

describe('kaizen improve, offline', () => {
  it('loads the built-in basic suite', () => {
    const s = loadSuite('basic');
    expect(s.training.map((t) => t.dir.split('/').pop())).toEqual(['circle-12', 'circle-20', 'spread-12']);
    expect(s.heldOut.map((t) => t.dir.split('/').pop())).toEqual(['circle-16', 'corewar-nano']);
  });

  it('archives variants with lineage and scores, gates them on held-out tasks, reports, and its ledger verifies', async () => {
    const dir = tinySuite();
    const out = join(dir, 'out');
    const lines: number[] = [];
    const result = await improve({
      suite: loadSuite(dir),
      out: join(out, 'improve.db'),
      generations: 3,
      seeds: 2,
      innerBudget: 8,
      concurrency: 2,
      heldOutFor: 'all',
      onGeneration: (l) => lines.push(l.generation),
    });
    expect(lines).toEqual([0, 1, 2, 3]);
    expect(result.archive).toHaveLength(4);
    const ids = new Set(result.archive.map((e) => e.improver.id));
    expect(ids.size).toBe(4);
    for (const e of result.archive.slice(1)) {
      expect(ids.has(e.improver.parent!)).toBe(true);
      expect(e.training.perSeed).toHaveLength(2);
      expect(e.training.runs).toHaveLength(2);
      expect(e.heldOut?.perSeed).toHaveLength(2);
      expect(e.gate).toBeDefined();
      expect(['archived', 'promoted', 'overfit', 'within-noise']).toContain(e.status);
      if (e.training.mean <= result.archive[0]!.training.mean) expect(e.status).not.toBe('promoted');
    }
    expect(result.curve.map((p) => p.generation)).toEqual([0, 1, 2, 3]);
    for (let i = 1; i < result.curve.length; i++) expect(result.curve[i]!.bestTraining).toBeGreaterThanOrEqual(result.curve[i - 1]!.bestTraining);
    expect(['promoted', 'none']).toContain(result.verdict);

    const report = writeImproveReport(result, join(out, result.runId));
    const md = readFileSync(report, 'utf8');
    expect(md).toMatch(/## Compounding curve/);
    expect(md).toMatch(/Lineage: [0-9a-f]{12} → [0-9a-f]{12}/);
    expect(md).toMatch(/± /);
    expect(existsSync(join(out, result.runId, 'curve.svg'))).toBe(true);

    const store = await Store.open(result.db);
    try {
      const outer = (await store.getRun(result.runId))!;
      expect(outer.task_name).toBe('improve:tiny');
      expect(outer.status).toBe('completed');
      const events = await store.events(result.runId);
      const types = events.map((e) => e.type);
      expect(types.filter((t) => t === 'improver.archived')).toHaveLength(4);
      expect(types.filter((t) => t === 'gate.checked')).toHaveLength(3);
      const verdict = JSON.parse(events.find((e) => e.type === 'improve.verdict')!.data_json);
      expect(verdict.verdict).toBe(result.verdict);
      const v = await verifyRun(store, outer);
      expect(v.problems).toEqual([]);
      expect(v.signedSeq).toBe(events.length);
      // Inner runs are ordinary runs in the same database, ledgered and verifiable.
      const runs = await store.listRuns();
      // 4 improvers × 2 sets × 2 seeds, and the default's repeat on training (2 seeds).
      expect(runs).toHaveLength(1 + 4 * 2 * 2 + 2);
      for (const run of runs.filter((r) => r.id !== result.runId).slice(0, 3)) {
        expect((await verifyRun(store, run, { topK: 1 })).problems).toEqual([]);
      }
    } finally {
      await store.close();
    }
    // Rewriting the outer loop's history (an improver's recorded scores) is caught.
    tamper(result.db, (db) =>
      db
        .prepare("UPDATE events SET data_json = replace(data_json, '\"mean\":', '\"mean\":1') WHERE run_id = ? AND type = 'improver.evaluated'")
        .run(result.runId),
    );
    const again = await Store.open(result.db);
    try {
      expect((await verifyRun(again, (await again.getRun(result.runId))!)).problems.length).toBeGreaterThan(0);
    } finally {
      await again.close();
    }
  });
});
