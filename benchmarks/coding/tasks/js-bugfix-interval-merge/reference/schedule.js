// Free/busy computations for a single day. Times are minutes since midnight.
import { clip, merge } from './intervals.js';

export function busyMinutes(busy, dayStart, dayEnd) {
  return merge(busy)
    .map((iv) => clip(iv, dayStart, dayEnd))
    .filter(Boolean)
    .reduce((sum, [s, e]) => sum + (e - s), 0);
}

// The gaps between busy intervals within [dayStart, dayEnd).
export function freeSlots(busy, dayStart, dayEnd) {
  const slots = [];
  let cursor = dayStart;
  for (const iv of merge(busy)) {
    const c = clip(iv, dayStart, dayEnd);
    if (!c) continue;
    if (c[0] > cursor) slots.push([cursor, c[0]]);
    cursor = Math.max(cursor, c[1]);
  }
  if (cursor < dayEnd) slots.push([cursor, dayEnd]);
  return slots;
}

export function firstFit(busy, dayStart, dayEnd, length) {
  return freeSlots(busy, dayStart, dayEnd).find(([s, e]) => e - s >= length)?.[0] ?? null;
}
