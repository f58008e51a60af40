// Programs made of several files: support modules in folders, imported by relative specifier, in both backends (the
// isolate links them from the request; the process backend writes them into the scratch folder).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { IsolateSandbox } from '../../src/sandbox/isolate.ts';
import { ProcessSandbox } from '../../src/sandbox/process.ts';
import type { CommandRequest, JsRequest, Sandbox, SupportFile } from '../../src/sandbox/types.ts';
import { descendants, eventually } from './helpers.ts';

const env = { PATH: '/usr/bin:/bin' };
const limits = { timeoutMs: 10_000, memoryMb: 256, outputMaxBytes: 100_000, logMaxBytes: 10_000 };

const isolate = new IsolateSandbox({ poolSize: 1 });
const processSandbox = new ProcessSandbox();
const backends: [string, Sandbox][] = [
  ['isolate', isolate],
  ['process', processSandbox],
];

afterEach(async () => {
  // Isolate hosts stay between evaluations; only the process backend's children must be gone.
  const hosts = () => new Set(isolate.pids.flatMap((pid) => [pid, ...descendants(pid)]));
  expect(await eventually(() => descendants(process.pid).every((pid) => hosts().has(pid)))).toBe(true);
});

afterAll(async () => {
  await Promise.all([isolate.close(), processSandbox.close()]);
  expect(await eventually(() => descendants(process.pid).length === 0)).toBe(true);
});

function js(code: string, files: SupportFile[], options: { programFile?: string; args?: unknown[] } = {}): JsRequest {
  return { kind: 'js', code, programFile: options.programFile ?? 'program.mjs', exportName: 'run', args: options.args ?? [], limits, env, files };
}

const DATA: SupportFile = { name: 'data.js', content: 'export const DATA = [3, 1, 4, 1, 5, 9, 2, 6];\n' };
const COUNTER: SupportFile = { name: 'lib/counter.js', content: 'let n = 0;\nexport function bump() {\n  n += 1;\n  return n;\n}\n' };
const SEARCH: SupportFile = {
  name: 'lib/search.js',
  content: `import { DATA } from '../data.js';
import { bump } from './counter.js';
export function indexOf(x) {
  bump();
  return DATA.indexOf(x);
}
export function sameData(d) {
  return d === DATA;
}
`,
};

describe.each(backends)('several files in the %s backend', (_name, sandbox) => {
  it('the program imports ./data.js and ./lib/search.js (which imports ../data.js): one instance of each module', async () => {
    const code = `import { DATA } from './data.js';
import { indexOf, sameData } from './lib/search.js';
import { bump } from './lib/counter.js';
export function run(x) {
  const i = indexOf(x);
  const count = bump();
  return { i, count, length: DATA.length, same: sameData(DATA) };
}
`;
    const r = await sandbox.run(js(code, [DATA, COUNTER, SEARCH], { args: [9] }));
    expect(r.error).toBeUndefined();
    expect(r.ok).toBe(true);
    expect(r.output).toEqual({ i: 5, count: 2, length: 8, same: true });
  });

  it('TypeScript modules: a .ts program imports a .ts and an .mts module (types stripped)', async () => {
    const files: SupportFile[] = [
      {
        name: 'lib/math.ts',
        content: 'export interface Pair {\n  a: number;\n  b: number;\n}\nexport function sum(p: Pair): number {\n  return p.a + p.b;\n}\n',
      },
      { name: 'util.mts', content: "import { sum, type Pair } from './lib/math.ts';\nexport const twice = (p: Pair): number => 2 * sum(p);\n" },
    ];
    const code =
      "import { sum } from './lib/math.ts';\nimport { twice } from './util.mts';\nexport function run(a: number, b: number): number[] {\n  return [sum({ a, b }), twice({ a, b })];\n}\n";
    const r = await sandbox.run(js(code, files, { programFile: 'program.ts', args: [2, 3] }));
    expect(r.error).toBeUndefined();
    expect(r.output).toEqual([5, 10]);
  });

  it('an import of a file that was not given is a crash naming it', async () => {
    const code = "import { x } from './lib/missing.js';\nexport function run() {\n  return x;\n}\n";
    const r = await sandbox.run(js(code, [DATA]));
    expect(r.ok).toBe(false);
    expect(r.failure).toBe('crash');
    expect(r.error).toMatch(/missing\.js/);
  });

  it('an import escaping the program folder (../../etc/passwd.js) is refused', async () => {
    const files: SupportFile[] = [{ name: 'lib/evil.js', content: "export { default } from '../../etc/passwd.js';\n" }];
    const code = "import evil from './lib/evil.js';\nexport function run() {\n  return String(evil);\n}\n";
    const r = await sandbox.run(js(code, files));
    expect(r.ok).toBe(false);
    expect(r.failure).toBe('crash');
    expect(r.error).toMatch(/passwd\.js/);
  });

  it('invalid support file names are refused before anything runs: sandbox-error', async () => {
    const r = await sandbox.run(js('export function run() { return 1; }\n', [{ name: '../x.js', content: 'export {};' }]));
    expect(r.failure).toBe('sandbox-error');
    expect(r.error).toMatch(/"\.\." segment/);
  });
});

