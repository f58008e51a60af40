"""An indexed binary min-heap: a priority queue whose items can be updated or removed.

Items must be hashable and unique. Ties between equal priorities are broken by
insertion order (first pushed, first popped).
"""


class EmptyQueue(IndexError):
    pass


class PriorityQueue:
    def __init__(self, pairs=()):
        self._heap = []  # list of [priority, seq, item]
        self._index = {}  # item -> position in _heap
        self._seq = 0
        for item, priority in pairs:
            self.push(item, priority)

    # -- basic protocol ---------------------------------------------------

    def __len__(self):
        return len(self._heap)

    def __bool__(self):
        return bool(self._heap)

    def __contains__(self, item):
        return item in self._index

    def priority(self, item):
        return self._heap[self._index[item]][0]

    # -- heap plumbing ------------------------------------------------------

    def _less(self, i, j):
        a, b = self._heap[i], self._heap[j]
        return (a[0], a[1]) < (b[0], b[1])

    def _swap(self, i, j):
        heap = self._heap
        heap[i], heap[j] = heap[j], heap[i]
        self._index[heap[i][2]] = i
        self._index[heap[j][2]] = j

    def _sift_up(self, pos):
        while pos > 0:
            parent = (pos - 1) // 2
            if not self._less(pos, parent):
                break
            self._swap(pos, parent)
            pos = parent
        return pos

    def _sift_down(self, pos):
        size = len(self._heap)
        while True:
            left = 2 * pos + 1
            right = left + 1
            smallest = pos
            if left < size and self._less(left, smallest):
                smallest = left
            if right < size and self._less(right, smallest):
                smallest = right
            if smallest == pos:
                return pos
            self._swap(pos, smallest)
            pos = smallest

    def _remove_at(self, pos):
        heap = self._heap
        last = len(heap) - 1
        if pos != last:
            self._swap(pos, last)
        entry = heap.pop()
        del self._index[entry[2]]
        if pos < len(heap):
            self._sift_down(pos)
            self._sift_up(pos)
        return entry

    # -- public operations ----------------------------------------------------

    def push(self, item, priority):
        if item in self._index:
            raise KeyError(f"{item!r} is already queued")
        self._heap.append([priority, self._seq, item])
        self._seq += 1
        self._index[item] = len(self._heap) - 1
        self._sift_up(len(self._heap) - 1)

    def peek(self):
        if not self._heap:
            raise EmptyQueue("peek from an empty queue")
        priority, _, item = self._heap[0]
        return item, priority

    def pop(self):
        if not self._heap:
            raise EmptyQueue("pop from an empty queue")
        priority, _, item = self._remove_at(0)
        return item, priority

    def remove(self, item):
        priority, _, _ = self._remove_at(self._index[item])
        return priority

    def update(self, item, priority):
        """Change the priority of a queued item."""
        pos = self._index[item]
        self._heap[pos][0] = priority
        if pos > 0 and self._less(pos, (pos - 1) // 2):
            self._swap(pos, (pos - 1) // 2)
        self._sift_down(pos)

    def push_or_update(self, item, priority):
        if item in self._index:
            self.update(item, priority)
        else:
            self.push(item, priority)

    def decrease_to(self, item, priority):
        """Lower an item's priority if `priority` is smaller; push it if absent.

        Returns True when the queue changed (handy for Dijkstra-style relaxation).
        """
        if item not in self._index:
            self.push(item, priority)
            return True
        if priority < self.priority(item):
            self.update(item, priority)
            return True
        return False

    def items(self):
        """All (item, priority) pairs in pop order, without changing the queue."""
        return [(e[2], e[0]) for e in sorted(self._heap, key=lambda e: (e[0], e[1]))]

    def drain(self):
        """Pop everything, returning items in order."""
        out = []
        while self._heap:
            out.append(self.pop()[0])
        return out

    def check(self):
        """Verify the heap and index invariants (used by tests)."""
        for pos, entry in enumerate(self._heap):
            if self._index[entry[2]] != pos:
                return False
            parent = (pos - 1) // 2
            if pos > 0 and self._less(pos, parent):
                return False
        return len(self._index) == len(self._heap)


def shortest_paths(graph, source):
    """Dijkstra over {node: [(neighbour, weight), ...]}; returns {node: distance}."""
    dist = {source: 0}
    queue = PriorityQueue([(source, 0)])
    while queue:
        node, d = queue.pop()
        for neighbour, weight in graph.get(node, ()):
            nd = d + weight
            if neighbour not in dist or nd < dist[neighbour]:
                dist[neighbour] = nd
                queue.push_or_update(neighbour, nd)
    return dist


def k_smallest(pairs, k):
    """The k items with the smallest priorities, in order."""
    queue = PriorityQueue(pairs)
    out = []
    while queue and len(out) < k:
        out.append(queue.pop()[0])
    return out
