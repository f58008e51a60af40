// After tsc: copies the non-TypeScript files that dist/ needs (the MARS hot loop's WebAssembly binary).
import { copyFileSync, mkdirSync } from 'node:fs';

for (const file of ['corewar/mars/wasm/execute.wasm']) {
  mkdirSync(new URL(`../dist/${file}/..`, import.meta.url), { recursive: true });
  copyFileSync(new URL(`../src/${file}`, import.meta.url), new URL(`../dist/${file}`, import.meta.url));
}
