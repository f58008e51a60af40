import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../src/emitter.ts';

type Events = { save: [path: string, size: number]; tick: [] };

test('once passes arguments and fires once', () => {
  const e = new Emitter<Events>();
  const got: unknown[] = [];
  e.once('save', (p, n) => got.push([p, n]));
  assert.equal(e.emit('save', 'a', 1), true);
  assert.equal(e.emit('save', 'b', 2), false);
  assert.deepEqual(got, [['a', 1]]);
});

test('off with the original function removes a once listener', () => {
  const e = new Emitter<Events>();
  let calls = 0;
  const fn = () => calls++;
  e.once('tick', fn);
  assert.equal(e.listenerCount('tick'), 1);
  e.off('tick', fn);
  assert.equal(e.listenerCount('tick'), 0);
  e.emit('tick');
  assert.equal(calls, 0);
});

test('the returned function unsubscribes a once listener', () => {
  const e = new Emitter<Events>();
  let calls = 0;
  const stop = e.once('tick', () => calls++);
  stop();
  e.emit('tick');
  assert.equal(calls, 0);
});

test('order is kept and a once listener added during emit waits for the next one', () => {
  const e = new Emitter<Events>();
  const log: string[] = [];
  e.on('tick', () => log.push('a'));
  e.once('tick', () => {
    log.push('b');
    e.once('tick', () => log.push('c'));
  });
  e.on('tick', () => log.push('d'));
  e.emit('tick');
  e.emit('tick');
  e.emit('tick');
  assert.deepEqual(log, ['a', 'b', 'd', 'a', 'd', 'c', 'a', 'd']);
});

test('the same function registered with on and once', () => {
  const e = new Emitter<Events>();
  let calls = 0;
  const fn = () => calls++;
  e.on('tick', fn);
  e.once('tick', fn);
  e.emit('tick');
  e.emit('tick');
  assert.equal(calls, 3);
  e.off('tick', fn);
  assert.equal(e.listenerCount('tick'), 0);
});

test('a once listener that throws is still removed', () => {
  const e = new Emitter<Events>();
  e.once('tick', () => {
    throw new Error('boom');
  });
  assert.throws(() => e.emit('tick'), /boom/);
  assert.equal(e.listenerCount('tick'), 0);
});
