import { defineTask } from 'kaizen';
import { judgePacking } from '../circle-packing/judge.ts';

const N = 26;

// Two objectives: the packing (sum of radii, higher is better) and the program's size (bytes of source, lower is
// better). The run keeps the Pareto front of the two; its champion is the best packing (`champion.primary`).
export default defineTask({
  name: 'circle-packing-26-pareto',
  description:
    'Place 26 non-overlapping circles inside the unit square so that the sum of their radii is as large as possible, ' +
    'with a program as short as possible. pack(n) returns { centers: [[x, y], ...], radii: [...] }. Zero tolerance: ' +
    'any overlap or any circle outside the square is invalid.',
  program: '../circle-packing/initial.js',
  execute: { export: 'pack', args: [N], timeoutMs: 20_000, memoryMb: 256 },
  objectives: [
    { name: 'sum_radii', direction: 'max', reference: 0 },
    { name: 'code_bytes', direction: 'min', reference: 8000 },
  ],
  champion: { primary: 'sum_radii' },
  judge: (output, context) => {
    const judged = judgePacking(output, N);
    return { ...judged, objectives: { sum_radii: judged.correct ? judged.score : 0, code_bytes: Buffer.byteLength(context.code ?? '') } };
  },
});
