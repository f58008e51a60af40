import { defineTask } from 'kaizen';

/** Trusted: scores the candidate's output. The candidate never sees this code. */
function judge(output: unknown) {
  if (!Array.isArray(output) || output.length !== 4 || !output.every((c) => typeof c === 'number' && Number.isFinite(c))) {
    return { correct: false, score: 0, feedback: 'solve() must return four finite numbers [c0, c1, c2, c3]' };
  }
  const [c0, c1, c2, c3] = output as number[];
  let worst = 0;
  for (let i = 0; i <= 200; i++) {
    const x = (i / 200) * (Math.PI / 2);
    worst = Math.max(worst, Math.abs(c0 + c1 * x + c2 * x * x + c3 * x * x * x - Math.sin(x)));
  }
  return {
    correct: true,
    score: -worst,
    public: { max_error: worst },
    feedback: `largest error on [0, π/2]: ${worst.toExponential(3)}`,
  };
}

export default defineTask({
  name: 'TASK_NAME',
  description: 'Find a cubic polynomial that approximates sin(x) on [0, π/2] with the smallest maximum error.',
  program: './initial.js',
  execute: { export: 'solve', timeoutMs: 10_000, memoryMb: 128 },
  judge,
});
