// The LLM operators' caps on prompt and reply size, against a model over real HTTP (the local wire server): where an
// over-long prompt is cut, when it is not sent, and that an over-long reply is refused, kept cut and never sent back.
import { afterEach, describe, expect, it } from 'vitest';
import { createChatModel } from '../../src/models/client.ts';
import { type Policy, startWireServer, type WireRequest, type WireServer } from '../../src/models/wire-server.ts';
import { LlmOperator, LlmOperatorError } from '../../src/operators/llm/operator.ts';
import type { OperatorInput } from '../../src/operators/operator.ts';
import { Rng } from '../../src/util/rng.ts';

const servers: WireServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An operator whose model is served by `policy`; every request is kept. */
async function operatorFor(policy: Policy, caps: { maxPromptBytes?: number; maxReplyBytes?: number; maxRetries?: number }) {
  const requests: WireRequest[] = [];
  const server = await startWireServer((request) => {
    requests.push(request);
    return policy(request);
  });
  servers.push(server);
  const model = createChatModel(`openai-compatible:m@${server.url}`, { retry: { maxAttempts: 1 } });
  const operator = new LlmOperator({ kind: 'diff', task: { name: 'number' }, pickModel: () => ({ model, temperature: 0 }), ...caps });
  return { operator, requests, server };
}

const program = (body: string) => `// EVOLVE-BLOCK-START\n${body}\n// EVOLVE-BLOCK-END\n`;
const input = (code: string, inspirations: string[] = [], lessons?: string): OperatorInput => ({
  code,
  language: 'text',
  inspirations: inspirations.map((c, i) => ({ id: i + 2, code: c, score: i })),
  rng: new Rng(1, 1),
  lessons,
});
const edit = 'CHANGE: raise it\n<<<<<<< SEARCH\n1\n=======\n2\n>>>>>>> REPLACE';
const bytes = (r: WireRequest) => r.messages.reduce((n, m) => n + Buffer.byteLength(m.content), 0);
const failure = async (p: Promise<unknown>): Promise<LlmOperatorError> => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(LlmOperatorError);
  return e as LlmOperatorError;
};

describe('the prompt cap', () => {
  it('drops the inspirations first, then the lessons, keeping the parent', async () => {
    const { operator, requests } = await operatorFor(() => ({ text: edit }), { maxPromptBytes: 8000 });
    const inspiration = program(`INSPIRATION ${'x'.repeat(3000)}`);
    const lessons = `LESSON ${'y'.repeat(3000)}`;
    const out = await operator.propose(input(program('1'), [inspiration, inspiration], lessons));
    expect(out?.code).toBe(program('2'));
    const sent = requests[0].messages.map((m) => m.content).join('\n');
    expect(sent).not.toContain('INSPIRATION');
    expect(sent).toContain('LESSON');
    expect(bytes(requests[0])).toBeLessThanOrEqual(8000);

    await operator.propose(input(program('1'), [inspiration], `LESSON ${'y'.repeat(7000)}`));
    const second = requests[1].messages.map((m) => m.content).join('\n');
    expect(second).not.toContain('INSPIRATION');
    expect(second).not.toContain('LESSON');
    expect(second).toContain('EVOLVE-BLOCK-START\n1\n');
  });

  it('sends nothing when the parent alone is over the cap, and says so', async () => {
    const { operator, server } = await operatorFor(() => ({ text: edit }), { maxPromptBytes: 8000 });
    const e = await failure(operator.propose(input(program(`1\n${'z'.repeat(9000)}`))));
    expect(e.reason).toBe('prompt-too-long');
    expect(e.message).toMatch(/^llm-diff: not sent: the prompt is \d+ bytes without inspirations or lessons, over the cap of 8000 \(llm\.maxPromptBytes\)$/);
    expect(e).toMatchObject({ attempts: 0, cost: 0, model: '' });
    expect(server.requests).toBe(0);
  });

  it('ends the retries when the retry prompt would pass the cap', async () => {
    const unusable = `no blocks here ${'w'.repeat(7000)}`;
    const { operator, server } = await operatorFor(() => ({ text: unusable }), { maxPromptBytes: 8000, maxRetries: 4 });
    const e = await failure(operator.propose(input(program('1'))));
    expect(e.reason).toBe('unusable-reply');
    expect(e.message).toMatch(/no retry: its prompt would be \d+ bytes, over the cap of 8000 \(llm\.maxPromptBytes\)/);
    expect(server.requests).toBe(1);
  });
});

describe('the reply cap', () => {
  it('refuses an over-long reply at once: no retry sends it back, the record keeps it cut with a marker', async () => {
    const long = `${edit}\n${'v'.repeat(10_000)}`;
    const { operator, server } = await operatorFor(() => ({ text: long }), { maxReplyBytes: 2048, maxRetries: 2 });
    const e = await failure(operator.propose(input(program('1'))));
    expect(e.reason).toBe('reply-too-long');
    expect(e.message).toBe(`llm-diff: the reply was ${Buffer.byteLength(long)} bytes, over the cap of 2048 (llm.maxReplyBytes)`);
    expect(server.requests).toBe(1);
    expect(e.reply.startsWith(long.slice(0, 2048))).toBe(true);
    expect(e.reply.slice(2048)).toBe(`\n[… reply cut here: it was ${Buffer.byteLength(long)} bytes, over the cap of 2048 (llm.maxReplyBytes)]`);
    expect(e.prompt).not.toContain('vvvv');
  });

  it('lets a reply at the cap through', async () => {
    const { operator } = await operatorFor(() => ({ text: `${edit}\n${'u'.repeat(2048 - edit.length - 1)}` }), { maxReplyBytes: 2048 });
    expect((await operator.propose(input(program('1'))))?.code).toBe(program('2'));
  });
});
