// The seed agent's tools: what the model can do in the repository. Each has a spec (name, description, JSON Schema
// of its input) that the model sees, and an implementation that runs here, inside the sandbox.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface Settings {
  /** Model calls before the agent gives up. */
  maxTurns: number;
  /** Lines `view` shows of a file. */
  viewLines: number;
  /** Characters of a command's output shown to the model. */
  outputChars: number;
  commandTimeoutMs: number;
}

export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

export interface ToolResult {
  output: string;
  submit?: boolean;
}

interface Tool {
  spec: { name: string; description: string; parameters: Record<string, unknown> };
  run(input: Record<string, unknown>, settings: Settings): Promise<ToolResult> | ToolResult;
}

const root = process.cwd();

/** A path inside the repository, or an error. */
function inRepo(path: unknown): string {
  if (typeof path !== 'string' || path === '') throw new Error('path is required');
  const full = resolve(root, path);
  if (full !== root && !full.startsWith(`${root}/`)) throw new Error(`${path} is outside the repository`);
  return full;
}

function viewFile(input: Record<string, unknown>, settings: Settings): ToolResult {
  const full = inRepo(input.path);
  if (!existsSync(full)) return { output: `error: ${String(input.path)} does not exist` };
  const lines = readFileSync(full, 'utf8').split('\n');
  const shown = lines.slice(0, settings.viewLines).map((line, i) => `${String(i + 1).padStart(4)}  ${line}`);
  const rest = lines.length - shown.length;
  return { output: shown.join('\n') + (rest > 0 ? `\n[... ${rest} more lines not shown]` : '') };
}

function editFile(input: Record<string, unknown>): ToolResult {
  const full = inRepo(input.path);
  const oldText = typeof input.old === 'string' ? input.old : '';
  const newText = typeof input.new === 'string' ? input.new : '';
  if (!existsSync(full)) {
    if (oldText !== '') return { output: `error: ${String(input.path)} does not exist` };
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, newText);
    return { output: `created ${String(input.path)}` };
  }
  const text = readFileSync(full, 'utf8');
  const at = text.indexOf(oldText);
  if (oldText === '' || at < 0) return { output: `error: the old text was not found in ${String(input.path)}` };
  if (text.indexOf(oldText, at + 1) >= 0) return { output: `error: the old text occurs more than once in ${String(input.path)}` };
  writeFileSync(full, text.slice(0, at) + newText + text.slice(at + oldText.length));
  return { output: `edited ${String(input.path)}` };
}

function runCommand(input: Record<string, unknown>, settings: Settings): Promise<ToolResult> {
  const command = typeof input.command === 'string' ? input.command : '';
  return new Promise((done) => {
    const child = spawn('/bin/bash', ['-c', command], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), settings.commandTimeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const cut = output.length > settings.outputChars ? `${output.slice(0, settings.outputChars)}\n[output truncated]` : output;
      done({ output: `${cut}\n[exit code ${code ?? 'killed'}]` });
    });
  });
}

export const TOOLS: Tool[] = [
  {
    spec: {
      name: 'view',
      description: 'Show a file of the repository with line numbers.',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
    run: viewFile,
  },
  {
    spec: {
      name: 'edit',
      description: 'Replace the exact text `old` (which must occur once) with `new` in a file; with an empty `old`, create the file.',
      parameters: {
        type: 'object',
        properties: { path: { type: 'string' }, old: { type: 'string' }, new: { type: 'string' } },
        required: ['path', 'old', 'new'],
      },
    },
    run: editFile,
  },
  {
    spec: {
      name: 'run',
      description: 'Run a shell command in the repository and show its output.',
      parameters: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] },
    },
    run: runCommand,
  },
  {
    spec: { name: 'submit', description: 'Finish: the repository as it is now is your answer.', parameters: { type: 'object', properties: {} } },
    run: () => ({ output: 'submitted', submit: true }),
  },
];

export async function runTool(call: ToolCall, settings: Settings): Promise<ToolResult> {
  const tool = TOOLS.find((t) => t.spec.name === call.name);
  if (!tool) return { output: `error: no tool named ${call.name}` };
  const input = call.input && typeof call.input === 'object' ? (call.input as Record<string, unknown>) : {};
  try {
    return await tool.run(input, settings);
  } catch (e) {
    return { output: `error: ${(e as Error).message}` };
  }
}
