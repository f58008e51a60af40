// The MARS hot loop ships as two WebAssembly binaries built from src/corewar/mars/wasm/execute.ts, one per cell
// layout. They are committed (so that running from source needs no compiler); this checks that they are that source's
// builds.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const wasmDir = join(repo, 'src/corewar/mars/wasm');

describe('the MARS hot loop binaries', () => {
  // asconfig.json's targets: narrow cells (cores of up to 65,536 cells) and wide ones (larger cores).
  const builds = [
    ['narrow', 'execute.wasm'],
    ['wide', 'execute-wide.wasm'],
  ] as const;

  it.each(builds)(
    '%s is what `npm run build:wasm` makes from execute.ts (%s)',
    (target, file) => {
      const tmp = mkdtempSync(join(tmpdir(), 'kaizen-wasm-'));
      try {
        const out = join(tmp, file);
        execFileSync(
          process.execPath,
          [
            join(repo, 'node_modules/assemblyscript/bin/asc.js'),
            join(wasmDir, 'execute.ts'),
            '--config',
            join(wasmDir, 'asconfig.json'),
            '--target',
            target,
            '-o',
            out,
          ],
          {
            cwd: repo,
            stdio: 'pipe',
          },
        );
        const fresh = readFileSync(out);
        const committed = readFileSync(join(wasmDir, file));
        expect(fresh.equals(committed), `src/corewar/mars/wasm/${file} is stale: run \`npm run build:wasm\``).toBe(true);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it.each(builds)('%s imports only its memory and exports only the loop', (_target, file) => {
    const module = new WebAssembly.Module(readFileSync(join(wasmDir, file)));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(
      WebAssembly.Module.exports(module)
        .filter((e) => e.kind === 'function')
        .map((e) => e.name),
    ).toEqual(['execute']);
  });

  it('the two differ (the cell layout is chosen at build time)', () => {
    expect(readFileSync(join(wasmDir, 'execute.wasm')).equals(readFileSync(join(wasmDir, 'execute-wide.wasm')))).toBe(false);
  });
});
