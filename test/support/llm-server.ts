// A local HTTP server that speaks the real wire protocols the AI SDK providers use (OpenAI Chat Completions and
// Embeddings, Anthropic Messages, Google generateContent/batchEmbedContents; JSON only, no SSE streaming), answering
// from a script, so the model layer is tested over real HTTP with the real providers.
//
// Point providers at it with OPENAI_BASE_URL / ANTHROPIC_BASE_URL / OLLAMA_BASE_URL = `${url}/v1` and
// GOOGLE_GENERATIVE_AI_BASE_URL = `${url}/v1beta`. Also runs standalone for CLI end-to-end tests:
//   node test/support/llm-server.ts --script script.json [--port 0]   → prints its base URL on stdout.
// A JSON script is an LlmScript without `respond`, e.g.
//   { "replies": ["first answer", { "fault": "rate-limit", "retryAfter": 1 }, { "text": "x", "inputTokens": 900,
//     "cachedInputTokens": 600 }, { "toolCalls": [{ "name": "read_file", "arguments": { "path": "a.c" } }] }],
//     "byModel": { "gpt-4o": "always this" }, "fallback": "when the queue is empty",
//     "apiKey": "required-key", "models": ["gpt-4o"], "embeddingDims": 32 }
//
// Tool calls: a reply's `toolCalls` come back in the provider's shape (OpenAI `tool_calls` with `finish_reason:
// 'tool_calls'`, Anthropic `tool_use` blocks with `stop_reason: 'tool_use'`, Google `functionCall` parts); the request's
// tool definitions are in `LlmRequestInfo.tools`, and its tool traffic in `messages` (assistant turns carry `toolCalls`,
// tool results are `{ role: 'tool', content, toolCallId }` entries), so `respond` can answer from the tool results.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pathToFileURL } from 'node:url';

export type LlmFault =
  | 'rate-limit' // 429 with retry-after
  | 'server-error' // 500
  | 'unavailable' // 503
  | 'hang' // never answers (holds the socket open until the client gives up or the server closes)
  | 'malformed' // 200 with a body that is not JSON
  | 'truncated' // 200 with the first half of a valid JSON body, cleanly ended
  | 'reset' // 200 headers and half the body, then the connection is cut
  | 'empty-choices' // 200 with no choices / content / candidates
  | 'bad-request' // 400
  | 'unauthorized' // 401
  | 'not-found'; // 404 (model not found)

/** A tool call the server answers with. */
export interface LlmToolCall {
  /** Default: `call_<n>` (OpenAI) / `toolu_<n>` (Anthropic), n counting per server; Google sends none unless given. */
  id?: string;
  name: string;
  /** The call's input, normally an object (sent as a JSON string to OpenAI); a string is sent as raw JSON text (to
   * OpenAI as is, so it can be malformed; parsed for Anthropic and Google when it is valid JSON). */
  arguments: unknown;
}

/** A tool call or a tool result as seen in a request. */
export interface LlmRequestToolCall {
  id: string;
  name: string;
  /** Parsed input (the raw string when OpenAI's arguments are not valid JSON). */
  arguments: unknown;
}

export interface LlmRequestMessage {
  role: string;
  content: string;
  /** Assistant (Google: `model`) turns that asked for tools. */
  toolCalls?: LlmRequestToolCall[];
  /** On `role: 'tool'` entries (OpenAI tool messages, Anthropic `tool_result` blocks, Google `functionResponse`
   * parts): the call answered (Google: its id when sent, else the function's name). */
  toolCallId?: string;
}

export interface LlmReply {
  /** Text; a reply may carry text, tool calls, or both. */
  text?: string;
  toolCalls?: LlmToolCall[];
  /** Total input tokens (cached included); default: whitespace tokens of the request's messages. */
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  fault?: LlmFault;
  /** Seconds sent in `retry-after` with a 429 (default 0). */
  retryAfter?: number;
  /** Wait this long before answering (a slow reply). */
  delayMs?: number;
}

export type LlmApi = 'openai-chat' | 'openai-embeddings' | 'anthropic-messages' | 'google-generate' | 'google-embed';

