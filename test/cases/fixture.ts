// A small multi-case task for the engine's tests: each case gives x; the answer 3·x scores 3000, anything else less.
// The JavaScript seed answers round(1.5·x), so tuning its constant (what the offline operators do) finds the gain.
import { writeTask } from '../support/tmp.ts';

export const TRIPLE_PROBLEM = `
export function generate(seed) {
  const x = ((seed * 7919) % 1000) + 1;
  return 'case ' + seed + '\\n' + x + '\\n';
}
export function score(input, output) {
  const x = Number(input.split('\\n')[1]);
  const t = output.trim();
  if (!/^-?\\d{1,12}$/.test(t)) return { score: 0, verdict: 'wrong-answer', feedback: 'line 1, token 1: expected an integer' };
  return { score: Math.max(1, 3000 - Math.abs(3 * x - Number(t))), verdict: 'ok' };
}
`;

export const TRIPLE_SEED = `import { readFileSync } from 'node:fs';
const x = Number(readFileSync(0, 'utf8').split('\\n')[1]);
// EVOLVE-BLOCK-START
const K = 1.5;
function answer(x) {
  return Math.round(x * K);
}
// EVOLVE-BLOCK-END
console.log(answer(x));
`;

export const TRIPLE_CPP = `#include <iostream>
int main() { long long x; std::string word, seed; std::cin >> word >> seed >> x; std::cout << 3 * x << "\\n"; }
`;

export const TRIPLE_PY = `import sys
x = int(sys.stdin.read().split('\\n')[1])
print(2 * x)
`;

/** The task folder: public seeds 0–5 in two stages (2 cases, then the rest for the top half of the island), 10 hidden cases. */
export function tripleTask(config = 'budget: { samples: 30 }, seed: 3'): string {
  return writeTask({
    'problem.mjs': TRIPLE_PROBLEM,
    'initial.js': TRIPLE_SEED,
    'task.ts': `import { defineTask } from 'kaizen';
import { generate, score } from './problem.mjs';
export default defineTask({
  name: 'triple',
  program: './initial.js',
  execute: { language: 'javascript', cpuTimeMs: 2000, memoryMb: 256 },
  cases: { generate, score, public: { seeds: [0, 1, 2, 3, 4, 5] }, hidden: { count: 10 }, aggregate: 'sum',
           stages: [{ cases: 2, advance: { topFraction: 0.5 } }, {}] },
});
`,
    'kaizen.config.ts': `export default { ${config} };\n`,
    'solver.cpp': TRIPLE_CPP,
    'solver.py': TRIPLE_PY,
  });
}
