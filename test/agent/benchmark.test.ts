// The shipped coding benchmark as a whole: it loads; its size; every language and every kind in both splits; the
// shape of each task (2-6 repository files, ids equal to folder names, tests on the standard runners alone); and a
// malformed task.json is an error naming its file and field. Each task's own checks, run through the harness in the
// sandbox, are in benchmark-js, benchmark-ts and benchmark-py.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { type CodingTask, loadBenchmark, SHIPPED_BENCHMARK, split, taskFiles } from '../../src/agent/benchmark.ts';
import { KaizenError } from '../../src/errors.ts';
import { tempDir } from '../support/tmp.ts';

/** Tasks in the shipped benchmark (update when tasks are added or removed). */
const TASKS = 72;
const LANGUAGES = ['javascript', 'typescript', 'python'] as const;
const KINDS = ['bugfix', 'feature', 'refactor', 'performance'] as const;
const SPLITS = ['dev', 'heldout'] as const;

describe('the shipped coding benchmark', () => {
  let loaded: CodingTask[] | null = null;
  const shipped = () => {
    loaded ??= loadBenchmark();
    return loaded;
  };

  test('loads with no error', () => {
    expect(() => shipped()).not.toThrow();
  });

  test(`has ${TASKS} tasks`, () => {
    expect(TASKS).toBeGreaterThanOrEqual(70);
    expect(shipped().length).toBe(TASKS);
  });

  test('every language has tasks in both splits', () => {
    for (const language of LANGUAGES) {
      for (const which of SPLITS) {
        expect(split(shipped(), which).filter((t) => t.language === language).length, `${language} in ${which}`).toBeGreaterThan(0);
      }
    }
  });

  test('every kind is in both splits', () => {
    for (const kind of KINDS) {
      for (const which of SPLITS) expect(split(shipped(), which).filter((t) => t.kind === kind).length, `${kind} in ${which}`).toBeGreaterThan(0);
    }
  });

  test('ids are unique and equal to their folder names, and every task folder is loaded', () => {
    const ids = shipped().map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of shipped()) expect(basename(t.dir), t.id).toBe(t.id);
    const folders = readdirSync(SHIPPED_BENCHMARK).filter((d) => existsSync(join(SHIPPED_BENCHMARK, d, 'task.json')));
    expect(ids).toEqual(folders.sort());
    const prefix = { javascript: 'js', typescript: 'ts', python: 'py' };
    for (const t of shipped())
      expect(t.id.startsWith(`${prefix[t.language]}-${t.kind === 'performance' ? '' : t.kind}`), `${t.id} is ${t.language} ${t.kind}`).toBe(true);
  });

  test('each repository has 2-6 files; each task has hidden tests and a shortcut', () => {
    for (const t of shipped()) {
      const n = Object.keys(taskFiles(t, 'repo')).length;
      expect(n >= 2 && n <= 6, `${t.id}: repo/ has ${n} files`).toBe(true);
      expect(Object.keys(taskFiles(t, 'hidden')).length, `${t.id}: hidden/`).toBeGreaterThan(0);
      expect(Object.keys(taskFiles(t, 'shortcut')).length, `${t.id}: shortcut/`).toBeGreaterThan(0);
    }
  });

  test('every task records how many hidden tests its reference passes (scripts/check-coding-tasks.ts --write)', () => {
    expect(
      shipped()
        .filter((t) => t.hiddenTests === undefined)
        .map((t) => t.id),
    ).toEqual([]);
  });

  test('tests use only the standard runners (node:test, unittest): no package is imported anywhere', () => {
    const python = spawnSync('/usr/bin/python3', ['-c', 'import sys; print("\\n".join(sys.stdlib_module_names))'], { encoding: 'utf8' });
    const stdlib = new Set(python.stdout.split('\n').filter(Boolean));
    expect(stdlib.has('unittest')).toBe(true);
    const builtins = new Set(builtinModules);
    const problems: string[] = [];
    for (const t of shipped()) {
      const trees = (['repo', 'hidden', 'reference', 'shortcut'] as const).map((part) => [part, taskFiles(t, part)] as const);
      // Python: the task's own modules are the top-level files and folders of its repository (as patched).
      const local = new Set(trees.flatMap(([, files]) => Object.keys(files).map((p) => p.split('/')[0].replace(/\.py$/, ''))));
      for (const [part, files] of trees) {
        for (const [path, text] of Object.entries(files)) {
          const where = `${t.id}/${part}/${path}`;
          if (/\.[cm]?[jt]s$/.test(path)) {
            const specifiers = [
              ...text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
              ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
              ...text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]/g),
            ].map((m) => m[1]);
            for (const s of specifiers)
              if (!s.startsWith('./') && !s.startsWith('../') && !builtins.has(s) && !builtins.has(s.replace(/^node:/, '')))
                problems.push(`${where} imports ${s}`);
            if (/\.test\.[cm]?[jt]s$/.test(path) && !specifiers.includes('node:test')) problems.push(`${where} does not use node:test`);
          } else if (path.endsWith('.py')) {
            const modules = [
              ...[...text.matchAll(/^\s*from\s+([\w.]+)\s+import\b/gm)].map((m) => m[1]),
              ...[...text.matchAll(/^\s*import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*)\s*(?:#.*)?$/gm)].flatMap((m) =>
                m[1].split(',').map((s) => s.trim().split(/\s+/)[0]),
              ),
            ];
            for (const m of modules)
              if (!m.startsWith('.') && !stdlib.has(m.split('.')[0]) && !local.has(m.split('.')[0])) problems.push(`${where} imports ${m}`);
            if (/^test_.*\.py$/.test(basename(path)) && !modules.includes('unittest')) problems.push(`${where} does not use unittest`);
          } else if (basename(path) === 'package.json') {
            const pkg = JSON.parse(text) as Record<string, unknown>;
            for (const k of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) if (k in pkg) problems.push(`${where} has ${k}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('a malformed benchmark', () => {
  const good = {
    id: 'py-bugfix-x',
    title: 'x',
    kind: 'bugfix',
    language: 'python',
    split: 'dev',
    tests: { public: ['python3', '-m', 'unittest'], hidden: ['python3', '-m', 'unittest'] },
  };

  function benchmarkWith(json: string): { dir: string; file: string } {
    const dir = tempDir('kaizen-bench-');
    const taskDir = join(dir, 'py-bugfix-x');
    for (const part of ['repo', 'hidden', 'reference']) mkdirSync(join(taskDir, part), { recursive: true });
    writeFileSync(join(taskDir, 'issue.md'), 'Fix it.\n');
    const file = join(taskDir, 'task.json');
    writeFileSync(file, json);
    return { dir, file };
  }

  function errorOf(dir: string): unknown {
    try {
      loadBenchmark(dir);
    } catch (e) {
      return e;
    }
    return null;
  }

  test('a well-formed task loads', () => {
    const { dir } = benchmarkWith(JSON.stringify(good));
    expect(loadBenchmark(dir).map((t) => t.id)).toEqual(['py-bugfix-x']);
  });

  test.each([
    ['an unknown kind', { ...good, kind: 'cleanup' }, 'kind'],
    ['a missing hidden test command', { ...good, tests: { public: ['python3'] } }, 'tests.hidden'],
    ['a hidden test count that is not a positive integer', { ...good, hiddenTests: 0 }, 'hiddenTests'],
    ['an unknown field', { ...good, timeout: 5 }, 'timeout'],
    ['an id that is not its folder name', { ...good, id: 'py-bugfix-y' }, 'id'],
  ])('%s is a KaizenError naming the file and the field', (_, json, field) => {
    const { dir, file } = benchmarkWith(JSON.stringify(json, null, 2));
    const e = errorOf(dir);
    expect(e).toBeInstanceOf(KaizenError);
    expect((e as Error).message).toContain(file);
    expect((e as Error).message).toContain(field);
  });

  test('a task.json that is not JSON is a KaizenError naming the file', () => {
    const { dir, file } = benchmarkWith('{ "id": "py-bugfix-x", ');
    const e = errorOf(dir);
    expect(e).toBeInstanceOf(KaizenError);
    expect((e as Error).message).toContain(file);
  });
});
