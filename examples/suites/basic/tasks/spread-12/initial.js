// Point spread: n points in the unit square, maximising the smallest pairwise distance.

// EVOLVE-BLOCK-START
/** Returns [[x, y], ...] for n points. */
export function spread(n) {
  const cols = 4;
  const margin = 0.15;
  const pts = [];
  const rows = Math.ceil(n / cols);
  for (let i = 0; i < n; i++) {
    const x = margin + ((i % cols) * (1 - 2 * margin)) / Math.max(1, cols - 1);
    const y = margin + (Math.floor(i / cols) * (1 - 2 * margin)) / Math.max(1, rows - 1);
    pts.push([x, y]);
  }
  const iterations = 20;
  const step = 0.01;
  for (let it = 0; it < iterations; it++) repel(pts, step);
  return pts;
}
// EVOLVE-BLOCK-END

/** Pushes every point away from its nearest neighbour by `step`, clamped to the square. */
function repel(pts, step) {
  for (let i = 0; i < pts.length; i++) {
    let best = -1;
    let bd = Infinity;
    for (let j = 0; j < pts.length; j++) {
      if (i === j) continue;
      const d = Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]);
      if (d < bd) [bd, best] = [d, j];
    }
    const dx = pts[i][0] - pts[best][0];
    const dy = pts[i][1] - pts[best][1];
    const d = bd || 1e-9;
    pts[i][0] = Math.min(1, Math.max(0, pts[i][0] + (dx / d) * step));
    pts[i][1] = Math.min(1, Math.max(0, pts[i][1] + (dy / d) * step));
  }
}
