import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conflicts, roomsNeeded } from '../src/rooms.ts';

const day = [
  { id: 'keynote', start: 540, end: 600 },
  { id: 'talk-a', start: 600, end: 645 },
  { id: 'talk-b', start: 610, end: 655 },
  { id: 'lunch', start: 720, end: 780 },
];

test('rooms', () => assert.equal(roomsNeeded(day), 2));
test('back to back needs one room', () => assert.equal(roomsNeeded([day[0], day[1]]), 1));
test('conflicts', () => assert.deepEqual(conflicts(day), [['talk-a', 'talk-b']]));
