// A least-recently-used cache on top of Map, whose iteration order is insertion order: the first key is always the
// least recently used one.

export class LruCache {
  #map = new Map();
  #onEvict;

  constructor(capacity, { onEvict } = {}) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
    this.#onEvict = onEvict;
  }

  get size() {
    return this.#map.size;
  }

  get(key) {
    if (!this.#map.has(key)) return undefined;
    const value = this.#map.get(key);
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }

  set(key, value) {
    this.#makeRoom(key);
    this.#map.delete(key);
    this.#map.set(key, value);
    return this;
  }

  // Reads without touching recency.
  peek(key) {
    return this.#map.get(key);
  }

  has(key) {
    return this.#map.has(key);
  }

  delete(key) {
    return this.#map.delete(key);
  }

  clear() {
    this.#map.clear();
  }

  // Keys from least to most recently used.
  keys() {
    return [...this.#map.keys()];
  }

  entries() {
    return [...this.#map.entries()];
  }

  getOrCompute(key, compute) {
    if (this.#map.has(key)) return this.get(key);
    const value = compute(key);
    this.set(key, value);
    return value;
  }

  resize(capacity) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
    while (this.#map.size > this.capacity) this.#evictOldest();
  }

  #evictOldest() {
    const [key, value] = this.#map.entries().next().value;
    this.#map.delete(key);
    this.#onEvict?.(key, value);
  }

  // Called before storing key: frees a slot if the cache is full.
  #makeRoom(key) {
    if (!this.#map.has(key) && this.#map.size >= this.capacity) this.#evictOldest();
  }
}
