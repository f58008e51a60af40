// Comparing rankings: arrays listing the same items, best first.

function positions(ranking) {
  const pos = new Map();
  ranking.forEach((item, i) => pos.set(item, i));
  return pos;
}

// The number of pairs of items that the two rankings put in opposite order (Kendall tau distance).
export function kendallDistance(a, b) {
  const pos = positions(b);
  if (a.length !== b.length || pos.size !== b.length || !a.every((item) => pos.has(item)) || new Set(a).size !== a.length) {
    throw new RangeError('rankings must be permutations of the same items');
  }
  // Discordant pairs are the inversions of b's positions listed in a's order; count them while merge-sorting.
  const p = Int32Array.from(a, (item) => pos.get(item));
  const tmp = new Int32Array(p.length);
  const sortAndCount = (lo, hi) => {
    if (hi - lo < 2) return 0;
    const mid = (lo + hi) >> 1;
    let count = sortAndCount(lo, mid) + sortAndCount(mid, hi);
    let i = lo;
    let j = mid;
    for (let k = lo; k < hi; k++) {
      if (j >= hi || (i < mid && p[i] <= p[j])) {
        tmp[k] = p[i++];
      } else {
        count += mid - i;
        tmp[k] = p[j++];
      }
    }
    p.set(tmp.subarray(lo, hi), lo);
    return count;
  };
  return sortAndCount(0, p.length);
}

// Kendall's tau in [-1, 1]: 1 for identical rankings, -1 for reversed ones.
export function kendallTau(a, b) {
  const n = a.length;
  if (n < 2) return 1;
  return 1 - (4 * kendallDistance(a, b)) / (n * (n - 1));
}

// Items ranked in the top k of both rankings, in the order of a.
export function topKOverlap(a, b, k) {
  const top = new Set(b.slice(0, k));
  return a.slice(0, k).filter((item) => top.has(item));
}
