// A least-recently-used cache with hit/miss statistics.

export interface CacheStats {
  hits: number;
  misses: number;
  evictions: number;
}

export function createLruCache<K, V>(capacity: number) {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  const entries = new Map<K, V>();
  const stats: CacheStats = { hits: 0, misses: 0, evictions: 0 };
  return {
    capacity,
    get size(): number {
      return entries.size;
    },
    get(key: K): V | undefined {
      if (!entries.has(key)) {
        stats.misses++;
        return undefined;
      }
      const value = entries.get(key) as V;
      entries.delete(key);
      entries.set(key, value);
      stats.hits++;
      return value;
    },
    // Looks at an entry without counting it or refreshing it.
    peek(key: K): V | undefined {
      return entries.get(key);
    },
    set(key: K, value: V): void {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) {
        const oldest = entries.keys().next().value as K;
        entries.delete(oldest);
        stats.evictions++;
      }
    },
    delete(key: K): boolean {
      return entries.delete(key);
    },
    clear(): void {
      entries.clear();
    },
    // Keys from least to most recently used.
    keys(): K[] {
      return [...entries.keys()];
    },
    stats(): CacheStats {
      return { ...stats };
    },
  };
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
