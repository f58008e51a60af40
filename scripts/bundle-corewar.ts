// After tsc: the pMARS command line (`kaizen corewar battle|assemble`, src/cli/pmars.ts) as three entry files and
// one shared chunk in dist/corewar/bundle/, with the hot loop's WebAssembly binaries beside them. A hill script runs
// that command once per pairing, and loading its ~30 modules one by one took 15–19 ms of each process against
// 7–9 for the bundle (whole process, 30 alternated runs each: `-r 1` 81.1 → 74.0 ms, a 1,000-round battle
// 244.1 → 238.0 ms). The library (dist/corewar/index.js) and `kaizen corewar hill` keep the modules as tsc wrote them.
import { cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const src = (path: string) => fileURLToPath(new URL(`../src/corewar/${path}`, import.meta.url));
const out = new URL('../dist/corewar/bundle/', import.meta.url);

rmSync(out, { recursive: true, force: true });
await build({
  // The entries pmars.ts loads (helpers first, so that its threads boot while the rest loads), and the helper
  // threads' own entry, which helpers.ts names as `./split-worker.js` beside itself.
  input: { cli: src('cli.ts'), helpers: src('arena/helpers.ts'), 'split-worker': src('arena/split-worker.ts') },
  platform: 'node',
  output: { dir: fileURLToPath(out), format: 'esm', chunkFileNames: '[name].js' },
  logLevel: 'warn',
});
// state.ts reads its binaries at `./wasm/` beside the module that holds it: here, the shared chunk. They are the ones
// copy-assets.ts (run before this) put beside dist/corewar/mars/state.js.
cpSync(new URL('../dist/corewar/mars/wasm/', import.meta.url), new URL('wasm/', out), { recursive: true });
