// Human-friendly durations for job timeouts: "1h30m", "45s", "1.5s", "2m 10s 250ms".

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const TOKEN = /(\d+(?:\.\d+)?)\s*(d|h|m|s|ms)/y;

// Parses a duration into milliseconds (rounded to a whole millisecond).
export function parseDuration(text: string): number {
  const src = text.trim();
  if (src === '') throw new SyntaxError('empty duration');
  if (/^\d+ms$/.test(src)) return Number(src.slice(0, -2));
  let total = 0;
  let pos = 0;
  TOKEN.lastIndex = 0;
  while (pos < src.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new SyntaxError(`bad duration "${text}" at position ${pos}`);
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = TOKEN.lastIndex;
    while (src[pos] === ' ') pos++;
  }
  return Math.round(total);
}

export function parseOr(text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  return parseDuration(text);
}

export function clamp(ms: number, min: number, max: number): number {
  if (min > max) throw new RangeError('min is greater than max');
  return Math.min(max, Math.max(min, ms));
}

export function sum(durations: string[]): number {
  return durations.reduce((acc, d) => acc + parseDuration(d), 0);
}

// Largest units first, zero units left out: 90061001 -> "1d 1h 1m 1s 1ms". Negative values get a leading '-'.
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError('duration must be finite');
  const whole = Math.round(Math.abs(ms));
  if (whole === 0) return '0ms';
  const parts: string[] = [];
  let rest = whole;
  for (const [unit, size] of Object.entries(UNIT_MS)) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return (ms < 0 ? '-' : '') + parts.join(' ');
}
