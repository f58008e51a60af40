import SQLite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveFacts, type FactSet, RecordReader, recomputeFact } from '../../src/research/facts.ts';
import type { Fact } from '../../src/research/types.ts';
import { Store } from '../../src/store/store.ts';
import { mean, sampleSd } from '../../src/util/stats.ts';
import { copyRun, smallRun, tamper } from '../ledger/support.ts';
import { BEST, type StudyFixture, syntheticStudy } from './paper-fixture.ts';

const byId = (set: FactSet) => new Map(set.facts.map((f) => [f.id, f]));

async function recomputeAll(db: string, facts: readonly Fact[]): Promise<string[]> {
  const store = await Store.open(db);
  try {
    const reader = new RecordReader(store);
    const problems: string[] = [];
    for (const f of facts) problems.push(...(await recomputeFact(store, f, reader)).problems);
    return problems;
  } finally {
    await store.close();
  }
}

async function factsOf(db: string, subject: FactSet['outline']['kind'], id: string): Promise<FactSet> {
  const store = await Store.open(db);
  try {
    return await deriveFacts(store, { kind: subject, id });
  } finally {
    await store.close();
  }
}

describe('the facts of an evolution run', () => {
  let run: { dir: string; db: string; runId: string };
  let set: FactSet;
  beforeAll(async () => {
    run = await smallRun(6);
    set = await factsOf(run.db, 'run', run.runId);
  });

  it('reads the seed and best scores from the first and last champion.changed, with their events', async () => {
    const facts = byId(set);
    const store = await Store.open(run.db);
    const champions = (await store.ledgerEvents(run.runId)).filter((e) => e.type === 'champion.changed');
    await store.close();
    expect(facts.get('run.seed-score')).toMatchObject({ value: 1, rule: 'run.seed-score', args: { run: run.runId } });
    expect(facts.get('run.seed-score')!.source).toEqual({ runId: run.runId, seq: champions[0]!.seq, hash: champions[0]!.hash });
    expect(facts.get('run.best-score')!.value).toBe(7);
    expect(facts.get('run.best-score')!.source).toEqual({ runId: run.runId, seq: champions.at(-1)!.seq, hash: champions.at(-1)!.hash });
    expect(facts.get('run.gain')!.value).toBe(6);
    expect(facts.get('run.promotions')!.value).toBe(champions.length - 1);
    expect(facts.get('run.duration')!.unit).toBe('s');
  });

  it('counts what was evaluated, what failed and what was rejected, by class, as kaizen status does', () => {
    const facts = byId(set);
    expect(facts.get('run.samples')!.value).toBe(6);
    expect(facts.get('run.rejected')!.value).toBe(1);
    expect(facts.get('run.rejection.duplicate')!.value).toBe(1);
    expect(facts.get('run.failing')!.value).toBe(2);
    const classes = set.facts.filter((f) => f.id.startsWith('run.failure.'));
    expect(classes.reduce((s, f) => s + f.value, 0)).toBe(2);
    expect(facts.get('run.failure.incorrect')!.value).toBe(1);
    expect(facts.get('run.operator.scripted.proposals')!.value).toBeGreaterThan(0);
    for (const f of set.facts) expect(f.id).toMatch(/^[a-z][\w.-]*$/i);
  });

  it('collects what the record shows was used, each numeric setting a fact of its own', () => {
    expect(set.used.operators).toEqual(['scripted']);
    expect(set.used.models).toEqual([]);
    expect(set.used.settings['budget.samples']).toBe(6);
    expect(set.used.settings['selection.strategy']).toBe('weighted');
    expect(byId(set).get('setting.budget.samples')).toMatchObject({ value: 6, rule: 'run.setting', decimals: 0 });
    expect(set.outline).toMatchObject({ kind: 'run', task: 'number', seedCorrect: true });
  });

  it('recomputes every fact from the database by the same rule', async () => {
    expect(await recomputeAll(run.db, set.facts)).toEqual([]);
  });

  it('names the fact when a program score changes by one byte', async () => {
    const copy = copyRun(run.db);
    tamper(copy.db, (db) => {
      const best = db.prepare("SELECT program_id FROM events WHERE type = 'champion.changed' ORDER BY id DESC LIMIT 1").get() as { program_id: number };
      db.prepare('UPDATE programs SET score = 8 WHERE id = ?').run(best.program_id);
    });
    const problems = await recomputeAll(copy.db, set.facts);
    expect(problems.some((p) => p.startsWith('fact run.best-score:') && /score 8 is not the 7/.test(p))).toBe(true);
    expect(problems.some((p) => p.startsWith('fact run.gain:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('fact run.seed-score:'))).toBe(false);
  });

  it('names the fact when its source event is rewritten', async () => {
    const copy = copyRun(run.db);
    const seq = byId(set).get('run.seed-score')!.source.seq;
    tamper(copy.db, (db) => {
      db.prepare(`UPDATE events SET data_json = replace(data_json, '"score":1,', '"score":2,') WHERE run_id = ? AND seq = ?`).run(run.runId, seq);
    });
    const problems = await recomputeAll(copy.db, set.facts);
    const seedProblems = problems.filter((p) => p.startsWith('fact run.seed-score:'));
    expect(seedProblems.join('\n')).toMatch(new RegExp(`event #${seq} .*changed after it was recorded`));
    expect(seedProblems.join('\n')).toMatch(/program \d+'s score 1 is not the 2/);
  });
});

describe('the facts of a study', () => {
  let study: StudyFixture;
  let set: FactSet;
  beforeAll(async () => {
    study = await syntheticStudy();
    set = await factsOf(study.db, 'study', study.studyId);
  });

  it('reads each arm × seed from its study.arm-run event, checked against the arm run', async () => {
    const facts = byId(set);
    const value = facts.get('study.run.higher.seed1')!;
    expect(value.value).toBe(BEST.higher!(1));
    const store = await Store.open(study.db);
    const armRun = (await store.ledgerEvents(study.studyId)).filter((e) => e.type === 'study.arm-run')[4]!;
    await store.close();
    expect(JSON.parse(armRun.data_json)).toMatchObject({ arm: 'higher', seed: 1 });
    expect(value.source).toEqual({ runId: study.studyId, seq: armRun.seq, hash: armRun.hash });
    expect(set.runs).toEqual([study.studyId, ...Object.values(study.runs)]);
  });

  it('carries n and sd on means and the verdict on comparisons', () => {
    const facts = byId(set);
    const control = [0, 1, 2].map((s) => BEST.control!(s));
    expect(facts.get('study.arm.control.mean')).toMatchObject({ value: mean(control), n: 3, sd: sampleSd(control) });
    expect(facts.get('study.arm.control.sd')!.value).toBe(sampleSd(control));
    expect(facts.get('study.arm.control.n')!.value).toBe(3);
    expect(facts.has('study.arm.control.diff')).toBe(false);
    const diffs = [0, 1, 2].map((s) => BEST.higher!(s) - BEST.control!(s));
    expect(facts.get('study.arm.higher.diff')).toMatchObject({ value: mean(diffs), verdict: 'better', n: 3 });
    expect(facts.get('study.arm.higher.se')).toMatchObject({ value: sampleSd(diffs) / Math.sqrt(3), verdict: 'better' });
    expect(facts.get('study.arm.higher.pairs')).toMatchObject({ value: 3, verdict: 'better' });
    expect(facts.get('study.arm.noisy.diff')!.verdict).toBe('within noise');
    // Means and differences print at enough decimals for their spread.
    expect(facts.get('study.arm.higher.se')!.decimals).toBeGreaterThanOrEqual(facts.get('study.arm.higher.mean')!.decimals);
  });

  it('reads the plan, the arms’ registered settings, and the settings the runs recorded', () => {
    const facts = byId(set);
    expect(facts.get('study.arms')!.value).toBe(3);
    expect(facts.get('study.seeds')!.value).toBe(3);
    expect(facts.get('study.seed.2')!.value).toBe(2);
    expect(facts.get('study.threshold')!.value).toBe(2);
    expect(facts.get('study.samples')!.value).toBe(6);
    expect(facts.get('study.arm.higher.config.islands.count')!.value).toBe(1);
    // islands.count differs between arms: each arm's; budget.samples is common.
    expect(facts.get('setting.higher.islands.count')!.value).toBe(1);
    expect(facts.get('setting.control.islands.count')!.value).toBe(2);
    expect(facts.get('setting.budget.samples')!.value).toBe(6);
    expect(set.used.settings['higher/islands.count']).toBe(1);
    expect(set.used.settings['islands.count']).toBeUndefined();
    expect(set.used.operators).toEqual(['scripted']);
    // The arms' failures, summed over their runs at the heads the study recorded.
    expect(facts.get('study.arm.noisy.failing')!.value).toBe(6);
    expect(facts.get('study.arm.noisy.rejection.duplicate')!.value).toBe(3);
  });

  it('recomputes every fact from the database by the same rule', async () => {
    expect(await recomputeAll(study.db, set.facts)).toEqual([]);
  });

  it('names the arm value, its mean and its comparison when an arm run’s champion changes by one byte', async () => {
    const copy = copyRun(study.db);
    const runId = study.runs['higher/1']!;
    const sqlite = new SQLite(copy.db);
    const best = sqlite.prepare("SELECT program_id FROM events WHERE run_id = ? AND type = 'champion.changed' ORDER BY id DESC LIMIT 1").get(runId) as {
      program_id: number;
    };
    sqlite.prepare('UPDATE programs SET score = ? WHERE id = ?').run(4.13, best.program_id);
    sqlite.close();
    const problems = await recomputeAll(copy.db, set.facts);
    const named = new Set(problems.map((p) => /^fact (\S+):/.exec(p)?.[1]));
    expect(named).toContain('study.run.higher.seed1');
    expect(named).toContain('study.arm.higher.mean');
    expect(named).toContain('study.arm.higher.diff');
    expect(named).not.toContain('study.run.control.seed1');
  });
});
