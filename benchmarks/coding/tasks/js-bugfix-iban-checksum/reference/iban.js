// International Bank Account Numbers (ISO 13616): normalising, formatting, validating and building.

export class IbanError extends Error {}

// Length of a full IBAN per country code.
export const LENGTHS = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LI: 21, LT: 20, LU: 20, LV: 21,
  MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TN: 24, TR: 26, UA: 29, VG: 24, XK: 20,
};

// ---------------------------------------------------------------------------------------------------------------
// Text forms

// Removes spaces and hyphens and upper-cases: the "electronic format".
export function electronicFormat(text) {
  return String(text).replace(/[\s-]+/g, '').toUpperCase();
}

// Groups of four characters separated by spaces: the "print format".
export function printFormat(text) {
  return electronicFormat(text).replace(/(.{4})(?=.)/g, '$1 ');
}

// Shows only the country, check digits and the last four characters.
export function mask(text) {
  const e = electronicFormat(text);
  if (e.length <= 8) return printFormat(e);
  return printFormat(e.slice(0, 4) + '*'.repeat(e.length - 8) + e.slice(-4));
}

export function countryOf(text) {
  return electronicFormat(text).slice(0, 2);
}

export function bbanOf(text) {
  return electronicFormat(text).slice(4);
}

// ---------------------------------------------------------------------------------------------------------------
// Structure checks

const SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]+$/;

// Describes what is wrong with the IBAN's shape, or returns null.
export function shapeProblem(text) {
  const e = electronicFormat(text);
  if (!SHAPE.test(e)) return 'an IBAN is two letters, two digits and then letters or digits';
  const expected = LENGTHS[e.slice(0, 2)];
  if (expected === undefined) return `unknown country ${e.slice(0, 2)}`;
  if (e.length !== expected) return `an IBAN for ${e.slice(0, 2)} has ${expected} characters, not ${e.length}`;
  return null;
}

export function isWellFormed(text) {
  return shapeProblem(text) === null;
}

export function supportedCountries() {
  return Object.keys(LENGTHS).sort();
}

export function sameAccount(a, b) {
  return electronicFormat(a) === electronicFormat(b);
}

// Checks a list of IBANs and reports the bad ones as { index, iban, problem }.
export function audit(list) {
  const out = [];
  list.forEach((iban, index) => {
    const problem = shapeProblem(iban) ?? (isValidIban(iban) ? null : 'wrong check digits');
    if (problem !== null) out.push({ index, iban, problem });
  });
  return out;
}

// Sorts by country and then by the electronic form, without duplicates.
export function uniqueSorted(list) {
  return [...new Set(list.map(electronicFormat))].sort();
}

// Characters of the BBAN that identify the bank, for the countries where we route payments.
const BANK_CODE = { AT: 5, BE: 3, CH: 5, DE: 8, ES: 4, FR: 5, GB: 4, IT: 5, NL: 4, PL: 8 };

export function bankCodeOf(text) {
  const length = BANK_CODE[countryOf(text)];
  if (length === undefined) throw new IbanError(`no bank code layout for ${countryOf(text)}`);
  const bban = bbanOf(text);
  // Italy starts its BBAN with a check character (CIN) before the bank code.
  return countryOf(text) === 'IT' ? bban.slice(1, 1 + length) : bban.slice(0, length);
}

// Reads IBANs from pasted text: one per line or separated by commas or semicolons; blank entries are skipped.
export function parseIbanList(text) {
  return String(text)
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function groupByCountry(list) {
  const groups = new Map();
  for (const iban of list) {
    const c = countryOf(iban);
    if (!groups.has(c)) groups.set(c, []);
    groups.get(c).push(electronicFormat(iban));
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------------------------
// Check digits

// Letters become two-digit numbers: A = 10, B = 11, ..., Z = 35.
export function toDigits(text) {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) out += ch;
    else if (code >= 65 && code <= 90) out += String(code - 55);
    else throw new IbanError(`unexpected character ${ch}`);
  }
  return out;
}

// The remainder of a long decimal number (given as a string of digits) divided by 97.
export function mod97(digits) {
  // Too long for a double: reduce a few digits at a time.
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(String(rest) + digits.slice(i, i + 7)) % 97;
  return rest;
}

// The rearranged form used by the checksum: BBAN + country + check digits.
function rearranged(e) {
  return e.slice(4) + e.slice(0, 4);
}

export function isValidIban(text) {
  const e = electronicFormat(text);
  if (!isWellFormed(e)) return false;
  return mod97(toDigits(rearranged(e))) === 1;
}

// The two check digits for a country and BBAN.
export function checkDigits(country, bban) {
  const e = `${country.toUpperCase()}00${electronicFormat(bban)}`;
  const check = 98 - mod97(toDigits(rearranged(e)));
  return String(check).padStart(2, '0');
}

export function buildIban(country, bban) {
  const e = `${country.toUpperCase()}${checkDigits(country, bban)}${electronicFormat(bban)}`;
  const problem = shapeProblem(e);
  if (problem !== null) throw new IbanError(problem);
  return e;
}
