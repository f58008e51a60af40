import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { Store } from '../../src/store/store.ts';
import { LEAKED_HIDDEN_SEED, type MultiCaseRun, multiCaseRun } from '../support/multi-case-run.ts';

let run: MultiCaseRun;
beforeAll(async () => {
  run = await multiCaseRun();
});

/** The dashboard's JSON API on the hand-built multi-case run, without a socket. */
async function api<T>(path: string): Promise<T> {
  const store = await Store.open(run.db);
  try {
    const r = await createApp({ store, token: 't', webDir: null }).request(path, { headers: { authorization: 'Bearer t' } });
    expect(r.status).toBe(200);
    return (await r.json()) as T;
  } finally {
    await store.close();
  }
}

interface Case {
  set: string;
  case: number;
  seed: number | null;
  verdict: string;
  score: number;
  cpuMs: number | null;
  wallMs: number;
  digest: string | null;
  feedback: string | null;
}
interface Summary {
  cases: number;
  ok: number;
  verdicts: Record<string, number>;
  meanScore: number;
}
interface ProgramCases {
  stage: number | null;
  results: Case[];
  hidden: Case[] | null;
  summary: Summary;
  hiddenSummary: Summary | null;
}

describe("the dashboard's API on a multi-case run", () => {
  it('gives a program its public and hidden case results, hidden seeds blanked', async () => {
    const p = await api<{ id: number; cases: ProgramCases | null }>(`/api/programs/${run.ids.champion}`);
    expect(p.cases?.stage).toBe(2);
    expect(p.cases?.results.map((r) => [r.case, r.seed, r.verdict, r.score, r.cpuMs, r.wallMs, r.digest?.length ?? null])).toEqual([
      [0, 0, 'ok', 50, 10, 12, 64],
      [1, 1, 'ok', 60, 20, 24, 64],
      [2, 2, 'time-limit', 0, 2000, 36, null],
      [3, 3, 'ok', 70, 40, 48, 64],
    ]);
    expect(p.cases?.results[2].feedback).toBe('CPU limit 2000 ms exceeded\nkilled');
    expect(p.cases?.hidden?.map((r) => [r.set, r.case, r.seed, r.verdict])).toEqual([
      ['hidden', 0, null, 'ok'],
      ['hidden', 1, null, 'ok'],
      ['hidden', 2, null, 'wrong-answer'],
    ]);
    expect(p.cases?.summary).toMatchObject({ cases: 4, ok: 3, meanScore: 45 });
    expect(p.cases?.hiddenSummary).toMatchObject({ cases: 3, ok: 2, meanScore: 30 });
    expect(JSON.stringify(p)).not.toContain(String(LEAKED_HIDDEN_SEED));

    // Stopped at stage 1, never seen by the gate: no hidden results. A rejected proposal: no cases at all.
    const early = await api<{ cases: ProgramCases | null }>(`/api/programs/${run.ids.early}`);
    expect(early.cases).toMatchObject({ stage: 1, hidden: null, summary: { cases: 2 } });
    expect((await api<{ cases: ProgramCases | null }>(`/api/programs/${run.ids.rejected}`)).cases).toBeNull();
  });

  it("shows the run's stages reached, the hidden-case gate and the champion's hidden score on the overview", async () => {
    const o = await api<{ cases: Record<string, unknown> | null }>(`/api/runs/${run.runId}`);
    expect(o.cases).toEqual({
      stages: [
        { stage: 1, programs: 2 },
        { stage: 2, programs: 3 },
      ],
      checks: { checks: 3, promoted: 2, refused: 1 },
      championId: run.ids.champion,
      championStage: 2,
      publicSummary: { cases: 4, ok: 3, verdicts: { ok: 3, 'time-limit': 1 }, meanScore: 45, cpuMsMean: 517.5, cpuMsMax: 2000 },
      hiddenSummary: { cases: 3, ok: 2, verdicts: { ok: 2, 'wrong-answer': 1 }, meanScore: 30, cpuMsMean: 20, cpuMsMax: 20 },
      hiddenScore: 30,
      hiddenCurve: [
        [1, 20],
        [3, 30],
      ],
    });
  });

  it('lists the hidden-case checks with the safeguards', async () => {
    const s = await api<{ events: Record<string, { programId: number | null }[]> }>(`/api/runs/${run.runId}/safeguards`);
    expect(s.events['hidden.checked'].map((e) => e.programId)).toEqual([run.ids.seed, run.ids.champion, run.ids.refused]);
  });
});
