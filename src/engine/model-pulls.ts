import type { BanditState, ModelBandit } from '../models/bandit.ts';

/**
 * The model bandit's pulls, from begin to reward, in one place. A pull begins when an LLM operator asks for a model
 * (`pick`), and ends exactly once: `fail` when the call failed or gave nothing usable, `reward` with 0 when screening
 * refused the child, or with the child's improvement once it was evaluated. Every end is saved with the run.
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
 * ShinkaEvolve's reward: how far a child got above both its parent and the initial program (0 when it is incorrect,
 * or when neither has a score to beat).
 */
export function improvementReward(child: { correct: boolean; score: number }, parentScore: number | undefined, seedScore: number | null): number {
  const floor = Math.max(parentScore ?? Number.NEGATIVE_INFINITY, seedScore ?? Number.NEGATIVE_INFINITY);
  return child.correct && Number.isFinite(floor) ? Math.max(child.score - floor, 0) : 0;
}
