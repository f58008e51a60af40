import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setProperty, UndoStack } from '../src/undo.ts';
import type { Command } from '../src/undo.ts';

function logging(log: string[], name: string): Command {
  return { label: name, apply: () => log.push(`+${name}`), revert: () => log.push(`-${name}`) };
}

test('commands run at once, group reverts in reverse order and redoes in order', () => {
  const log: string[] = [];
  const h = new UndoStack();
  h.beginGroup('g');
  h.execute(logging(log, 'a'));
  h.execute(logging(log, 'b'));
  assert.deepEqual(log, ['+a', '+b']);
  h.endGroup();
  h.undo();
  assert.deepEqual(log, ['+a', '+b', '-b', '-a']);
  assert.equal(h.redo(), 'g');
  assert.deepEqual(log, ['+a', '+b', '-b', '-a', '+a', '+b']);
});

test('nested groups fold into the outermost one', () => {
  const log: string[] = [];
  const h = new UndoStack();
  h.execute(logging(log, 'x'));
  h.beginGroup('outer');
  h.execute(logging(log, 'a'));
  h.beginGroup('inner');
  h.execute(logging(log, 'b'));
  h.endGroup();
  h.execute(logging(log, 'c'));
  h.endGroup();
  assert.deepEqual(h.labels(), ['x', 'outer']);
  log.length = 0;
  h.undo();
  assert.deepEqual(log, ['-c', '-b', '-a']);
  assert.deepEqual(h.labels(), ['x']);
});

test('an empty group leaves no step', () => {
  const h = new UndoStack();
  h.beginGroup('nothing');
  h.endGroup();
  assert.equal(h.canUndo, false);
});

test('a group clears the redo history when it is recorded', () => {
  const doc = { v: 1 };
  const h = new UndoStack();
  h.execute(setProperty(doc, 'v', 2));
  h.undo();
  assert.equal(h.canRedo, true);
  h.beginGroup('g');
  h.execute(setProperty(doc, 'v', 3));
  h.endGroup();
  assert.equal(h.canRedo, false);
});

test('a group counts once towards the limit', () => {
  const log: string[] = [];
  const h = new UndoStack(2);
  h.execute(logging(log, 'a'));
  h.beginGroup('g');
  for (let i = 0; i < 5; i++) h.execute(logging(log, `c${i}`));
  h.endGroup();
  assert.deepEqual(h.labels(), ['a', 'g']);
});

test('misuse', () => {
  const h = new UndoStack();
  assert.throws(() => h.endGroup(), Error);
  h.beginGroup('a');
  h.beginGroup('b');
  h.endGroup();
  h.endGroup();
  assert.throws(() => h.endGroup(), Error);
});
