import { afterEach, describe, expect, it } from 'vitest';
import { ProcessSandbox } from '../../src/sandbox/process.ts';
import type { SandboxRequest } from '../../src/sandbox/types.ts';
import { descendants, eventually } from './helpers.ts';

const sandbox = new ProcessSandbox();
const limits = { timeoutMs: 3000, memoryMb: 128, outputMaxBytes: 100_000, logMaxBytes: 200_000 };
const env = { PATH: '/usr/bin:/bin' };
const js = (code: string, args: unknown[] = []): SandboxRequest => ({ kind: 'js', code, programFile: 'program.mjs', exportName: 'run', args, limits, env });

describe('process sandbox', () => {
  afterEach(async () => {
    expect(await eventually(() => descendants(process.pid).length === 0)).toBe(true);
  });

  it('runs a candidate and returns its JSON output', async () => {
    const r = await sandbox.run(js('export function run(a, b) { return { sum: a + b } }', [2, 3]));
    expect(r.ok).toBe(true);
    expect(r.output).toEqual({ sum: 5 });
  });

  it('kills a candidate that loops forever, the whole process group with it', async () => {
    const t0 = Date.now();
    const r = await sandbox.run(js('export function run() { for (;;) {} }'));
    expect(r.failure).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(limits.timeoutMs + 2000);
  });

  it('stops a candidate that allocates without limit', async () => {
    const r = await sandbox.run(js('export function run() { const a = []; for (;;) a.push(new Array(1e6).fill(Math.random())) }'));
    expect(r.failure).toBe('memory');
    const buffers = await sandbox.run(js('export function run() { const a = []; for (;;) a.push(new Float64Array(1e7)) }'));
    expect(buffers.failure).toBe('memory');
  });

  it('stops a candidate that prints megabytes, keeping only the cap', async () => {
    const r = await sandbox.run(js('export function run() { for (;;) console.log("x".repeat(10000)) }'));
    expect(r.failure).toBe('output-flood');
    expect(r.stdout.length).toBeLessThanOrEqual(limits.logMaxBytes);
  });

  it('refuses an output larger than its cap', async () => {
    const r = await sandbox.run(js('export function run() { return "y".repeat(200000) }'));
    expect(r.failure).toBe('output-too-large');
  });

  it('gives the candidate no API key, by environment or by /proc', async () => {
    process.env.OPENAI_API_KEY = 'sk-test-secret-1234';
    try {
      const r = await sandbox.run(js('export function run() { return { env: process.env, keys: Object.keys(process.env) } }'));
      expect(r.ok).toBe(true);
      expect(JSON.stringify(r.output)).not.toContain('sk-test-secret-1234');
      expect((r.output as { keys: string[] }).keys.sort()).toEqual(sandbox.confined ? ['HOME', 'PATH', 'PWD', 'TMPDIR'] : ['HOME', 'PATH', 'TMPDIR']);
      const proc = await sandbox.run(js('import { readFileSync } from "node:fs"; export function run() { return readFileSync("/proc/self/environ", "utf8") }'));
      expect(proc.ok).toBe(false);
      expect(JSON.stringify(proc)).not.toContain('sk-test-secret-1234');
      const parent = await sandbox.run(
        js(`import { readFileSync } from "node:fs"; export function run() { return readFileSync("/proc/${process.pid}/environ", "utf8") }`),
      );
      expect(parent.ok).toBe(false);
      expect(JSON.stringify(parent)).not.toContain('sk-test-secret-1234');
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });

  it('reports a thrown error and a missing export as crashes', async () => {
    expect((await sandbox.run(js('export function run() { throw new Error("boom") }'))).error).toMatch(/boom/);
    expect((await sandbox.run(js('export const other = 1'))).error).toMatch(/no exported function "run"/);
  });

  it('runs TypeScript candidates', async () => {
    const r = await sandbox.run({ ...js('export function run(x: number): number { return x * 2 }', [21]), programFile: 'program.mts' } as SandboxRequest);
    expect(r.output).toBe(42);
  });

  it('runs any language through a command (python3), reading JSON from stdout or a file', async () => {
    const base = { kind: 'command' as const, programFile: 'p.py', command: ['python3', '{program}'], limits, env };
    const out = await sandbox.run({
      ...base,
      code: 'import json, os\nprint("log line")\nprint(json.dumps({"n": 7, "key": os.environ.get("OPENAI_API_KEY")}))',
      output: 'stdout',
    });
    expect(out.output).toEqual({ n: 7, key: null });
    const file = await sandbox.run({ ...base, code: 'import json\nopen("out.json", "w").write(json.dumps([1, 2]))', output: { file: 'out.json' } });
    expect(file.output).toEqual([1, 2]);
    const link = await sandbox.run({ ...base, code: 'import os\nos.symlink("/etc/passwd", "out.json")', output: { file: 'out.json' } });
    expect(link.failure).toBe('invalid-output');
    const loop = await sandbox.run({ ...base, code: 'while True: pass', output: 'stdout', limits: { ...limits, timeoutMs: 1000 } });
    expect(loop.failure).toBe('timeout');
    const mem = await sandbox.run({ ...base, code: 'a = []\nwhile True: a.append(bytearray(10**7))', output: 'stdout' });
    expect(mem.failure).toBe('memory');
  });

  it('kills children that a command candidate leaves behind', async () => {
    const code = 'import subprocess, json\nsubprocess.Popen(["sleep", "30"])\nprint(json.dumps(1))';
    const r = await sandbox.run({ kind: 'command', code, programFile: 'p.py', command: ['python3', '{program}'], output: 'stdout', limits, env });
    expect(r.output).toBe(1);
    const { execSync } = await import('node:child_process');
    await new Promise((res) => setTimeout(res, 200));
    expect(execSync('ps -eo args').toString()).not.toMatch(/^sleep 30$/m);
  });
});
