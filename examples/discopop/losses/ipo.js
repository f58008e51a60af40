// IPO (Azar et al., 2023): regress the log-ratio margin onto 1/(2β) instead of pushing it without bound.
// Run it against the task: `kaizen eval examples/discopop examples/discopop/losses/ipo.js`, or compare it with DPO:
// `kaizen compare examples/discopop/dpo.js examples/discopop/losses/ipo.js --task examples/discopop --family B,C`.
import { runTrainer } from './trainer.mjs';

// EVOLVE-BLOCK-START
function loss(policyChosen, policyRejected, refChosen, refRejected, beta) {
  const margin = policyChosen - refChosen - (policyRejected - refRejected);
  return (margin - 1 / (2 * beta)) ** 2;
}
// EVOLVE-BLOCK-END

runTrainer(loss);
