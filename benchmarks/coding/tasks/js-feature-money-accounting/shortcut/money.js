// Money as integer cents. Formatting and simple arithmetic that never goes through floating point.

function groupThousands(digits, separator) {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

// formatCents(123456) === '$1,234.56'
export function formatCents(cents, opts = {}) {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`not a whole number of cents: ${cents}`);
  const { symbol = '$', thousands = ',', decimal = '.' } = opts;
  const abs = Math.abs(cents);
  const whole = groupThousands(String(Math.floor(abs / 100)), thousands);
  const frac = String(abs % 100).padStart(2, '0');
  const sign = cents < 0 ? '-' : '';
  if (opts.accounting) return `(${symbol}${whole}${decimal}${frac})`;
  return `${sign}${symbol}${whole}${decimal}${frac}`;
}

export function parseCents(text) {
  const m = /^\s*(-)?\$?(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) throw new SyntaxError(`not an amount: ${text}`);
  const whole = Number(m[2].replaceAll(',', ''));
  const frac = m[3] === undefined ? 0 : Number(m[3].padEnd(2, '0'));
  const cents = whole * 100 + frac;
  return m[1] ? -cents : cents;
}

export function sumCents(amounts) {
  return amounts.reduce((a, b) => a + b, 0);
}

// Splits cents into n parts that differ by at most one cent, larger parts first.
export function splitEvenly(cents, n) {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a positive integer');
  const base = Math.trunc(cents / n);
  const rest = cents - base * n;
  return Array.from({ length: n }, (_, i) => base + (i < Math.abs(rest) ? Math.sign(rest) : 0));
}
