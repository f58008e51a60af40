import { type BanditState, banditFromJSON } from '../models/bandit.ts';
import type { Run, Store } from '../store/store.ts';

/**
 * The models at work: the bandit's own summary, and from the programs, per model and per sample the cumulative pulls,
 * improvements (a correct child above its parent: the reward signal) and cost.
 */
export async function modelsView(store: Store, run: Run) {
  const state = await store.getState<BanditState>(run.id, 'bandit');
  const rows = await store.db
    .selectFrom('programs as p')
    .leftJoin('programs as parent', 'parent.id', 'p.parent_id')
    .select(['p.sample', 'p.model', 'p.operator', 'p.cost', 'p.correct', 'p.score', 'parent.score as parentScore', 'parent.correct as parentCorrect'])
    .where('p.run_id', '=', run.id)
    .where('p.sample', '>', 0)
    .orderBy('p.sample')
    .execute();
  const models = [...new Set(rows.map((r) => r.model ?? r.operator))].sort();
  const acc = new Map(models.map((m) => [m, { pulls: 0, improvements: 0, cost: 0 }]));
  const samples: number[] = [];
  const series = Object.fromEntries(models.map((m) => [m, { pulls: [] as number[], improvements: [] as number[], cost: [] as number[] }]));
  for (const r of rows) {
    const a = acc.get(r.model ?? r.operator)!;
    a.pulls++;
    a.cost += r.cost ?? 0;
    if (r.correct === 1 && r.score !== null && (r.parentCorrect !== 1 || r.parentScore === null || r.score > r.parentScore)) a.improvements++;
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
    samples,
    series,
  };
}
