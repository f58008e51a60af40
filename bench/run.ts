// `npm run bench`: every benchmark, each figure printed beside its reference measured in the same run.
// `npm run bench -- corewar` runs one section.
import { runCorewarBench } from './corewar.ts';
import { engineBench, sandboxBench } from './engine.ts';
import { queueBench } from './queue.ts';

const only = process.argv[2];
const sections: [string, () => Promise<string[]>][] = [
  ['sandbox', () => sandboxBench()],
  ['engine', () => engineBench()],
  ['corewar', () => runCorewarBench()],
  ['queue', () => queueBench()],
];
for (const [name, run] of sections) {
  if (only && only !== name) continue;
  console.log(`## ${name}`);
  for (const line of await run()) console.log(line);
}
