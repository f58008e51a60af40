// Sets of numbers stored as sorted, disjoint, half-open intervals [start, end).
// Used to track booked time slots, free byte ranges and the like.

export type Interval = readonly [start: number, end: number];

function check(start: number, end: number): void {
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new RangeError('interval bounds must be finite');
  if (start > end) throw new RangeError(`interval [${start}, ${end}) is reversed`);
}

// Sorts and merges touching or overlapping intervals; drops empty ones.
export function normalize(intervals: Iterable<Interval>): Interval[] {
  const sorted = [...intervals].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export class IntervalSet {
  #items: Interval[];

  constructor(intervals: Iterable<Interval> = []) {
    for (const [s, e] of intervals) check(s, e);
    this.#items = normalize(intervals);
  }

  static parse(text: string): IntervalSet {
    const found: Interval[] = [];
    const re = /\[\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)/g;
    let rest = text;
    for (const m of text.matchAll(re)) {
      found.push([Number(m[1]), Number(m[2])]);
      rest = rest.replace(m[0], '');
    }
    if (rest.trim() !== '') throw new SyntaxError(`cannot parse interval set: ${text}`);
    return new IntervalSet(found);
  }

  intervals(): Interval[] {
    return this.#items.map(([s, e]) => [s, e] as const);
  }

  get isEmpty(): boolean {
    return this.#items.length === 0;
  }

  // The smallest interval that contains the whole set, or undefined when it is empty.
  get bounds(): Interval | undefined {
    if (this.#items.length === 0) return undefined;
    return [this.#items[0][0], this.#items[this.#items.length - 1][1]];
  }

  // Total length covered by the set.
  get size(): number {
    let total = 0;
    for (const [s, e] of this.#items) total += e - s;
    return total;
  }

  // Index of the first interval whose end is after x (binary search).
  #firstEndingAfter(x: number): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#items[mid][1] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  has(x: number): boolean {
    const i = this.#firstEndingAfter(x);
    return i < this.#items.length && this.#items[i][0] <= x;
  }

  // True when [start, end) lies entirely inside the set.
  covers(start: number, end: number): boolean {
    check(start, end);
    if (start === end) return true;
    const i = this.#firstEndingAfter(start);
    if (i >= this.#items.length) return false;
    const [s, e] = this.#items[i];
    return s <= start && end <= e;
  }

  // True when [start, end) shares at least one point with the set.
  overlaps(start: number, end: number): boolean {
    check(start, end);
    if (start === end) return false;
    const i = this.#firstEndingAfter(start);
    return i < this.#items.length && this.#items[i][0] < end;
  }

  add(start: number, end: number): this {
    check(start, end);
    this.#items = normalize([...this.#items, [start, end]]);
    return this;
  }

  // Removes [start, end) from the set. An interval that straddles the removed range is cut in two.
  remove(start: number, end: number): this {
    check(start, end);
    if (start === end) return this;
    const out: Interval[] = [];
    for (const [s, e] of this.#items) {
      if (e <= start || s >= end) {
        out.push([s, e]);
        continue;
      }
      if (s < start) out.push([s, start]);
      else if (e > end) out.push([end, e]);
    }
    this.#items = out;
    return this;
  }

  union(other: IntervalSet): IntervalSet {
    return new IntervalSet([...this.#items, ...other.intervals()]);
  }

  intersection(other: IntervalSet): IntervalSet {
    const a = this.#items;
    const b = other.intervals();
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const s = Math.max(a[i][0], b[j][0]);
      const e = Math.min(a[i][1], b[j][1]);
      if (s < e) out.push([s, e]);
      if (a[i][1] < b[j][1]) i++;
      else j++;
    }
    return new IntervalSet(out);
  }

  difference(other: IntervalSet): IntervalSet {
    const result = new IntervalSet(this.#items);
    for (const [s, e] of other.intervals()) result.remove(s, e);
    return result;
  }

  // The uncovered parts of [start, end).
  gaps(start: number, end: number): Interval[] {
    check(start, end);
    const out: Interval[] = [];
    let cursor = start;
    for (const [s, e] of this.#items) {
      if (e <= cursor) continue;
      if (s >= end) break;
      if (s > cursor) out.push([cursor, s]);
      cursor = Math.max(cursor, e);
    }
    if (cursor < end) out.push([cursor, end]);
    return out;
  }

  equals(other: IntervalSet): boolean {
    const b = other.intervals();
    return this.#items.length === b.length && this.#items.every(([s, e], i) => s === b[i][0] && e === b[i][1]);
  }

  toString(): string {
    return this.#items.map(([s, e]) => `[${s}, ${e})`).join(' ');
  }
}
