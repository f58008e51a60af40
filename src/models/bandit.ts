// Which model to ask next. Rewards are in [0, 1] (the engine gives a child's rank among the run's scores, and 0 to a
// failed call, an unusable reply or a refused child: see engine/model-pulls.ts), so a mean is comparable with the
// exploration bonus on every task: an asymmetric UCB over decayed statistics (recent performance matters more), with
// ε-exploration by prior weight, in-flight calls counted as pseudo-pulls so concurrent picks spread out, and an
// optional cost term. Thompson sampling (Beta over the reward) is the alternative policy.
// State is plain data: toJSON()/banditFromJSON() let a resumed run continue where it stopped.

export type BanditPolicy = 'ucb' | 'thompson';

export interface BanditConfig {
  policy: BanditPolicy;
  /** Factor applied to every arm's past counts and reward sums at each update. */
  decay: number;
  /** Probability of a pick by prior weight alone. */
  epsilon: number;
  /** Width of the UCB bonus (modest: ε and decay already keep exploring). */
  exploration: number;
  /** 'per-dollar': reward / cost; 'penalty': reward − λ·cost; 'none': cost is only tallied. */
  costMode: 'none' | 'per-dollar' | 'penalty';
  lambda: number;
}

export const DEFAULT_BANDIT: BanditConfig = {
  policy: 'ucb',
  decay: 0.95,
  epsilon: 0.2,
  exploration: 0.5,
  costMode: 'none',
  lambda: 0,
};

interface Arm {
  weight: number;
  /** Decayed pull count and reward sum (the reward after the cost term). */
  n: number;
  sum: number;
  /** Undecayed tallies for reports. */
  pulls: number;
  failures: number;
  rawRewardSum: number;
  cost: number;
  inFlight: number;
}

export interface ArmSummary {
  id: string;
  pulls: number;
  failures: number;
  meanReward: number;
  /** The decayed mean the policy uses (rewards above 1 scaled by the largest seen). */
  decayedMean: number;
  totalCost: number;
  inFlight: number;
  weight: number;
}

export interface BanditState {
  version: 1;
  config: BanditConfig;
  /** Largest adjusted reward seen: rewards above 1 (per-dollar ones) are scaled by it to keep means in [0, 1]. */
  maxReward: number;
  arms: Record<string, Arm>;
}

