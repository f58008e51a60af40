import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, parseLine, toObjects } from '../src/csv.ts';

test('doubled quotes in the middle', () => assert.deepEqual(parseLine('"a""b",c'), ['a"b', 'c']));
test('empty quoted field', () => assert.deepEqual(parseLine('a,"",b'), ['a', '', 'b']));
test('field that is a single quote', () => assert.deepEqual(parseLine('"""",x'), ['"', 'x']));
test('two quotes in a row', () => assert.deepEqual(parseLine('"""""",y'), ['""', 'y']));
test('quote at the end of a line', () => assert.deepEqual(parseLine('x,"end"""'), ['x', 'end"']));
test('other delimiter', () => assert.deepEqual(parseLine('"a;""b""";c', ';'), ['a;"b"', 'c']));
test('unterminated', () => assert.throws(() => parseLine('"abc'), SyntaxError));
test('unterminated after a doubled quote', () => assert.throws(() => parseLine('"ab""'), SyntaxError));
test('empty fields', () => assert.deepEqual(parseLine(',,'), ['', '', '']));
test('whole text', () =>
  assert.deepEqual(parse('q,a\r\n"Is it ""ok""?",yes\n'), [
    ['q', 'a'],
    ['Is it "ok"?', 'yes'],
  ]));
test('field count mismatch', () => assert.throws(() => toObjects('a,b\n1\n'), SyntaxError));
