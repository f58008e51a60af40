import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roomsNeeded } from '../src/rooms.ts';
import type { Booking } from '../src/rooms.ts';

test('edge cases', () => {
  assert.equal(roomsNeeded([]), 0);
  assert.equal(roomsNeeded([{ id: 'a', start: 0, end: 1 }]), 1);
  assert.equal(roomsNeeded([{ id: 'a', start: 0, end: 10 }, { id: 'b', start: 10, end: 20 }, { id: 'c', start: 5, end: 15 }]), 2);
  assert.equal(roomsNeeded([{ id: 'a', start: 0, end: 100 }, { id: 'b', start: 1, end: 2 }, { id: 'c', start: 3, end: 4 }, { id: 'd', start: 3, end: 5 }]), 3);
  assert.equal(roomsNeeded([{ id: 'long', start: -5000, end: 5000 }, { id: 'x', start: 4999, end: 5001 }]), 2);
  assert.throws(() => roomsNeeded([{ id: 'bad', start: 5, end: 5 }]), RangeError);
});

test('a big conference: 200k bookings', () => {
  const bookings: Booking[] = [];
  for (let i = 0; i < 200_000; i++) {
    const start = (i * 7) % 100_000;
    bookings.push({ id: 'talk', start, end: start + 10 + (i % 13) });
  }
  const rooms = roomsNeeded(bookings);
  assert.equal(rooms, 35);
});

test('unsorted input with a very long booking', () => {
  const bookings: Booking[] = [{ id: 'expo', start: 0, end: 1_000_000 }];
  for (let i = 100_000; i > 0; i--) bookings.push({ id: 'slot', start: i * 6, end: i * 6 + 6 });
  bookings.push({ id: 'late', start: 450_001, end: 450_002 });
  assert.equal(roomsNeeded(bookings), 3);
});