export interface LlmRequestInfo {
  api: LlmApi;
  model: string;
  /** Flattened messages (system prompt included as a `system` message; tool results as `role: 'tool'` entries). */
  messages: LlmRequestMessage[];
  /** Tools offered by the request (any API), with their input JSON Schema; empty when none. */
  tools: { name: string; description: string; parameters: unknown }[];
  /** Inputs of an embeddings request. */
  inputs: string[];
}

export interface LlmScript {
  /** Replies used in order, one per request (embeddings requests take from the queue too, unless `embeddings`). */
  replies?: (LlmReply | string)[];
  /** Used when the queue is empty. */
  respond?: (req: LlmRequestInfo) => LlmReply | string;
  /** Used when the queue is empty and there is no `respond` (JSON scripts); default: echo of the last message. */
  fallback?: LlmReply | string;
  /** Per-model fixed replies (JSON-friendly alternative to `respond`). */
  byModel?: Record<string, LlmReply | string>;
  /** When set, requests must carry this key (Bearer, x-api-key or x-goog-api-key), otherwise 401. */
  apiKey?: string;
  /** When set, other model names get 404. */
  models?: string[];
  /** Dimensions of the embeddings the server returns (default 32). */
  embeddingDims?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  api: LlmApi | 'unknown';
  /** Headers with authentication values removed. */
  headers: Record<string, string>;
  hasApiKey: boolean;
  body: unknown;
  model: string;
  /** What the server answered: the fault, or the text and the token counts it reported. */
  fault?: LlmFault;
  text?: string;
  /** The tool calls it answered with (ids filled in); absent when none. */
  toolCalls?: { id: string; name: string; arguments: unknown }[];
  usage?: { inputTokens: number; outputTokens: number; cachedInputTokens: number };
}

export interface LlmServer {
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const AUTH_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'];

/** Deterministic token count: whitespace-separated words. */
export function countTokens(text: string): number {
  const t = text.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String(p.text) : '')).join('');
  }
  return '';
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** JSON text parsed, or the text itself when it is not valid JSON. */
function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The tool definitions of a request: OpenAI `{type:'function', function}`, Anthropic `{name, input_schema}`, Google
 * `{functionDeclarations: [...]}`. */
function toolsOf(body: Json): LlmRequestInfo['tools'] {
  const out: LlmRequestInfo['tools'] = [];
  const add = (t: Json, parameters: unknown) =>
    out.push({ name: String(t.name ?? ''), description: String(t.description ?? ''), parameters: parameters ?? {} });
  for (const t of Array.isArray(body.tools) ? (body.tools as unknown[]) : []) {
    if (!isObject(t)) continue;
    if (isObject(t.function)) add(t.function, t.function.parameters);
    else if (Array.isArray(t.functionDeclarations)) {
      for (const f of t.functionDeclarations as unknown[]) if (isObject(f)) add(f, f.parametersJsonSchema ?? f.parameters);
    } else if ('input_schema' in t) add(t, t.input_schema);
  }
  return out;
}

