import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImproveOptions, improve } from '../../src/improve/loop.ts';
import { loadSuite } from '../../src/improve/suite.ts';
import { verifyRun } from '../../src/engine/reexecute.ts';
import { Store } from '../../src/store/store.ts';
import { llmEnv } from '../support/llm-env.ts';
import { type LlmReply, type LlmRequestInfo, type LlmServer, startLlmServer } from '../support/llm-server.ts';
import { tinySuite } from './support/suite.ts';

const MARKER = 'PREFER-MORE-RELAXATION: raise the relaxation iterations before anything else.';
const userText = (req: LlmRequestInfo) => req.messages.map((m) => m.content).join('\n');
const firstFence = (text: string) => /```javascript\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';

/**
 * One scripted model plays both roles. Asked to improve the improver, it first tries to raise the inner budget and
 * loosen the sandbox (which must be rejected), then rewrites the diff prompt. Asked for circle-packing edits, it
 * answers with valid SEARCH/REPLACE blocks (more relaxation iterations).
 */
function scripted() {
  let improverCalls = 0;
  return (req: LlmRequestInfo): LlmReply | string => {
    const text = userText(req);
    if (text.includes('You improve the improver')) {
      improverCalls++;
      if (improverCalls === 1) {
        return '```json\n{"note": "more samples, fewer walls", "policy": {"budget": {"samples": 5000}, "sandbox": {"backend": "process"}}}\n```';
      }
      const diff = /The current diff\.md:\n```markdown\n([\s\S]*?)\n```/.exec(text)?.[1] ?? '';
      return `Here is my edit.\n\`\`\`json\n${JSON.stringify({ note: 'steer the diff prompt towards relaxation', policy: { inspirations: { topK: 1 } }, prompts: { 'diff.md': `${diff}\n\n${MARKER}` } })}\n\`\`\``;
    }
    if (text.includes('meaningfully different idea')) return 'NOVEL';
    if (text.includes('You keep the experiment journal')) return '1. More relaxation iterations raised the score.';
    const code = firstFence(text);
    const iterations = Number(/const iterations = (\d+);/.exec(code)?.[1] ?? 10);
    if (text.includes('Rewrite the program') || text.includes('Combine the strongest ideas')) {
      return `CHANGE: more relaxation\n\`\`\`javascript\n${code.replace(/const iterations = \d+;/, `const iterations = ${iterations + 4};`)}\n\`\`\``;
    }
    return `CHANGE: more relaxation iterations\n<<<<<<< SEARCH\n  const iterations = ${iterations};\n=======\n  const iterations = ${iterations + 3};\n>>>>>>> REPLACE`;
  };
}

