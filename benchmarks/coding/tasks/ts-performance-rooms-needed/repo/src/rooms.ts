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
  for (const b of bookings) {
    let inProgress = 0;
    for (const other of bookings) if (other.start <= b.start && b.start < other.end) inProgress++;
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
