// The golden path of the research loop, through the real commands: a small offline study (two arms, three seeds)
// → its paper → the PDF → the PDF's text, whose every number must be a fact; `paper verify` passes, and fails naming
// the fact after a one-byte change in the database.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { which } from '../../src/sandbox/which.ts';
import { CLI, copyExample, tempDir } from '../support/tmp.ts';

function kaizen(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tools = ['pdflatex', 'pdftotext', 'bwrap'].filter((t) => !which(t, process.env.PATH ?? ''));
const skip = tools.length ? `${tools.join(', ')} not on PATH (scripts/system-deps.sh installs them)` : null;

describe('research loop, golden path', () => {
  it.skipIf(skip !== null)(
    `study → paper → PDF → every number a fact; verify catches a one-byte change${skip ? ` (skipped: ${skip})` : ''}`,
    async () => {
      const root = tempDir('kaizen-golden-');
      const task = copyExample('circle-packing');
      const file = join(root, 'study.json');
      const plan = {
        name: 'golden',
        question: 'Do AST edits alone do as well as the default operator mix on circle packing?',
        hypothesis: 'The mix finds a better champion than AST edits alone.',
        arms: [
          { name: 'mix', task, config: { concurrency: 1 } },
          { name: 'ast-only', task, config: { concurrency: 1, operators: { offline: { numeric: 0, ast: 1 } } } },
        ],
        seeds: [0, 1, 2],
        samples: 12,
        metric: 'best-score',
        test: { kind: 'paired-by-seed', threshold: 2 },
      };
      writeFileSync(file, JSON.stringify(plan, null, 2));
      const db = join(root, 'kaizen.db');
      const study = await kaizen(['study', file, '--store', db, '--json']);
      expect(study.code, study.stderr).toBe(0);
      const studyId = JSON.parse(study.stdout.trim().split('\n').at(-1)!).runId as string;

      const out = join(root, 'paper');
      const paper = await kaizen(['paper', '--study', studyId, '--store', db, '--out', out]);
      expect(paper.code, paper.stderr).toBe(0);
      expect(paper.stdout).toContain('(with paper.pdf)');

      // Every number in the PDF's text is the rendering of a fact (the reviewer's number rule, on pdftotext's output).
      const text = spawnSync('pdftotext', ['-layout', join(out, 'paper.pdf'), '-'], { encoding: 'utf8' }).stdout;
      const facts = JSON.parse(readFileSync(join(out, 'facts.json'), 'utf8')).facts as { id: string; value: number; decimals: number }[];
      for (const f of facts.filter((f) => f.id.endsWith('.mean'))) expect(text).toContain(Math.abs(f.value).toFixed(f.decimals));
      const review = await kaizen(['review', out, '--json']);
      const form = JSON.parse(review.stdout);
      expect(form.findings, JSON.stringify(form.findings, null, 1)).toEqual([]);
      expect(form.notes.join('\n')).toMatch(/paper\.pdf: numbers checked/);
      expect(review.code).toBe(0);

      const verified = await kaizen(['paper', 'verify', out]);
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);

      // One byte: the champion score of the ast-only arm's seed-1 run, 1.5… → 1.6… in its program row.
      const sqlite = new SQLite(db);
      const arm = sqlite
        .prepare("SELECT data_json FROM events WHERE run_id = ? AND type = 'study.arm-run'")
        .all(studyId)
        .map((r) => JSON.parse((r as { data_json: string }).data_json) as { arm: string; seed: number; runId: string })
        .find((a) => a.arm === 'ast-only' && a.seed === 1)!;
      const champion = sqlite
        .prepare("SELECT program_id FROM events WHERE run_id = ? AND type = 'champion.changed' ORDER BY id DESC LIMIT 1")
        .get(arm.runId) as { program_id: number };
      sqlite.prepare('UPDATE programs SET score = score + 0.1 WHERE id = ?').run(champion.program_id);
      sqlite.close();
      const broken = await kaizen(['paper', 'verify', out]);
      expect(broken.code).toBe(1);
      expect(broken.stdout + broken.stderr).toMatch(/fact study\.run\.ast-only\.seed1: .*event #\d+/);
    },
    180_000,
  );
});
