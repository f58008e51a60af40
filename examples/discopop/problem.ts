// The DiscoPOP task's instances and judge. A family fixes the vocabulary, the answer length and the label noise;
// a seed draws contexts, a reference policy and a hidden reward over (context, token). The solver gets training
// pairs sampled from the reference and labelled by a Bradley–Terry model with noise; the test contexts and the
// reward weights are the scorer's key and never leave the trusted process.
import { CaseRng } from '../contests/lib/rng.ts';

export interface Family {
  vocab: number;
  features: number;
  /** Tokens per answer. */
  length: number;
  /** Probability that a label is flipped after the Bradley–Terry draw. */
  noise: number;
  /** Scale of the reward difference in the Bradley–Terry model. */
  temperature: number;
  trainContexts: number;
  pairsPerContext: number;
  testContexts: number;
  /** The KL(policy ‖ reference) per context at which rewards are compared. */
  targetKl: number;
}

export const FAMILIES: Record<string, Family> = {
  // The discovery family: what the search sees.
  A: { vocab: 12, features: 8, length: 4, noise: 0.3, temperature: 2, trainContexts: 48, pairsPerContext: 4, testContexts: 256, targetKl: 1 },
  // Held out: a larger vocabulary, shorter answers.
  B: { vocab: 16, features: 8, length: 3, noise: 0.3, temperature: 2, trainContexts: 48, pairsPerContext: 4, testContexts: 256, targetKl: 1 },
  // Held out: a small vocabulary, longer answers, less label noise.
  C: { vocab: 8, features: 8, length: 6, noise: 0.25, temperature: 2, trainContexts: 48, pairsPerContext: 4, testContexts: 256, targetKl: 1 },
};

/** The trainer's settings, the same for every family (part of the input, so the statement can name them). */
export const TRAINING = { betas: [0.05, 0.1, 0.2, 0.35, 0.6, 1, 1.7, 3, 5], epochs: 60, learningRate: 0.05, batchSize: 16 };

export interface Instance {
  family: string;
  vocab: number;
  features: number;
  length: number;
  reference: number[][];
  contexts: number[][];
  pairs: [number, number[], number[]][];
  betas: number[];
  epochs: number;
  learningRate: number;
  batchSize: number;
  seed: number;
}

/** What only the scorer sees. */
export interface Key {
  family: string;
  reward: number[][];
  testContexts: number[][];
  targetKl: number;
}

export function familyOf(name: string | undefined): Family {
  const family = FAMILIES[name ?? 'A'];
  if (!family) throw new Error(`no family ${name}: the families are ${Object.keys(FAMILIES).join(', ')}`);
  return family;
}

const uniform = (rng: CaseRng) => rng.u32() / 2 ** 32;

/** A context's features: a constant 1, then multiples of 1/4 in [−2, 2] (exact in binary floating point). */
function context(rng: CaseRng, F: number): number[] {
  return [1, ...Array.from({ length: F - 1 }, () => rng.int(-8, 8) / 4)];
}

function matrix(rng: CaseRng, rows: number, cols: number, range: number, scale: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.int(-range, range) / scale));
}

export function logits(W: readonly number[][], phi: readonly number[]): number[] {
  return W.map((row) => row.reduce((s, w, f) => s + w * phi[f], 0));
}

