// The seed coding agent: a tool loop. Kaizen evolves this folder (this file, tools.ts, settings.json, prompts/).
//
// It runs in a sandbox with no network and no keys, in a copy of the repository (its working directory). It reaches a
// model only through the broker, by JSON lines on stdout ({"t":"chat",...}) answered on stdin ({"t":"reply",...} or
// {"t":"refused",...}). The first line it receives is the task: {"t":"task","issue":...,"tests":...}.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type Settings, type ToolCall, TOOLS, runTool } from './tools.ts';

interface Message {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content?: string;
  toolCalls?: ToolCall[];
  results?: { id: string; name: string; output: string }[];
}

const here = new URL('.', import.meta.url).pathname;
const settings = JSON.parse(readFileSync(`${here}settings.json`, 'utf8')) as Settings;
const inbox = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })[Symbol.asyncIterator]();

async function receive(): Promise<Record<string, unknown>> {
  const next = await inbox.next();
  if (next.done) process.exit(3); // the broker hung up
  return JSON.parse(next.value) as Record<string, unknown>;
}

function send(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** The agent's own log (stderr): one marker per tool call. Scoring never reads it; the broker keeps its own record. */
function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

const task = (await receive()) as { t: 'task'; issue: string; tests: string };
const values = { issue: task.issue, tests: task.tests };
const messages: Message[] = [
  { role: 'system', content: fill(readFileSync(`${here}prompts/system.md`, 'utf8'), values) },
  { role: 'user', content: fill(readFileSync(`${here}prompts/task.md`, 'utf8'), values) },
];

let submitted = false;
for (let turn = 1; turn <= settings.maxTurns && !submitted; turn++) {
  send({ t: 'chat', messages, tools: TOOLS.map((tool) => tool.spec) });
  const reply = await receive();
  if (reply.t !== 'reply') {
    log(`BROKER ${String(reply.reason ?? reply.t)}`);
    break;
  }
  const text = typeof reply.text === 'string' ? reply.text : '';
  const calls = Array.isArray(reply.toolCalls) ? (reply.toolCalls as ToolCall[]) : [];
  if (calls.length === 0) {
    messages.push({ role: 'assistant', content: text });
    messages.push({ role: 'user', content: 'Use the tools to make the change, then call submit.' });
    continue;
  }
  messages.push({ role: 'assistant', content: text, toolCalls: calls });
  const results: { id: string; name: string; output: string }[] = [];
  for (const call of calls) {
    log(`TOOL ${call.name}`);
    const result = await runTool(call, settings);
    results.push({ id: call.id, name: call.name, output: result.output });
    if (result.submit) submitted = true;
  }
  messages.push({ role: 'tool', results });
}
send({ t: 'done', submitted });
process.exit(0);
