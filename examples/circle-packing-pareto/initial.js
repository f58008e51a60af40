// Circle packing: place 26 circles in the unit square, maximising the sum of their radii.
// Kaizen evolves only the code between the EVOLVE-BLOCK markers; the helpers below them stay as they are.

// EVOLVE-BLOCK-START
/** Returns { centers: [[x, y], ...], radii: [...] } for n circles. */
export function pack(n) {
  // Rows of circles, every other row shifted by half a step: a rough hexagonal layout.
  const perRow = 6;
  const margin = 0.1;
  const shift = 0.5;
  const centers = [];
  const rows = Math.ceil(n / perRow);
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / perRow);
    const col = i % perRow;
    const offset = row % 2 === 1 ? shift : 0;
    const x = margin + ((col + offset) * (1 - 2 * margin)) / perRow;
    const y = margin + (row * (1 - 2 * margin)) / Math.max(1, rows - 1);
    centers.push([x, y]);
  }
  // Push overlapping neighbours apart a few times.
  const iterations = 10;
  const step = 0.02;
  for (let it = 0; it < iterations; it++) {
    spread(centers, step, 0.18);
  }
  return { centers, radii: maxRadii(centers) };
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

/** The largest radii these centres allow (greedy): wall distance first, then shrink pairs that overlap. */
function maxRadii(centers) {
  const n = centers.length;
  const r = centers.map(([x, y]) => Math.min(x, y, 1 - x, 1 - y));
  for (let pass = 0; pass < 100; pass++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const d = Math.hypot(centers[i][0] - centers[j][0], centers[i][1] - centers[j][1]);
        if (r[i] + r[j] > d) {
          const scale = d / (r[i] + r[j]);
          r[i] *= scale;
          r[j] *= scale;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  // Floating-point rounding can leave a pair touching by one ulp too much: shave until the exact check passes.
  for (let i = 0; i < n; i++) r[i] = Math.max(0, r[i] * (1 - 1e-12));
  return r;
}
