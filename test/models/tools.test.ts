// Tool calls over real HTTP with the real AI SDK providers: the model asks for a tool, the caller answers with the
// result, the (scripted) model answers from it; the tool definitions and tool traffic travel in each provider's format.
import { afterEach, describe, expect, it } from 'vitest';
import { createChatModel, ModelError } from '../../src/models/index.ts';
import type { ChatMessage, ToolMessage, ToolSpec } from '../../src/models/types.ts';
import { llmEnv } from '../support/llm-env.ts';
import { countTokens, type LlmRequestInfo, type LlmScript, type LlmServer, startLlmServer } from '../support/llm-server.ts';

const tools: ToolSpec[] = [
  {
    name: 'read_file',
    description: 'Read a file of the program under improvement',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: 'Path relative to the project root' } },
      required: ['path'],
      additionalProperties: false,
    },
  },
  {
    name: 'run_benchmark',
    description: 'Run the benchmark and report the time in seconds',
    parameters: { type: 'object', properties: { repeats: { type: 'integer', minimum: 1 } }, required: [], additionalProperties: false },
  },
];

const messages: ChatMessage[] = [
  { role: 'system', content: 'You improve programs.' },
  { role: 'user', content: 'What does main return?' },
];

const SOURCE = 'int main ( ) { return 42 ; }';

let servers: LlmServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function serve(script: LlmScript): Promise<LlmServer> {
  const s = await startLlmServer(script);
  servers.push(s);
  return s;
}

/** A model that reads the file it was asked about, then answers from the tool result it got. */
function fileReader(seen: LlmRequestInfo[]): LlmScript {
  return {
    respond: (info) => {
      seen.push(info);
      const last = info.messages.at(-1)!;
      if (last.role === 'tool') return { text: `main returns 42, according to: ${last.content}` };
      return { toolCalls: [{ name: 'read_file', arguments: { path: 'src/main.c' } }] };
    },
  };
}

const providers = [
  { spec: 'openai:gpt-4.1-mini', api: 'openai-chat', id: 'call_1' },
  { spec: 'anthropic:claude-haiku-4-5', api: 'anthropic-messages', id: 'toolu_1' },
  // Google sends no call ids; the SDK makes one up.
  { spec: 'google:gemini-2.5-flash', api: 'google-generate', id: undefined },
] as const;

describe.each(providers)('tool calls with $spec', ({ spec, api, id }) => {
  it('two steps: a tool call, then a final answer from the tool result; usage and cost as the server reported', async () => {
    const seen: LlmRequestInfo[] = [];
    const s = await serve(fileReader(seen));
    const m = createChatModel(spec, { env: llmEnv(s) });

    const first = await m.chatWithTools!({ messages, tools });
    expect(first.text).toBe('');
    expect(first.toolCalls).toHaveLength(1);
    const call = first.toolCalls![0];
    expect(call).toMatchObject({ name: 'read_file', input: { path: 'src/main.c' } });
    if (id) expect(call.id).toBe(id);
    else expect(call.id).toBeTruthy();
    expect(first.finishReason).toBe('tool-calls');
    expect(s.requests[0].toolCalls).toEqual([{ id: id ?? '', name: 'read_file', arguments: { path: 'src/main.c' } }]);
    // Tool call arguments count as output: the words of their JSON.
    expect(first.usage).toEqual(s.requests[0].usage);
    expect(first.usage).toEqual({ inputTokens: 7, outputTokens: countTokens(JSON.stringify({ path: 'src/main.c' })), cachedInputTokens: 0 });
    expect(first.priced).toBe(true);
    expect(first.cost).toBeGreaterThan(0);

    // The first request offered the tools: names, descriptions and JSON schemas as given.
    expect(seen[0].api).toBe(api);
    expect(seen[0].tools).toEqual(tools.map((t) => ({ name: t.name, description: t.description, parameters: expect.objectContaining(t.parameters) })));

    const turn: ToolMessage[] = [
      { role: 'assistant', content: first.text, toolCalls: first.toolCalls! },
      { role: 'tool', results: [{ id: call.id, name: call.name, output: SOURCE }] },
    ];
    const second = await m.chatWithTools!({ messages: [...messages, ...turn], tools });
    expect(second.text).toBe(`main returns 42, according to: ${SOURCE}`);
    expect(second.toolCalls).toBeUndefined();
    expect(second.finishReason).toBe('stop');
    expect(second.usage).toEqual(s.requests[1].usage);
    expect(second.cost).toBeGreaterThan(0);

    // The server saw the whole conversation: the model's call, then the caller's result for it.
    const history = seen[1].messages;
    expect(history.slice(0, 2).map((x) => x.content)).toEqual(['You improve programs.', 'What does main return?']);
    expect(history[2]).toMatchObject({ content: '', toolCalls: [{ id: call.id, name: 'read_file', arguments: { path: 'src/main.c' } }] });
    expect(history[2].role).toBe(api === 'google-generate' ? 'model' : 'assistant');
    expect(history[3]).toEqual({ role: 'tool', content: SOURCE, toolCallId: api === 'google-generate' ? expect.any(String) : call.id });
    expect(history).toHaveLength(4);
    expect(seen[1].tools.map((t) => t.name)).toEqual(['read_file', 'run_benchmark']);
    // Input tokens: words of every message, tool results and the JSON of earlier calls included.
    const words = ['You improve programs.', 'What does main return?', JSON.stringify({ path: 'src/main.c' }), SOURCE].map(countTokens);
    expect(second.usage.inputTokens).toBe(words.reduce((a, b) => a + b));
  });

  it('a reply may carry text and several tool calls at once', async () => {
    const s = await serve({
      replies: [
        {
          text: 'Let me look first.',
          toolCalls: [
            { id: 'c-read', name: 'read_file', arguments: { path: 'a.c' } },
            { id: 'c-bench', name: 'run_benchmark', arguments: { repeats: 3 } },
          ],
        },
      ],
    });
    const r = await createChatModel(spec, { env: llmEnv(s) }).chatWithTools!({ messages, tools });
    expect(r.text).toBe('Let me look first.');
    expect(r.toolCalls).toEqual([
      { id: 'c-read', name: 'read_file', input: { path: 'a.c' } },
      { id: 'c-bench', name: 'run_benchmark', input: { repeats: 3 } },
    ]);
    expect(r.usage.outputTokens).toBe(countTokens('Let me look first.') + 2);
  });

  it('a reply with neither text nor tool calls fails as bad-response', async () => {
    const s = await serve({ replies: [{ text: '' }] });
    const e = await createChatModel(spec, { env: llmEnv(s), retry: { maxAttempts: 1 } }).chatWithTools!({ messages, tools }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).kind).toBe('bad-response');
    expect(s.requests).toHaveLength(1);
  });
});

