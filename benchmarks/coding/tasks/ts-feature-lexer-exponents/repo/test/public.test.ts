import assert from 'node:assert/strict';
import { test } from 'node:test';
import { show, tokenize } from '../src/lexer.ts';

test('formula', () => assert.equal(show(tokenize('SUM(a1, 2.5)*-3')), 'SUM ( A1 , 2.5 ) * - 3'));
test('exponent', () => assert.deepEqual(tokenize('1e3'), [{ kind: 'number', value: 1000, pos: 0 }]));
