// Hostile candidates against both sandbox backends. Every attack is a real attempt; each test asserts containment
// (no secret in anything the judge or the record sees, no file written, no connection received, no process left),
// the failure class, and that the sandbox still runs the next evaluation.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { treeResidentKb } from '../../src/sandbox/bwrap.ts';
import { IsolateSandbox } from '../../src/sandbox/isolate.ts';
import { ProcessSandbox } from '../../src/sandbox/process.ts';
import type { FailureClass, Sandbox, SandboxRequest, SandboxResult } from '../../src/sandbox/types.ts';
import { allCommandLines, descendants, eventually } from './helpers.ts';

const SECRET = `sk-kaizen-attack-${randomUUID()}`;
const ROOT = resolve(import.meta.dirname, '../..');
const JUDGE = join(ROOT, 'examples/circle-packing/judge.ts');
const JUDGE_MARK = 'trusted judge of circle packing';
const SANDBOX_SOURCE = join(ROOT, 'src/sandbox/process.ts');
const SOURCE_MARK = 'class ProcessSandbox';
const limits = { timeoutMs: 1500, memoryMb: 96, outputMaxBytes: 50_000, logMaxBytes: 300_000 };
const env = { PATH: '/usr/bin:/bin' };
const LAN = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

const isolate = new IsolateSandbox({ poolSize: 1 });
const proc = new ProcessSandbox();

let dir = '';
let secretFile = '';
let holdoutFile = '';
let dbFile = '';
let sshKey = '';
let victimScratch = '';
const servers: Server[] = [];
let connections = 0;
let loopPort = 0;
let lanPort = 0;

async function listen(host: string): Promise<number> {
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  servers.push(server);
  await new Promise<void>((res) => server.listen(0, host, res));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  process.env.KAIZEN_ATTACK_API_KEY = SECRET;
  dir = mkdtempSync(join(tmpdir(), 'kaizen-attack-secrets-'));
  secretFile = join(dir, 'secret.txt');
  holdoutFile = join(dir, 'holdout.jsonl');
  dbFile = join(dir, 'run.db');
  mkdirSync(join(dir, '.ssh'));
  sshKey = join(dir, '.ssh/id_rsa');
  for (const f of [secretFile, holdoutFile, dbFile, sshKey]) writeFileSync(f, `${SECRET}\n`);
  victimScratch = mkdtempSync(join(tmpdir(), 'kaizen-sbx-victim-'));
  writeFileSync(join(victimScratch, 'program.py'), SECRET);
  loopPort = await listen('127.0.0.1');
  lanPort = await listen('0.0.0.0');
});

afterAll(async () => {
  await isolate.close();
  for (const s of servers) s.close();
  delete process.env.KAIZEN_ATTACK_API_KEY;
  rmSync(dir, { recursive: true, force: true });
  rmSync(victimScratch, { recursive: true, force: true });
  expect(await eventually(() => descendants(process.pid).length === 0)).toBe(true);
  expect(allCommandLines().filter((c) => c.includes('1234.5'))).toEqual([]);
});

afterEach(async () => {
  // Nothing but the isolate hosts (and their bubblewrap trees) may outlive an evaluation.
  const allowed = new Set(isolate.pids.flatMap((p) => [p, ...descendants(p)]));
  expect(await eventually(() => descendants(process.pid).every((p) => allowed.has(p)))).toBe(true);
  expect(await eventually(() => !allCommandLines().some((c) => c.includes('1234.5')))).toBe(true);
});

/** Nothing the judge or the record sees carries a secret, a protected file's content, or the judge's source. */
function contained(r: SandboxResult): void {
  const seen = JSON.stringify(r);
  expect(seen).not.toContain(SECRET);
  expect(seen).not.toContain(JUDGE_MARK);
  expect(seen).not.toContain(SOURCE_MARK);
}

async function goesOn(sandbox: Sandbox, kind: 'js' | 'command'): Promise<void> {
  const r =
    kind === 'js'
      ? await sandbox.run(js('export function run() { return { fine: typeof Math.random() } }'))
      : await sandbox.run(py('import json\nprint(json.dumps({"fine": "number"}))'));
  expect(r.ok).toBe(true);
  expect(r.output).toEqual({ fine: 'number' });
}

function js(code: string, extra: Partial<SandboxRequest> = {}): SandboxRequest {
  return { kind: 'js', code, programFile: 'program.mjs', exportName: 'run', args: [], limits, env, ...extra } as SandboxRequest;
}

function py(code: string, extra: Partial<SandboxRequest> = {}): SandboxRequest {
  return { kind: 'command', code, programFile: 'program.py', command: ['python3', '{program}'], output: 'stdout', limits, env, ...extra } as SandboxRequest;
}

const q = (s: string) => JSON.stringify(s);

/** A JS candidate that tries to read each path and returns what it got (an error code when denied). */
const readFiles = (paths: string[]) => `
export async function run() {
  const out = [];
  for (const p of ${JSON.stringify(paths)}) {
    try {
      const fs = await import('node:fs');
      out.push(fs.statSync(p).isDirectory() ? fs.readdirSync(p).join(',') : fs.readFileSync(p, 'utf8'));
    } catch (e) { out.push(String(e && (e.code || e.message))); }
  }
  return out;
}`;

