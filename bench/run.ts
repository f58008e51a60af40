// `npm run bench`: every benchmark, each figure printed beside its reference measured in the same run.
import { existsSync } from 'node:fs';
import { engineBench, sandboxBench } from './engine.ts';

const only = process.argv[2];
const sections: [string, () => Promise<string[]>][] = [
  ['sandbox', () => sandboxBench()],
  ['engine', () => engineBench()],
];
if (existsSync(new URL('./corewar.ts', import.meta.url))) {
  const corewar = new URL('./corewar.ts', import.meta.url).href; // optional: present once the Core War engine is built
  sections.push(['corewar', async () => (await import(corewar)).runCorewarBench()]);
}
for (const [name, run] of sections) {
  if (only && only !== name) continue;
  console.log(`## ${name}`);
  for (const line of await run()) console.log(line);
}