/** The API, model and messages of a request, from its path and parsed body. */
function describe(path: string, body: Json): LlmRequestInfo | undefined {
  const tools = toolsOf(body);
  const google = /\/models\/([^/:]+):(generateContent|batchEmbedContents)$/.exec(path);
  if (google) {
    if (google[2] === 'batchEmbedContents') {
      const reqs = (body.requests as Json[] | undefined) ?? [];
      const inputs = reqs.map((r) => contentText((r.content as Json | undefined)?.parts));
      return { api: 'google-embed', model: google[1], messages: [], tools, inputs };
    }
    const messages: LlmRequestMessage[] = [];
    const sys = body.systemInstruction as Json | undefined;
    if (sys) messages.push({ role: 'system', content: contentText(sys.parts) });
    for (const c of (body.contents as Json[] | undefined) ?? []) {
      const parts = Array.isArray(c.parts) ? (c.parts as unknown[]).filter(isObject) : [];
      const calls = parts.filter((p) => isObject(p.functionCall)).map((p) => p.functionCall as Json);
      const results = parts.filter((p) => isObject(p.functionResponse)).map((p) => p.functionResponse as Json);
      for (const r of results) {
        const response = isObject(r.response) ? r.response : {};
        const content = typeof response.content === 'string' ? response.content : JSON.stringify(response.content ?? response.error ?? response);
        messages.push({ role: 'tool', content, toolCallId: String(r.id ?? r.name ?? '') });
      }
      const text = contentText(parts.filter((p) => 'text' in p));
      if (results.length > 0 && calls.length === 0 && text === '') continue;
      messages.push({
        role: String(c.role ?? 'user'),
        content: text,
        ...(calls.length ? { toolCalls: calls.map((f) => ({ id: String(f.id ?? f.name ?? ''), name: String(f.name ?? ''), arguments: f.args ?? {} })) } : {}),
      });
    }
    return { api: 'google-generate', model: google[1], messages, tools, inputs: [] };
  }
  const model = String(body.model ?? '');
  if (path.endsWith('/chat/completions')) {
    const messages = ((body.messages as Json[] | undefined) ?? []).map((m): LlmRequestMessage => {
      const calls = Array.isArray(m.tool_calls) ? (m.tool_calls as unknown[]).filter(isObject) : [];
      return {
        role: String(m.role),
        content: contentText(m.content),
        ...(calls.length
          ? {
              toolCalls: calls.map((c) => {
                const f = isObject(c.function) ? c.function : {};
                return {
                  id: String(c.id ?? ''),
                  name: String(f.name ?? ''),
                  arguments: typeof f.arguments === 'string' ? parseLoose(f.arguments) : f.arguments,
                };
              }),
            }
          : {}),
        ...(m.role === 'tool' ? { toolCallId: String(m.tool_call_id ?? '') } : {}),
      };
    });
    return { api: 'openai-chat', model, messages, tools, inputs: [] };
  }
  if (path.endsWith('/embeddings')) {
    const input = body.input;
    const inputs = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    return { api: 'openai-embeddings', model, messages: [], tools, inputs };
  }
  if (path.endsWith('/messages')) {
    const messages: LlmRequestMessage[] = [];
    if (body.system !== undefined) messages.push({ role: 'system', content: contentText(body.system) });
    for (const m of (body.messages as Json[] | undefined) ?? []) {
      const blocks = Array.isArray(m.content) ? (m.content as unknown[]).filter(isObject) : [];
      const uses = blocks.filter((b) => b.type === 'tool_use');
      const results = blocks.filter((b) => b.type === 'tool_result');
      // Tool results travel in user messages; each becomes its own `tool` entry, before any text of that message.
      for (const r of results) messages.push({ role: 'tool', content: contentText(r.content), toolCallId: String(r.tool_use_id ?? '') });
      const text = contentText(Array.isArray(m.content) ? blocks.filter((b) => b.type !== 'tool_use' && b.type !== 'tool_result') : m.content);
      if (results.length > 0 && uses.length === 0 && text === '') continue;
      messages.push({
        role: String(m.role),
        content: text,
        ...(uses.length ? { toolCalls: uses.map((u) => ({ id: String(u.id ?? ''), name: String(u.name ?? ''), arguments: u.input })) } : {}),
      });
    }
    return { api: 'anthropic-messages', model, messages, tools, inputs: [] };
  }
  return undefined;
}

/** A deterministic pseudo-embedding: each word adds a hashed signed unit to one dimension, then L2-normalised. */
function fakeEmbedding(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  for (const w of text.toLowerCase().split(/\W+/).filter(Boolean)) {
    let h = 2166136261;
    for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 16777619) >>> 0;
    v[h % dims] += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function errorBody(api: LlmApi | 'unknown', status: number, message: string): Json {
  if (api === 'anthropic-messages') {
    const type =
      status === 429
        ? 'rate_limit_error'
        : status === 401
          ? 'authentication_error'
          : status === 404
            ? 'not_found_error'
            : status >= 500
              ? 'api_error'
              : 'invalid_request_error';
    return { type: 'error', error: { type, message } };
  }
  if (api === 'google-generate' || api === 'google-embed') {
    return { error: { code: status, message, status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'ERROR' } };
  }
  return { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'error', param: null, code: null } };
}

