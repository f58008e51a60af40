// The trainer of the DiscoPOP task: trusted code, shipped beside every candidate as a support file (it is not
// evolved). It trains a log-linear policy over a token vocabulary, initialised at the reference policy, with Adam on
// preference pairs, once per β, using the candidate's loss. The loss is any JavaScript function of the four
// log-probabilities and β; its gradient with respect to the policy's log-probabilities is taken by central
// differences, so any expression is trainable, and the rest of backpropagation is analytic.
//
// Input (stdin, JSON): { vocab, features, length, reference: V×F, contexts: [φ], pairs: [[context, chosen, rejected]],
// betas, epochs, learningRate, batchSize, seed }. Output (stdout, JSON): { policies: [{ beta, weights: V×F }] } or
// { invalid: "why" } when the loss fails the validity gate.
import { readFileSync } from 'node:fs';

/** The loss and its derivatives with respect to the policy's chosen and rejected log-probabilities. */
export function lossGradient(loss, policyChosen, policyRejected, refChosen, refRejected, beta) {
  const value = loss(policyChosen, policyRejected, refChosen, refRejected, beta);
  return [value, ...lossSlopes(loss, policyChosen, policyRejected, refChosen, refRejected, beta)];
}

/** d loss / d policyChosen and d loss / d policyRejected by central differences (steps relative to the inputs). */
export function lossSlopes(loss, policyChosen, policyRejected, refChosen, refRejected, beta) {
  const hc = 1e-5 * Math.max(1, Math.abs(policyChosen));
  const hr = 1e-5 * Math.max(1, Math.abs(policyRejected));
  const dChosen =
    (loss(policyChosen + hc, policyRejected, refChosen, refRejected, beta) - loss(policyChosen - hc, policyRejected, refChosen, refRejected, beta)) / (2 * hc);
  const dRejected =
    (loss(policyChosen, policyRejected + hr, refChosen, refRejected, beta) - loss(policyChosen, policyRejected - hr, refChosen, refRejected, beta)) / (2 * hr);
  return [dChosen, dRejected];
}

