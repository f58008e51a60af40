import { defineTask } from 'kaizen';

const N = 14;

/** Trusted judge: every point inside the closed unit square; the score is the smallest pairwise distance. */
function judge(output: unknown) {
  if (!Array.isArray(output) || output.length !== N) return { correct: false, score: 0, feedback: `print a JSON list of ${N} points [[x, y], ...]` };
  const pts = output as unknown[];
  for (const [i, p] of pts.entries()) {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      return { correct: false, score: 0, feedback: `point ${i} must be [x, y] with finite numbers` };
    }
    if (p[0] < 0 || p[0] > 1 || p[1] < 0 || p[1] > 1) return { correct: false, score: 0, feedback: `point ${i} (${p[0]}, ${p[1]}) is outside the unit square` };
  }
  const xy = pts as [number, number][];
  let min = Number.POSITIVE_INFINITY;
  let pair = [0, 0];
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      const d = Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]);
      if (d < min) [min, pair] = [d, [i, j]];
    }
  }
  return {
    correct: true,
    score: min,
    public: { min_distance: min },
    feedback: `smallest distance ${min.toFixed(6)}, between points ${pair[0]} and ${pair[1]}`,
  };
}

export default defineTask({
  name: 'point-spread-14-python',
  description: 'Place 14 points in the unit square maximising the smallest pairwise distance. The Python program prints the points as JSON.',
  program: './initial.py',
  execute: { command: ['python3', '{program}'], output: 'stdout', timeoutMs: 10_000, memoryMb: 256 },
  judge,
});
