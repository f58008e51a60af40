import { type BanditState, banditFromJSON } from '../models/bandit.ts';
import { isImprovement, runFigures } from '../store/figures.ts';
import type { Run, Store } from '../store/store.ts';

/**
 * The models at work: the bandit's own summary, and from the programs, per model (or offline operator) and per sample
 * the cumulative proposals, improvements (as store/figures.ts defines them, the same figure kaizen status shows) and cost.
 */
export async function modelsView(store: Store, run: Run) {
  const state = await store.getState<BanditState>(run.id, 'bandit');
  const all = await store.read.figureRows(run.id);
  const figures = runFigures(all);
  const byId = new Map(all.map((r) => [r.id, r]));
  const rows = all.filter((r) => r.sample !== null && r.sample > 0).sort((a, b) => a.sample! - b.sample! || a.id - b.id);
  const arm = (r: (typeof rows)[number]) => r.model ?? r.operator;
  const models = [...new Set(rows.map(arm))].sort();
  const acc = new Map(models.map((m) => [m, { pulls: 0, improvements: 0, cost: 0 }]));
  const samples: number[] = [];
  const series = Object.fromEntries(models.map((m) => [m, { pulls: [] as number[], improvements: [] as number[], cost: [] as number[] }]));
  for (const r of rows) {
    const a = acc.get(arm(r))!;
    a.pulls++;
    a.cost += r.cost ?? 0;
    if (isImprovement(r, r.parent_id !== null ? byId.get(r.parent_id) : undefined)) a.improvements++;
    samples.push(r.sample!);
    for (const m of models) {
      const v = acc.get(m)!;
      series[m].pulls.push(v.pulls);
      series[m].improvements.push(v.improvements);
      series[m].cost.push(v.cost);
    }
  }
  return {
    bandit: state ? banditFromJSON(state).summary() : null,
    totals: Object.fromEntries(acc),
    /** Per operator, as kaizen status and kaizen report show them. */
    operators: figures.operators,
    improvements: figures.improvements,
    samples,
    series,
  };
}
