import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { corewarTask } from 'kaizen';

// The Nano Benchmark 2007 (50 warriors) when the shared Core War data is beside the repository
// (or KAIZEN_NANO_BENCHMARK names a folder); otherwise the five small test warriors shipped here.
const shared = fileURLToPath(new URL('../../../shared/corewar/warriors/yacereloaded/nanobm07', import.meta.url));
const benchmark = process.env.KAIZEN_NANO_BENCHMARK ?? (existsSync(shared) ? shared : fileURLToPath(new URL('./opponents', import.meta.url)));

export default corewarTask({
  name: 'corewar-nano',
  program: './seed.red',
  hill: 'nano',
  opponents: [benchmark],
  rounds: 20,
});
