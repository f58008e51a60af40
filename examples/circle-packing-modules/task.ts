import { defineTask } from 'kaizen';
import { judgePacking } from '../circle-packing/judge.ts';

const N = 26;

// The circle-packing task with its program split into modules (a program folder): the starting layout (layout.js)
// and the search that relaxes it (search.js) evolve; the entry (main.js) and the geometry (geometry.js) are frozen.
export default defineTask({
  name: 'circle-packing-26-modules',
  description:
    'Place 26 non-overlapping circles inside the unit square so that the sum of their radii is as large as possible. ' +
    'pack(n) returns { centers: [[x, y], ...], radii: [...] }. Zero tolerance: any overlap or any circle outside the square is invalid. ' +
    'The program is a small package: layout.js places the starting centres, search.js moves them, geometry.js sizes the circles.',
  program: './solver',
  entry: 'main.js',
  frozen: ['main.js', 'geometry.js'],
  execute: { export: 'pack', args: [N], timeoutMs: 20_000, memoryMb: 256 },
  judge: (output) => judgePacking(output, N),
});
