import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compare, maxVersion, sortVersions } from '../src/compare.ts';
import { format, isValid, parse } from '../src/parse.ts';

test('the semver.org precedence example', () => {
  const ordered = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
  ];
  assert.deepEqual(sortVersions([...ordered].reverse()), ordered);
});

test('numeric identifiers rank below alphanumeric ones', () => {
  assert.equal(compare('1.0.0-1', '1.0.0-alpha'), -1);
  assert.equal(compare('1.0.0-999', '1.0.0--'), -1);
  assert.equal(compare('1.0.0-A', '1.0.0-9'), 1);
  assert.equal(compare('1.0.0-rc.100', '1.0.0-rc.99'), 1);
});

test('build metadata is kept but ignored for precedence', () => {
  const v = parse('1.0.0-rc.1+exp.sha.5114f85');
  assert.deepEqual(v.prerelease, ['rc', 1]);
  assert.deepEqual(v.build, ['exp', 'sha', '5114f85']);
  assert.equal(format(v), '1.0.0-rc.1+exp.sha.5114f85');
  assert.equal(format(parse('2.0.0+001')), '2.0.0+001');
  assert.equal(compare('1.0.0+a', '1.0.0+b'), 0);
  assert.equal(compare('1.0.0+zzz', '1.0.1'), -1);
});

test('invalid versions', () => {
  for (const bad of ['1.2', '1.2.3+', '1.2.3+a..b', '1.2.3-01', '01.2.3', '1.2.3+a+b', '1.2.3-+x'])
    assert.equal(isValid(bad), false, bad);
  assert.equal(isValid('v1.2.3-x.7.z.92+build.2024'), true);
});

test('max', () => assert.equal(maxVersion(['1.0.0-rc.9', '1.0.0-rc.10', '0.9.9']), '1.0.0-rc.10'));
