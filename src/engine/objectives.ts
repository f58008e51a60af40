// Multi-objective tasks: the judge's objective values checked against the task's declaration, and the champion
// rule that makes them one score (so the champion, the holdout gate and the curves keep working on a number).
import type { ChampionRule, JudgeResult, ObjectiveSpec } from '../config/task.ts';
import { scalarize } from '../population/pareto.ts';

/**
 * Checks that the judge gave a finite value for every declared objective (else the program is incorrect, with
 * feedback naming what is missing), sets its score by the champion rule and shows the objectives as public metrics.
 */
export function applyObjectives(judged: JudgeResult, objectives: readonly ObjectiveSpec[], rule: ChampionRule | undefined): JudgeResult {
  const values = judged.objectives ?? {};
  const missing = objectives.filter((o) => !Number.isFinite(values[o.name])).map((o) => o.name);
  const extra = Object.keys(values).filter((n) => !objectives.some((o) => o.name === n));
  if (missing.length || extra.length) {
    const why = [missing.length ? `no finite value for ${missing.join(', ')}` : '', extra.length ? `undeclared ${extra.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    return { ...judged, correct: false, feedback: `${judged.feedback ?? ''} (objectives: ${why})`.trim() };
  }
  const kept = Object.fromEntries(objectives.map((o) => [o.name, values[o.name]]));
  return { ...judged, objectives: kept, score: scalarize(kept, objectives, rule ?? { primary: objectives[0].name }), public: { ...judged.public, ...kept } };
}