const jsConnect = (host: string, port: number) => `
export async function run() {
  const net = await import('node:net');
  const tcp = await new Promise((res) => {
    const s = net.connect({ host: ${q(host)}, port: ${port} });
    const t = setTimeout(() => { s.destroy(); res('timeout'); }, 700);
    s.on('connect', () => { clearTimeout(t); s.end('hello'); res('connected'); });
    s.on('error', (e) => { clearTimeout(t); res(e.code); });
  });
  let http;
  try { http = 'fetched ' + (await fetch('http://${host}:${port}/', { signal: AbortSignal.timeout(700) })).status; }
  catch (e) { http = String(e.cause?.code ?? e.name); }
  return { tcp, http };
}`;

interface JsAttack {
  name: string;
  code: () => string;
  /** Failure classes accepted per backend (undefined: the candidate may end ok or crash, containment is what counts). */
  expect?: { isolate?: (FailureClass | 'ok')[]; process?: (FailureClass | 'ok')[] };
  check?: (r: SandboxResult, backend: 'isolate' | 'process') => void | Promise<void>;
  /** Limits of its own (e.g. more time, so that a memory attack meets the memory cap first even on a loaded machine). */
  limits?: Partial<typeof limits>;
}

const JS_ATTACKS: JsAttack[] = [
  {
    name: 'reads the API key from the environment',
    code: () => `export function run() { return typeof process === 'undefined' ? 'no process' : process.env }`,
    check: (r, b) => {
      if (b === 'isolate') expect(r.output).toBe('no process');
      else expect(Object.keys(r.output as object).sort()).toEqual(['HOME', 'PATH', 'PWD', 'TMPDIR']);
    },
  },
  { name: 'reads /proc/self/environ', code: () => readFiles(['/proc/self/environ']) },
  {
    name: "reads the parent's /proc/<ppid>/environ and the host's /proc/<pid>/environ",
    code: () =>
      readFiles([`/proc/${process.pid}/environ`, '/proc/1/environ']).replace(
        'const out = [];',
        `const out = []; try { out.push((await import('node:fs')).readFileSync('/proc/' + process.ppid + '/environ', 'utf8')); } catch (e) { out.push(String(e.code)); }`,
      ),
  },
  { name: "reads the judge's source by absolute path", code: () => readFiles([JUDGE]) },
  { name: 'reads a holdout file, the run database and ~/.ssh/id_rsa', code: () => readFiles([holdoutFile, dbFile, sshKey, secretFile]) },
  {
    name: 'lists /root, /home and the repository',
    code: () => readFiles(['/root', '/home', ROOT]),
    check: (r) => expect(JSON.stringify(r)).not.toContain('package.json'),
  },
  { name: "reads the sandbox's own source", code: () => readFiles([SANDBOX_SOURCE, join(ROOT, 'src/sandbox/isolate-host.js')]) },
  {
    name: 'writes outside the scratch folder',
    code: () => `export async function run() {
      const fs = await import('node:fs');
      const out = [];
      for (const p of ${JSON.stringify([join(dir, 'pwned-js'), join(ROOT, 'pwned-js'), join(tmpdir(), 'kaizen-pwned-js')])}) {
        try { fs.writeFileSync(p, 'x'); out.push('wrote'); } catch (e) { out.push(e.code); }
      }
      return out;
    }`,
    check: () => {
      expect(existsSync(join(dir, 'pwned-js'))).toBe(false);
      expect(existsSync(join(ROOT, 'pwned-js'))).toBe(false);
      expect(existsSync(join(tmpdir(), 'kaizen-pwned-js'))).toBe(false);
    },
  },
  {
    name: 'connects to a listener on 127.0.0.1 (TCP and fetch)',
    code: () => jsConnect('127.0.0.1', loopPort),
    check: async () => {
      await new Promise((r) => setTimeout(r, 100));
      expect(connections).toBe(0);
    },
  },
  {
    name: 'connects to a listener on the LAN address',
    code: () => jsConnect(LAN ?? '10.255.255.1', lanPort),
    check: async () => {
      await new Promise((r) => setTimeout(r, 100));
      expect(connections).toBe(0);
    },
  },
  {
    name: 'spawns processes and workers',
    code: () => `export async function run() {
      const out = [];
      try { out.push(String((await import('node:child_process')).execSync('id'))); } catch (e) { out.push(e.code || e.message); }
      try { const { Worker } = await import('node:worker_threads'); new Worker('1', { eval: true }); out.push('worker'); } catch (e) { out.push(e.code || e.message); }
      return out;
    }`,
    check: (r) => {
      expect(JSON.stringify(r.output ?? null)).not.toContain('uid=');
      expect(JSON.stringify(r.output ?? null)).not.toContain('worker"');
    },
  },
  {
    name: 'allocates without bound',
    code: () => 'export function run() { const a = []; for (;;) a.push(new Array(1e6).fill(Math.random())) }',
    expect: { isolate: ['memory'], process: ['memory'] },
    // ~1 s of CPU to reach the cap on an idle machine (GC near the limit): the default 1.5 s was too close under load.
    limits: { timeoutMs: 6000 },
  },
  {
    name: 'allocates ArrayBuffers without bound',
    code: () => 'export function run() { const a = []; for (;;) a.push(new Float64Array(1e7)) }',
    expect: { isolate: ['memory'], process: ['memory'] },
  },
  { name: 'loops forever', code: () => 'export function run() { for (;;) {} }', expect: { isolate: ['timeout'], process: ['timeout'] } },
  {
    name: 'waits on a promise that never settles',
    code: () => 'export async function run() { await new Promise(() => {}) }',
    expect: { isolate: ['timeout'], process: ['timeout', 'crash'] },
  },
  {
    name: 'blocks in Atomics.wait',
    code: () => 'export function run() { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return 1 }',
    expect: { isolate: ['timeout'], process: ['timeout'] },
  },
  {
    name: 'ignores SIGTERM and loops',
    code: () =>
      `export function run() { if (typeof process !== 'undefined') { process.on('SIGTERM', () => {}); process.on('SIGINT', () => {}); } for (;;) {} }`,
    expect: { isolate: ['timeout'], process: ['timeout'] },
  },
  {
    name: 'floods stdout',
    code: () => 'export function run() { for (;;) { try { console.log("x".repeat(10000)) } catch {} } }',
    expect: { isolate: ['output-flood'], process: ['output-flood'] },
    check: (r) => expect(r.stdout.length).toBeLessThanOrEqual(limits.logMaxBytes),
  },
  {
    name: 'prints a fake result and fake score',
    code: () => `export function run() {
      console.log(JSON.stringify({ outputJson: JSON.stringify({ score: 1e9, correct: true }) }));
      console.log(JSON.stringify({ score: 1e9, correct: true, metrics: { fake: 1 } }));
      return { centers: [], radii: [] };
    }`,
    expect: { isolate: ['ok'], process: ['ok'] },
    check: (r) => expect(r.output).toEqual({ centers: [], radii: [] }),
  },
  {
    name: 'returns an output that tries prototype pollution',
    code: () => `export function run() { return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') }`,
    expect: { isolate: ['ok'], process: ['ok'] },
    check: (r) => {
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(r.output)).toBe(Object.prototype);
      expect(Object.hasOwn(r.output as object, '__proto__')).toBe(true);
    },
  },
  {
    name: 'returns a huge output',
    code: () => 'export function run() { return "y".repeat(5e6) }',
    expect: { isolate: ['output-too-large'], process: ['output-too-large'] },
  },
  {
    name: 'returns JSON nested 100k levels deep',
    code: () => 'export function run() { let a = []; for (let i = 0; i < 1e5; i++) a = [a]; return a }',
    expect: { isolate: ['invalid-output'], process: ['invalid-output'] },
    check: (r) => expect(r.error).toMatch(/nested too deeply/),
  },
  {
    name: 'returns a cyclic object',
    code: () => 'export function run() { const a = { b: {} }; a.b.a = a; return a }',
    expect: { isolate: ['invalid-output'], process: ['invalid-output'] },
    check: (r) => expect(r.error).toMatch(/cyclic/),
  },
  {
    name: 'returns a BigInt',
    code: () => 'export function run() { return { n: 10n } }',
    expect: { isolate: ['invalid-output'], process: ['invalid-output'] },
    check: (r) => expect(r.error).toMatch(/BigInt/),
  },
  {
    name: 'returns undefined',
    code: () => 'export function run() { return undefined }',
    expect: { isolate: ['invalid-output'], process: ['invalid-output'] },
    check: (r) => expect(r.error).toMatch(/undefined/),
  },
  {
    name: 'returns two strings too long to serialise together (600 M characters)',
    code: () => 'export function run() { const s = "y".repeat(3e8); return [s, s] }',
    expect: { isolate: ['output-too-large'], process: ['output-too-large'] },
    check: (r) => expect(r.error).toMatch(/stopped while serialising/),
    limits: { memoryMb: 256, timeoutMs: 10_000 },
  },
  {
    name: 'replaces JSON.stringify to smuggle a large reply past the in-sandbox cap',
    // Every serialisation after this (the capped one, the reply's envelope) yields 3 MB: the host's own check stops it.
    code: () => `export function run() { JSON.stringify = () => '"' + 'z'.repeat(3e6) + '"'; return 1 }`,
    expect: { isolate: ['output-too-large'], process: ['output-too-large'] },
    check: (r) => expect(r.error).not.toMatch(/stopped while serialising/),
  },
  {
    name: 'returns JSON nested 1000 levels deep (built as text)',
    code: () => 'export function run() { return JSON.parse("[".repeat(1000) + "]".repeat(1000)) }',
    expect: { isolate: ['invalid-output'], process: ['invalid-output'] },
  },
  {
    name: 'kills or signals its parent and everything it can see',
    code: () => `export function run() {
      const out = [];
      if (typeof process === 'undefined') return 'no process';
      for (const pid of [process.ppid, ${process.pid}, -1]) { try { process.kill(pid, 'SIGKILL'); out.push('sent'); } catch (e) { out.push(e.code); } }
      return out;
    }`,
    check: (r, b) => {
      expect(process.pid).toBeGreaterThan(0); // still here
      if (b === 'isolate') expect(r.output).toBe('no process');
    },
  },
  {
    name: 'exhausts file descriptors',
    code: () => `export async function run() {
      if (typeof process === 'undefined') return 'no fds';
      const fs = await import('node:fs');
      let n = 0;
      try { for (;;) { fs.openSync(process.argv[2], 'r'); n++; } } catch (e) { return [n, e.code]; }
    }`,
    check: (r, b) => {
      if (b === 'process' && r.ok) expect((r.output as [number, string])[0]).toBeLessThanOrEqual(256);
    },
  },
  {
    name: 'writes a huge file',
    code: () => `export async function run() {
      if (typeof process === 'undefined') return 'no fs';
      const fs = await import('node:fs');
      try { fs.writeFileSync('big.bin', Buffer.alloc(200 * 1024 * 1024)); return 'wrote'; } catch (e) { return e.code; }
    }`,
    check: (r) => expect(r.output).not.toBe('wrote'),
  },
  {
    name: 'allocates WebAssembly memory and touches every page',
    code: () =>
      'export function run() { const ms = []; for (;;) { const m = new WebAssembly.Memory({ initial: 1024, maximum: 65536 }); const b = new Uint8Array(m.buffer); for (let i = 0; i < b.length; i += 4096) b[i] = 1; ms.push(m); } }',
    expect: { isolate: ['memory'], process: ['memory'] },
  },
  {
    name: 'throws an object whose getters loop forever',
    code: () => 'export function run() { throw { get message() { for (;;) {} }, get name() { for (;;) {} }, toString() { for (;;) {} } } }',
    expect: { isolate: ['crash', 'timeout'], process: ['crash', 'timeout'] },
  },
  {
    name: 'overflows the stack',
    code: () => 'export function run() { const f = (n) => f(n + 1) + 1; return f(0) }',
    expect: { isolate: ['crash'], process: ['crash'] },
  },
  {
    name: 'uses eval / Function / constructor chains to reach the host',
    code: () => `export function run() {
      const tries = [
        () => (0, eval)('this').process?.env,
        () => Function('return this')().process?.env,
        () => ({}).constructor.constructor('return typeof process === "undefined" ? undefined : process.env')(),
        () => Function('return typeof require')(),
        () => import.meta.url,
        () => Object.getOwnPropertyNames(globalThis).filter((k) => /kaizen|ivm|isolated|require|process|Deno|Bun/i.test(k)),
      ];
      return tries.map((t) => { try { const v = t(); return v === undefined ? 'undefined' : v; } catch (e) { return 'threw'; } });
    }`,
    check: (r, b) => {
      if (b === 'isolate') {
        expect(r.ok).toBe(true);
        const [a, f, c, req, , names] = r.output as unknown[];
        expect([a, f, c, req]).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
        expect(names).toEqual(['__kaizenLogs']);
      }
    },
  },
];

