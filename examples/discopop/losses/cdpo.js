// Conservative DPO (Mitchell, 2023): DPO with label smoothing ε, for labels that are wrong with probability ε.
// Run it against the task: `kaizen eval examples/discopop examples/discopop/losses/cdpo.js`, or compare it with DPO:
// `kaizen compare examples/discopop/dpo.js examples/discopop/losses/cdpo.js --task examples/discopop --family B,C`.
import { runTrainer } from './trainer.mjs';

// EVOLVE-BLOCK-START
const LABEL_SMOOTHING = 0.1;

function logSigmoid(z) {
  return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
}

function loss(policyChosen, policyRejected, refChosen, refRejected, beta) {
  const margin = beta * (policyChosen - refChosen - (policyRejected - refRejected));
  return -(1 - LABEL_SMOOTHING) * logSigmoid(margin) - LABEL_SMOOTHING * logSigmoid(-margin);
}
// EVOLVE-BLOCK-END

runTrainer(loss);
