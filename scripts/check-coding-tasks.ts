// Authoring aid for benchmarks/coding: checks tasks without a sandbox (CI checks them in the sandbox through the
// agent harness, test/agent/benchmark.test.ts) and prints each task's shape: the regions the reference changes, the
// line where they lie and the length of their files, and whether public tests catch a draft that omits the last region.
// It counts the hidden tests the reference passes (the runner's summary: node's `ℹ pass N`, unittest's `Ran N tests` and
// OK); a task.json whose `hiddenTests` differs is a problem, and --write puts the count there (the harness then wants
// exactly that many passed), changing nothing else in the file (it writes only a task with no other problem).
//   node scripts/check-coding-tasks.ts [--write] [TASK_DIR ...]      (default: every task)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { structuredPatch } from 'diff';
import { testCounts } from '../src/agent/harness.ts';

const root = new URL('../benchmarks/coding/tasks/', import.meta.url).pathname;
const args = process.argv.slice(2);
const write = args.includes('--write');
for (const a of args) {
  if (a.startsWith('-') && a !== '--write') {
    console.error(`unknown option ${a} (usage: node scripts/check-coding-tasks.ts [--write] [TASK_DIR ...])`);
    process.exit(2);
  }
}
const named = args.filter((a) => !a.startsWith('-')).map((a) => resolve(a));
const dirs = named.length > 0 ? named : readdirSync(root).map((d) => join(root, d));

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

function copyOf(task: string, overlays: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cbench-'));
  cpSync(join(task, 'repo'), dir, { recursive: true });
  for (const o of overlays) if (existsSync(join(task, o))) cpSync(join(task, o), dir, { recursive: true });
  return dir;
}

function run(dir: string, argv: string[], cpuMs: number): { ok: boolean; ms: number; out: string; all: string } {
  const started = performance.now();
  const r = spawnSync(argv[0] === 'python3' ? '/usr/bin/python3' : argv[0] === 'node' ? process.execPath : argv[0], argv.slice(1), {
    cwd: dir,
    env: { PATH: '/usr/bin:/bin' },
    timeout: cpuMs * 2,
    encoding: 'utf8',
  });
  const all = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  return { ok: r.status === 0, ms: Math.round(performance.now() - started), out: all.trim().slice(-1500), all };
}

/** Tests a run passed, by the runner's own summary (the harness's reading of it); null without one, or with a failure. */
function passedTests(output: string): number | null {
  const { passed, failed } = testCounts(output);
  return failed === 0 ? passed : null;
}

/** task.json's text with `"hiddenTests": n` set (replaced, or added as the last field), the rest of the text unchanged. */
function withHiddenTests(text: string, n: number): string {
  const field = /("hiddenTests"\s*:\s*)\d+/;
  if (field.test(text)) return text.replace(field, `$1${n}`);
  return text.replace(/\s*\}\s*$/, `,\n  "hiddenTests": ${n}\n}\n`);
}

