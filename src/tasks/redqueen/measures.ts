// Convergence measures of successive champions (DRQ reports phenotypic convergence across rounds).

/** Cosine similarity of two score vectors; null when either is all zeros (no direction to compare). */
export function cosine(a: readonly number[], b: readonly number[]): number | null {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i];
    na += x * x;
    nb += b[i] * b[i];
  });
  return na === 0 || nb === 0 ? null : dot / Math.sqrt(na * nb);
}

/** Average ranks (ties share the mean of their ranks), 1-based. */
function ranks(v: readonly number[]): number[] {
  const order = v.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const r = new Array<number>(v.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) r[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation (Pearson on average ranks); null when either vector is constant. */
export function spearman(a: readonly number[], b: readonly number[]): number | null {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(ra), mean(rb)];
  let cov = 0;
  let va = 0;
  let vb = 0;
  ra.forEach((x, i) => {
    cov += (x - ma) * (rb[i] - mb);
    va += (x - ma) ** 2;
    vb += (rb[i] - mb) ** 2;
  });
  return va === 0 || vb === 0 ? null : cov / Math.sqrt(va * vb);
}