describe('several files in the isolate backend only', () => {
  it('bare imports stay refused, from the program or from a module file', async () => {
    const direct = await isolate.run(js("import { readFileSync } from 'node:fs';\nexport function run() { return 1; }\n", []));
    expect(direct.failure).toBe('crash');
    expect(direct.error).toMatch(/imports are not available in the isolate sandbox \(import "node:fs"\)/);
    const files: SupportFile[] = [{ name: 'lib/fs.js', content: "export * from 'fs';\n" }];
    const nested = await isolate.run(js("import './lib/fs.js';\nexport function run() { return 1; }\n", files));
    expect(nested.failure).toBe('crash');
    expect(nested.error).toMatch(/imports are not available in the isolate sandbox \(import "fs"\)/);
    const absolute = await isolate.run(js("import '/sandbox/data.js';\nexport function run() { return 1; }\n", [DATA]));
    expect(absolute.error).toMatch(/imports are not available in the isolate sandbox \(import "\/sandbox\/data\.js"\)/);
  });

  it('the escaping import names the reason; a missing one says it is not among the files', async () => {
    const up = await isolate.run(js("import '../../etc/passwd.js';\nexport function run() { return 1; }\n", []));
    expect(up.error).toMatch(/import "\.\.\/\.\.\/etc\/passwd\.js" from program\.mjs leaves the program's folder/);
    const missing = await isolate.run(js("import './nope.js';\nexport function run() { return 1; }\n", [DATA]));
    expect(missing.error).toMatch(/no module "nope\.js" among the program's files/);
  });

  it('a non-module support file (.json) still needs the process sandbox', async () => {
    const r = await isolate.run(js("import './data.js';\nexport function run() { return 1; }\n", [DATA, { name: 'lib/table.json', content: '[]' }]));
    expect(r.failure).toBe('sandbox-error');
    expect(r.error).toMatch(/support files need the process sandbox \(the isolate sandbox has no file system\): "lib\/table\.json"/);
  });

  it('a syntax error in a module file is a crash naming the file', async () => {
    const files: SupportFile[] = [{ name: 'lib/broken.js', content: 'export const = 1;\n' }];
    const r = await isolate.run(js("import './lib/broken.js';\nexport function run() { return 1; }\n", files));
    expect(r.failure).toBe('crash');
    expect(r.error).toMatch(/lib\/broken\.js/);
  });
});

describe('support file paths in the process backend', () => {
  const command = (code: string, files: SupportFile[]): CommandRequest => ({
    kind: 'command',
    code,
    programFile: 'program.mjs',
    command: [process.execPath, '{program}'],
    output: 'text',
    limits,
    env,
    files,
  });

  it('refuses invalid names, naming the problem: sandbox-error', async () => {
    const x = 'export {};\n';
    const cases: [SupportFile[], RegExp][] = [
      [[{ name: '../x.js', content: x }], /"\.\.\/x\.js" is not a valid relative path: it has a "\.\." segment/],
      [[{ name: '/abs.js', content: x }], /"\/abs\.js" is not a valid relative path: it starts with \//],
      [[{ name: 'a//b.js', content: x }], /"a\/\/b\.js" is not a valid relative path: it has an empty segment/],
      [[{ name: 'a/./b.js', content: x }], /"a\/\.\/b\.js" is not a valid relative path: it has a "\." segment/],
      [[{ name: 'a\\b.js', content: x }], /contains a backslash/],
      [[{ name: 'lib/', content: x }], /empty segment/],
      [[{ name: 'a/b/c/d/e/f/g/h/i.js', content: x }], /more than 8 segments/],
      [[{ name: 'lib/da ta.js', content: x }], /segment "da ta\.js" has characters other than/],
      [
        [
          { name: 'a', content: x },
          { name: 'a/b', content: x },
        ],
        /"a\/b" needs a folder "a", which is a support file/,
      ],
      [[{ name: 'program.mjs/x.js', content: x }], /needs a folder "program\.mjs", which is the program's own name/],
    ];
    for (const [files, message] of cases) {
      const r = await processSandbox.run(command('console.log(1);\n', files));
      expect(r.ok, JSON.stringify(files)).toBe(false);
      expect(r.failure).toBe('sandbox-error');
      expect(r.error).toMatch(message);
    }
    // Eight segments are fine.
    const deep = await processSandbox.run(
      command("import { v } from './a/b/c/d/e/f/g/h.js';\nconsole.log(v);\n", [{ name: 'a/b/c/d/e/f/g/h.js', content: 'export const v = 8;\n' }]),
    );
    expect(deep.error).toBeUndefined();
    expect(deep.output).toBe('8\n');
  });

  it('writes nested files read-only (0444) in folders (0755)', async () => {
    const code = `import { writeFileSync, statSync } from 'node:fs';
let outcome = 'written';
try {
  writeFileSync('./lib/search.js', 'export {};');
} catch (e) {
  outcome = e.code;
}
const mode = (p) => (statSync(p).mode & 0o777).toString(8);
const { indexOf } = await import('./lib/search.js');
console.log(JSON.stringify({ outcome, file: mode('./lib/search.js'), folder: mode('./lib'), index: indexOf(4) }));
`;
    const r = await processSandbox.run(command(code, [DATA, COUNTER, SEARCH]));
    expect(r.error).toBeUndefined();
    expect(JSON.parse(String(r.output))).toEqual({ outcome: 'EACCES', file: '444', folder: '755', index: 2 });
  });
});
