// LRML, the "DiscoPOP" loss (Chris Lu et al., 2024): logistic and exponential losses mixed by sigmoid(βm/τ).
// Run it against the task: `kaizen eval examples/discopop examples/discopop/losses/lrml.js`, or compare it with DPO:
// `kaizen compare examples/discopop/dpo.js examples/discopop/losses/lrml.js --task examples/discopop --family B,C`.
import { runTrainer } from './trainer.mjs';

// EVOLVE-BLOCK-START
const TAU = 0.05;

function logSigmoid(z) {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

function loss(policyChosen, policyRejected, refChosen, refRejected, beta) {
  const margin = beta * (policyChosen - refChosen - (policyRejected - refRejected));
  const mix = Math.exp(logSigmoid(margin / TAU));
  // exp(-margin) grows fast for pairs ranked the wrong way, where the mix weight is ~0: cap it so 0 · ∞ never happens.
  return -logSigmoid(margin) * (1 - mix) + Math.exp(Math.min(-margin, 50)) * mix;
}
// EVOLVE-BLOCK-END

runTrainer(loss);
