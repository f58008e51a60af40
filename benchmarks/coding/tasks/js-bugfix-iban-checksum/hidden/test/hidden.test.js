import assert from 'node:assert/strict';
import { test } from 'node:test';
import { audit, buildIban, checkDigits, isValidIban, mod97 } from '../iban.js';

const VALID = [
  'DE89 3704 0044 0532 0130 00', 'FR14 2004 1010 0505 0001 3M02 606', 'NL91 ABNA 0417 1643 00', 'BE68 5390 0754 7034',
  'NO93 8601 1117 947', 'MT84 MALT 0110 0001 2345 MTLC AST0 01S', 'CH93 0076 2011 6238 5295 7', 'IT60 X054 2811 1010 0000 0123 456',
  'ES91 2100 0418 4502 0005 1332', 'PL61 1090 1014 0000 0712 1981 2874', 'SA03 8000 0000 6080 1016 7519', 'BR97 0036 0305 0000 1000 9795 493P 1',
];

test('mod97 of long numbers', () => {
  assert.equal(mod97('3214282912345698765432161182'), 1);
  assert.equal(mod97('123456789012345678901234567890'), Number(123456789012345678901234567890n % 97n));
  assert.equal(mod97('96'), 96);
  assert.equal(mod97('0000000097'), 0);
});
test('real IBANs from many countries are valid', () => {
  for (const iban of VALID) assert.equal(isValidIban(iban), true, iban);
  assert.deepEqual(audit(VALID), []);
});
test('a changed digit is caught', () => {
  for (const iban of VALID) {
    const e = iban.replaceAll(' ', '');
    const last = e.at(-1);
    const changed = e.slice(0, -1) + (last === '9' ? '8' : /\d/.test(last) ? String(Number(last) + 1) : '0');
    assert.equal(isValidIban(changed), false, changed);
  }
});
test('check digits', () => {
  assert.equal(checkDigits('DE', '370400440532013000'), '89');
  assert.equal(checkDigits('SA', '80000000608010167519'), '03');
  assert.equal(buildIban('MT', 'MALT011000012345MTLCAST001S'), 'MT84MALT011000012345MTLCAST001S');
});
