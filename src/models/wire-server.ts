// A loopback HTTP server speaking the OpenAI Chat Completions wire protocol (JSON, tool calls), answering with a
// scripted policy: how `kaizen agent` runs with no model configured. The broker reaches it with the real AI SDK
// client (`openai-compatible:standin@URL`) exactly as it would reach a provider, so offline runs exercise the whole
// path; the agent, in its sandbox, cannot reach it (no network there).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A conversation as the policy sees it, in the wire format's terms. */
export interface WireMessage {
  role: string;
  content: string;
  toolCalls?: { id: string; name: string; arguments: string }[];
  toolCallId?: string;
}

export interface WireRequest {
  model: string;
  messages: WireMessage[];
  tools: { name: string; description: string; parameters: Record<string, unknown> }[];
  seed: number;
}

export interface WireReply {
  text?: string;
  toolCalls?: { name: string; arguments: unknown }[];
}

export type Policy = (request: WireRequest) => WireReply;

export interface WireServer {
  url: string;
  /** Requests answered so far. */
  requests: number;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as Json).text) : '')).join('');
  return '';
}

function parseRequest(body: Json): WireRequest {
  const messages = ((body.messages as Json[] | undefined) ?? []).map((m) => {
    const out: WireMessage = { role: String(m.role), content: text(m.content) };
    if (Array.isArray(m.tool_calls)) {
      out.toolCalls = (m.tool_calls as Json[]).map((c) => {
        const fn = (c.function ?? {}) as Json;
        return { id: String(c.id), name: String(fn.name), arguments: String(fn.arguments ?? '{}') };
      });
    }
    if (typeof m.tool_call_id === 'string') out.toolCallId = m.tool_call_id;
    return out;
  });
  const tools = ((body.tools as Json[] | undefined) ?? []).map((t) => {
    const fn = (t.function ?? {}) as Json;
    return { name: String(fn.name), description: String(fn.description ?? ''), parameters: (fn.parameters ?? {}) as Record<string, unknown> };
  });
  return { model: String(body.model ?? ''), messages, tools, seed: typeof body.seed === 'number' ? body.seed : 0 };
}

/** Whitespace words: the token count the server reports (the stand-in costs nothing, but usage is real data). */
const words = (s: string) => (s.trim() === '' ? 0 : s.trim().split(/\s+/).length);

function completion(request: WireRequest, reply: WireReply, n: number): Json {
  const calls = (reply.toolCalls ?? []).map((c, i) => ({
    id: `call_${n}_${i}`,
    type: 'function',
    function: { name: c.name, arguments: JSON.stringify(c.arguments) },
  }));
  const input = request.messages.reduce((s, m) => s + words(m.content) + (m.toolCalls ?? []).reduce((t, c) => t + words(c.arguments), 0), 0);
  const output = words(reply.text ?? '') + calls.reduce((s, c) => s + words(c.function.arguments), 0);
  return {
    id: `chatcmpl-standin-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text ?? null, ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: calls.length ? 'tool_calls' : 'stop',
      },
    ],
    usage: { prompt_tokens: input, completion_tokens: output, total_tokens: input + output },
  };
}

const MAX_BODY = 16 * 1024 * 1024;

export async function startWireServer(policy: Policy): Promise<WireServer> {
  const sockets = new Set<Socket>();
  const state = { requests: 0 };
  const send = (res: ServerResponse, status: number, body: Json) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return send(res, 413, { error: { message: 'request too large' } });
      chunks.push(chunk as Buffer);
    }
    if (req.method !== 'POST' || !(req.url ?? '').endsWith('/chat/completions'))
      return send(res, 404, { error: { message: `no route for ${req.method} ${req.url}` } });
    let body: Json;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json;
    } catch {
      return send(res, 400, { error: { message: 'the body is not JSON' } });
    }
    const request = parseRequest(body);
    const n = ++state.requests;
    send(res, 200, completion(request, policy(request), n));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { message: String(e) } });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
