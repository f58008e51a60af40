// `npm run bench`: every benchmark, each reference figure measured in the same run (never a remembered constant).
// `npm run bench -- corewar` runs one section; sections load their modules only when they run.
const only = process.argv[2];
const sections: [string, () => Promise<string[]>][] = [
  ['startup', async () => (await import('./startup.ts')).startupBench()],
  ['sandbox', async () => (await import('./engine.ts')).sandboxBench()],
  ['engine', async () => (await import('./engine.ts')).engineBench()],
  ['cases', async () => (await import('./cases.ts')).casesBench()],
  ['discopop', async () => (await import('./discopop.ts')).discopopBench()],
  ['corewar', async () => (await import('./corewar.ts')).runCorewarBench()],
  ['queue', async () => (await import('./queue.ts')).queueBench()],
  ['ui', async () => (await import('./ui.ts')).uiBench()],
];
if (only && !sections.some(([name]) => name === only)) {
  console.error(`unknown section "${only}"; use one of ${sections.map(([name]) => name).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of sections) {
  if (only && only !== name) continue;
  console.log(`## ${name}`);
  for (const line of await run()) console.log(line);
}
