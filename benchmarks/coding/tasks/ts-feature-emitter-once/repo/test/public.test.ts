import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../src/emitter.ts';

type Events = { save: [path: string]; close: [] };

test('on, emit and unsubscribe', () => {
  const e = new Emitter<Events>();
  const seen: string[] = [];
  const stop = e.on('save', (p) => seen.push(p));
  e.emit('save', 'a.txt');
  stop();
  assert.equal(e.emit('save', 'b.txt'), false);
  assert.deepEqual(seen, ['a.txt']);
});

test('once', () => {
  const e = new Emitter<Events>();
  let calls = 0;
  e.once('close', () => calls++);
  e.emit('close');
  e.emit('close');
  assert.equal(calls, 1);
  assert.equal(e.listenerCount('close'), 0);
});
