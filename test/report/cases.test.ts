import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeReport } from '../../src/cli/report.ts';
import { runStatus, statusAction } from '../../src/cli/status.ts';
import { gatherReport } from '../../src/report/data.ts';
import { Store } from '../../src/store/store.ts';
import { LEAKED_HIDDEN_SEED, type MultiCaseRun, multiCaseRun } from '../support/multi-case-run.ts';
import { tempDir } from '../support/tmp.ts';

let run: MultiCaseRun;
beforeAll(async () => {
  run = await multiCaseRun();
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function statusText(opts: { json?: boolean }): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  await statusAction(run.dir, { db: run.db, ...opts });
  vi.restoreAllMocks();
  return out;
}

describe('kaizen status on a multi-case run', () => {
  it("gives the champion's public cases, a hidden summary and the stages reached under `cases` (JSON)", async () => {
    const s = JSON.parse(await statusText({ json: true }));
    expect(s.cases).toMatchObject({
      championId: run.ids.champion,
      stage: 2,
      publicSummary: { cases: 4, ok: 3, verdicts: { ok: 3, 'time-limit': 1 }, meanScore: 45 },
      hidden: { cases: 3, ok: 2, verdicts: { ok: 2, 'wrong-answer': 1 }, meanScore: 30 },
      hiddenScore: 30,
      checks: { checks: 3, promoted: 2, refused: 1 },
      stages: [
        { stage: 1, programs: 2 },
        { stage: 2, programs: 3 },
      ],
    });
    expect(s.cases.public.map((r: { case: number; seed: number; verdict: string }) => [r.case, r.seed, r.verdict])).toEqual([
      [0, 0, 'ok'],
      [1, 1, 'ok'],
      [2, 2, 'time-limit'],
      [3, 3, 'ok'],
    ]);
    expect(s.safeguards.hiddenChecks).toBe(3);
    // Hidden cases are summarised only: no per-case results, no seeds.
    expect(JSON.stringify(s)).not.toContain('"set":"hidden"');
    expect(JSON.stringify(s)).not.toContain(String(LEAKED_HIDDEN_SEED));
    // The same object as the function the CLI prints.
    const store = await Store.open(run.db);
    expect((await runStatus(store)).cases).toEqual(s.cases);
    await store.close();
  });

  it('prints the per-case table, one hidden line and the stages reached (text)', async () => {
    const text = await statusText({});
    expect(text).toContain(`cases: champion #${run.ids.champion} (stage 2), public: 4 cases, 3 ok, mean score 45 (ok 3, time-limit 1)`);
    expect(text).toMatch(/case\s+input\s+verdict\s+score\s+cpu ms\s+wall ms\s+answer\s+feedback/);
    expect(text).toMatch(/\n\s+2\s+2\s+time-limit\s+0\s+2000\s+36\s+—\s+CPU limit 2000 ms exceeded\n/);
    expect(text).toContain('hidden: 3 cases, mean score 30, hidden score 30 (ok 2, wrong-answer 1); 3 hidden-case checks, 2 promoted');
    expect(text).toContain('stages reached: stage 1: 2, stage 2: 3');
    expect(text).not.toContain(String(LEAKED_HIDDEN_SEED));
    expect(text).not.toContain('bad tour'); // a hidden case's feedback
  });
});

describe('kaizen report on a multi-case run', () => {
  it('gathers the cases of the run', async () => {
    const store = await Store.open(run.db);
    const data = await gatherReport(store, (await store.getRun(run.runId))!);
    expect(data.cases).toEqual(await store.read.runCases(run.runId));
    await store.close();
  });

  it("has a Cases section: the champion's case table, hidden summary, stages and the hidden-score curve", async () => {
    const out = `${tempDir()}/r.md`;
    const files = await writeReport(run.dir, { db: run.db, out });
    const md = readFileSync(out, 'utf8');
    const section = md.slice(md.indexOf('## Cases'), md.indexOf('## Failures'));
    expect(md.indexOf('## Cases')).toBeGreaterThan(md.indexOf('## Score over the run'));
    expect(section).toContain(`The champion, **program ${run.ids.champion}**, reached stage 2; public: 4 cases, 3 ok, mean score 45`);
    expect(section).toContain('| case | input | verdict | score | cpu ms | wall ms | answer | feedback |');
    expect(section).toContain('| 2 | 2 | time-limit | 0 | 2000 | 36 | — | CPU limit 2000 ms exceeded |');
    expect(section).toContain('hidden: 3 cases, mean score 30, hidden score 30 (ok 2, wrong-answer 1); 3 hidden-case checks, 2 promoted');
    expect(section).toContain('| stage 1 | 2 |');
    expect(section).toContain('| stage 2 | 3 |');
    expect(section).toContain('| promotion | program | evaluations | search score | hidden score | hidden mean case score |');
    expect(section).toContain(`| 1 | ${run.ids.seed} | 1 | 25 | 20 | 20 |`);
    expect(section).toContain(`| 2 | ${run.ids.champion} | 3 | 45 | 30 | 30 |`);
    expect(section).toContain('(r-hidden.svg)');
    expect(files.some((f) => f.endsWith('r-hidden.svg'))).toBe(true);
    expect(md).not.toContain(String(LEAKED_HIDDEN_SEED));
    expect(md).not.toContain('bad tour');

    const html = readFileSync((await writeReport(run.dir, { db: run.db, out: `${tempDir()}/r.html` }))[0], 'utf8');
    expect(html).toContain('<h2>Cases</h2>');
    expect(html).toContain('<td>time-limit</td>');
  });
});
