// Small helpers for quantities of time.

export function pad2(n) {
  return String(n).padStart(2, '0');
}

// Parses "1h 2m 3s", "90s", "5m" (any subset, in that order) into seconds.
export function parseDuration(text) {
  const m = /^\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?\s*$/.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
    throw new SyntaxError(`not a duration: ${text}`);
  }
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

export function sumSeconds(entries) {
  return entries.reduce((sum, e) => sum + e.seconds, 0);
}
