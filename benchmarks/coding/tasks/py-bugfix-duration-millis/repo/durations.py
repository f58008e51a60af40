"""Parse and format compact durations such as "1h30m" (values in milliseconds)."""

UNITS = [("d", 86400000), ("h", 3600000), ("m", 60000), ("s", 1000), ("ms", 1)]
_FACTOR = dict(UNITS)
_RANK = {unit: rank for rank, (unit, _) in enumerate(UNITS)}


def _tokens(text):
    """Yield (number, unit) pairs from text like "1h30m"."""
    i = 0
    while i < len(text):
        start = i
        while i < len(text) and text[i].isdigit():
            i += 1
        if start == i:
            raise ValueError(f"expected a number at position {i} in {text!r}")
        number = int(text[start:i])
        start = i
        while i < len(text) and text[i].isalpha():
            i += 1
            if text[start:i] in _FACTOR:
                break
        unit = text[start:i]
        if unit not in _FACTOR:
            raise ValueError(f"unknown unit {unit!r} in {text!r}")
        yield number, unit


def parse_duration(text):
    text = text.strip().lower()
    if not text:
        raise ValueError("empty duration")
    total = 0
    last_rank = -1
    for number, unit in _tokens(text):
        if _RANK[unit] <= last_rank:
            raise ValueError(f"unit {unit!r} out of order")
        last_rank = _RANK[unit]
        total += number * _FACTOR[unit]
    return total


def format_duration(ms):
    """Inverse of parse_duration: 5400000 -> "1h30m"; 0 -> "0ms"."""
    if ms < 0:
        raise ValueError("negative duration")
    if ms == 0:
        return "0ms"
    parts = []
    for unit, factor in UNITS:
        count, ms = divmod(ms, factor)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
