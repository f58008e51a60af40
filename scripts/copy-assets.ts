// After tsc: copies the non-TypeScript files that dist/ needs (the MARS hot loop's WebAssembly binaries, one per cell layout).
import { copyFileSync, mkdirSync } from 'node:fs';

for (const file of ['corewar/mars/wasm/execute.wasm', 'corewar/mars/wasm/execute-wide.wasm']) {
  mkdirSync(new URL(`../dist/${file}/..`, import.meta.url), { recursive: true });
  copyFileSync(new URL(`../src/${file}`, import.meta.url), new URL(`../dist/${file}`, import.meta.url));
}
