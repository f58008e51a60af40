import assert from 'node:assert/strict';
import { test } from 'node:test';
import { writeObjects, writeRows } from '../src/writer.ts';

test('rows', () => assert.equal(writeRows([['a', 1], ['say "hi"', true]]), 'a,1\r\n"say ""hi""",true\r\n'));

test('objects', () => {
  const csv = writeObjects([
    { id: 1, name: 'Ann' },
    { id: 2, name: 'Bo, Jr.' },
  ]);
  assert.equal(csv, 'id,name\r\n1,Ann\r\n2,"Bo, Jr."\r\n');
});
