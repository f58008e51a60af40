import type { BanditState, ModelBandit } from '../models/bandit.ts';

/**
 * The model bandit's pulls, from begin to reward, in one place. A pull begins when an LLM operator asks for a model
 * (`pick`), and ends exactly once: `fail` when the call failed or gave nothing usable, `reward` with 0 when screening
 * refused the child, or with the child's rank (`RankReward`) once it was evaluated. Every end is saved with the run.
 */
export class ModelPulls {
  readonly bandit: ModelBandit;
  private readonly save: (state: BanditState) => Promise<void>;

  constructor(bandit: ModelBandit, save: (state: BanditState) => Promise<void>) {
    this.bandit = bandit;
    this.save = save;
  }

  /** Begins a pull: the bandit's choice, counted in flight until the pull ends. */
  pick(random: () => number): string {
    const id = this.bandit.select(random);
    this.bandit.begin(id);
    return id;
  }

  async reward(model: string, reward: number, cost: number): Promise<void> {
    this.bandit.update(model, reward, cost);
    await this.save(this.bandit.toJSON());
  }

  async fail(model: string, cost: number): Promise<void> {
    this.bandit.fail(model, cost);
    await this.save(this.bandit.toJSON());
  }

  /** Model ids, the bandit's current favourite first: who judges novelty and distils lessons. */
  byPreference(): string[] {
    return this.bandit
      .summary()
      .sort((a, b) => b.decayedMean - a.decayedMean || a.failures - b.failures)
      .map((a) => a.id);
  }
}

/**
 * The bandit's reward for an evaluated child: its rank among the correct programs the run has scored so far, in [0, 1]
 * (1: above all of them, 0.5: level with the middle, 0: below all). Incorrect children, failed calls, unusable replies
 * and refused children are all 0.
 *
 * Why a rank and not the raw gain over the parent (ShinkaEvolve's reward): gains come in the task's units (0.005 on
 * one task, 500 on another) and are mostly 0 with a few large ones, so a good model's mean was a sliver that the
 * exploration bonus swamped, and a model answering only garbage kept its share. A rank is scale-free, dense (most
 * usable children earn something), bounded like the bonus it competes with, and still pays most for the children
 * that beat the most programs.
 */
export class RankReward {
  /** Correct scores seen, ascending. */
  private readonly scores: number[] = [];

  constructor(scores: Iterable<number> = []) {
    for (const score of scores) this.add(score);
  }

  /** The child's reward; a correct child's score then joins the ranking. */
  rankAndAdd(child: { correct: boolean; score: number }): number {
    if (!child.correct || !Number.isFinite(child.score)) return 0;
    const reward = this.rank(child.score);
    this.add(child.score);
    return reward;
  }

  private rank(score: number): number {
    const n = this.scores.length;
    if (n === 0) return 1;
    const below = this.firstAtLeast(score);
    const level = this.firstAtLeast(score, true) - below;
    return (below + level / 2) / n;
  }

  private add(score: number): void {
    this.scores.splice(this.firstAtLeast(score, true), 0, score);
  }

  /** Index of the first score ≥ `score` (> `score` when `after`), by bisection. */
  private firstAtLeast(score: number, after = false): number {
    let lo = 0;
    let hi = this.scores.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.scores[mid] < score || (after && this.scores[mid] === score)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
