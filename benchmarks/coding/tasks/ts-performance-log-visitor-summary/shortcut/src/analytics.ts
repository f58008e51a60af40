// Access-log analytics for the ops dashboard.
// Lines look like: 2024-05-01T12:00:03Z 10.0.0.7 GET /api/items 200 512 38ms

export interface LogEntry {
  time: number; // epoch milliseconds
  ip: string;
  method: string;
  path: string;
  status: number;
  bytes: number;
  latencyMs: number;
}

export interface VisitorSummary {
  ip: string;
  requests: number;
  bytes: number;
  errors: number;
  firstSeen: number;
  lastSeen: number;
}

const LINE = /^(\S+)\s+(\S+)\s+([A-Z]+)\s+(\S+)\s+(\d{3})\s+(\d+)\s+(\d+)ms$/;

export function parseLine(line: string): LogEntry {
  const m = LINE.exec(line.trim());
  if (!m) throw new SyntaxError(`unparseable log line: ${line}`);
  const time = Date.parse(m[1]);
  if (Number.isNaN(time)) throw new SyntaxError(`bad timestamp: ${m[1]}`);
  return {
    time,
    ip: m[2],
    method: m[3],
    path: m[4].split('?')[0],
    status: Number(m[5]),
    bytes: Number(m[6]),
    latencyMs: Number(m[7]),
  };
}

// Parses a whole log; blank lines and '#' comments are skipped, bad lines are collected instead of thrown.
export function parseLog(text: string): { entries: LogEntry[]; rejected: number[] } {
  const entries: LogEntry[] = [];
  const rejected: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return;
    try {
      entries.push(parseLine(line));
    } catch {
      rejected.push(i + 1);
    }
  });
  return { entries, rejected };
}

export function statusClasses(entries: LogEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of entries) {
    const cls = `${Math.floor(e.status / 100)}xx`;
    out[cls] = (out[cls] ?? 0) + 1;
  }
  return out;
}

export function errorRate(entries: LogEntry[]): number {
  if (entries.length === 0) return 0;
  return entries.filter((e) => e.status >= 500).length / entries.length;
}

export function bytesServed(entries: LogEntry[]): number {
  let total = 0;
  for (const e of entries) total += e.bytes;
  return total;
}

// Nearest-rank percentile of the latencies (p in 0..100).
export function latencyPercentile(entries: LogEntry[], p: number): number {
  if (entries.length === 0) throw new RangeError('no entries');
  if (p < 0 || p > 100) throw new RangeError('percentile out of range');
  const sorted = entries.map((e) => e.latencyMs).sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

// The n most requested paths, ties broken alphabetically.
export function topPaths(entries: LogEntry[], n: number): [string, number][] {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.path, (counts.get(e.path) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n);
}

// Requests per minute, keyed by the minute's start (epoch ms), in time order.
export function requestsPerMinute(entries: LogEntry[]): [number, number][] {
  const buckets = new Map<number, number>();
  for (const e of entries) {
    const minute = e.time - (e.time % 60_000);
    buckets.set(minute, (buckets.get(minute) ?? 0) + 1);
  }
  return [...buckets].sort((a, b) => a[0] - b[0]);
}

export function busiestMinute(entries: LogEntry[]): [number, number] | undefined {
  let best: [number, number] | undefined;
  for (const bucket of requestsPerMinute(entries)) if (!best || bucket[1] > best[1]) best = bucket;
  return best;
}

// One row per client IP: request count, bytes sent, 5xx errors and first/last request time.
// Sorted by request count (descending), then IP.
export function visitorSummary(entries: LogEntry[]): VisitorSummary[] {
  const ips = [...new Set(entries.map((e) => e.ip))];
  const rows = ips.map((ip) => {
    const mine = entries.filter((e) => e.ip === ip);
    return {
      ip,
      requests: mine.length,
      bytes: mine.reduce((sum, e) => sum + e.bytes, 0),
      errors: mine.filter((e) => e.status >= 500).length,
      firstSeen: Math.min(...mine.map((e) => e.time)),
      lastSeen: Math.max(...mine.map((e) => e.time)),
    };
  });
  return rows.sort((a, b) => b.requests - a.requests || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
}

// IPs with more than `limit` requests in any sliding window of `windowMs`.
export function suspiciousClients(entries: LogEntry[], limit: number, windowMs: number): string[] {
  const byIp = new Map<string, number[]>();
  for (const e of entries) {
    const times = byIp.get(e.ip) ?? [];
    times.push(e.time);
    byIp.set(e.ip, times);
  }
  const out: string[] = [];
  for (const [ip, times] of byIp) {
    times.sort((a, b) => a - b);
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while (times[hi] - times[lo] >= windowMs) lo++;
      if (hi - lo + 1 > limit) {
        out.push(ip);
        break;
      }
    }
  }
  return out.sort();
}

export function formatSummary(rows: VisitorSummary[]): string {
  const lines = rows.map((r) => `${r.ip.padEnd(15)} ${String(r.requests).padStart(6)} ${String(r.bytes).padStart(10)} ${r.errors}`);
  return ['ip              requests      bytes errors', ...lines].join('\n');
}
