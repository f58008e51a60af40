import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compare, sortVersions } from '../src/compare.ts';
import { parse } from '../src/parse.ts';

test('core versions', () => {
  assert.equal(compare('1.2.3', '1.10.0'), -1);
  assert.equal(compare('2.0.0', '2.0.0'), 0);
});
test('release outranks pre-release', () => assert.equal(compare('1.0.0', '1.0.0-rc.1'), 1));
test('numeric pre-release identifiers', () => assert.equal(compare('1.0.0-alpha.2', '1.0.0-alpha.10'), -1));
test('build metadata', () => {
  assert.equal(parse('1.2.3+build.7').patch, 3);
  assert.deepEqual(parse('1.2.3+build.7').build, ['build', '7']);
  assert.equal(compare('1.2.3+build.7', '1.2.3'), 0);
});
test('sort', () => assert.deepEqual(sortVersions(['1.0.0', '0.9.1', '1.0.0-beta']), ['0.9.1', '1.0.0-beta', '1.0.0']));