describe('tool traffic in each provider format', () => {
  /** Runs the two-step conversation and returns the server's two recorded request bodies. */
  async function conversation(spec: string): Promise<[Record<string, unknown>, Record<string, unknown>]> {
    const s = await serve(fileReader([]));
    const m = createChatModel(spec, { env: llmEnv(s) });
    const first = await m.chatWithTools!({ messages, tools });
    const call = first.toolCalls![0];
    await m.chatWithTools!({
      messages: [
        ...messages,
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', results: [{ id: call.id, name: call.name, output: SOURCE }] },
      ],
      tools,
    });
    expect(s.requests).toHaveLength(2);
    return [s.requests[0].body as Record<string, unknown>, s.requests[1].body as Record<string, unknown>];
  }

  it('openai: function tools, tool_calls with JSON string arguments, role tool results', async () => {
    const [first, second] = await conversation('openai:gpt-4.1-mini');
    expect(first.tools).toEqual(
      tools.map((t) => ({ type: 'function', function: expect.objectContaining({ name: t.name, description: t.description, parameters: t.parameters }) })),
    );
    expect(second.messages).toEqual([
      { role: 'system', content: 'You improve programs.' },
      { role: 'user', content: 'What does main return?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'read_file', arguments: JSON.stringify({ path: 'src/main.c' }) } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: SOURCE },
    ]);
  });

  it('anthropic: tools with input_schema, tool_use blocks, tool_result blocks in a user message', async () => {
    const [first, second] = await conversation('anthropic:claude-haiku-4-5');
    expect(first.tools).toEqual(tools.map((t) => expect.objectContaining({ name: t.name, description: t.description, input_schema: t.parameters })));
    expect(second.messages).toMatchObject([
      { role: 'user', content: [{ type: 'text', text: 'What does main return?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'src/main.c' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: SOURCE }] },
    ]);
    expect(second.messages).toHaveLength(3);
  });

  it('google: functionDeclarations, functionCall and functionResponse parts', async () => {
    const [first, second] = await conversation('google:gemini-2.5-flash');
    expect(first.tools).toEqual([{ functionDeclarations: tools.map((t) => expect.objectContaining({ name: t.name, description: t.description })) }]);
    expect(second.contents).toMatchObject([
      { role: 'user', parts: [{ text: 'What does main return?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'read_file', args: { path: 'src/main.c' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'read_file', response: { content: SOURCE } } }] },
    ]);
  });
});

describe('tool calls on the wire', () => {
  const post = async (url: string, path: string, body: object) =>
    (await (await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<
      string,
      unknown
    >;

  it('openai: content null without text, tool_calls with JSON string arguments, finish_reason tool_calls', async () => {
    const s = await serve({
      replies: [
        {
          toolCalls: [
            { name: 'read_file', arguments: { path: 'x' } },
            { name: 'read_file', arguments: { path: 'y' } },
          ],
        },
      ],
    });
    const json = await post(s.url, '/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(json.choices).toEqual([
      {
        index: 0,
        logprobs: null,
        finish_reason: 'tool_calls',
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"x"}' } },
            { id: 'call_2', type: 'function', function: { name: 'read_file', arguments: '{"path":"y"}' } },
          ],
        },
      },
    ]);
  });

  it('anthropic: tool_use blocks after the text, stop_reason tool_use', async () => {
    const s = await serve({ replies: [{ text: 'Reading.', toolCalls: [{ name: 'read_file', arguments: { path: 'x' } }] }] });
    const json = await post(s.url, '/v1/messages', { model: 'm', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    expect(json).toMatchObject({
      content: [
        { type: 'text', text: 'Reading.' },
        { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'x' } },
      ],
      stop_reason: 'tool_use',
    });
  });

  it('replies without tool calls are unchanged, and requests without tools list none', async () => {
    const seen: LlmRequestInfo[] = [];
    const s = await serve({
      respond: (info) => {
        seen.push(info);
        return 'plain';
      },
    });
    const json = await post(s.url, '/v1/chat/completions', { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(json.choices).toEqual([{ index: 0, logprobs: null, finish_reason: 'stop', message: { role: 'assistant', content: 'plain', refusal: null } }]);
    expect(seen[0]).toEqual({ api: 'openai-chat', model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [], inputs: [] });
    expect(s.requests[0].toolCalls).toBeUndefined();
  });
});
