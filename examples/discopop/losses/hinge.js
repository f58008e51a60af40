// SLiC / hinge (Zhao et al., 2023): no loss once the scaled margin passes 1.
// Run it against the task: `kaizen eval examples/discopop examples/discopop/losses/hinge.js`, or compare it with DPO:
// `kaizen compare examples/discopop/dpo.js examples/discopop/losses/hinge.js --task examples/discopop --family B,C`.
import { runTrainer } from './trainer.mjs';

// EVOLVE-BLOCK-START
function loss(policyChosen, policyRejected, refChosen, refRejected, beta) {
  const margin = policyChosen - refChosen - (policyRejected - refRejected);
  return Math.max(0, 1 - beta * margin);
}
// EVOLVE-BLOCK-END

runTrainer(loss);
