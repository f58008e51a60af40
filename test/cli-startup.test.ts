// The CLI starts fast because commands.ts registers every command without loading its dependencies: these tests
// check what `kaizen --version`, `kaizen --help` and `kaizen corewar battle` load (bin/kaizen.js runs dist/, built by
// the global setup), and that the help still lists every command.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI, tempDir } from './support/tmp.ts';

const HOOK = fileURLToPath(new URL('./support/record-loads.mjs', import.meta.url));
const COMMANDS = [
  'init',
  'run',
  'status',
  'eval',
  'compare',
  'study',
  'paper',
  'review',
  'best',
  'export',
  'prompts',
  'corewar',
  'models',
  'doctor',
  'verify',
  'report',
  'improve',
  'agent',
  'ui',
  'worker',
];
/** Packages no command needs before its action runs. */
const HEAVY = [
  'ai',
  '@ai-sdk',
  'bullmq',
  'ioredis',
  'pg',
  'kysely',
  'better-sqlite3',
  'hono',
  '@hono',
  'typescript',
  'zod',
  'isolated-vm',
  'cli-progress',
  'diff',
  'acorn',
];

/** Runs the kaizen command with the load recorder; returns its output and the packages and files it loaded. */
function traced(...args: string[]) {
  const record = join(tempDir(), 'loaded.txt');
  const r = spawnSync(process.execPath, ['--import', HOOK, CLI, ...args], { encoding: 'utf8', env: { ...process.env, RECORD_LOADS: record } });
  const urls = readFileSync(record, 'utf8').trim().split('\n');
  const packages = new Set(urls.flatMap((u) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
  const ours = urls.filter((u) => /\/(dist|src)\//.test(u) && !u.includes('node_modules')).map((u) => u.replace(/^.*\/(dist|src)\//, ''));
  return { ...r, packages, ours };
}

const heavyIn = (packages: Set<string>) => [...packages].filter((p) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`)));

describe('kaizen start-up', () => {
  it('--version prints the package version and loads commander only', () => {
    const r = traced('--version');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
    expect(heavyIn(r.packages)).toEqual([]);
    expect([...r.packages]).toEqual(['commander']);
  });

  it('--help lists every command without loading any of them', () => {
    const r = traced('--help');
    expect(r.status, r.stderr).toBe(0);
    const listed = [...r.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
    expect(listed).toEqual([...COMMANDS, 'help']);
    expect(r.ours.filter((f) => f.startsWith('cli/') && !/^cli\/(main|commands|options|pmars)\.[jt]s$/.test(f))).toEqual([]);
    expect(heavyIn(r.packages)).toEqual([]);

    const corewar = traced('corewar', '--help');
    expect([...corewar.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1])).toEqual(['battle', 'assemble', 'hill', 'redqueen', 'help']);
    expect(traced('corewar', 'redqueen', '--help').stdout).toContain('--hill <name>          hill: nano, tiny, 94nop (default: "94nop")');
  });

  it('each command loads its dependencies when it runs', () => {
    const r = traced('status', tempDir());
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no run database here/);
    expect(r.packages.has('kysely')).toBe(true);
  });

  it('corewar battle loads the MARS and nothing else of ours, and no package: commander is skipped too', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'imp.red'), ';redcode\n;name Imp\n;assert 1\nmov.i 0, 1\n');
    writeFileSync(join(dir, 'dwarf.red'), ';redcode\n;name Dwarf\n;assert 1\nadd #4, 3\nmov 2, @2\njmp -2\ndat #0, #0\n');
    const r = traced('corewar', 'battle', '-b', '-r', '10', '-F', '4000', join(dir, 'imp.red'), join(dir, 'dwarf.red'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Results: \d+ \d+ \d+$/m);
    expect([...r.packages]).toEqual([]);
    const outsideCorewar = r.ours.filter((f) => !f.startsWith('corewar/'));
    // Not the command definitions either (cli/commands.ts and what it imports, node:crypto among them).
    expect(outsideCorewar.map((f) => f.replace(/\.[jt]s$/, '')).sort()).toEqual(['cli/main', 'cli/pmars', 'errors']);
    // The MARS from its bundle (scripts/bundle-corewar.ts): three files, not its ~30 modules.
    expect(r.ours.filter((f) => f.startsWith('corewar/')).sort()).toEqual(['corewar/bundle/cli.js', 'corewar/bundle/helpers.js', 'corewar/bundle/split.js']);
  });

  it("corewar battle and assemble hand every argument to the pMARS command line, even kaizen's own -V", () => {
    const battle = traced('corewar', 'battle', '-b', '-V');
    expect(battle.status).toBe(2);
    expect(battle.stdout).toBe('');
    expect(battle.stderr).toBe('kaizen corewar battle: -V (verbose assembly) is not supported\n');
    const assemble = traced('corewar', 'assemble');
    expect(assemble.status).toBe(2);
    expect(assemble.stderr).toMatch(/No warrior file specified\n$/);
  });
});
