"""Parse and analyse web server access logs.

Log line format (fields separated by single spaces):
    HOST DAY HH:MM:SS METHOD PATH STATUS BYTES DURATION_MS
e.g. "10.0.0.7 12 14:03:59 GET /index.html 200 5120 35"
"""

from collections import Counter


class LogError(ValueError):
    pass


class Record:
    __slots__ = ("host", "day", "seconds", "method", "path", "status", "size", "duration_ms")

    def __init__(self, host, day, seconds, method, path, status, size, duration_ms):
        self.host = host
        self.day = day
        self.seconds = seconds
        self.method = method
        self.path = path
        self.status = status
        self.size = size
        self.duration_ms = duration_ms

    @property
    def hour(self):
        return self.seconds // 3600

    def __repr__(self):
        return f"Record({self.host!r}, {self.method} {self.path} -> {self.status})"


def parse_time(text):
    parts = text.split(":")
    if len(parts) != 3 or not all(p.isdigit() and len(p) == 2 for p in parts):
        raise LogError(f"bad time {text!r}")
    h, m, s = (int(p) for p in parts)
    if h > 23 or m > 59 or s > 59:
        raise LogError(f"bad time {text!r}")
    return h * 3600 + m * 60 + s


def parse_line(line):
    fields = line.split()
    if len(fields) != 8:
        raise LogError(f"expected 8 fields, got {len(fields)}: {line!r}")
    host, day, clock, method, path, status, size, duration = fields
    if not (day.isdigit() and status.isdigit() and size.isdigit() and duration.isdigit()):
        raise LogError(f"bad numeric field in {line!r}")
    return Record(host, int(day), parse_time(clock), method, path, int(status), int(size), int(duration))


def parse_log(text, strict=False):
    """Parse many lines; bad lines raise in strict mode and are skipped otherwise."""
    records = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        try:
            records.append(parse_line(line))
        except LogError:
            if strict:
                raise
    return records


def status_class(status):
    return f"{status // 100}xx"


def count_by_status_class(records):
    return dict(sorted(Counter(status_class(r.status) for r in records).items()))


def top_paths(records, n=3):
    """The n most requested paths; ties broken alphabetically."""
    counts = Counter(r.path for r in records)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:n]


def bytes_by_host(records):
    totals = {}
    for r in records:
        totals[r.host] = totals.get(r.host, 0) + r.size
    return dict(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def percentile(values, pct):
    """Nearest-rank percentile of a non-empty list of numbers."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = -(-pct * len(ordered) // 100)
    return ordered[max(rank, 1) - 1]


def hourly_counts(records):
    counts = [0] * 24
    for r in records:
        counts[r.hour] += 1
    return counts


def slow_requests(records, threshold_ms):
    return [r for r in records if r.duration_ms >= threshold_ms]


def unique_visitors(records):
    return len({r.host for r in records})


def sparkline(counts):
    """Tiny bar chart of counts using eight block levels."""
    blocks = " ▁▂▃▄▅▆▇█"
    top = max(counts) if counts else 0
    if top == 0:
        return " " * len(counts)
    return "".join(blocks[-(-c * 8 // top)] for c in counts)


def requests_per_day(records):
    """Number of requests for each day that has any, ordered by day."""
    counts = Counter(r.day for r in records)
    return [(day, counts[day]) for day in sorted(counts)]


def error_paths(records):
    """Paths that produced a 5xx response, with how many times, most frequent first."""
    counts = Counter(r.path for r in records if r.status >= 500)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def report(records):
    """A short plain-text summary of the records."""
    requests = len(records)
    errors = sum(1 for r in records if r.status >= 500)
    error_permille = errors * 1000 // requests if requests else 0
    lines = [f"requests: {requests}", f"errors: {errors} ({error_permille / 10:.1f}%)"]
    paths = top_paths(records, 3)
    if paths:
        lines.append("top paths: " + ", ".join(f"{path} ({count})" for path, count in paths))
    if records:
        p95 = percentile([r.duration_ms for r in records], 95)
        lines.append(f"p95 latency: {p95} ms")
        hours = hourly_counts(records)
        busiest = hours.index(max(hours))
        lines.append(f"busiest hour: {busiest:02d}:00 ({hours[busiest]} requests)")
    return "\n".join(lines)