/** A standard normal draw (Box–Muller). */
function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia–Tsang (shape < 1 boosted). */
function gamma(shape: number, rng: () => number): number {
  if (shape < 1) return gamma(shape + 1, rng) * rng() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng();
    if (Math.log(Math.max(u, 1e-300)) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function beta(a: number, b: number, rng: () => number): number {
  const x = gamma(a, rng);
  return x / (x + gamma(b, rng));
}

export class ModelBandit {
  private readonly state: BanditState;

  constructor(models: { id: string; weight?: number }[] | BanditState, config: Partial<BanditConfig> = {}) {
    if (!Array.isArray(models)) {
      this.state = structuredClone(models);
      return;
    }
    if (models.length === 0) throw new Error('bandit: no models to choose from');
    const arms: Record<string, Arm> = {};
    for (const m of models) {
      arms[m.id] = { weight: m.weight ?? 1, n: 0, sum: 0, pulls: 0, failures: 0, rawRewardSum: 0, cost: 0, inFlight: 0 };
    }
    this.state = { version: 1, config: { ...DEFAULT_BANDIT, ...config }, maxReward: 0, arms };
  }

  get ids(): string[] {
    return Object.keys(this.state.arms);
  }

  private arm(id: string): Arm {
    const a = this.state.arms[id];
    if (!a) throw new Error(`bandit: unknown model "${id}" (known: ${this.ids.join(', ')})`);
    return a;
  }

  /** A pick proportional to prior weight among `ids`. */
  private byWeight(ids: string[], rng: () => number): string {
    const total = ids.reduce((s, id) => s + this.state.arms[id].weight, 0);
    let x = rng() * total;
    for (const id of ids) {
      x -= this.state.arms[id].weight;
      if (x < 0) return id;
    }
    return ids[ids.length - 1];
  }

  /** Chooses a model; does not change the state (call `begin` when the call starts). */
  select(rng: () => number): string {
    const { config, arms } = this.state;
    const ids = this.ids;
    if (rng() < config.epsilon) return this.byWeight(ids, rng);
    // Models never tried and not in flight go first (by weight among them).
    const fresh = ids.filter((id) => arms[id].n === 0 && arms[id].inFlight === 0);
    if (fresh.length > 0) return this.byWeight(fresh, rng);
    const scale = Math.max(1, this.state.maxReward);
    const totalN = ids.reduce((s, id) => s + arms[id].n + arms[id].inFlight, 0);
    let best = ids[0];
    let bestScore = -Infinity;
    for (const id of ids) {
      const a = arms[id];
      // In-flight calls count as pulls with no reward yet: the score of a busy model drops until they return.
      const n = a.n + a.inFlight;
      const mean = n > 0 ? a.sum / scale / n : 0;
      let score: number;
      if (config.policy === 'thompson') {
        const s = Math.min(Math.max(a.sum / scale, 0), a.n);
        score = beta(1 + s, 1 + n - s, rng);
      } else {
        score = mean + config.exploration * Math.sqrt(Math.log(Math.max(totalN, 1) + 1) / Math.max(n, 1e-9));
      }
      score += rng() * 1e-9; // random tie-break
      if (score > bestScore) {
        bestScore = score;
        best = id;
      }
    }
    return best;
  }

  /** A call to `id` has started. */
  begin(id: string): void {
    this.arm(id).inFlight++;
  }

  /** A call to `id` ended with this reward (≥ 0) and cost in USD. */
  update(id: string, reward: number, cost = 0): void {
    const a = this.arm(id);
    const { config } = this.state;
    const r = Math.max(0, Number.isFinite(reward) ? reward : 0);
    let adjusted = r;
    if (config.costMode === 'per-dollar') adjusted = cost > 0 ? r / cost : r;
    else if (config.costMode === 'penalty') adjusted = Math.max(0, r - config.lambda * cost);
    for (const other of Object.values(this.state.arms)) {
      other.n *= config.decay;
      other.sum *= config.decay;
    }
    a.n += 1;
    a.sum += adjusted;
    a.pulls++;
    a.rawRewardSum += r;
    a.cost += cost;
    a.inFlight = Math.max(0, a.inFlight - 1);
    this.state.maxReward = Math.max(this.state.maxReward, adjusted);
  }

  /** A call to `id` failed: a pull with reward 0 (and whatever it cost). */
  fail(id: string, cost = 0): void {
    this.update(id, 0, cost);
    this.arm(id).failures++;
  }

  summary(): ArmSummary[] {
    const scale = Math.max(1, this.state.maxReward);
    return this.ids.map((id) => {
      const a = this.state.arms[id];
      return {
        id,
        pulls: a.pulls,
        failures: a.failures,
        meanReward: a.pulls > 0 ? a.rawRewardSum / a.pulls : 0,
        decayedMean: a.n > 0 ? a.sum / scale / a.n : 0,
        totalCost: a.cost,
        inFlight: a.inFlight,
        weight: a.weight,
      };
    });
  }

  /** Plain data; in-flight counts are dropped (those calls do not survive a restart). */
  toJSON(): BanditState {
    const s = structuredClone(this.state);
    for (const a of Object.values(s.arms)) a.inFlight = 0;
    return s;
  }
}

/** Restores a bandit; models added to the config since are added fresh, models removed are dropped. */
export function banditFromJSON(state: BanditState, models?: { id: string; weight?: number }[]): ModelBandit {
  if (state?.version !== 1 || typeof state.arms !== 'object') throw new Error('bandit: unrecognised saved state');
  const restored = structuredClone(state);
  restored.config = { ...DEFAULT_BANDIT, ...restored.config };
  if (models) {
    const arms: Record<string, Arm> = {};
    for (const m of models) {
      arms[m.id] = restored.arms[m.id] ?? { weight: m.weight ?? 1, n: 0, sum: 0, pulls: 0, failures: 0, rawRewardSum: 0, cost: 0, inFlight: 0 };
      arms[m.id].weight = m.weight ?? arms[m.id].weight;
    }
    restored.arms = arms;
  }
  return new ModelBandit(restored);
}
