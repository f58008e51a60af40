// The search module: moves the centres apart before the circles are sized.

// EVOLVE-BLOCK-START
/** Pushes overlapping neighbours apart a few times. */
export function relax(centers) {
  const iterations = 10;
  const step = 0.02;
  const target = 0.18;
  for (let it = 0; it < iterations; it++) {
    spread(centers, step, target);
  }
}
// EVOLVE-BLOCK-END

/** Moves every pair of centres closer than `target` apart by `step`, keeping them inside the square. */
function spread(centers, step, target) {
  for (let i = 0; i < centers.length; i++) {
    for (let j = i + 1; j < centers.length; j++) {
      const dx = centers[j][0] - centers[i][0];
      const dy = centers[j][1] - centers[i][1];
      const d = Math.hypot(dx, dy) || 1e-9;
      if (d < target) {
        const push = (step * (target - d)) / target;
        centers[i][0] -= (dx / d) * push;
        centers[i][1] -= (dy / d) * push;
        centers[j][0] += (dx / d) * push;
        centers[j][1] += (dy / d) * push;
      }
    }
  }
  for (const c of centers) {
    c[0] = Math.min(0.999, Math.max(0.001, c[0]));
    c[1] = Math.min(0.999, Math.max(0.001, c[1]));
  }
}
