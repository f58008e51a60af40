import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RoutingTable } from '../src/routes.ts';

function tableOf(via: string, ...blocks: string[]): RoutingTable {
  const t = new RoutingTable();
  for (const b of blocks) t.add(b, via);
  return t;
}

test('repeated merging', () => {
  const t = tableOf('a', '192.168.0.0/26', '192.168.0.64/26', '192.168.0.128/26', '192.168.0.192/26');
  assert.deepEqual(t.summarize('a'), ['192.168.0.0/24']);
});

test('merging cascades from the right', () => {
  const t = tableOf('a', '10.0.0.0/25', '10.0.1.0/24', '10.0.0.128/25');
  assert.deepEqual(t.summarize('a'), ['10.0.0.0/23']);
});

test('blocks inside other blocks disappear', () => {
  const t = tableOf('a', '10.0.0.0/8', '10.200.0.0/16', '10.5.5.5/32', '11.0.0.0/8');
  assert.deepEqual(t.summarize('a'), ['10.0.0.0/7']);
});

test('neighbours that are not siblings stay apart', () => {
  const t = tableOf('a', '10.0.1.0/24', '10.0.2.0/24');
  assert.deepEqual(t.summarize('a'), ['10.0.1.0/24', '10.0.2.0/24']);
});

test('only the requested next hop, sorted by address', () => {
  const t = new RoutingTable();
  t.add('172.16.1.0/24', 'b');
  t.add('172.16.0.0/24', 'a');
  t.add('172.16.1.0/24', 'a');
  t.add('1.2.3.0/24', 'a');
  assert.deepEqual(t.summarize('a'), ['1.2.3.0/24', '172.16.0.0/23']);
  assert.deepEqual(t.summarize('b'), ['172.16.1.0/24']);
  assert.deepEqual(t.summarize('nobody'), []);
});

test('the top and the whole of the address space', () => {
  assert.deepEqual(tableOf('a', '255.255.255.255/32', '255.255.255.254/32').summarize('a'), ['255.255.255.254/31']);
  assert.deepEqual(tableOf('a', '128.0.0.0/1', '0.0.0.0/1').summarize('a'), ['0.0.0.0/0']);
  assert.deepEqual(tableOf('a', '0.0.0.0/0', '8.8.8.8/32').summarize('a'), ['0.0.0.0/0']);
});

test('the table is not modified', () => {
  const t = tableOf('a', '10.0.0.0/25', '10.0.0.128/25');
  t.summarize('a');
  assert.equal(t.size, 2);
  assert.equal(t.lookup('10.0.0.200')?.cidr.prefix, 25);
});

test('private ranges', async () => {
  const { isPrivate } = await import('../src/routes.ts');
  assert.equal(isPrivate('172.31.255.1'), true);
  assert.equal(isPrivate('172.32.0.1'), false);
});
