import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getPath, parseIni, stringifyIni } from '../ini.js';

test('sections and values', () => {
  const c = parseIni('name = demo ; comment\n[server]\nport = 8080\nsecure = true\n[server.tls]\ncert = "a b"\n');
  assert.deepEqual(c, { name: 'demo', server: { port: 8080, secure: true, tls: { cert: 'a b' } } });
  assert.equal(getPath(c, 'server.tls.cert'), 'a b');
});
test('array entries', () => {
  const c = parseIni('[mirrors]\nurl[] = https://a.example\nurl[] = https://b.example\n');
  assert.deepEqual(c, { mirrors: { url: ['https://a.example', 'https://b.example'] } });
});
test('stringify', () => assert.equal(stringifyIni({ a: 1, s: { b: 'x y' } }), 'a = 1\n\n[s]\nb = x y\n'));
