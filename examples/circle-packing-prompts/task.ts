import { defineTask } from 'kaizen';
import { judgePacking } from '../circle-packing/judge.ts';

const N = 26;

// The circle-packing task, for a run whose prompts evolve (see kaizen.config.ts): the same program and judge.
export default defineTask({
  name: 'circle-packing-26-prompts',
  description:
    'Place 26 non-overlapping circles inside the unit square so that the sum of their radii is as large as possible. ' +
    'pack(n) returns { centers: [[x, y], ...], radii: [...] }. Zero tolerance: any overlap or any circle outside the square is invalid.',
  program: '../circle-packing/initial.js',
  execute: { export: 'pack', args: [N], timeoutMs: 20_000, memoryMb: 256 },
  judge: (output) => judgePacking(output, N),
});
