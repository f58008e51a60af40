import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureEdits, quantile } from '../../bench/novelty-calibration.ts';
import { configSchema } from '../../src/config/config.ts';
import { changedRegion, NOVELTY_RETRY, NoveltyFilter, type NoveltyJudge, regionSimilarity } from '../../src/engine/novelty.ts';
import { Spend } from '../../src/engine/tally.ts';
import { createChatModel } from '../../src/models/client.ts';
import { createLocalEmbedder } from '../../src/models/embeddings.ts';
import { createPricing } from '../../src/models/pricing.ts';
import { PromptSet } from '../../src/operators/llm/prompts.ts';
import { extraCosts } from '../../src/store/figures.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmRequestInfo, type LlmServer, type RecordedRequest, startLlmServer } from '../support/llm-server.ts';
import { copyExample, REPO, runCli } from '../support/tmp.ts';

const seed = readFileSync(join(REPO, 'examples/circle-packing/initial.js'), 'utf8');
const oneLine = seed.replace('const iterations = 10;', 'const iterations = 16;');
const commentOnly = seed.replace('// Push overlapping neighbours apart a few times.', '// Push overlapping circles apart, a few times over.');
const reindented = seed.replace('  const perRow = 6;', '    const perRow = 6;\n');

describe('novelty on the changed region', () => {
  it('sees what an edit changed: layout and comments are no change, a changed line is', () => {
    expect(changedRegion(seed, reindented)).toEqual({ before: '', after: '' });
    expect(changedRegion(seed, commentOnly)).toEqual({ before: '', after: '' });
    expect(changedRegion(seed, oneLine)).toEqual({ before: 'const iterations = 10;', after: 'const iterations = 16;' });
    // Redcode's immediate `#` is code, its `;` a comment.
    const red = '; EVOLVE-BLOCK-START\n  MOV.I #1, <-10 ; bomb\n; EVOLVE-BLOCK-END\n';
    expect(changedRegion(red, red.replace('; bomb', '; a bomb'))).toEqual({ before: '', after: '' });
    expect(changedRegion(red, red.replace('#1', '#3'))).toEqual({ before: 'MOV.I #1, <-10', after: 'MOV.I #3, <-10' });
  });

  it('puts a one-line edit under the default threshold although its whole-text cosine is over it', async () => {
    const embedder = createLocalEmbedder();
    expect((await regionSimilarity(embedder, seed, oneLine)).similarity).toBeLessThan(0.99);
    expect((await regionSimilarity(embedder, seed, commentOnly)).similarity).toBe(1);
    expect((await regionSimilarity(embedder, seed, seed.replace('  const perRow = 6;\n', ''))).similarity).toBe(0);
    const filter = new NoveltyFilter(embedder, 0.99);
    filter.remember(1, 0, (await filter.embed(seed)).vector);
    const codeOf = async () => seed;
    // Without a judge a near-duplicate is refused, a one-line change is not (its whole text is at 0.9992).
    const one = await filter.check(0, oneLine, codeOf, null);
    expect(one).toMatchObject({ novel: true, by: 'threshold', nearestId: 1 });
    expect(await filter.check(0, commentOnly, codeOf, null)).toMatchObject({ novel: false, by: 'no-judge', similarity: 1 });
  });
});

describe('the default threshold, against the calibration on the example programs', () => {
  it('lets most one-line edits past it and none of the larger ones, and holds every layout or comment-only edit', async () => {
    const threshold = configSchema.parse({}).novelty.threshold;
    const m = await measureEdits();
    const share = (xs: number[]) => xs.filter((x) => x > threshold).length / xs.length;
    expect(m.get('cosmetic')!.region.every((x) => x === 1)).toBe(true);
    expect(m.get('one line')!.region.length).toBeGreaterThan(300);
    expect(quantile(m.get('one line')!.region, 0.5)).toBeLessThan(0.95);
    expect(share(m.get('one line')!.region)).toBeLessThan(0.05);
    // The whole text, as novelty measured it before: nearly every one-line edit over the threshold.
    expect(share(m.get('one line')!.whole)).toBeGreaterThan(0.9);
    for (const kind of ['one function', 'rewrite']) expect(share(m.get(kind)!.region), kind).toBe(0);
  });
});