describe('kaizen improve with a scripted model', () => {
  let server: LlmServer;
  const saved = { ...process.env };
  beforeAll(async () => {
    server = await startLlmServer({ respond: scripted() });
    Object.assign(process.env, llmEnv(server));
  });
  afterAll(() => {
    process.env = saved;
    return server.close();
  });

  it('an LLM-proposed prompt edit flows through the outer loop: rejected forbidden edit, evaluated, gated, recorded', async () => {
    const dir = tinySuite();
    const result = await improve({
      suite: loadSuite(dir),
      out: join(dir, 'out', 'improve.db'),
      generations: 2,
      seeds: 2,
      innerBudget: 6,
      concurrency: 2,
      models: [`openai-compatible:alpha@${server.url}/v1`],
      heldOutFor: 'all',
      innerConfig: { llm: { timeoutMs: 20_000 } },
    });
    // Generation 1: the model tried to change the budget and the sandbox; the variant was rejected and recorded.
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]!.forbidden).toEqual(['budget.samples', 'sandbox.backend']);
    // Generation 2: the prompt edit became an improver, evaluated on training and held-out tasks, and gated.
    const edited = result.archive.find((e) => e.improver.origin.startsWith('llm:'));
    expect(edited, JSON.stringify(result.archive.map((e) => e.improver.origin))).toBeDefined();
    expect(edited!.improver.prompts['diff.md']).toContain(MARKER);
    expect(edited!.improver.policy.inspirations.topK).toBe(1);
    expect(edited!.training.runs).toHaveLength(2);
    expect(edited!.heldOut?.runs).toHaveLength(2);
    expect(edited!.gate).toBeDefined();

    const store = await Store.open(result.db);
    try {
      // The edited template reached the inner runs' model calls.
      const innerRun = edited!.training.runs[0]!.runId;
      const rows = await store.programs(innerRun);
      const prompted = rows.filter((r) => r.operator === 'llm-diff' && r.prompt);
      expect(prompted.length).toBeGreaterThan(0);
      expect(prompted.every((r) => r.prompt!.includes(MARKER))).toBe(true);
      expect(rows.some((r) => r.status === 'evaluated' && r.model !== null)).toBe(true);
      // The default improver's runs did not see it.
      const baseRows = await store.programs(result.archive[0]!.training.runs[0]!.runId);
      expect(baseRows.some((r) => r.prompt?.includes(MARKER))).toBe(false);

      const events = await store.events(result.runId);
      const rejectedEvent = events.find((e) => e.type === 'improver.rejected');
      expect(JSON.parse(rejectedEvent!.data_json).forbidden).toEqual(['budget.samples', 'sandbox.backend']);
      const archived = events.filter((e) => e.type === 'improver.archived').map((e) => JSON.parse(e.data_json));
      const rec = archived.find((a) => a.id === edited!.improver.id);
      expect(rec.diff.prompts[0].name).toBe('diff.md');
      expect(events.some((e) => e.type === 'gate.checked' && JSON.parse(e.data_json).id === edited!.improver.id)).toBe(true);
      expect((await verifyRun(store, (await store.getRun(result.runId))!)).problems).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('kaizen improve with a scripted model, interrupted and resumed', () => {
  let server: LlmServer;
  let asked = 0;
  const saved = { ...process.env };
  beforeAll(async () => {
    const respond = scripted();
    server = await startLlmServer({
      respond: (req) => {
        if (userText(req).includes('You improve the improver')) asked++;
        return respond(req);
      },
    });
    Object.assign(process.env, llmEnv(server));
  });
  afterAll(() => {
    process.env = saved;
    return server.close();
  });

  it('the model is asked only about generations not yet recorded: recorded replies are replayed, not asked (or paid) again', async () => {
    const dir = tinySuite();
    const options = (): ImproveOptions => ({
      suite: loadSuite(dir),
      out: join(dir, 'out', 'improve.db'),
      generations: 2,
      seeds: 1,
      innerBudget: 6,
      concurrency: 1,
      models: [`openai-compatible:alpha@${server.url}/v1`],
      heldOutFor: 'all',
      innerConfig: { llm: { timeoutMs: 20_000 } },
    });
    const abort = new AbortController();
    const first = await improve({ ...options(), signal: abort.signal, onGeneration: (l) => l.generation === 1 && abort.abort() });
    expect(first.status).toBe('interrupted');
    expect(asked).toBe(1);
    // Generation 1: the forbidden edit was rejected and an offline mutation archived instead.
    expect(first.rejected).toHaveLength(1);
    const resumed = await improve(options());
    expect(asked).toBe(2);
    expect(resumed).toMatchObject({ runId: first.runId, status: 'completed', sessions: 2 });
    expect(resumed.rejected).toEqual(first.rejected);
    expect(resumed.archive.slice(0, 2).map((e) => e.improver.id)).toEqual(first.archive.map((e) => e.improver.id));
    expect(resumed.archive[2]!.improver.prompts['diff.md']).toContain(MARKER);
    const store = await Store.open(resumed.db);
    try {
      const types = (await store.events(resumed.runId)).map((e) => e.type);
      expect(types.filter((t) => t === 'improver.rejected')).toHaveLength(1);
      expect(types.filter((t) => t === 'improver.proposed')).toHaveLength(1);
      expect((await verifyRun(store, (await store.getRun(resumed.runId))!)).problems).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
