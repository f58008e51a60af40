// The program Kaizen evolves. Only the code between the EVOLVE-BLOCK markers changes.

// EVOLVE-BLOCK-START
/** Coefficients [c0, c1, c2, c3] of a cubic that should approximate sin(x) on [0, π/2]. */
export function solve() {
  const c0 = 0.0;
  const c1 = 0.9;
  const c2 = 0.0;
  const c3 = -0.1;
  return [c0, c1, c2, c3];
}
// EVOLVE-BLOCK-END