/** A judge over real HTTP that answers from a queue (and records what it was asked). */
describe('the novelty judge over HTTP', () => {
  let server: LlmServer;
  let queue: string[] = [];
  const asked: LlmRequestInfo[] = [];
  beforeAll(async () => {
    server = await startLlmServer({
      respond: (req) => {
        asked.push(req);
        return queue.shift() ?? 'NOVEL';
      },
    });
  });
  afterAll(() => server.close());

  const spec = () => `openai-compatible:judge@${server.url}/v1`;
  const judge = (affordable = true): NoveltyJudge => ({
    models: [createChatModel(spec(), { env: llmEnv(server), pricing: createPricing({ overrides: { [spec()]: { input: 1, output: 1 } } }) })],
    prompts: new PromptSet(),
    task: { name: 'circles', description: 'pack circles' },
    language: 'javascript',
    affordable: () => affordable,
  });
  const check = async (replies: string[], affordable = true) => {
    queue = replies;
    asked.length = 0;
    const filter = new NoveltyFilter(createLocalEmbedder(), 0.99);
    filter.remember(1, 0, (await filter.embed(seed)).vector);
    return filter.check(0, commentOnly, async () => seed, judge(affordable));
  };

  it('asks again after a reply that says neither, then lets the candidate through as undecided', async () => {
    const v = await check(['Both programs are quite alike, I would say.', 'Hard to tell.']);
    expect(v).toMatchObject({ novel: true, by: 'undecided', retried: true });
    expect(v.judgeReply).toContain('quite alike');
    expect(v.judgeReply).toContain('Hard to tell');
    expect(asked).toHaveLength(2);
    expect(asked[1].messages.at(-1)?.content).toBe(NOVELTY_RETRY);
    expect(asked[1].messages.at(-2)).toMatchObject({ role: 'assistant', content: 'Both programs are quite alike, I would say.' });
    // Both calls are paid for, at the server's token counts.
    const paid = server.requests.slice(-2).reduce((s, r) => s + (r.usage!.inputTokens + r.usage!.outputTokens) / 1e6, 0);
    expect(v.judgeCost).toBeCloseTo(paid, 12);
  });

  it('takes the word the retry gives, and a clear first answer at once', async () => {
    expect(await check(['Hmm.', 'NOT_NOVEL'])).toMatchObject({ novel: false, by: 'judge', retried: true });
    expect(asked).toHaveLength(2);
    expect(await check(['NOT_NOVEL: a comment moved'])).toMatchObject({ novel: false, by: 'judge' });
    expect(asked).toHaveLength(1);
    expect((await check(['NOVEL'])).retried).toBeUndefined();
  });

  it('over its spend cap, the judge is not asked and the candidate goes through', async () => {
    expect(await check(['NOT_NOVEL'], false)).toMatchObject({ novel: true, by: 'over-cap', judgeCost: 0 });
    expect(asked).toHaveLength(0);
  });
});

describe('extra spend by kind', () => {
  it('restores an old run total as other, and a split that is short of the total with the rest as other', async () => {
    expect(extraCosts(0.3, undefined)).toEqual({ embeddings: 0, judge: 0, lessons: 0, prompts: 0, other: 0.3 });
    expect(extraCosts(0.5, { judge: 0.2, lessons: 0.1 })).toMatchObject({ judge: 0.2, lessons: 0.1, other: expect.closeTo(0.2) });
    expect(extraCosts(undefined, { judge: 0.2 })).toMatchObject({ judge: 0.2, other: 0 });
    const saved: [number, Record<string, number>][] = [];
    const spend = new Spend({ proposals: 1, extra: 0.3 }, async (total, byKind) => void saved.push([total, byKind]));
    await spend.addExtra(0.5, 'judge');
    expect(saved.at(-1)).toEqual([expect.closeTo(0.8), expect.objectContaining({ judge: 0.5, other: 0.3 })]);
    expect(spend.spent).toBeCloseTo(1.8);
    // The judge's share: 0.5 of 1.8.
    expect(spend.overShare('judge', 0.25)).toBe(true);
    expect(spend.overShare('judge', 0.3)).toBe(false);
    expect(new Spend({ proposals: 0, extra: 0 }, async () => {}).overShare('judge', 0)).toBe(false);
  });
});

const JUDGE_ASKED = 'meaningfully different idea';
const LESSONS_ASKED = 'You keep the experiment journal';
const textOf = (req: LlmRequestInfo) => req.messages.map((m) => m.content).join('\n');
const bodyHas = (r: RecordedRequest, s: string) => JSON.stringify(r.body).includes(s);

/**
 * A model that only rewords a comment (every child is a near-duplicate of its parent), a judge that never says NOVEL
 * or NOT_NOVEL, and a lessons step: the run must let its children through undecided or over the judge's cap, postpone
 * lessons over theirs, and account for each kind of spend apart.
 */
function commentRewordingModel() {
  let n = 0;
  return (req: LlmRequestInfo): string => {
    const text = textOf(req);
    if (text.includes(NOVELTY_RETRY)) return 'They look alike to me.';
    if (text.includes(JUDGE_ASKED)) return 'Both place circles in rows and push them apart.';
    if (text.includes(LESSONS_ASKED)) return '1. Keep the rows.';
    const code = /```javascript\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';
    const next = code.replace(/\/\/ Push overlapping neighbours apart[^\n]*/, `// Push overlapping neighbours apart (take ${++n}).`);
    return `CHANGE: reword a comment\n\`\`\`javascript\n${next}\n\`\`\``;
  };
}

