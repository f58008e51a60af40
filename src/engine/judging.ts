import type { NoveltyCounts } from '../store/figures.ts';
import { NOVELTY_COUNTS_STATE } from '../store/figures.ts';
import type { Store } from '../store/store.ts';
import type { NoveltyVerdict } from './novelty.ts';
import type { BackgroundWrites } from './scheduler.ts';

/**
 * What novelty judging came to, kept as run state (restored on resume) for `kaizen status`: how many candidates were
 * judged, rejected by the judge, asked again, let through on an undecidable reply (each also a `novelty.undecided`
 * event with the replies) or let through unjudged because judging was over its share of spend (told once a session: judging goes in and out of
 * its cap as proposals add to the spend, and the counter says how often).
 */
export class JudgingRecord {
  readonly counts: NoveltyCounts;
  private capTold = false;
  private readonly store: Store;
  private readonly runId: string;
  private readonly background: BackgroundWrites;
  private readonly tellOverCap: (share: number) => void;

  constructor(store: Store, runId: string, saved: NoveltyCounts | undefined, background: BackgroundWrites, tellOverCap: (share: number) => void) {
    this.counts = { judged: 0, notNovel: 0, retried: 0, undecided: 0, overCap: 0, ...saved };
    this.store = store;
    this.runId = runId;
    this.background = background;
    this.tellOverCap = tellOverCap;
  }

  /** One verdict on a model's candidate; `judgeShare` is the judge's share of spend now. */
  note(verdict: NoveltyVerdict, judgeShare: number): void {
    const c = this.counts;
    if (verdict.by === 'judge' || verdict.by === 'undecided') c.judged++;
    if (verdict.by === 'judge' && !verdict.novel) c.notNovel++;
    if (verdict.retried) c.retried++;
    if (verdict.by === 'undecided') {
      c.undecided++;
      const detail = { similarity: verdict.similarity, nearestId: verdict.nearestId, reply: verdict.judgeReply?.slice(0, 1000) ?? null };
      this.background.add(this.store.appendEvent(this.runId, 'novelty.undecided', null, detail));
    }
    if (verdict.by === 'over-cap') {
      c.overCap++;
      if (!this.capTold) this.tellOverCap(judgeShare);
      this.capTold = true;
    }
    if (verdict.by === 'threshold' || verdict.by === 'no-judge') return;
    this.background.add(this.store.setState(this.runId, NOVELTY_COUNTS_STATE, { ...c }));
  }
}
