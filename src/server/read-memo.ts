// The dashboard's answers that are a function of the run database alone, kept as JSON text while the database has not
// changed (Store.changeStamp): a finished run's overview, lineage and programs table are computed once, not on every
// load. On a 5,000-program run the overview's figures take ~15 ms of the server's CPU, warm, and serialise to
// 350 kB; with the two cores shared with the browser, the page's first render was 19–32 ms sooner with them kept
// (bench/ui-figures.md, eighth round). A live run commits all the time, so its answers are computed afresh, as before.
import type { Store } from '../store/store.ts';

/** Entries kept, most recently used last; a 5,000-program run's largest answer (the lineage's) is ~0.5 MB. */
const CAPACITY = 32;

export class ReadMemo {
  private readonly store: Store;
  private readonly entries = new Map<string, { stamp: string; json: string }>();

  constructor(store: Store) {
    this.store = store;
  }

  /**
   * `compute()` as JSON text, or the text kept for `key` when the database has not changed since. The stamp is taken
   * before computing: a change committed meanwhile gives the next request a new stamp, so it computes again.
   */
  async json(key: string, compute: () => Promise<unknown>): Promise<string> {
    const stamp = await this.store.changeStamp();
    const kept = this.entries.get(key);
    if (stamp !== null && kept?.stamp === stamp) {
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept.json;
    }
    const json = JSON.stringify(await compute());
    if (stamp === null) return json;
    this.entries.delete(key);
    this.entries.set(key, { stamp, json });
    if (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value as string);
    return json;
  }
}

/**
 * `head`'s members followed by those of `rest`, a JSON object's text, as one JSON object's text: an answer whose
 * kept part is sent as it was serialised, with the few members that change with time (a status, the clock) in front.
 */
export function joinJsonObjects(head: Record<string, unknown>, rest: string): string {
  const first = JSON.stringify(head);
  if (rest === '{}') return first;
  return first === '{}' ? rest : `${first.slice(0, -1)},${rest.slice(1)}`;
}
