// Support files: trusted files of the task written read-only beside the candidate's program (a trainer module it
// imports, a header it includes), in the scratch folder and in the compile folder, and part of the compile cache key.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compileKey } from '../../src/sandbox/compile.ts';
import { IsolateSandbox } from '../../src/sandbox/isolate.ts';
import { ProcessSandbox } from '../../src/sandbox/process.ts';
import type { CommandRequest, JsRequest, SupportFile } from '../../src/sandbox/types.ts';
import { descendants, eventually } from './helpers.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'kaizen-support-test-'));
const sandbox = new ProcessSandbox({ compileCacheDir: join(cacheDir, 'cache') });
const env = { PATH: '/usr/bin:/bin' };
const limits = { timeoutMs: 10_000, memoryMb: 256, outputMaxBytes: 100_000, logMaxBytes: 10_000, cpuMs: 4000 };
const GXX = ['g++', '-O2', '-std=gnu++20', '-o', '{binary}', '{program}'];
const TRAINER: SupportFile = { name: 'trainer.mjs', content: 'export function train(x) {\n  return x * 7;\n}\n' };

function node(code: string, files: SupportFile[], stdin = ''): CommandRequest {
  return { kind: 'command', code, programFile: 'program.mjs', command: [process.execPath, '{program}'], output: 'text', stdin, limits, env, files };
}

function cpp(code: string, files: SupportFile[], stdin = ''): CommandRequest {
  return { kind: 'command', code, programFile: 'program.cpp', command: ['{binary}'], compile: { command: GXX }, output: 'text', stdin, limits, env, files };
}

afterEach(async () => {
  expect(await eventually(() => descendants(process.pid).length === 0)).toBe(true);
});

afterAll(async () => {
  await sandbox.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('support files in the process sandbox', () => {
  it('a JavaScript program imports a support module beside it', async () => {
    const code = `import { readFileSync } from 'node:fs';\nimport { train } from './trainer.mjs';\nconsole.log(train(Number(readFileSync(0, 'utf8'))));\n`;
    const r = await sandbox.run(node(code, [TRAINER], '6'));
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.output).toBe('42\n');
  });

  it('a js request (exported function) imports one too, under the permission model', async () => {
    const request: JsRequest = {
      kind: 'js',
      code: `import { train } from './trainer.mjs';\nexport function solve(x) { return { y: train(x) }; }\n`,
      programFile: 'program.mjs',
      exportName: 'solve',
      args: [3],
      limits,
      env,
      files: [TRAINER],
    };
    const r = await sandbox.run(request);
    expect(r.error).toBeUndefined();
    expect(r.output).toEqual({ y: 21 });
  });

  it('a support file is read-only for the candidate: writing to it fails and its content stays', async () => {
    const code = `import { writeFileSync, readFileSync, statSync } from 'node:fs';
let outcome = 'written';
try {
  writeFileSync('./trainer.mjs', 'export function train() { return 0; }');
} catch (e) {
  outcome = e.code;
}
const mode = (statSync('./trainer.mjs').mode & 0o777).toString(8);
const { train } = await import('./trainer.mjs');
console.log(JSON.stringify({ outcome, mode, value: train(1) }));
`;
    const r = await sandbox.run(node(code, [TRAINER]));
    expect(r.ok).toBe(true);
    expect(JSON.parse(String(r.output))).toEqual({ outcome: 'EACCES', mode: '444', value: 7 });
  });

  it('refuses names that are not relative paths, clash with the program or come twice: sandbox-error', async () => {
    const code = 'console.log(1);\n';
    const cases: [SupportFile[], RegExp][] = [
      [[{ name: '../x', content: 'x' }], /not a valid relative path/],
      [[{ name: 'sub/../x.mjs', content: 'x' }], /not a valid relative path/],
      [[{ name: '..', content: 'x' }], /not a valid relative path/],
      [[{ name: '', content: 'x' }], /not a valid relative path: it is empty/],
      [[{ name: 'program.mjs', content: 'x' }], /program's own name/],
      [[TRAINER, TRAINER], /given twice/],
    ];
    for (const [files, message] of cases) {
      const r = await sandbox.run(node(code, files));
      expect(r.ok).toBe(false);
      expect(r.failure).toBe('sandbox-error');
      expect(r.error).toMatch(message);
    }
    // The C++ binary's name is taken too.
    const r = await sandbox.run(cpp('int main() {}\n', [{ name: 'program', content: 'x' }]));
    expect(r.failure).toBe('sandbox-error');
    expect(r.error).toMatch(/compiled binary's name/);
  });

  it('a C++ program includes a support header; a changed header is a new compile, not the stale cached binary', async () => {
    const code = `// ${randomUUID()}\n#include <cstdio>\n#include "helper.h"\nint main() { std::printf("%d\\n", helper()); }\n`;
    const header = (n: number): SupportFile => ({ name: 'helper.h', content: `#pragma once\ninline int helper() { return ${n}; }\n` });
    const first = await sandbox.run(cpp(code, [header(11)]));
    expect(first.error).toBeUndefined();
    expect(first.output).toBe('11\n');
    expect(first.compileCached).toBe(false);
    const again = await sandbox.run(cpp(code, [header(11)]));
    expect(again.output).toBe('11\n');
    expect(again.compileCached).toBe(true);
    const changed = await sandbox.run(cpp(code, [header(22)]));
    expect(changed.output).toBe('22\n');
    expect(changed.compileCached).toBe(false);
    // Without the header the source does not compile (and that is not the cached binary either).
    const without = await sandbox.run(cpp(code, []));
    expect(without.failure).toBe('compile-error');
    expect(without.error).toMatch(/helper\.h/);
  });

  it('the compile key: support files count by name and content; without any, the key is the one it always was', () => {
    const parts = { command: GXX, programFile: 'program.cpp', code: 'int main() {}\n', compiler: '/usr/bin/g++\ng++ 13' };
    const old = createHash('sha256')
      .update(JSON.stringify([parts.command, parts.programFile, parts.compiler]))
      .update('\0')
      .update(parts.code)
      .digest('hex');
    expect(compileKey(parts)).toBe(old);
    expect(compileKey({ ...parts, files: [] })).toBe(old);
    const a = compileKey({ ...parts, files: [{ name: 'helper.h', content: 'A' }] });
    expect(a).not.toBe(old);
    expect(compileKey({ ...parts, files: [{ name: 'helper.h', content: 'B' }] })).not.toBe(a);
    expect(compileKey({ ...parts, files: [{ name: 'other.h', content: 'A' }] })).not.toBe(a);
  });
});

describe('support files in the isolate sandbox', () => {
  it('modules are imported; any other file is refused clearly, not ignored: an isolate has no file system', async () => {
    const isolate = new IsolateSandbox({ poolSize: 1 });
    const request = (files: SupportFile[]): JsRequest => ({
      kind: 'js',
      code: `import { train } from './trainer.mjs';\nexport function solve() { return train(1); }\n`,
      programFile: 'program.mjs',
      exportName: 'solve',
      args: [],
      limits,
      env,
      files,
    });
    try {
      const ok = await isolate.run(request([TRAINER]));
      expect(ok.error).toBeUndefined();
      expect(ok.output).toBe(7);
      const r = await isolate.run(request([TRAINER, { name: 'weights.json', content: '[]' }]));
      expect(r.ok).toBe(false);
      expect(r.failure).toBe('sandbox-error');
      expect(r.error).toMatch(/support files need the process sandbox/);
    } finally {
      await isolate.close();
    }
  });
});
