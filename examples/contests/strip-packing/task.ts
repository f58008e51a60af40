import { readFileSync } from 'node:fs';
import { defineTask } from 'kaizen';
import { generate, score } from './problem.ts';

export default defineTask({
  name: 'contest-strip-packing',
  description: readFileSync(new URL('./statement.md', import.meta.url), 'utf8'),
  program: './baseline.js',
  execute: { language: 'javascript', cpuTimeMs: 300, memoryMb: 256 },
  cases: {
    generate,
    score,
    public: { seeds: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] },
    hidden: { count: 40 },
    aggregate: 'sum',
    stages: [{ cases: 4, advance: { topFraction: 0.6 } }, {}],
  },
});
