import { readFileSync } from 'node:fs';
import { defineTask } from 'kaizen';
import { generate, score } from './problem.ts';

// The loss may compute; it may not reach out. The trainer is out of its scope by construction (another module), and
// these patterns refuse what could reach it or the process: globals, reflection, property writes.
const REACHES_OUT = [
  /\b(globalThis|global|process|require|import|eval|Function|Reflect|Proxy|Object|Symbol|Atomics|SharedArrayBuffer|WebAssembly|Buffer|fetch|console|setTimeout|setInterval|setImmediate|queueMicrotask|runTrainer|constructor|prototype|__proto__|__defineGetter__|__defineSetter__)\b/,
  /[\w$)\]]\s*\.\s*[\w$]+\s*(?:[-+*/%&|^]|\*\*|<<|>>>?|\?\?|&&|\|\|)?=(?!=)/,
  /\]\s*(?:[-+*/%&|^]|\*\*|<<|>>>?|\?\?|&&|\|\|)?=(?!=)/,
];

export default defineTask({
  name: 'discopop',
  description: readFileSync(new URL('./statement.md', import.meta.url), 'utf8'),
  program: './dpo.js',
  execute: { language: 'javascript', files: ['trainer.mjs'], cpuTimeMs: 6000, memoryMb: 512 },
  cases: {
    generate,
    score,
    public: { seeds: [0, 1, 2, 3], family: 'A' },
    hidden: { count: 24, families: ['B', 'C'] },
    aggregate: 'mean',
    stages: [{ cases: 2, advance: { topFraction: 0.6 } }, {}],
  },
  policy: { forbidden: REACHES_OUT },
});
