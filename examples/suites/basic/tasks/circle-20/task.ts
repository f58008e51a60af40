import { defineTask } from 'kaizen';
import { judgePacking } from '../../../../circle-packing/judge.ts';

const N = 20;

export default defineTask({
  name: 'suite-circle-packing-20',
  description: 'Place 20 non-overlapping circles inside the unit square maximising the sum of their radii. pack(n) returns { centers, radii }.',
  program: '../../../../circle-packing/initial.js',
  execute: { export: 'pack', args: [N], timeoutMs: 10_000, memoryMb: 256 },
  judge: (output) => judgePacking(output, N),
});
