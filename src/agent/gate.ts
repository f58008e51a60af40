// The held-out gate of the agent loop: an agent replaces the default only if, seed by seed, it solves more of the
// held-out split, by more than 2 standard errors of the paired per-seed difference.
import { mean, sampleSd } from '../util/stats.ts';
import type { Agent } from './archive.ts';
import type { CodingTask } from './benchmark.ts';
import { rate, type Scorer, scoreTasks } from './evaluate.ts';
import type { EvolveResult, EvolveSettings } from './evolve.ts';

/** Held-out gate: per seed, the share of held-out tasks solved by each agent; paired difference over seeds > 2 SE. */
export async function heldOutGate(
  scorer: Scorer,
  candidate: Agent,
  incumbent: Agent,
  heldout: CodingTask[],
  settings: EvolveSettings,
): Promise<EvolveResult['gates'][number]> {
  const seeds = Array.from({ length: settings.gateSeeds }, (_, k) => settings.seed + 100 + k);
  const candidateScores: number[] = [];
  const incumbentScores: number[] = [];
  for (const seed of seeds) {
    candidateScores.push(rate(await scoreTasks(scorer, { id: candidate.row.id, files: candidate.files }, heldout, seed)));
    incumbentScores.push(rate(await scoreTasks(scorer, { id: incumbent.row.id, files: incumbent.files }, heldout, seed)));
  }
  const diffs = seeds.map((_, k) => candidateScores[k] - incumbentScores[k]);
  const difference = mean(diffs);
  const se = sampleSd(diffs) / Math.sqrt(diffs.length);
  const verdict = difference > 0 && difference - 2 * se > 0 ? 'promoted' : 'refused';
  await scorer.store.appendEvent(scorer.runId, 'agent.gate', candidate.row.id, {
    candidate: candidate.row.id,
    incumbent: incumbent.row.id,
    seeds,
    candidateScores,
    incumbentScores,
    difference,
    se,
    verdict,
  });
  return { candidate: candidate.row.id, incumbent: incumbent.row.id, difference, se, verdict };
}
