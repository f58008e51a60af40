// How each baseline's trained policies spread in KL, and where on the reward–KL curve a loss's advantage lies:
// `node examples/discopop/kl-check.ts [B,C] [8]` (Node ≥ 22.18) trains every baseline in process (the trainer the sandbox runs)
// on seeds 0…N−1 of the families, prints each loss's KL range over the β grid, then each baseline minus DPO at
// several target KLs (mean ± SE over the cases). Below a loss's smallest KL its curve is the segment from the
// reference: the reward a mixture of the reference and its nearest policy reaches (KL is convex), never more.
import { readFileSync } from 'node:fs';
import { evolveRegions } from '../../src/operators/evolve-blocks.ts';
import { mean, median, sampleSd } from '../../src/util/stats.ts';
import { evaluatePolicy, generate, type Key, score } from './problem.ts';
import { trainAll } from './trainer.mjs';

type Loss = (pc: number, pr: number, rc: number, rr: number, beta: number) => number;
const LOSSES = ['dpo.js', 'losses/cdpo.js', 'losses/ipo.js', 'losses/hinge.js', 'losses/lrml.js'];
const TARGETS = [0.5, 1, 2, 4, 6];

function lossOf(file: string): Loss {
  const code = readFileSync(new URL(file, import.meta.url), 'utf8');
  const [region] = evolveRegions(code);
  return new Function(`${code.slice(region.start, region.end)}\nreturn loss;`)() as Loss;
}

const families = (process.argv[2] ?? 'B,C').split(',');
const seeds = Number(process.argv[3] ?? 8);
const cases = families.flatMap((family) => Array.from({ length: seeds }, (_, seed) => ({ family, seed, ...generate(seed, family) })));
const scores = new Map<string, number[][]>();
for (const file of LOSSES) {
  const loss = lossOf(file);
  const smallest: number[] = [];
  const largest: number[] = [];
  const perTarget: number[][] = TARGETS.map(() => []);
  for (const c of cases) {
    const instance = JSON.parse(c.input);
    const answer = JSON.stringify(trainAll(loss, instance));
    const kls = JSON.parse(answer).policies.map((p: { weights: number[][] }) => evaluatePolicy(p.weights, instance.reference, c.key, instance.length).kl);
    smallest.push(Math.min(...kls));
    largest.push(Math.max(...kls));
    for (const [i, targetKl] of TARGETS.entries()) perTarget[i].push(score(c.input, answer, { ...c.key, targetKl } as Key).score);
  }
  scores.set(file, perTarget);
  const range = (xs: number[]) => `median ${median(xs).toFixed(2)} (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;
  console.log(`${file}: KL of the trained policies per case: smallest ${range(smallest)}, largest ${range(largest)} nats`);
}
const dpo = scores.get('dpo.js') as number[][];
console.log(`\nbaseline − DPO at each target KL, ${families.join(',')} seeds 0–${seeds - 1} (mean ± SE over ${cases.length} cases):`);
for (const file of LOSSES.slice(1)) {
  const cells = TARGETS.map((t, i) => {
    const d = (scores.get(file) as number[][])[i].map((x, k) => x - dpo[i][k]);
    return `KL ${t}: ${mean(d) >= 0 ? '+' : ''}${mean(d).toFixed(4)} ± ${(sampleSd(d) / Math.sqrt(d.length)).toFixed(4)}`;
  });
  console.log(`${file}: ${cells.join(' | ')}`);
}
