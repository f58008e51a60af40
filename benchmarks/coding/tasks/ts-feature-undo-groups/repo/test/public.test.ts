import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setProperty, UndoStack } from '../src/undo.ts';

test('undo and redo', () => {
  const doc = { title: 'a' };
  const h = new UndoStack();
  h.execute(setProperty(doc, 'title', 'b'));
  assert.equal(h.undo(), 'set title');
  assert.equal(doc.title, 'a');
  h.redo();
  assert.equal(doc.title, 'b');
});

test('a group is one undo step', () => {
  const box = { x: 0, y: 0 };
  const h = new UndoStack();
  h.beginGroup('move');
  h.execute(setProperty(box, 'x', 5));
  h.execute(setProperty(box, 'y', 7));
  h.endGroup();
  assert.deepEqual(h.labels(), ['move']);
  assert.equal(h.undo(), 'move');
  assert.deepEqual(box, { x: 0, y: 0 });
});
