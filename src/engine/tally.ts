import type { Member } from '../population/member.ts';
import { EXTRA_KINDS, type ExtraCosts, type ExtraKind, extraCosts } from '../store/figures.ts';

/** Unusable proposals the stop message shows. */
const UNUSABLE_LINES_KEPT = 3;

/** `text` on one line of at most `max` characters (whitespace runs become one space; a cut ends in …). */
export function oneLine(text: string, max = 100): string {
  const flat = text
    .slice(0, max * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The run's counters, as the record implies them: restored from it on resume, advanced as proposals are rejected
 * and evaluations recorded. Nothing here is written anywhere; the store holds the truth.
 */
export class Tally {
  nextSample = 0;
  evaluated = 0;
  /** Evaluated programs that failed in the sandbox or were judged incorrect. */
  failed = 0;
  rejected = 0;
  consecutiveRejections = 0;
  violations = 0;
  overfits = 0;
  evaluatedThisSession = 0;
  /** Proposals in a row that called a model and gave nothing evaluable (one that did resets it). */
  unusableInARow = 0;
  /** The latest of those, one short line each: what the stop message shows. */
  readonly unusableLines: string[] = [];
  seedScore: number | null = null;
  /** The promoted champion (the holdout gate may have refused better search scores). */
  best: Member | undefined;
  /** Best score after each evaluation at which it improved: [evaluated, score]. */
  readonly curve: [number, number][] = [];

  takeSample(): number {
    return this.nextSample++;
  }

  noteRejected(): void {
    this.rejected++;
    this.consecutiveRejections++;
  }

  noteAccepted(): void {
    this.consecutiveRejections = 0;
  }

  /** A proposal that called a model and gave nothing evaluable; `line` says why and what the model said. */
  noteUnusable(line: string): void {
    this.unusableInARow++;
    this.unusableLines.push(line);
    if (this.unusableLines.length > UNUSABLE_LINES_KEPT) this.unusableLines.shift();
  }

  /** A model proposal whose child will be evaluated. */
  noteUsable(): void {
    this.unusableInARow = 0;
  }

  noteEvaluated(correct: boolean): void {
    this.evaluated++;
    this.evaluatedThisSession++;
    if (!correct) this.failed++;
  }

  /** A promoted champion: one more point on the best-so-far curve. */
  crown(member: Member): void {
    this.best = member;
    this.curve.push([this.evaluated, member.score]);
  }
}

/**
 * Dollars: what model calls, embeddings, novelty judging and lessons cost, and whether another model call fits
 * under `budget.usd` (what is spent plus what the calls in flight will likely cost, at the mean cost per call).
 */
export class Spend {
  spent: number;
  private calls = 0;
  private inFlight = 0;
  /** Spent outside proposals (embeddings, novelty judging, lessons, prompt mutation), by kind: kept as run state, since no program row holds it. */
  private readonly extra: ExtraCosts;
  private readonly saveExtra: (total: number, byKind: ExtraCosts) => Promise<void>;

  /**
   * `proposals`: what the recorded proposals cost; `extra`: the saved extra spend by kind (a bare total counts as
   * `other`); `calls`: the model calls that spent it (so a resumed run's cost per call is estimated over its whole
   * record, not its restored spend over its new calls).
   */
  constructor(
    restored: { proposals: number; extra: number | Partial<ExtraCosts>; calls?: number },
    saveExtra: (total: number, byKind: ExtraCosts) => Promise<void>,
  ) {
    this.extra = typeof restored.extra === 'number' ? extraCosts(restored.extra, undefined) : extraCosts(undefined, restored.extra);
    this.spent = restored.proposals + this.extraTotal();
    this.calls = restored.calls ?? 0;
    this.saveExtra = saveExtra;
  }

  private extraTotal(): number {
    return EXTRA_KINDS.reduce((s, k) => s + this.extra[k], 0);
  }

  /** A model call starts. */
  begin(): void {
    this.inFlight++;
  }

  /** A model call ended (answered or failed) at this cost. */
  end(cost: number): void {
    this.inFlight--;
    this.calls++;
    this.spent += cost;
  }

  /** A model call was abandoned before it cost anything that was reported. */
  abandon(): void {
    this.inFlight--;
  }

  async addExtra(cost: number, kind: ExtraKind = 'other'): Promise<void> {
    if (!(cost > 0)) return;
    this.spent += cost;
    this.extra[kind] += cost;
    await this.saveExtra(this.extraTotal(), { ...this.extra });
  }

  /** Whether `kind` has spent more than `share` of everything spent (never while nothing is spent). */
  overShare(kind: ExtraKind, share: number): boolean {
    return this.spent > 0 && this.extra[kind] > share * this.spent;
  }

  /** The share of everything spent that went to `kind` (0 while nothing is spent). */
  shareOf(kind: ExtraKind): number {
    return this.spent > 0 ? this.extra[kind] / this.spent : 0;
  }

  mayCall(usd: number | undefined): boolean {
    if (usd === undefined) return true;
    const perCall = this.calls > 0 ? this.spent / this.calls : 0;
    return this.spent + (this.inFlight + 1) * perCall < usd;
  }
}