function expectFailure(r: SandboxResult, allowed: (FailureClass | 'ok')[] | undefined): void {
  if (!allowed) return;
  expect(allowed, `${r.failure}: ${r.error}`).toContain(r.ok ? 'ok' : r.failure);
}

const BACKENDS: { name: 'isolate' | 'process'; sandbox: Sandbox; enabled: boolean }[] = [
  { name: 'isolate', sandbox: isolate, enabled: true },
  { name: 'process', sandbox: proc, enabled: proc.confined },
];

for (const backend of BACKENDS) {
  describe.runIf(backend.enabled)(`JS attacks on the ${backend.name} backend`, () => {
    for (const attack of JS_ATTACKS) {
      it(attack.name, async () => {
        const r = await backend.sandbox.run(js(attack.code(), attack.limits ? { limits: { ...limits, ...attack.limits } } : {}));
        contained(r);
        expectFailure(r, attack.expect?.[backend.name]);
        await attack.check?.(r, backend.name);
        await goesOn(backend.sandbox, 'js');
      });
    }

    it('tampers with Math, Date, JSON and globals: nothing reaches the host or the next evaluation', async () => {
      const hostRandom = Math.random;
      const r = await backend.sandbox.run(
        js(`export function run() {
          Math.random = () => 0; Date.now = () => 0; JSON.parse = () => ({ hacked: true }); Array.prototype.push = () => 0;
          globalThis.leaked = 'yes'; Object.prototype.polluted = true;
          return 1;
        }`),
      );
      expect(r.output).toBe(1);
      expect(Math.random).toBe(hostRandom);
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      const next = await backend.sandbox.run(
        js(
          'export function run() { const a = []; a.push(1); return { r: Math.random() !== 0, d: Date.now() > 1e12, j: JSON.parse("[1]"), leaked: typeof globalThis.leaked, polluted: ({}).polluted ?? null, a } }',
        ),
      );
      expect(next.output).toEqual({ r: true, d: true, j: [1], leaked: 'undefined', polluted: null, a: [1] });
    });

    it('returns a 360 MB string: output-too-large, stopped before it is copied out (host memory stays flat)', async () => {
      // The tester's case: memoryMb 256, where the isolate host used to grow to its 672 MB watchdog cap (→ memory).
      const hostPids = () => (backend.name === 'isolate' ? isolate.pids.flatMap((p) => [p, ...descendants(p)]) : []);
      const kaizenBefore = process.memoryUsage().rss;
      let kaizenPeak = kaizenBefore;
      let hostPeakKb = 0;
      const sample = setInterval(() => {
        kaizenPeak = Math.max(kaizenPeak, process.memoryUsage().rss);
        hostPeakKb = Math.max(hostPeakKb, treeResidentKb(hostPids()[0]) ?? 0);
      }, 20);
      const r = await backend.sandbox
        .run(js('export function run() { return "y".repeat(3.6e8) }', { limits: { ...limits, memoryMb: 256, timeoutMs: 15_000 } }))
        .finally(() => clearInterval(sample));
      expect(r.failure, r.error).toBe('output-too-large');
      expect(r.error).toMatch(/stopped while serialising/);
      expect((kaizenPeak - kaizenBefore) / 2 ** 20).toBeLessThan(64);
      if (backend.name === 'isolate') expect(hostPeakKb / 1024).toBeLessThan(200);
      await goesOn(backend.sandbox, 'js');
    });

    it('runs TypeScript and refuses imports it cannot satisfy', async () => {
      const r = await backend.sandbox.run(
        js('export function run(x: number): number { return x * 2 }', { programFile: 'program.mts', args: [21] } as Partial<SandboxRequest>),
      );
      expect(r.output).toBe(42);
      const imp = await backend.sandbox.run(js('import { execSync } from "node:child_process"; export function run() { return String(execSync("id")) }'));
      contained(imp);
      expect(imp.ok).toBe(false);
    });
  });
}

