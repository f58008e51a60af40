// Room planning for the conference scheduler. Times are minutes; a booking occupies [start, end).

export interface Booking {
  id: string;
  start: number;
  end: number;
}

export function validate(bookings: Booking[]): void {
  for (const b of bookings) {
    if (!Number.isInteger(b.start) || !Number.isInteger(b.end)) throw new RangeError(`${b.id}: times must be integers`);
    if (b.end <= b.start) throw new RangeError(`${b.id}: ends before it starts`);
  }
}

// The smallest number of rooms that can host all bookings, i.e. the most bookings in progress at one moment.
// A booking that ends at minute t frees its room for one starting at t.
export function roomsNeeded(bookings: Booking[]): number {
  validate(bookings);
  let most = 0;
  const sorted = [...bookings].sort((a, b) => a.start - b.start);
  // Sessions last at most a few hours, so only look back over the previous bookings that can still be running.
  for (let i = 0; i < sorted.length; i++) {
    let inProgress = 1;
    for (let k = i - 1; k >= 0 && sorted[k].start > sorted[i].start - 240; k--) if (sorted[i].start < sorted[k].end) inProgress++;
    if (inProgress > most) most = inProgress;
  }
  return most;
}

// Pairs of bookings that overlap, for the conflict report (only meant for one room's handful of bookings).
export function conflicts(bookings: Booking[]): [string, string][] {
  validate(bookings);
  const out: [string, string][] = [];
  const sorted = [...bookings].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j].start < sorted[i].end; j++) out.push([sorted[i].id, sorted[j].id]);
  }
  return out;
}