describe('a run whose children are all near-duplicates, judged by a model that never decides', () => {
  let server: LlmServer;
  beforeAll(async () => {
    server = await startLlmServer({ respond: commentRewordingModel() });
  });
  afterAll(() => server.close());

  it('lets them through (counted, recorded), caps judging and lessons by share of spend, shows each cost apart', async () => {
    const dir = copyExample('circle-packing');
    const model = `openai-compatible:m@${server.url}/v1`;
    writeFileSync(
      join(dir, 'kaizen.config.ts'),
      `export default {
  budget: { samples: 9 }, concurrency: 1, seed: 3, islands: { count: 1 },
  lessons: { every: 2, maxSpendShare: 0.001 },
  novelty: { maxSpendShare: 0.3 },
  llm: { mix: { diff: 0, full: 1, cross: 0 }, timeoutMs: 20000, prices: { ${JSON.stringify(model)}: { input: 1, output: 2 } } },
};\n`,
    );
    const run = await runCli(['run', dir, '--model', model, '--json'], llmEnv(server));
    expect(run.code, run.stderr).toBe(0);
    const status = async () => JSON.parse((await runCli(['status', dir, '--json'])).stdout);
    const s = await status();
    expect(s.evaluated).toBe(9);
    expect(s.rejections['not-novel']).toBeUndefined();

    // Every child reached the judge or was let past it over the cap; each judged one was asked twice and let through.
    const n = s.novelty;
    expect(n.judged).toBeGreaterThan(0);
    expect(n.overCap).toBeGreaterThan(0);
    expect(n.judged + n.overCap).toBe(8);
    expect(n).toMatchObject({ notNovel: 0, retried: n.judged, undecided: n.judged });
    const judgeCalls = server.requests.filter((r) => bodyHas(r, JUDGE_ASKED));
    expect(judgeCalls).toHaveLength(2 * n.judged);

    // Each kind of spend is exactly what the server's token counts come to at the configured price.
    const price = (rs: RecordedRequest[]) => rs.reduce((sum, r) => sum + (r.usage!.inputTokens + 2 * r.usage!.outputTokens) / 1e6, 0);
    const lessonCalls = server.requests.filter((r) => bodyHas(r, LESSONS_ASKED));
    expect(s.cost.extra.judge).toBeCloseTo(price(judgeCalls), 12);
    expect(s.cost.extra.lessons).toBeCloseTo(price(lessonCalls), 12);
    expect(s.cost.extra.other).toBe(0);
    expect(s.cost.total).toBeCloseTo(price(server.requests), 12);
    // Lessons ran once with the model, then waited (to the end of this short run) for their share to come back under 0.1%.
    expect(lessonCalls).toHaveLength(1);

    const human = (await runCli(['status', dir])).stdout;
    expect(human).toMatch(/novelty judge \$\d+\.\d{4}, lessons \$\d+\.\d{4}/);
    expect(human).toContain(
      `novelty judge: ${n.judged} judged, 0 not novel, ${n.judged} retried, ${n.judged} let through undecided, ${n.overCap} let through over its spend cap`,
    );

    const db = join(dir, '.kaizen', 'kaizen.db');
    const sqlite = new DatabaseSync(db);
    try {
      const events = sqlite.prepare('SELECT type, data_json FROM events WHERE run_id = ? ORDER BY id').all(s.runId) as { type: string; data_json: string }[];
      const undecided = events.filter((e) => e.type === 'novelty.undecided').map((e) => JSON.parse(e.data_json));
      expect(undecided).toHaveLength(n.judged);
      expect(undecided[0]).toMatchObject({ similarity: 1, reply: 'Both place circles in rows and push them apart.\n---\nThey look alike to me.' });
      const notices = events.filter((e) => e.type === 'run.notice').map((e) => JSON.parse(e.data_json).message as string);
      expect(notices.filter((m) => /over novelty\.maxSpendShare 0\.3/.test(m))).toHaveLength(1);
      expect(notices.filter((m) => /^lessons postponed after \d+ evaluations: .* over lessons\.maxSpendShare 0\.001/.test(m))).toHaveLength(1);
      expect(events.filter((e) => e.type === 'lessons.updated')).toHaveLength(1);

      // A run from before the split kept one total: restored, all of it is `other`, and the total does not move.
      sqlite.prepare(`DELETE FROM run_state WHERE run_id = ? AND key = 'extra_cost_by_kind'`).run(s.runId);
    } finally {
      sqlite.close();
    }
    const old = await status();
    expect(old.cost.total).toBeCloseTo(s.cost.total, 12);
    expect(old.cost.extra).toMatchObject({ judge: 0, lessons: 0, other: expect.closeTo(s.cost.judgingEmbeddingsLessons, 12) });
  }, 120_000);
});
