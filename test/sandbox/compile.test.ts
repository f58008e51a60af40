// The compile step of command candidates: confined like a candidate, cached by source and compiler.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ProcessSandbox } from '../../src/sandbox/process.ts';
import type { CommandRequest } from '../../src/sandbox/types.ts';
import { descendants, eventually } from './helpers.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'kaizen-compile-test-'));
const secretDir = mkdtempSync(join(tmpdir(), 'kaizen-compile-secret-'));
const sandbox = new ProcessSandbox({ compileCacheDir: join(cacheDir, 'cache') });
const env = { PATH: '/usr/bin:/bin' };
const limits = { timeoutMs: 5000, memoryMb: 256, outputMaxBytes: 100_000, logMaxBytes: 10_000, cpuMs: 2000 };
const GXX = ['g++', '-O2', '-std=gnu++20', '-o', '{binary}', '{program}'];

/** A C++ solver (unique, so that no earlier run's cache entry answers for it) summing the numbers on stdin. */
function sumSource(): string {
  return `// ${randomUUID()}\n#include <cstdio>\nint main() {\n  long long s = 0, x;\n  while (std::scanf("%lld", &x) == 1) s += x;\n  std::printf("%lld\\n", s);\n}\n`;
}

function cpp(code: string, stdin = ''): CommandRequest {
  return { kind: 'command', code, programFile: 'program.cpp', command: ['{binary}'], compile: { command: GXX }, output: 'text', stdin, limits, env };
}

afterEach(async () => {
  expect(await eventually(() => descendants(process.pid).length === 0)).toBe(true);
});

afterAll(async () => {
  await sandbox.close();
  rmSync(cacheDir, { recursive: true, force: true });
  rmSync(secretDir, { recursive: true, force: true });
});

describe('compile step', () => {
  it('compiles a C++ solver once: the second case runs the cached binary', async () => {
    const code = sumSource();
    const t0 = performance.now();
    const first = await sandbox.run(cpp(code, '1 2 3\n'));
    const firstMs = performance.now() - t0;
    expect(first.ok).toBe(true);
    expect(first.output).toBe('6\n');
    expect(first.compileCached).toBe(false);
    expect(first.compileMs).toBeGreaterThan(0);
    expect(first.cpuMs).toBeGreaterThanOrEqual(0);
    const t1 = performance.now();
    const second = await sandbox.run(cpp(code, '10 20 30 40\n'));
    const secondMs = performance.now() - t1;
    expect(second.ok).toBe(true);
    expect(second.output).toBe('100\n');
    expect(second.compileCached).toBe(true);
    expect(second.compileMs).toBe(first.compileMs);
    expect(secondMs).toBeLessThan(firstMs);
    // Another sandbox (another Kaizen process) with the same cache folder finds it too.
    const other = new ProcessSandbox({ compileCacheDir: join(cacheDir, 'cache') });
    try {
      const third = await other.run(cpp(code, '5\n'));
      expect(third.output).toBe('5\n');
      expect(third.compileCached).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('compiles once for concurrent requests of the same program', async () => {
    const code = sumSource();
    const results = await Promise.all([1, 2, 3].map((n) => sandbox.run(cpp(code, `${n} ${n}`))));
    expect(results.map((r) => r.output)).toEqual(['2\n', '4\n', '6\n']);
    expect(results.filter((r) => r.compileCached === false)).toHaveLength(1);
  });

  it('reports a compile error with the compiler message naming the line, and caches it', async () => {
    const code = `// ${randomUUID()}\nint main() {\n  return undeclared_thing;\n}\n`;
    const r = await sandbox.run(cpp(code));
    expect(r.ok).toBe(false);
    expect(r.failure).toBe('compile-error');
    expect(r.error).toMatch(/program\.cpp:3:\d+: error: 'undeclared_thing' was not declared/);
    expect(r.error).not.toMatch(/kaizen-sbx|compile-/);
    expect(r.error?.split('\n').length).toBeLessThanOrEqual(21);
    expect(r.compileCached).toBe(false);
    const again = await sandbox.run(cpp(code));
    expect(again.failure).toBe('compile-error');
    expect(again.error).toBe(r.error);
    expect(again.compileCached).toBe(true);
  });

  it('compiles inside the sandbox: files outside it cannot be included', async () => {
    const secret = join(secretDir, 'holdout.txt');
    const mark = `secret-${randomUUID()}`;
    writeFileSync(secret, `${mark}\n`);
    const r = await sandbox.run(cpp(`#include "${secret}"\nint main() {}\n`));
    expect(r.failure).toBe('compile-error');
    expect(r.error).toMatch(/No such file or directory/);
    expect(JSON.stringify(r)).not.toContain(mark);
    expect(readdirSync(secretDir)).toEqual(['holdout.txt']);
  });

  it('never shows the cache to the solver: its binary is a copy, the cache folder is not visible', async () => {
    const cache = join(cacheDir, 'cache');
    const code = `// ${randomUUID()}
#include <cstdio>
#include <dirent.h>
#include <sys/stat.h>
int main(int, char** argv) {
  chmod(argv[0], 0);
  std::puts(opendir("${cache}") ? "cache visible" : "cache hidden");
}
`;
    const first = await sandbox.run(cpp(code));
    expect(first.output).toBe('cache hidden\n');
    const second = await sandbox.run(cpp(code));
    expect(second.compileCached).toBe(true);
    expect(second.output).toBe('cache hidden\n');
  });

  it('refuses {binary} without a compile step', async () => {
    const r = await sandbox.run({ ...cpp(sumSource()), compile: undefined });
    expect(r.failure).toBe('sandbox-error');
    expect(r.error).toMatch(/\{binary\}/);
  });
});
