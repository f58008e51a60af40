// Frozen: sizes the circles for given centres, so no candidate can change how a layout becomes radii.

/** The largest radii these centres allow (greedy): wall distance first, then shrink pairs that overlap. */
export function maxRadii(centers) {
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
