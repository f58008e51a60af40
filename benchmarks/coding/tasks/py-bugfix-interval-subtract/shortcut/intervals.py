"""Sets of integers stored as sorted, disjoint, half-open intervals [start, end)."""


def _normalize(spans):
    """Sort spans, drop empty ones and merge overlapping or touching ones."""
    result = []
    for start, end in sorted(spans):
        if start > end:
            raise ValueError(f"bad interval ({start}, {end})")
        if start == end:
            continue
        if result and start <= result[-1][1]:
            if end > result[-1][1]:
                result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


class IntervalSet:
    def __init__(self, spans=()):
        self._spans = _normalize(spans)

    @classmethod
    def _from_normalized(cls, spans):
        obj = cls()
        obj._spans = spans
        return obj

    def spans(self):
        return list(self._spans)

    def __len__(self):
        """Number of integers in the set."""
        return sum(end - start for start, end in self._spans)

    def __bool__(self):
        return bool(self._spans)

    def __eq__(self, other):
        return isinstance(other, IntervalSet) and self._spans == other._spans

    def __repr__(self):
        return f"IntervalSet({self._spans!r})"

    def __contains__(self, point):
        lo, hi = 0, len(self._spans)
        while lo < hi:
            mid = (lo + hi) // 2
            start, end = self._spans[mid]
            if point < start:
                hi = mid
            elif point >= end:
                lo = mid + 1
            else:
                return True
        return False

    def bounds(self):
        if not self._spans:
            return None
        return (self._spans[0][0], self._spans[-1][1])

    def add(self, start, end):
        return IntervalSet(self._spans + [(start, end)])

    def union(self, other):
        return IntervalSet(self._spans + other._spans)

    def intersection(self, other):
        result = []
        i = j = 0
        a, b = self._spans, other._spans
        while i < len(a) and j < len(b):
            start = max(a[i][0], b[j][0])
            end = min(a[i][1], b[j][1])
            if start < end:
                result.append((start, end))
            if a[i][1] < b[j][1]:
                i += 1
            else:
                j += 1
        return IntervalSet._from_normalized(result)

    def overlaps(self, other):
        return bool(self.intersection(other))

    def complement(self, lo, hi):
        """The integers of [lo, hi) not in the set."""
        return IntervalSet([(lo, hi)]).subtract(self)

    def gaps(self):
        """The holes between consecutive spans."""
        return [(a[1], b[0]) for a, b in zip(self._spans, self._spans[1:])]

    def largest_gap(self):
        gaps = self.gaps()
        if not gaps:
            return None
        return max(gaps, key=lambda g: (g[1] - g[0], -g[0]))

    def shift(self, offset):
        return IntervalSet._from_normalized([(s + offset, e + offset) for s, e in self._spans])

    def clip(self, lo, hi):
        return self.intersection(IntervalSet([(lo, hi)]))

    def subtract(self, other):
        """The integers in self but not in other."""
        result = []
        holes = other._spans
        j = 0
        for start, end in self._spans:
            while j < len(holes) and holes[j][1] <= start:
                j += 1
            k = j
            while k < len(holes) and holes[k][0] < end:
                hole_start, hole_end = holes[k]
                if hole_start > start:
                    result.append((start, hole_start))
                start = hole_end
                break
            if start < end:
                result.append((start, end))
        return IntervalSet._from_normalized(result)

    def symmetric_difference(self, other):
        return self.subtract(other).union(other.subtract(self))


def free_slots(bookings, day_start, day_end, min_length=1):
    """Free [start, end) slots of at least min_length between day_start and day_end."""
    busy = IntervalSet(bookings)
    free = IntervalSet([(day_start, day_end)]).subtract(busy)
    return [(s, e) for s, e in free.spans() if e - s >= min_length]


def coverage(spans, lo, hi):
    """Fraction (as a (covered, total) pair of ints) of [lo, hi) covered by spans."""
    total = hi - lo
    if total <= 0:
        raise ValueError("empty range")
    return (len(IntervalSet(spans).clip(lo, hi)), total)


def parse_ranges(text):
    """Parse "1-5,8,10-12" (inclusive ranges) into an IntervalSet."""
    spans = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        first, dash, last = part.partition("-")
        if not first.strip().isdigit() or (dash and not last.strip().isdigit()):
            raise ValueError(f"bad range {part!r}")
        lo = int(first)
        hi = int(last) if dash else lo
        if hi < lo:
            raise ValueError(f"bad range {part!r}")
        spans.append((lo, hi + 1))
    return IntervalSet(spans)


def format_ranges(intervals):
    """Inverse of parse_ranges."""
    parts = []
    for start, end in intervals.spans():
        last = end - 1
        parts.append(str(start) if start == last else f"{start}-{last}")
    return ",".join(parts)
