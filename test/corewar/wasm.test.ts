// The MARS hot loop ships as a WebAssembly binary built from src/corewar/mars/wasm/execute.ts. The binary is
// committed (so that running from source needs no compiler); this checks that it is that source's build.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const wasmDir = join(repo, 'src/corewar/mars/wasm');

describe('the MARS hot loop binary', () => {
  it('is what `npm run build:wasm` makes from execute.ts', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kaizen-wasm-'));
    try {
      const out = join(tmp, 'execute.wasm');
      execFileSync(
        process.execPath,
        [join(repo, 'node_modules/assemblyscript/bin/asc.js'), join(wasmDir, 'execute.ts'), '--config', join(wasmDir, 'asconfig.json'), '-o', out],
        {
          cwd: repo,
          stdio: 'pipe',
        },
      );
      const fresh = readFileSync(out);
      const committed = readFileSync(join(wasmDir, 'execute.wasm'));
      expect(fresh.equals(committed), 'src/corewar/mars/wasm/execute.wasm is stale: run `npm run build:wasm`').toBe(true);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);

  it('imports only its memory and exports only the loop', () => {
    const module = new WebAssembly.Module(readFileSync(join(wasmDir, 'execute.wasm')));
    expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(
      WebAssembly.Module.exports(module)
        .filter((e) => e.kind === 'function')
        .map((e) => e.name),
    ).toEqual(['execute']);
  });
});
