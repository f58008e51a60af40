// `kaizen paper --improve ID`: a paper about one real (tiny, offline) improve run, every number a fact re-derived
// from the record by `kaizen paper verify`, which a one-byte change in an event or a program row makes fail naming
// the fact; `kaizen review` finds no error in it.

import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerPaper } from '../../src/cli/commands.ts';
import { improve } from '../../src/improve/loop.ts';
import { loadSuite } from '../../src/improve/suite.ts';
import type { ImproveResult } from '../../src/improve/types.ts';
import { verifyPaper, writePaper } from '../../src/research/paper.ts';
import { reviewPaper } from '../../src/research/review.ts';
import type { FactsFile } from '../../src/research/types.ts';
import { tinySuite } from '../improve/support/suite.ts';
import { tempDir } from '../support/tmp.ts';

/** A copy of the improve database (and its keys) to change a byte of. */
function copyDb(db: string): string {
  const dir = tempDir('kaizen-improve-copy-');
  cpSync(join(db, '..'), dir, { recursive: true });
  return join(dir, 'improve.db');
}

describe('kaizen paper --improve', () => {
  let result: ImproveResult;
  let out: string;
  let facts: FactsFile;

  beforeAll(async () => {
    const dir = tinySuite();
    result = await improve({
      suite: loadSuite(dir),
      out: join(dir, 'out', 'improve.db'),
      generations: 2,
      seeds: 2,
      innerBudget: 6,
      concurrency: 2,
      heldOutFor: 'all',
    });
    out = join(tempDir('kaizen-improve-paper-'), 'paper');
    await writePaper({ store: result.db, subject: { kind: 'improve', id: result.runId }, out, pdf: false });
    facts = JSON.parse(readFileSync(join(out, 'facts.json'), 'utf8')) as FactsFile;
  }, 240_000);

  it('writes the paper from the record: the default improver, each generation, each gate, the counts, the verdict', () => {
    const ids = facts.facts.map((f) => f.id);
    const root = result.initialDefault;
    for (const set of ['training', 'heldOut']) for (const field of ['mean', 'sd', 'n']) expect(ids).toContain(`improve.improver.${root}.${set}.${field}`);
    const mean = facts.facts.find((f) => f.id === `improve.improver.${root}.training.mean`)!;
    expect(mean.value).toBe(result.archive[0]!.training.mean);
    expect(mean.n).toBe(2);
    for (const g of [0, 1, 2]) expect(ids).toContain(`improve.generation.${g}.best-training`);
    const gates = result.archive.filter((e) => e.gate);
    expect(gates.length).toBeGreaterThan(0);
    for (const e of gates) {
      const diff = facts.facts.find((f) => f.id === `improve.gate.${e.improver.id}.diff`)!;
      expect(diff.value).toBe(e.gate!.diff);
      expect(['better', 'within noise', 'worse']).toContain(diff.verdict);
      if (e.gate!.promote) expect(diff.verdict).toBe('better');
    }
    for (const id of ['improve.variants', 'improve.proposed', 'improve.rejected', 'improve.archived', 'improve.inner-runs', 'improve.promotions'])
      expect(ids).toContain(id);
    expect(facts.facts.find((f) => f.id === 'improve.archived')!.value).toBe(result.archive.length);
    expect(facts.facts.find((f) => f.id === 'improve.variants')!.value).toBe(result.archive.length - 1 + result.rejected.length);
    expect(facts.facts.find((f) => f.id === 'improve.inner-runs')!.value).toBe(result.innerRuns.run);
    const md = readFileSync(join(out, 'paper.md'), 'utf8');
    for (const h of ['## Abstract', '## Introduction', '## Methods', '## Results', '## What did not work', '## References', '## Facts'])
      expect(md).toContain(h);
    expect(md).toMatch(/Darwin Gödel Machine/);
    expect(md).not.toMatch(/llm-diff|MAP-Elites/);
  });

  it('verifies, and reviews with no error', async () => {
    const v = await verifyPaper(out);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.runs).toHaveLength(1 + result.innerRuns.run);
    const review = await reviewPaper(out, { write: false });
    expect(review.findings.filter((f) => f.severity === 'error')).toEqual([]);
  }, 120_000);

  it('fails verify naming the fact after a one-byte change in a recorded event', async () => {
    const gate = result.archive.find((e) => e.gate)!;
    const db = copyDb(result.db);
    const sqlite = new SQLite(db);
    sqlite.exec('DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;');
    const row = sqlite
      .prepare("SELECT id, data_json FROM events WHERE run_id = ? AND type = 'gate.checked' AND data_json LIKE ?")
      .get(result.runId, `%"${gate.improver.id}"%`) as {
      id: number;
      data_json: string;
    };
    const changed = row.data_json.replace('"diff":', '"diff":1');
    expect(changed.length).toBe(row.data_json.length + 1);
    sqlite.prepare('UPDATE events SET data_json = ? WHERE id = ?').run(changed, row.id);
    sqlite.close();
    const v = await verifyPaper(out, { store: db });
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => p.startsWith(`fact improve.gate.${gate.improver.id}.diff:`) && /event #\d+/.test(p))).toBe(true);
  }, 120_000);

  it("fails verify naming the fact after a one-byte change in an inner run's program row", async () => {
    const inner = result.archive[0]!.training.runs.find((r) => r.bestScore !== null)!;
    const db = copyDb(result.db);
    const sqlite = new SQLite(db);
    const best = sqlite.prepare("SELECT program_id FROM events WHERE run_id = ? AND type = 'champion.changed' ORDER BY id DESC LIMIT 1").get(inner.runId) as {
      program_id: number;
    };
    const score = (sqlite.prepare('SELECT score FROM programs WHERE id = ?').get(best.program_id) as { score: number }).score;
    sqlite.prepare('UPDATE programs SET score = ? WHERE id = ?').run(score + 1e-9, best.program_id);
    sqlite.close();
    const v = await verifyPaper(out, { store: db });
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => p.startsWith(`fact improve.improver.${result.initialDefault}.training.mean:`))).toBe(true);
  }, 120_000);

  it('is written and verified by `kaizen paper --improve ID` and `kaizen paper verify`', async () => {
    const dir = join(tempDir('kaizen-improve-cli-'), 'paper');
    const cli = async (...args: string[]) => {
      const program = new Command().exitOverride();
      registerPaper(program);
      process.exitCode = 0;
      await program.parseAsync(args, { from: 'user' });
      const code = process.exitCode;
      process.exitCode = 0;
      return code;
    };
    const stdout = process.stdout.write;
    const printed: string[] = [];
    process.stdout.write = ((chunk: string) => printed.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      expect(await cli('paper', '--improve', result.runId, '--store', result.db, '--out', dir, '--no-pdf', '--json')).toBe(0);
      expect(await cli('paper', 'verify', dir)).toBe(0);
      await expect(cli('paper', '--improve', result.runId, '--run', result.runId, '--store', result.db)).rejects.toThrow(/one subject/);
    } finally {
      process.stdout.write = stdout;
    }
    expect(JSON.parse(printed[0]!).facts).toBeGreaterThan(0);
    expect(printed.join('')).toMatch(/: ok: \d+ facts re-derived/);
  }, 120_000);
});
