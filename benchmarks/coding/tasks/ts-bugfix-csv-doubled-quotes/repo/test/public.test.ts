import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLine, toObjects } from '../src/csv.ts';

test('plain fields', () => assert.deepEqual(parseLine('a,b,c'), ['a', 'b', 'c']));
test('quoted delimiter', () => assert.deepEqual(parseLine('"x,y",z'), ['x,y', 'z']));
test('doubled quotes', () => assert.deepEqual(parseLine('"say ""hi""",x'), ['say "hi"', 'x']));
test('objects', () => assert.deepEqual(toObjects('id,name\n1,Ann\n'), [{ id: '1', name: 'Ann' }]));
