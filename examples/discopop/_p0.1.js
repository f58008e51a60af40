// The seed program of the DiscoPOP task: DPO with a label-smoothing constant at 0. Only the loss is evolved; the
// trainer (trainer.mjs, trusted, copied beside the program) reads the training pairs on stdin, checks the loss,
// trains one policy per β and prints them. The loss sees the four log-probabilities of a pair and β, nothing else.
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