const FAULT_STATUS: Partial<Record<LlmFault, [number, string]>> = {
  'rate-limit': [429, 'Rate limit reached, please retry later.'],
  'server-error': [500, 'The server had an error while processing your request.'],
  unavailable: [503, 'The server is overloaded.'],
  'bad-request': [400, 'Invalid request.'],
  unauthorized: [401, 'Incorrect API key provided.'],
  'not-found': [404, 'The model does not exist or you do not have access to it.'],
};

type AnsweredCall = NonNullable<RecordedRequest['toolCalls']>[number];

/** A call's arguments as an object for Anthropic `input` / Google `args` (a string is parsed when it is JSON). */
const argsObject = (a: unknown): unknown => (typeof a === 'string' ? parseLoose(a) : (a ?? {}));

function successBody(info: LlmRequestInfo, text: string, calls: AnsweredCall[], u: NonNullable<RecordedRequest['usage']>, empty: boolean, dims: number): Json {
  const created = Math.floor(Date.now() / 1000);
  switch (info.api) {
    case 'openai-chat': {
      const message = calls.length
        ? {
            role: 'assistant',
            content: text === '' ? null : text,
            refusal: null,
            tool_calls: calls.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}) },
            })),
          }
        : { role: 'assistant', content: text, refusal: null };
      return {
        id: 'chatcmpl-local',
        object: 'chat.completion',
        created,
        model: info.model,
        choices: empty ? [] : [{ index: 0, message, logprobs: null, finish_reason: calls.length ? 'tool_calls' : 'stop' }],
        usage: {
          prompt_tokens: u.inputTokens,
          completion_tokens: u.outputTokens,
          total_tokens: u.inputTokens + u.outputTokens,
          prompt_tokens_details: { cached_tokens: u.cachedInputTokens, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
        },
      };
    }
    case 'anthropic-messages':
      // Anthropic reports uncached input separately from cache reads.
      return {
        id: 'msg_local',
        type: 'message',
        role: 'assistant',
        model: info.model,
        content: empty
          ? []
          : [
              ...(text !== '' || calls.length === 0 ? [{ type: 'text', text }] : []),
              ...calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: argsObject(c.arguments) })),
            ],
        stop_reason: calls.length ? 'tool_use' : 'end_turn',
        stop_sequence: null,
        usage: {
          input_tokens: u.inputTokens - u.cachedInputTokens,
          output_tokens: u.outputTokens,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: u.cachedInputTokens,
        },
      };
    case 'google-generate':
      return {
        candidates: empty
          ? []
          : [
              {
                content: {
                  parts: [
                    ...(text !== '' || calls.length === 0 ? [{ text }] : []),
                    ...calls.map((c) => ({ functionCall: { ...(c.id ? { id: c.id } : {}), name: c.name, args: argsObject(c.arguments) } })),
                  ],
                  role: 'model',
                },
                finishReason: 'STOP',
                index: 0,
              },
            ],
        usageMetadata: {
          promptTokenCount: u.inputTokens,
          candidatesTokenCount: u.outputTokens,
          totalTokenCount: u.inputTokens + u.outputTokens,
          ...(u.cachedInputTokens ? { cachedContentTokenCount: u.cachedInputTokens } : {}),
        },
        modelVersion: info.model,
      };
    case 'openai-embeddings':
      return {
        object: 'list',
        data: empty ? [] : info.inputs.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t, dims) })),
        model: info.model,
        usage: { prompt_tokens: u.inputTokens, total_tokens: u.inputTokens },
      };
    case 'google-embed':
      return { embeddings: empty ? [] : info.inputs.map((t) => ({ values: fakeEmbedding(t, dims) })) };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startLlmServer(script: LlmScript = {}, port = 0): Promise<LlmServer> {
  const queue = [...(script.replies ?? [])];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const dims = script.embeddingDims ?? 32;
  let callCount = 0;

  const pick = (info: LlmRequestInfo): LlmReply => {
    const r =
      queue.length > 0
        ? queue.shift()!
        : script.byModel?.[info.model] !== undefined
          ? script.byModel[info.model]
          : script.respond
            ? script.respond(info)
            : (script.fallback ?? { text: `echo: ${info.messages.at(-1)?.content ?? ''}` });
    return typeof r === 'string' ? { text: r } : r;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const raw = await readBody(req);
    let body: Json = {};
    let parsed = true;
    try {
      body = raw ? (JSON.parse(raw) as Json) : {};
    } catch {
      parsed = false; // recorded as the raw text
    }
    const headers: Record<string, string> = {};
    let presentedKey: string | undefined;
    for (const [k, v] of Object.entries(req.headers)) {
      const value = Array.isArray(v) ? v.join(', ') : (v ?? '');
      if (AUTH_HEADERS.includes(k)) presentedKey = value.replace(/^Bearer\s+/i, '');
      else headers[k] = value;
    }
    const info = describe(path, body);
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      api: info?.api ?? 'unknown',
      headers,
      hasApiKey: !!presentedKey,
      body: parsed ? body : raw,
      model: info?.model ?? '',
    };
    requests.push(rec);
    const send = (status: number, payload: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...extra });
      res.end(payload);
    };
    if (!info || req.method !== 'POST') return send(404, JSON.stringify(errorBody('unknown', 404, `No route for ${req.method} ${path}`)));
    if (script.apiKey !== undefined && presentedKey !== script.apiKey) {
      rec.fault = 'unauthorized';
      return send(401, JSON.stringify(errorBody(info.api, 401, 'Incorrect API key provided.')));
    }
    if (script.models && !script.models.includes(info.model)) {
      rec.fault = 'not-found';
      return send(404, JSON.stringify(errorBody(info.api, 404, `The model \`${info.model}\` does not exist.`)));
    }
    const reply = pick(info);
    if (reply.delayMs) await sleep(reply.delayMs);
    rec.fault = reply.fault;
    const status = reply.fault && FAULT_STATUS[reply.fault];
    if (status) {
      const extra: Record<string, string> = reply.fault === 'rate-limit' ? { 'retry-after': String(reply.retryAfter ?? 0) } : {};
      return send(status[0], JSON.stringify(errorBody(info.api, status[0], status[1])), extra);
    }
    if (reply.fault === 'hang') return; // the socket stays open; close() destroys it
    if (reply.fault === 'malformed') return send(200, '{"id": "chatcmpl-local", "choices": [ this is not json');
    const text = reply.text ?? '';
    const embedding = info.api.endsWith('embed') || info.api.endsWith('embeddings');
    const prefix = info.api === 'anthropic-messages' ? 'toolu_' : info.api === 'openai-chat' ? 'call_' : '';
    const calls: AnsweredCall[] = embedding
      ? []
      : (reply.toolCalls ?? []).map((c) => ({ id: c.id ?? (prefix ? `${prefix}${++callCount}` : ''), name: c.name, arguments: c.arguments }));
    // Tokens: words of the messages (tool results included) and of the JSON of tool calls sent back; out, the same.
    const callsText = (cs: readonly { arguments: unknown }[] | undefined) =>
      (cs ?? []).map((c) => (typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}))).join(' ');
    const inputText =
      info.inputs.length > 0 ? info.inputs.join(' ') : info.messages.map((m) => (m.toolCalls ? `${m.content} ${callsText(m.toolCalls)}` : m.content)).join(' ');
    const usage = {
      inputTokens: reply.inputTokens ?? countTokens(inputText),
      outputTokens: embedding ? 0 : (reply.outputTokens ?? countTokens(`${text} ${callsText(calls)}`)),
      cachedInputTokens: reply.cachedInputTokens ?? 0,
    };
    const payload = JSON.stringify(successBody(info, text, calls, usage, reply.fault === 'empty-choices', dims));
    if (reply.fault === 'truncated') return send(200, payload.slice(0, Math.floor(payload.length / 2)));
    if (reply.fault === 'reset') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
      res.write(payload.slice(0, Math.floor(payload.length / 2)));
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    rec.text = text;
    if (calls.length) rec.toolCalls = calls;
    rec.usage = usage;
    send(200, payload);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(e) } }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// Standalone: `node test/support/llm-server.ts --script file.json [--port N]`; prints the URL, runs until killed.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const file = arg('--script');
  const script = file ? (JSON.parse(readFileSync(file, 'utf8')) as LlmScript) : {};
  const server = await startLlmServer(script, Number(arg('--port') ?? 0));
  process.stdout.write(`${server.url}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
