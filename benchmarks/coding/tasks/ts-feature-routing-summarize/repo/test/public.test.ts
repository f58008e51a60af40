import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RoutingTable } from '../src/routes.ts';

const table = RoutingTable.fromText(`
10.0.0.0/8 via core metric 5
10.1.0.0/16 via edge
10.1.2.0/24 via edge
10.2.0.0/16 via edge
10.3.0.0/16 via edge
`);

test('longest prefix match', () => {
  assert.equal(table.lookup('10.1.2.3')?.nextHop, 'edge');
  assert.equal(table.lookup('10.9.9.9')?.nextHop, 'core');
  assert.equal(table.lookup('192.168.0.1'), undefined);
});

test('summarize', () => assert.deepEqual(table.summarize('edge'), ['10.1.0.0/16', '10.2.0.0/15']));
