// Half-open intervals [start, end) over numbers, as two-element arrays.

export function isValid([start, end]) {
  return Number.isFinite(start) && Number.isFinite(end) && start <= end;
}

// Sorts by start and merges intervals that overlap or touch. Returns new arrays; the input is left alone.
export function merge(intervals) {
  const sorted = intervals.filter(isValid).map(([s, e]) => [s, e]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv[0] < last[1]) last[1] = Math.max(last[1], iv[1]);
    else out.push(iv);
  }
  return out;
}

export function totalLength(intervals) {
  return merge(intervals).reduce((sum, [s, e]) => sum + (e - s), 0);
}

export function clip([start, end], lo, hi) {
  const s = Math.max(start, lo);
  const e = Math.min(end, hi);
  return s < e ? [s, e] : null;
}