let bad = 0;
for (const task of dirs) {
  const problems: string[] = [];
  const meta = JSON.parse(readFileSync(join(task, 'task.json'), 'utf8'));
  if (meta.id !== basename(task)) problems.push(`id ${meta.id} is not the folder name`);
  for (const k of ['title', 'kind', 'language', 'split']) if (typeof meta[k] !== 'string') problems.push(`task.json: ${k} missing`);
  if (!existsSync(join(task, 'issue.md'))) problems.push('issue.md missing');
  const repoFiles = files(join(task, 'repo'));
  if (repoFiles.length < 2 || repoFiles.length > 6) problems.push(`repo/ has ${repoFiles.length} files (2-6)`);
  const cpuMs = meta.limits?.hiddenCpuMs ?? 10_000;
  const withHidden = (overlays: string[]) => copyOf(task, [...overlays, 'hidden']);
  const check = (label: string, overlays: string[], wantPublic: boolean | null, wantHidden: boolean) => {
    const dir = withHidden(overlays);
    try {
      if (wantPublic !== null) {
        const p = run(dir, meta.tests.public, cpuMs);
        if (p.ok !== wantPublic) problems.push(`${label}: public tests ${p.ok ? 'pass' : 'fail'}\n${p.out}`);
      }
      const h = run(dir, meta.tests.hidden, cpuMs);
      if (h.ok !== wantHidden) problems.push(`${label}: hidden tests ${h.ok ? 'pass' : 'fail'} (${h.ms} ms)\n${h.out}`);
      const passed = h.ok ? passedTests(h.all) : null;
      if (label === 'reference' && h.ok && passed === null) problems.push(`reference: no test runner summary with every test passed in the hidden run\n${h.out}`);
      return { ms: h.ms, passed };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  check('untouched', [], null, false);
  const { ms: refMs, passed } = check('reference', ['reference'], true, true);
  check('shortcut', ['shortcut'], true, false);
  // The hidden test count: checked, or written with --write (only when the reference passes everything else).
  let count = '';
  if (passed !== null) {
    count = ` · hidden tests ${passed}`;
    if (meta.hiddenTests !== passed) {
      if (!write && meta.hiddenTests === undefined) count += ' (not in task.json: --write puts it there)';
      else if (!write) problems.push(`task.json: hiddenTests is ${meta.hiddenTests}, the reference passes ${passed} hidden tests (--write corrects it)`);
      else if (problems.length === 0) {
        const file = join(task, 'task.json');
        const text = withHiddenTests(readFileSync(file, 'utf8'), passed);
        if (!isDeepStrictEqual(JSON.parse(text), { ...meta, hiddenTests: passed })) problems.push('task.json: could not set hiddenTests (left as it was)');
        else {
          writeFileSync(file, text);
          count += ` (written, was ${meta.hiddenTests ?? 'missing'})`;
        }
      }
    }
  }
  // Shape: the reference's regions (diff hunks), in file order.
  const regions: { file: string; line: number; fileLines: number }[] = [];
  const hunks: { file: string; hunk: ReturnType<typeof structuredPatch>['hunks'][number] }[] = [];
  for (const f of files(join(task, 'reference'))) {
    const before = existsSync(join(task, 'repo', f)) ? readFileSync(join(task, 'repo', f), 'utf8') : '';
    const after = readFileSync(join(task, 'reference', f), 'utf8');
    const patch = structuredPatch(f, f, before, after, '', '', { context: 0 });
    for (const h of patch.hunks) {
      regions.push({ file: f, line: h.oldStart, fileLines: before.split('\n').length });
      hunks.push({ file: f, hunk: h });
    }
  }
  let partial = '';
  if (hunks.length >= 2) {
    // A draft with every region but the last: do the public tests notice?
    const dir = copyOf(task, []);
    const last = hunks.at(-1)!;
    const lastFile = last.file;
    for (const f of new Set(hunks.map((h) => h.file))) {
      const before = existsSync(join(task, 'repo', f)) ? readFileSync(join(task, 'repo', f), 'utf8') : '';
      const after = readFileSync(join(task, 'reference', f), 'utf8');
      if (f !== lastFile) writeFileSync(join(dir, f), after);
      else {
        const patch = structuredPatch(f, f, before, after, '', '', { context: 0 });
        const lines = before.split('\n');
        for (const h of patch.hunks.slice(0, -1).reverse()) {
          const added = h.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1));
          const start = h.oldStart - 1; // jsdiff: an insertion goes before old line oldStart, as a change starts there
          lines.splice(start, h.oldLines, ...added);
        }
        writeFileSync(join(dir, f), lines.join('\n'));
      }
    }
    const p = run(dir, meta.tests.public, cpuMs);
    partial = p.ok ? ' · draft without the last region PASSES public tests' : ' · draft without the last region fails public tests';
    rmSync(dir, { recursive: true, force: true });
  }
  const shape = regions.map((r) => `${r.file}:${r.line}/${r.fileLines}`).join(', ');
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${meta.id} [${meta.split}, ${meta.kind}] regions ${regions.length}: ${shape} · reference hidden ${refMs} ms${count}${partial}`);
  for (const p of problems) console.log(`     ${p.replaceAll('\n', '\n     ')}`);
  if (problems.length) bad++;
}
console.log(`${dirs.length - bad} of ${dirs.length} tasks pass`);
process.exit(bad ? 1 : 0);