interface PyAttack {
  name: string;
  code: () => string;
  expect?: (FailureClass | 'ok')[];
  extra?: () => Partial<SandboxRequest>;
  check?: (r: SandboxResult) => void | Promise<void>;
}

const pyReadFiles = (paths: string[]) => `
import json, os
out = []
for p in ${JSON.stringify(paths)}:
    try:
        out.append(",".join(os.listdir(p)) if os.path.isdir(p) else open(p, errors="replace").read())
    except Exception as e:
        out.append(type(e).__name__)
print(json.dumps(out))`;

const pyConnect = (host: string, port: number) => `
import json, socket
out = []
for fam, addr in [(socket.AF_INET, (${q(host)}, ${port}))]:
    try:
        s = socket.socket(fam, socket.SOCK_STREAM); s.settimeout(0.7); s.connect(addr); s.sendall(b"hello"); out.append("connected")
    except Exception as e:
        out.append(type(e).__name__ + ":" + str(getattr(e, "errno", "")))
try:
    out.append(socket.gethostbyname("example.com"))
except Exception as e:
    out.append(type(e).__name__)
print(json.dumps(out))`;

const PY_ATTACKS: PyAttack[] = [
  {
    name: 'reads the API key from os.environ, /proc/self/environ, the parent and the host',
    code: () => `
import json, os
out = [dict(os.environ)]
for p in ["/proc/self/environ", "/proc/%d/environ" % os.getppid(), "/proc/${process.pid}/environ", "/proc/1/environ"]:
    try: out.append(open(p, errors="replace").read())
    except Exception as e: out.append(type(e).__name__)
print(json.dumps(out))`,
    expect: ['ok'],
  },
  {
    name: "reads the judge's source, the holdout, the run database, ~/.ssh/id_rsa",
    code: () => pyReadFiles([JUDGE, holdoutFile, dbFile, sshKey, secretFile, SANDBOX_SOURCE]),
    expect: ['ok'],
  },
  {
    name: "lists /root, /home, the repository and other evaluations' scratch folders",
    code: () => `${pyReadFiles(['/root', '/home', ROOT, victimScratch, join(victimScratch, 'program.py')])}
import glob
print(json.dumps([p for p in glob.glob(${q(join(tmpdir(), 'kaizen-sbx-*'))} + "/*") if not p.startswith(os.getcwd())]))`,
    expect: ['ok'],
    check: (r) => {
      expect(JSON.stringify(r)).not.toContain('package.json');
      expect(r.output).toEqual([]);
    },
  },
  {
    name: 'writes outside the scratch folder',
    code: () => `
import json
out = []
for p in ${JSON.stringify([join(dir, 'pwned-py'), join(ROOT, 'pwned-py'), join(tmpdir(), 'kaizen-pwned-py'), '/tmp/kaizen-pwned-py2', '/usr/pwned'])}:
    try:
        open(p, "w").write("x"); out.append("wrote")
    except Exception as e:
        out.append(type(e).__name__)
print(json.dumps(out))`,
    check: (r) => {
      for (const p of [join(dir, 'pwned-py'), join(ROOT, 'pwned-py'), join(tmpdir(), 'kaizen-pwned-py'), '/tmp/kaizen-pwned-py2', '/usr/pwned'])
        expect(existsSync(p)).toBe(false);
      // /tmp inside is a private tmpfs: the write may succeed there and vanishes with the sandbox.
      expect((r.output as string[]).slice(0, 2)).not.toContain('wrote');
    },
  },
  {
    name: 'connects to a listener on 127.0.0.1 and resolves DNS',
    code: () => pyConnect('127.0.0.1', loopPort),
    expect: ['ok'],
    check: async (r) => {
      await new Promise((res) => setTimeout(res, 100));
      expect(connections).toBe(0);
      expect((r.output as string[])[0]).toMatch(/^OSError:101|^ConnectionRefusedError|^OSError/);
      expect((r.output as string[])[1]).toBe('gaierror');
    },
  },
  {
    name: 'connects to a listener on the LAN address',
    code: () => pyConnect(LAN ?? '10.255.255.1', lanPort),
    expect: ['ok'],
    check: async () => {
      await new Promise((res) => setTimeout(res, 100));
      expect(connections).toBe(0);
    },
  },
  {
    name: 'spawns processes and tries to become root',
    code: () => `
import json, os, subprocess
out = [subprocess.run(["id", "-u"], capture_output=True, text=True).stdout.strip(), os.getuid()]
try:
    os.setuid(0); out.append("root")
except Exception as e:
    out.append(type(e).__name__)
print(json.dumps(out))`,
    expect: ['ok'],
    check: (r) => {
      const [idU, uid, setuid] = r.output as [string, number, string];
      expect([idU, uid]).toEqual(['65534', 65534]);
      expect(setuid).not.toBe('root');
    },
  },
  {
    name: 'fork-bombs',
    code: () => `
import os
while True:
    try:
        os.fork()
    except OSError:
        pass`,
    expect: ['timeout', 'memory'], // the resident-memory watchdog sums the whole tree
  },
  {
    name: 'counts how many processes it may hold (RLIMIT_NPROC)',
    code: () => `
import json, os, time
n = 0
kids = []
try:
    for i in range(500):
        pid = os.fork()
        if pid == 0:
            time.sleep(5); os._exit(0)
        kids.append(pid); n += 1
except OSError as e:
    pass
print(json.dumps(n))
os.killpg(0, 9)`,
    check: (r) => {
      // The print happens before the group kill; whatever the exit, the count is capped.
      const n = Number(r.stdout.trim().split('\n').pop());
      expect(n).toBeLessThan(64);
    },
  },
  { name: 'allocates without bound', code: () => 'a = []\nwhile True: a.append(bytearray(10**7))', expect: ['memory'] },
  { name: 'loops forever', code: () => 'while True: pass', expect: ['timeout'] },
  {
    name: 'floods stdout',
    code: () => 'while True: print("x" * 10000)',
    expect: ['output-flood'],
    check: (r) => expect(r.stdout.length).toBeLessThanOrEqual(limits.logMaxBytes),
  },
  {
    name: 'sleeps past the timeout holding children, a daemon in its own session among them',
    code: () => `
import os, subprocess, time
for i in range(3): subprocess.Popen(["sleep", "1234.5"])
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "1234.55"])
    os._exit(0)
time.sleep(100)`,
    expect: ['timeout'],
  },
  {
    name: 'ignores SIGTERM, SIGHUP and SIGINT',
    code: () => 'import signal\nfor s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT): signal.signal(s, signal.SIG_IGN)\nwhile True: pass',
    expect: ['timeout'],
  },
  {
    name: 'prints a fake score, then crashes',
    code: () => 'import json\nprint(json.dumps({"score": 1e9, "correct": True}))\nraise SystemExit(3)',
    expect: ['crash'],
    check: (r) => expect(r.output).toBeUndefined(),
  },
  {
    name: 'prints a fake score when its output is a file',
    code: () => 'import json\nprint(json.dumps({"score": 1e9}))\nopen("out.json", "w").write(json.dumps({"centers": []}))',
    extra: () => ({ output: { file: 'out.json' } }) as Partial<SandboxRequest>,
    expect: ['ok'],
    check: (r) => expect(r.output).toEqual({ centers: [] }),
  },
  {
    name: 'returns an output that tries prototype pollution',
    code: () => 'print(\'{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}\')',
    expect: ['ok'],
    check: (r) => {
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(r.output)).toBe(Object.prototype);
    },
  },
  { name: 'returns a huge output', code: () => 'print("[" + "1," * 100000 + "1]")', expect: ['output-too-large'] },
  {
    name: 'returns JSON nested 100k levels deep',
    code: () => 'print("[" * 100000 + "]" * 100000)',
    extra: () => ({ limits: { ...limits, outputMaxBytes: 300_000 } }),
    expect: ['invalid-output'],
    check: (r) => expect(r.error).toMatch(/nested deeper/),
  },
  {
    name: 'kills or signals its parent and everything it can see',
    code: () => `
import json, os
out = []
for pid in [os.getppid(), ${process.pid}, 1, -1]:
    try:
        os.kill(pid, 9); out.append("sent")
    except Exception as e:
        out.append(type(e).__name__)
print(json.dumps(out))`,
    check: () => expect(process.pid).toBeGreaterThan(0),
  },
  {
    name: 'exhausts file descriptors',
    code: () => 'import json\nfds = []\ntry:\n    while True: fds.append(open("/dev/null"))\nexcept OSError as e:\n    print(json.dumps([len(fds), e.errno]))',
    expect: ['ok'],
    check: (r) => expect((r.output as number[])[0]).toBeLessThan(256),
  },
  {
    name: 'writes a huge file in the scratch folder and fills /tmp',
    code: () => `
import json
out = []
try:
    with open("/tmp/fill", "wb") as f:
        for i in range(200): f.write(b"x" * 1024 * 1024)
    out.append("filled /tmp")
except OSError as e:
    out.append(e.errno)
with open("big.bin", "wb") as f:
    for i in range(200): f.write(b"x" * 1024 * 1024)
print(json.dumps(out))`,
    expect: ['crash'], // SIGXFSZ at the 64 MB file-size limit
  },
  {
    name: 'hard-links (and symlinks) a secret into its output file',
    code: () => `import os\ntry:\n    os.link(${q(secretFile)}, "out.json")\nexcept Exception:\n    os.symlink(${q(secretFile)}, "out.json")`,
    extra: () => ({ output: { file: 'out.json' } }) as Partial<SandboxRequest>,
    expect: ['invalid-output'],
  },
  {
    name: 'makes its output file a FIFO (the reader must not block)',
    code: () => 'import os\nos.mkfifo("out.json")',
    extra: () => ({ output: { file: 'out.json' } }) as Partial<SandboxRequest>,
    expect: ['invalid-output'],
  },
  {
    name: 'creates a nested user namespace (unshare -U, unshare(CLONE_NEWUSER)) to chroot and reach kernel code as "root"',
    code: () => `
import ctypes, json, os, subprocess
out = {}
for name, argv in [("unshare -U", ["unshare", "-U", "true"]), ("unshare -r chroot", ["unshare", "-r", "/usr/sbin/chroot", "/", "true"])]:
    out[name] = subprocess.run(argv, capture_output=True).returncode
try:
    os.chroot("/"); out["chroot"] = "chrooted"
except OSError as e:
    out["chroot"] = e.errno
libc = ctypes.CDLL(None, use_errno=True)
out["unshare(CLONE_NEWUSER)"] = "created" if libc.unshare(0x10000000) == 0 else os.strerror(ctypes.get_errno())
print(json.dumps(out))`,
    expect: ['ok'],
    check: (r) => {
      const out = r.output as Record<string, unknown>;
      expect(out['unshare -U']).not.toBe(0);
      expect(out['unshare -r chroot']).not.toBe(0);
      expect(out.chroot).toBe(1); // EPERM
      expect(out['unshare(CLONE_NEWUSER)']).not.toBe('created');
    },
  },
  {
    name: "reads the host's memory through /proc",
    code: () => pyReadFiles([`/proc/${process.pid}/cmdline`, `/proc/${process.pid}/mem`, '/proc/1/cmdline']),
    expect: ['ok'],
    check: (r) => expect(JSON.stringify(r.output)).not.toContain('vitest'),
  },
];

