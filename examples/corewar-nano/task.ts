import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corewarTask, KaizenError } from 'kaizen';

// The opponents: the Nano Benchmark 2007 (nanobm07, 50 warriors from the nano hill). Its warriors are their
// authors', not ours, so the repository does not ship them; they are looked for, in order, at
//   $KAIZEN_NANO_BENCHMARK (any folder of .red files: KAIZEN_NANO_BENCHMARK=opponents picks the five small test
//   warriors shipped here, for a quick try), ./nanobm07 in this folder, and shared/corewar/warriors/yacereloaded/
//   nanobm07 beside the checkout (../shared, where Kaizen's Core War data lives) or in any folder above this one.
// Without them the task stops with a message saying so: a run never falls back to a smaller set without saying.
const here = dirname(fileURLToPath(import.meta.url));
const SHARED = join('shared', 'corewar', 'warriors', 'yacereloaded', 'nanobm07');

function candidates(): string[] {
  if (process.env.KAIZEN_NANO_BENCHMARK) return [resolve(here, process.env.KAIZEN_NANO_BENCHMARK)];
  const found = [join(here, 'nanobm07')];
  for (let dir = here; ; dir = dirname(dir)) {
    found.push(join(dir, SHARED));
    if (dirname(dir) === dir) return found;
  }
}

const looked = candidates();
const benchmark = looked.find((d) => existsSync(d) && readdirSync(d).some((f) => /\.red$/i.test(f)));
if (!benchmark) {
  throw new KaizenError(
    `corewar-nano: the Nano Benchmark 2007 was not found (looked in ${looked.slice(0, 3).join(', ')}${looked.length > 3 ? ', …' : ''}). ` +
      'Put its .red files in examples/corewar-nano/nanobm07, or set KAIZEN_NANO_BENCHMARK to a folder of warriors ' +
      '(KAIZEN_NANO_BENCHMARK=opponents fights the five small test warriors shipped here).',
  );
}
const warriors = readdirSync(benchmark).filter((f) => /\.red$/i.test(f)).length;
const isNanoBenchmark = !process.env.KAIZEN_NANO_BENCHMARK || benchmark.endsWith('nanobm07');

export default corewarTask({
  name: 'corewar-nano',
  description: isNanoBenchmark
    ? `Beat the Nano Benchmark 2007 (${warriors} warriors in ${benchmark}) on the nano hill.`
    : `Beat the ${warriors} warriors in ${benchmark} (KAIZEN_NANO_BENCHMARK; not the Nano Benchmark) on the nano hill.`,
  program: './seed.red',
  hill: 'nano',
  opponents: [benchmark],
  rounds: 20,
});
