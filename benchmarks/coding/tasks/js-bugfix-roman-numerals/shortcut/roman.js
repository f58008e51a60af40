// Conversion between integers and Roman numerals (1..3999).

const NUMERALS = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'],
  [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'],
  [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

const SYMBOL_VALUES = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

export function toRoman(n) {
  if (!Number.isInteger(n) || n < 1 || n > 3999) throw new RangeError(`cannot write ${n} in Roman numerals`);
  let out = '';
  for (const [value, symbol] of NUMERALS) {
    while (n >= value) {
      out += symbol;
      n -= value;
    }
  }
  return out;
}

export function fromRoman(text) {
  const s = String(text).trim().toUpperCase();
  if (s === '') throw new SyntaxError('empty numeral');
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const value = SYMBOL_VALUES[s[i]];
    if (value === undefined) throw new SyntaxError(`not a Roman digit: ${s[i]}`);
    if (s[i] === 'I' && (s[i + 1] === 'V' || s[i + 1] === 'X')) total -= value;
    else total += value;
  }
  return total;
}

export function isRoman(text) {
  try {
    const n = fromRoman(text);
    return n >= 1 && n <= 3999 && toRoman(n) === String(text).trim().toUpperCase();
  } catch {
    return false;
  }
}
