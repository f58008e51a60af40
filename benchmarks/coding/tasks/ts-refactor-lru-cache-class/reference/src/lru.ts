// A least-recently-used cache with hit/miss statistics.

export interface CacheStats {
  hits: number;
  misses: number;
  evictions: number;
}

export const createLruCache = <K, V>(capacity: number): LruCache<K, V> => new LruCache<K, V>(capacity);
export class LruCache<K, V> {
  readonly capacity: number;
  #entries = new Map<K, V>();
  #stats: CacheStats = { hits: 0, misses: 0, evictions: 0 };
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
  }
  get size(): number {
    return this.#entries.size;
  }
  get(key: K): V | undefined {
    if (!this.#entries.has(key)) {
      this.#stats.misses++;
      return undefined;
    }
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    this.#stats.hits++;
    return value;
  }
  // Looks at an entry without counting it or refreshing it.
  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as K;
      this.#entries.delete(oldest);
      this.#stats.evictions++;
    }
  }
  delete(key: K): boolean {
    return this.#entries.delete(key);
  }
  clear(): void {
    this.#entries.clear();
  }
  // Keys from least to most recently used.
  keys(): K[] {
    return [...this.#entries.keys()];
  }
  stats(): CacheStats {
    return { ...this.#stats };
  }
}

// Wraps a one-argument function with an LRU cache of its results.
export function memoize<A, R>(fn: (arg: A) => R, capacity: number): (arg: A) => R {
  const cache = createLruCache<A, R>(capacity);
  return (arg: A) => {
    const hit = cache.get(arg);
    if (hit !== undefined) return hit;
    const result = fn(arg);
    cache.set(arg, result);
    return result;
  };
}
