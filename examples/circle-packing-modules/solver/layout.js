// The data module: where the circles start.

// EVOLVE-BLOCK-START
/** Rows of circles, every other row shifted by half a step: a rough hexagonal layout. */
export function layout(n) {
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
  return centers;
}
// EVOLVE-BLOCK-END