export function softmax(z: readonly number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

function sampleToken(rng: CaseRng, p: readonly number[]): number {
  let u = uniform(rng);
  for (let t = 0; t < p.length; t++) {
    u -= p[t];
    if (u < 0) return t;
  }
  return p.length - 1;
}

export function generateCase(seed: number, familyName = 'A'): { instance: Instance; key: Key } {
  const family = familyOf(familyName);
  const { vocab: V, features: F, length: L } = family;
  const rng = new CaseRng(seed * 7 + familyName.charCodeAt(0));
  const reference = matrix(rng, V, F, 6, 8);
  const reward = matrix(rng, V, F, 8, 8);
  const contexts = Array.from({ length: family.trainContexts }, () => context(rng, F));
  const pairs: Instance['pairs'] = [];
  for (const [c, phi] of contexts.entries()) {
    const q = softmax(logits(reference, phi));
    const R = logits(reward, phi);
    for (let k = 0; k < family.pairsPerContext; k++) {
      const a = Array.from({ length: L }, () => sampleToken(rng, q));
      const b = Array.from({ length: L }, () => sampleToken(rng, q));
      const margin = a.reduce((s, t) => s + R[t], 0) - b.reduce((s, t) => s + R[t], 0);
      let aWins = uniform(rng) < 1 / (1 + Math.exp(-family.temperature * margin));
      if (uniform(rng) < family.noise) aWins = !aWins;
      pairs.push(aWins ? [c, a, b] : [c, b, a]);
    }
  }
  const testContexts = Array.from({ length: family.testContexts }, () => context(rng, F));
  return {
    instance: { family: familyName, vocab: V, features: F, length: L, reference, contexts, pairs, ...TRAINING, seed: seed + 1 },
    key: { family: familyName, reward, testContexts, targetKl: family.targetKl },
  };
}

/** The case input (JSON the trainer reads) and the scorer's key. */
export function generate(seed: number, family?: string): { input: string; key: Key } {
  const { instance, key } = generateCase(seed, family);
  return { input: `${JSON.stringify(instance)}\n`, key };
}

/** Expected reward per token and KL(policy ‖ reference) per context, exactly, averaged over the test contexts. */
export function evaluatePolicy(weights: readonly number[][], reference: readonly number[][], key: Key, length: number): { reward: number; kl: number } {
  let reward = 0;
  let kl = 0;
  for (const phi of key.testContexts) {
    const zp = logits(weights, phi);
    const zq = logits(reference, phi);
    const p = softmax(zp);
    const logZp = Math.log(zp.reduce((s, z) => s + Math.exp(z - Math.max(...zp)), 0)) + Math.max(...zp);
    const logZq = Math.log(zq.reduce((s, z) => s + Math.exp(z - Math.max(...zq)), 0)) + Math.max(...zq);
    const R = logits(key.reward, phi);
    for (let t = 0; t < p.length; t++) {
      reward += p[t] * R[t];
      if (p[t] > 0) kl += length * p[t] * (zp[t] - logZp - (zq[t] - logZq));
    }
  }
  const n = key.testContexts.length;
  return { reward: reward / n, kl: kl / n };
}

/** The reward's spread under the reference (per token, averaged over test contexts): the unit scores are given in. */
function referenceSpread(reference: readonly number[][], key: Key): number {
  let variance = 0;
  for (const phi of key.testContexts) {
    const q = softmax(logits(reference, phi));
    const R = logits(key.reward, phi);
    const mean = q.reduce((s, p, t) => s + p * R[t], 0);
    variance += q.reduce((s, p, t) => s + p * (R[t] - mean) ** 2, 0);
  }
  return Math.sqrt(variance / key.testContexts.length);
}

/**
 * Reward at the target KL on the piecewise-linear reward–KL curve through the reference (KL 0) and the trained
 * policies. A curve that never reaches the target is read at its furthest point: no extrapolation.
 */
export function rewardAtKl(points: readonly { kl: number; reward: number }[], target: number): number {
  const sorted = [...points].sort((a, b) => a.kl - b.kl);
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    if (b.kl >= target) return b.kl === a.kl ? Math.max(a.reward, b.reward) : a.reward + ((target - a.kl) / (b.kl - a.kl)) * (b.reward - a.reward);
  }
  return sorted[sorted.length - 1].reward;
}

const wrong = (feedback: string) => ({ score: 0, verdict: 'wrong-answer' as const, feedback });

/**
 * Scores the trained policies: the reward gain over the reference at the target KL, in units of the reference's
 * reward spread per token. Raw reward is not the score: a small β buys reward by drifting far from the reference.
 */
export function score(input: string, output: string, key?: unknown) {
  try {
    const instance = JSON.parse(input) as Instance;
    const k = key as Key;
    if (!k?.reward) return wrong('the case has no scorer key');
    if (output.length > 4_000_000) return wrong('the answer is over 4 MB');
    let answer: { invalid?: unknown; policies?: unknown };
    try {
      answer = JSON.parse(output);
    } catch {
      return wrong('the answer is not JSON: expected { "policies": [{ "beta", "weights" }] }');
    }
    if (typeof answer?.invalid === 'string') return wrong(`the loss failed the validity gate: ${answer.invalid.slice(0, 300)}`);
    if (!Array.isArray(answer?.policies) || answer.policies.length === 0 || answer.policies.length > 32)
      return wrong('policies: expected 1 to 32 trained policies');
    const points = [{ kl: 0, reward: evaluatePolicy(instance.reference, instance.reference, k, instance.length).reward }];
    const curve: string[] = [];
    for (const [i, policy] of (answer.policies as { beta?: unknown; weights?: unknown }[]).entries()) {
      const W = policy?.weights;
      const shaped =
        Array.isArray(W) &&
        W.length === instance.vocab &&
        W.every(
          (row) => Array.isArray(row) && row.length === instance.features && row.every((w) => typeof w === 'number' && Number.isFinite(w) && Math.abs(w) < 1e6),
        );
      if (!shaped) return wrong(`policies[${i}].weights: expected ${instance.vocab} rows of ${instance.features} finite numbers`);
      const point = evaluatePolicy(W as number[][], instance.reference, k, instance.length);
      points.push(point);
      curve.push(`β ${String(policy.beta)}: KL ${point.kl.toFixed(3)}, reward ${point.reward.toFixed(4)}`);
    }
    const gain = (rewardAtKl(points, k.targetKl) - points[0].reward) / referenceSpread(instance.reference, k);
    if (!Number.isFinite(gain)) return wrong('the reward–KL curve is not finite');
    return { score: gain, verdict: 'ok' as const, feedback: `reward gain at KL ${k.targetKl}: ${gain.toFixed(4)} (${curve.join('; ')})` };
  } catch (e) {
    return wrong(`the answer could not be scored: ${(e as Error)?.message ?? String(e)}`);
  }
}
