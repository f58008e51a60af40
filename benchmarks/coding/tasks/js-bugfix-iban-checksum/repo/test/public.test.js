import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildIban, isValidIban, mask, printFormat, shapeProblem } from '../iban.js';

test('formats', () => {
  assert.equal(printFormat('gb82west12345698765432'), 'GB82 WEST 1234 5698 7654 32');
  assert.equal(mask('GB82 WEST 1234 5698 7654 32'), 'GB82 **** **** **** **54 32');
  assert.equal(shapeProblem('GB82 WEST'), 'an IBAN for GB has 22 characters, not 8');
});
test('validation', () => {
  assert.equal(isValidIban('GB82 WEST 1234 5698 7654 32'), true);
  assert.equal(isValidIban('GB83 WEST 1234 5698 7654 32'), false);
});
test('building', () => assert.equal(buildIban('GB', 'WEST12345698765432'), 'GB82WEST12345698765432'));
