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

// formatDuration(3723) === '1h 02m 03s', formatDuration(245) === '4m 05s', formatDuration(-7) === '-7s'
export function formatDuration(seconds) {
  let s = Math.round(seconds);
  const sign = s < 0 ? '-' : '';
  s = Math.abs(s);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${sign}${h}h ${pad2(m)}m ${pad2(sec)}s`;
  if (m > 0) return `${sign}${m}m ${pad2(sec)}s`;
  return `${sign}${sec}s`;
}
