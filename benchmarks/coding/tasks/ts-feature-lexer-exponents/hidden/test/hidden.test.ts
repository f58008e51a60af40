import assert from 'node:assert/strict';
import { test } from 'node:test';
import { show, tokenize } from '../src/lexer.ts';

const num = (src: string) => {
  const t = tokenize(src);
  assert.equal(t.length, 1, src);
  assert.equal(t[0].kind, 'number', src);
  return (t[0] as { value: number }).value;
};

test('exponent forms', () => {
  assert.equal(num('1e3'), 1000);
  assert.equal(num('2.5E+4'), 25000);
  assert.equal(num('1e-3'), 0.001);
  assert.equal(num('.5e1'), 5);
  assert.equal(num('7E0'), 7);
  assert.equal(num('6.02e23'), 6.02e23);
});

test('exponent inside formulas', () => {
  assert.equal(show(tokenize('2e-2*x+1E2')), '0.02 * X + 100');
  assert.deepEqual(tokenize('3e2 ')[0], { kind: 'number', value: 300, pos: 0 });
  assert.equal(tokenize('a+1e+1')[2].pos, 2);
});

test('a letter e after a number without digits is an error', () => {
  assert.throws(() => tokenize('1e'), SyntaxError);
  assert.throws(() => tokenize('1e+'), SyntaxError);
  assert.throws(() => tokenize('2E-x'), SyntaxError);
});

test('identifiers starting with e are unaffected', () => {
  assert.equal(show(tokenize('e1 + E2')), 'E1 + E2');
  assert.equal(show(tokenize('EXP(1)')), 'EXP ( 1 )');
});

test('other errors', () => {
  assert.throws(() => tokenize('1.'), SyntaxError);
  assert.throws(() => tokenize('1 $ 2'), SyntaxError);
});
