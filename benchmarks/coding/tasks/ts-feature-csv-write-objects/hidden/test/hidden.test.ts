import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatField, writeObjects, writeRows } from '../src/writer.ts';

test('explicit columns pick and order the fields', () => {
  const csv = writeObjects([{ a: 1, b: 2, c: 3 }], { columns: ['c', 'a'] });
  assert.equal(csv, 'c,a\r\n3,1\r\n');
});

test('missing, null and undefined values are empty fields', () => {
  const csv = writeObjects([{ id: 1, note: null }, { id: 2 }, { id: 3, note: undefined }, { id: 4, note: 'x' }]);
  assert.equal(csv, 'id,note\r\n1,\r\n2,\r\n3,\r\n4,x\r\n');
});

test('dates are written as ISO timestamps', () => {
  assert.equal(formatField(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '2024-01-02T03:04:05.000Z');
  assert.equal(writeRows([[null, undefined, 0, false]]), ',,0,false\r\n');
});

test('header names are quoted like fields, options apply', () => {
  const csv = writeObjects([{ 'last; first': 'Doe; J', n: 1 }], { delimiter: ';', newline: '\n' });
  assert.equal(csv, '"last; first";n\n"Doe; J";1\n');
});

test('no records', () => {
  assert.equal(writeObjects([]), '');
  assert.equal(writeObjects([], { columns: ['a', 'b'] }), 'a,b\r\n');
});

test('keys beyond the first record are ignored unless listed', () => {
  assert.equal(writeObjects([{ a: 1 }, { a: 2, b: 3 }]), 'a\r\n1\r\n2\r\n');
});

test('still rejects non-finite numbers', () => assert.throws(() => writeObjects([{ x: NaN }]), RangeError));