/** xorshift32: the trainer's own seeded generator (batch order, the gate's probes). */
function generator(seed) {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

/**
 * The validity gate, before any training (as DiscoPOP had): on random log-probabilities the loss and its gradient
 * are finite numbers, the loss is not constant, and it has a gradient. Returns why not, or null.
 */
export function checkLoss(loss, betas, seed = 1) {
  const random = generator(seed);
  const values = [];
  let moving = false;
  for (let probe = 0; probe < 64; probe++) {
    const args = [-1 - 30 * random(), -1 - 30 * random(), -1 - 30 * random(), -1 - 30 * random(), betas[probe % betas.length]];
    let result;
    try {
      result = lossGradient(loss, ...args);
    } catch (e) {
      return `the loss threw on (${args.map((a) => a.toFixed(3)).join(', ')}): ${e?.message ?? e}`;
    }
    const [value, dChosen, dRejected] = result;
    if (typeof value !== 'number' || !Number.isFinite(value)) return `the loss is ${String(value)} on (${args.map((a) => a.toFixed(3)).join(', ')})`;
    if (!Number.isFinite(dChosen) || !Number.isFinite(dRejected)) return `the loss has a non-finite gradient on (${args.map((a) => a.toFixed(3)).join(', ')})`;
    if (Math.abs(dChosen) + Math.abs(dRejected) > 1e-12) moving = true;
    values.push(value);
  }
  if (Math.max(...values) - Math.min(...values) < 1e-12) return `the loss is constant (${values[0]}) on 64 random inputs`;
  if (!moving) return 'the loss has no gradient with respect to the policy log-probabilities on 64 random inputs';
  return null;
}

/**
 * Trains one policy at this β; returns its weights (rows: tokens, columns: features). `slopes` is the loss's
 * derivative (numerical by default; a benchmark passes DPO's analytic one to measure what the numerics cost).
 */
export function trainPolicy(loss, data, beta, slopes = lossSlopes) {
  const { vocab: V, features: F, length: L, reference, contexts, pairs, epochs, learningRate, batchSize } = data;
  const W = Float64Array.from(reference.flat());
  const m = new Float64Array(V * F);
  const v = new Float64Array(V * F);
  const grad = new Float64Array(V * F);
  const logits = new Float64Array(V);
  const coeff = new Float64Array(V);
  const refLogProb = pairs.map(([c, chosen, rejected]) => answerLogProbs(reference.flat(), contexts[c], V, F, L, chosen, rejected, logits));
  const order = pairs.map((_, i) => i);
  const random = generator(data.seed ?? 1);
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let start = 0; start < order.length; start += batchSize) {
      grad.fill(0);
      const end = Math.min(order.length, start + batchSize);
      for (let b = start; b < end; b++) {
        const k = order[b];
        const [c, chosen, rejected] = pairs[k];
        const phi = contexts[c];
        const [policyChosen, policyRejected, p] = answerLogProbs(W, phi, V, F, L, chosen, rejected, logits, true);
        const [dChosen, dRejected] = slopes(loss, policyChosen, policyRejected, refLogProb[k][0], refLogProb[k][1], beta);
        // d log π(y) / d logits = counts(y) − L·p; the chain rule through logits = W·φ.
        for (let t = 0; t < V; t++) coeff[t] = -(dChosen + dRejected) * L * p[t];
        for (const t of chosen) coeff[t] += dChosen;
        for (const t of rejected) coeff[t] += dRejected;
        for (let t = 0; t < V; t++) {
          const ct = coeff[t];
          if (ct === 0) continue;
          for (let f = 0; f < F; f++) grad[t * F + f] += ct * phi[f];
        }
      }
      step++;
      const n = end - start;
      const correct1 = 1 - 0.9 ** step;
      const correct2 = 1 - 0.999 ** step;
      for (let i = 0; i < V * F; i++) {
        const g = grad[i] / n;
        m[i] = 0.9 * m[i] + 0.1 * g;
        v[i] = 0.999 * v[i] + 0.001 * g * g;
        W[i] -= (learningRate * (m[i] / correct1)) / (Math.sqrt(v[i] / correct2) + 1e-8);
      }
    }
  }
  const rows = [];
  for (let t = 0; t < V; t++) rows.push(Array.from(W.subarray(t * F, (t + 1) * F)));
  return rows;
}

/** log π(chosen), log π(rejected) under weights W at context φ, and (when asked) the token distribution. */
function answerLogProbs(W, phi, V, F, L, chosen, rejected, logits, withProbs = false) {
  let max = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < V; t++) {
    let z = 0;
    for (let f = 0; f < F; f++) z += W[t * F + f] * phi[f];
    logits[t] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let t = 0; t < V; t++) sum += Math.exp(logits[t] - max);
  const logZ = max + Math.log(sum);
  let lc = -L * logZ;
  let lr = -L * logZ;
  for (const t of chosen) lc += logits[t];
  for (const t of rejected) lr += logits[t];
  if (!withProbs) return [lc, lr];
  const p = new Float64Array(V);
  for (let t = 0; t < V; t++) p[t] = Math.exp(logits[t] - logZ);
  return [lc, lr, p];
}

/** Gate, then one policy per β. */
export function trainAll(loss, data) {
  const invalid = checkLoss(loss, data.betas);
  if (invalid) return { invalid };
  return { policies: data.betas.map((beta) => ({ beta, weights: trainPolicy(loss, data, beta) })) };
}

/** The program's entry: read the task on stdin, train, print the policies. */
export function runTrainer(loss) {
  const data = JSON.parse(readFileSync(0, 'utf8'));
  process.stdout.write(`${JSON.stringify(trainAll(loss, data))}\n`);
}
