import { defineTask } from 'kaizen';

const N = 12;

/** Trusted judge: every point inside the closed unit square; the score is the smallest pairwise distance. */
function judge(output: unknown) {
  if (!Array.isArray(output) || output.length !== N) return { correct: false, score: 0, feedback: `return ${N} points [[x, y], ...]` };
  for (const [i, p] of (output as unknown[]).entries()) {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return { correct: false, score: 0, feedback: `point ${i} must be [x, y] with finite numbers` };
    }
    if (p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1) return { correct: false, score: 0, feedback: `point ${i} is outside the unit square` };
  }
  const xy = output as [number, number][];
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < N; i++) for (let j = i + 1; j < N; j++) min = Math.min(min, Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]));
  return { correct: true, score: min, public: { min_distance: min }, feedback: `smallest distance ${min.toFixed(6)}` };
}

export default defineTask({
  name: 'suite-point-spread-12',
  description: `Place ${N} points in the unit square maximising the smallest pairwise distance. spread(n) returns [[x, y], ...].`,
  program: './initial.js',
  execute: { export: 'spread', args: [N], timeoutMs: 10_000, memoryMb: 256 },
  judge,
});
