"""Pair statistics over lists of integers."""


def count_pairs(values, target):
    """Number of index pairs i < j with values[i] + values[j] == target."""
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    count = 0
    for v, c in counts.items():
        if v < target - v:
            count += c * counts.get(target - v, 0)
    return count


def has_pair(values, target):
    seen = set()
    for v in values:
        if target - v in seen:
            return True
        seen.add(v)
    return False


def closest_pair_sum(values, target):
    """The pair sum closest to target (ties: the smaller sum)."""
    ordered = sorted(values)
    if len(ordered) < 2:
        raise ValueError("need at least two values")
    lo, hi = 0, len(ordered) - 1
    best = ordered[lo] + ordered[hi]
    while lo < hi:
        s = ordered[lo] + ordered[hi]
        if abs(s - target) < abs(best - target) or (abs(s - target) == abs(best - target) and s < best):
            best = s
        if s < target:
            lo += 1
        elif s > target:
            hi -= 1
        else:
            return s
    return best
