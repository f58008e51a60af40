"""A least-recently-used cache with an optional eviction callback."""

from collections import OrderedDict


class LRUCache:
    def __init__(self, capacity, on_evict=None):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.on_evict = on_evict
        self._data = OrderedDict()
        self.hits = 0
        self.misses = 0

    def _evict_oldest(self):
        key, value = self._data.popitem(last=False)
        if self.on_evict is not None:
            self.on_evict(key, value)
        return key

    def resize(self, capacity):
        self.capacity = capacity
        if len(self._data) > capacity:
            return [self._evict_oldest()]
        return []

    def get(self, key, default=None):
        if key in self._data:
            self._data.move_to_end(key)
            self.hits += 1
            return self._data[key]
        self.misses += 1
        return default

    def put(self, key, value):
        if key in self._data:
            self._data.move_to_end(key)
        self._data[key] = value
        if len(self._data) > self.capacity:
            self._evict_oldest()

    def __contains__(self, key):
        return key in self._data

    def __len__(self):
        return len(self._data)

    def keys(self):
        """Keys from least to most recently used."""
        return list(self._data)


def memoize(capacity):
    """Decorator caching a one-argument function."""
    def decorate(fn):
        cache = LRUCache(capacity)

        def wrapper(arg):
            missing = object()
            value = cache.get(arg, missing)
            if value is missing:
                value = fn(arg)
                cache.put(arg, value)
            return value
        wrapper.cache = cache
        return wrapper
    return decorate
