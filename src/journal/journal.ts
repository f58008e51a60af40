// The journal as a run keeps it: every claim at the last update, in run state (key `journal`), and what changed at
// each update (the `journal.updated` event carries those claims whole).

import type { Claim } from './claim.ts';
import { buildClaims } from './claims.ts';
import type { JournalRow } from './trials.ts';

export const JOURNAL_STATE_KEY = 'journal';

export interface Journal {
  /** Evaluations when it was last updated. */
  at: number;
  claims: Claim[];
}

/** Claims that are new or whose status or figures (effect, se, n) moved. */
export function changedClaims(previous: readonly Claim[], next: readonly Claim[]): Claim[] {
  const before = new Map(previous.map((c) => [c.id, c]));
  return next.filter((c) => {
    const p = before.get(c.id);
    return !p || p.status !== c.status || p.effect !== c.effect || p.se !== c.se || p.n !== c.n;
  });
}

/** The journal rebuilt from the record, and what changed since `previous`. */
export function updateJournal(previous: readonly Claim[], rows: readonly JournalRow[], at: number): { journal: Journal; changed: Claim[] } {
  const claims = buildClaims(rows);
  return { journal: { at, claims }, changed: changedClaims(previous, claims) };
}
