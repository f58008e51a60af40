// Roman numerals 1..3999 in canonical (subtractive) form.

const TABLE: readonly [number, string][] = [
  [1000, 'M'],
  [900, 'CM'],
  [500, 'D'],
  [400, 'CD'],
  [100, 'C'],
  [90, 'XC'],
  [50, 'L'],
  [40, 'XL'],
  [10, 'X'],
  [9, 'IX'],
  [5, 'V'],
  [4, 'IV'],
  [1, 'I'],
];

const VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

export function toRoman(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999) throw new RangeError(`cannot write ${n} in roman numerals`);
  let out = '';
  let rest = n;
  for (const [value, symbol] of TABLE) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

// Reads a numeral (case-insensitive). Non-canonical spellings such as 'IIII' or 'IC' are rejected.
export function fromRoman(text: string): number {
  const s = text.trim().toUpperCase();
  if (!/^[IVXLCDM]+$/.test(s)) throw new SyntaxError(`not a roman numeral: ${text}`);
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const value = VALUES[s[i]];
    const next = i + 1 < s.length ? VALUES[s[i + 1]] : 0;
    total += value <= next ? -value : value;
  }
  if (total < 1 || total > 3999 || toRoman(total) !== s) throw new SyntaxError(`not a canonical roman numeral: ${text}`);
  return total;
}

export function isRoman(text: string): boolean {
  try {
    fromRoman(text);
    return true;
  } catch {
    return false;
  }
}
