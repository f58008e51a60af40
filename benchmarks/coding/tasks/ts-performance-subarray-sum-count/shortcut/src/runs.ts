// Analyses of contiguous runs in integer series (daily sales, minute-by-minute counters, ...).

function checkSeries(values: number[]): void {
  for (const v of values) if (!Number.isSafeInteger(v)) throw new RangeError(`not an integer: ${v}`);
}

// Number of contiguous, non-empty runs values[i..j] whose sum is exactly `target`.
export function countRunsWithSum(values: number[], target: number): number {
  checkSeries(values);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    let sum = 0;
    for (let j = i; j < values.length; j++) {
      sum += values[j];
      if (sum === target) count++;
      else if (sum > target) break;
    }
  }
  return count;
}

// Largest sum of a non-empty contiguous run (Kadane).
export function maxRunSum(values: number[]): number {
  checkSeries(values);
  if (values.length === 0) throw new RangeError('empty series');
  let best = values[0];
  let current = values[0];
  for (let i = 1; i < values.length; i++) {
    current = Math.max(values[i], current + values[i]);
    best = Math.max(best, current);
  }
  return best;
}

// Length of the longest run of strictly increasing values.
export function longestRise(values: number[]): number {
  if (values.length === 0) return 0;
  let best = 1;
  let current = 1;
  for (let i = 1; i < values.length; i++) {
    current = values[i] > values[i - 1] ? current + 1 : 1;
    best = Math.max(best, current);
  }
  return best;
}
