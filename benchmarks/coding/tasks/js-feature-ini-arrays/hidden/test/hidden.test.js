import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IniError, parseIni, stringifyIni } from '../ini.js';

test('arrays convert values and live in their section', () => {
  const c = parseIni('ports[] = 80\nports[]=443\n[x]\nflags[] = true\nflags[] = "a;b"\n[y]\nports[] = 1\n');
  assert.deepEqual(c, { ports: [80, 443], x: { flags: [true, 'a;b'] }, y: { ports: [1] } });
});
test('single entry and spacing', () => {
  assert.deepEqual(parseIni('tag [] = one\n'), { tag: ['one'] });
});
test('mixing plain and array assignment is an error', () => {
  assert.throws(() => parseIni('a = 1\na[] = 2\n'), IniError);
  assert.throws(() => parseIni('a[] = 1\na = 2\n'), IniError);
  assert.throws(() => parseIni('[] = 1\n'), IniError);
});
test('plain keys still overwrite', () => assert.deepEqual(parseIni('a = 1\na = 2\n'), { a: 2 }));
