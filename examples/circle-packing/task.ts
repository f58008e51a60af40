import { defineTask } from 'kaizen';
import { judgePacking } from './judge.ts';

const N = 26;

export default defineTask({
  name: 'circle-packing-26',
  description:
    'Place 26 non-overlapping circles inside the unit square so that the sum of their radii is as large as possible. ' +
    'pack(n) returns { centers: [[x, y], ...], radii: [...] }. Zero tolerance: any overlap or any circle outside the square is invalid.',
  program: './initial.js',
  execute: { export: 'pack', args: [N], timeoutMs: 20_000, memoryMb: 256 },
  judge: (output) => judgePacking(output, N),
});