describe.runIf(proc.confined)('command (python3) attacks on the process backend', () => {
  for (const attack of PY_ATTACKS) {
    it(attack.name, async () => {
      const r = await proc.run(py(attack.code(), attack.extra?.()));
      contained(r);
      expectFailure(r, attack.expect);
      await attack.check?.(r);
      await goesOn(proc, 'command');
    });
  }
});

describe.runIf(proc.confined)("a command's output cap, what a candidate can learn of its host, its memory limits", () => {
  const capped = { ...limits, outputMaxBytes: 400_000, logMaxBytes: 100_000 };

  it('a JSON last line is capped by outputMaxBytes, not by the (smaller) log cap; the lines before it are log', async () => {
    const answer = (n: number) => `import json\nfor i in range(50): print("log line", i)\nprint(json.dumps(["x" * ${n}]))`;
    const fits = await proc.run(py(answer(300_000), { limits: capped }));
    expect(fits.failure, fits.error).toBeUndefined();
    expect((fits.output as string[])[0]).toHaveLength(300_000);
    expect(fits.stdout.length).toBeLessThanOrEqual(capped.logMaxBytes);
    const over = await proc.run(py(answer(500_000), { limits: capped }));
    expect(over.failure, over.error).toBe('output-too-large');
    // Log lines still count towards the log cap: many short ones are a flood; one endless line is too large an answer.
    const flood = await proc.run(py('while True: print("x" * 1000)', { limits: capped }));
    expect(flood.failure).toBe('output-flood');
    const endless = await proc.run(py('import sys\nwhile True: sys.stdout.write("x" * 1000)', { limits: capped }));
    expect(endless.failure).toBe('output-too-large');
    // A long log line before the answer is log (within the log cap), and the answer is still read.
    const long = await proc.run(py(`print("y" * 90_000)\nprint(7)`, { limits: capped }));
    expect(long.output).toBe(7);
    await goesOn(proc, 'command');
  });

  it("sees neither the project's path nor Kaizen's pid in argv, cwd, scratch names or /proc", async () => {
    const pid = String(process.pid);
    const hasPid = (text: string) => new RegExp(`(^|\\D)${pid}(\\D|$)`).test(text);
    const js = await proc.run({
      kind: 'js',
      code: 'export function run() { return { argv: process.argv, execArgv: process.execArgv, execPath: process.execPath, cwd: process.cwd(), ppid: process.ppid, env: process.env } }',
      programFile: 'program.mjs',
      exportName: 'run',
      args: [],
      limits,
      env,
    });
    const command = await proc.run(
      py(`import json, os, sys
pids = [p for p in os.listdir("/proc") if p.isdigit()]
cmdlines = [open("/proc/%s/cmdline" % p, "rb").read().decode(errors="replace") for p in pids]
print(json.dumps({"argv": sys.argv, "cwd": os.getcwd(), "ppid": os.getppid(), "pids": pids, "cmdlines": cmdlines, "env": dict(os.environ)}))`),
    );
    for (const r of [js, command]) {
      expect(r.ok, r.error).toBe(true);
      const out = r.output as { cwd: string; ppid: number; pids?: string[] };
      const seen = JSON.stringify(out);
      expect(seen).not.toContain(ROOT);
      // Kaizen's Node often lives in the project (or a version manager's folder): its path must not show either.
      if (!process.execPath.startsWith('/usr/')) expect(seen).not.toContain(process.execPath);
      expect(hasPid(seen), seen).toBe(false);
      expect(out.ppid).not.toBe(process.pid);
      expect(out.cwd).toMatch(/^\/tmp\/kaizen-sbx-[A-Za-z0-9]{6}\/eval-[A-Za-z0-9]{6}$/);
      if (out.pids) expect(out.pids).not.toContain(pid);
    }
    expect((js.output as { argv: string[] }).argv.slice(0, 2)).toEqual(['/opt/sandbox/node', '/opt/sandbox/runner/js-runner.js']);
  });

  it('a Node command gets a data limit (RLIMIT_DATA) of its memory cap + 1 GB, far below its address-space limit', async () => {
    // Node needs ~2 GB of address space beyond its cap just to start; its writable mappings (VmData ~575 MB at start)
    // are what grows with the program. Untouched ArrayBuffers cost no resident memory, so only the limit stops them.
    const code = `const fs = require('node:fs');
const status = () => Number(/VmData:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
const atStart = status();
const kept = []; let error = null;
try { for (;;) kept.push(new ArrayBuffer(32 << 20)); } catch (e) { error = String(e); }
const limit = /Max data size\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'))[1];
console.log(JSON.stringify({ atStart, allocatedMb: kept.length * 32, error, limitMb: Number(limit) / 2 ** 20 }));`;
    const memoryMb = 256;
    const r = await proc.run({
      kind: 'command',
      code,
      programFile: 'program.cjs',
      command: [process.execPath, '{program}'],
      output: 'stdout',
      limits: { ...limits, memoryMb, timeoutMs: 10_000 },
      env,
    });
    expect(r.ok, `${r.error} ${r.stderr}`).toBe(true);
    const out = r.output as { atStart: number; allocatedMb: number; error: string; limitMb: number };
    expect(out.limitMb).toBe(memoryMb + 1024);
    expect(out.error).toMatch(/Array buffer allocation failed/);
    // Without the data limit the address space (memoryMb + 2 GB) let it map ~900 MB here; with it, start + maps fit.
    expect(out.atStart + out.allocatedMb).toBeLessThanOrEqual(memoryMb + 1024);
    expect(out.allocatedMb).toBeGreaterThan(0);
  });
});

describe('without bubblewrap', () => {
  it('refuses to run unless explicitly allowed, then warns once', async () => {
    const refusing = new ProcessSandbox({ bwrapPath: null, allowUnsandboxed: false });
    expect(refusing.confined).toBe(false);
    const r = await refusing.run(py('print(1)'));
    expect(r.failure).toBe('sandbox-error');
    expect(r.error).toMatch(/refusing to run/);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const allowed = new ProcessSandbox({ bwrapPath: null, allowUnsandboxed: true });
      expect((await allowed.run(py('print(1)'))).output).toBe(1);
      expect((await allowed.run(py('print(2)'))).output).toBe(2);
      await new Promise((res) => setTimeout(res, 20));
      expect(warnings.filter((w) => /WITHOUT bubblewrap/.test(w))).toHaveLength(1);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('keeps the isolate backend confined without bubblewrap too (no Node API in the isolate)', async () => {
    const bare = new IsolateSandbox({ poolSize: 1, bwrapPath: null });
    try {
      const r = await bare.run(js(readFiles([secretFile])));
      contained(r);
      expect(JSON.stringify(r.output)).not.toContain(SECRET);
      await goesOn(bare, 'js');
    } finally {
      await bare.close();
    }
  });
});

it('bubblewrap is available (CI installs it; KAIZEN_ALLOW_UNSANDBOXED=1 accepts running without)', () => {
  if (process.env.KAIZEN_ALLOW_UNSANDBOXED !== '1') expect(proc.confined, proc.unsandboxedReason ?? '').toBe(true);
});

it('the secrets exist on the host (the attacks had something to find)', () => {
  expect(readdirSync(dir)).toContain('secret.txt');
  expect(process.env.KAIZEN_ATTACK_API_KEY).toBe(SECRET);
});
