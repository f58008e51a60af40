import { KaizenError } from '../errors.ts';
import { EXECUTOR_STATE_KEY, type ExecutorSnapshot } from '../executor/stats.ts';
import { redactUrl } from '../util/redact.ts';
import { executorLine } from './progress.ts';
import { type BanditState, banditFromJSON } from '../models/bandit.ts';
import { configSchema } from '../config/config.ts';
import { CALL_LIMITS_STATE_KEY, type CallLimitsState } from '../engine/call-meter.ts';
import { caseTable } from '../cases/table.ts';
import { hiddenText, stagesText, summaryText } from '../report/cases.ts';
import {
  EXTRA_COST_BY_KIND_STATE,
  EXTRA_COST_STATE,
  EXTRA_KINDS,
  type ExtraCosts,
  extraCosts,
  NOVELTY_COUNTS_STATE,
  type NoveltyCounts,
  type RunCases,
  runFigures,
} from '../store/figures.ts';
import { currentStatus } from '../store/run-owner.ts';
import type { Store } from '../store/store.ts';
import { fmt, openExistingStore, pickRun, storeArg } from './shared.ts';

export async function runStatus(store: Store, runId?: string) {
  const run = await pickRun(store, runId);
  // A study's or an improve run's record sits in the same store but has no budget or samples of its own.
  const recorded = (JSON.parse(run.config_json) as { kind?: unknown; budget?: unknown } | null) ?? {};
  if (!recorded.budget) {
    const what = typeof recorded.kind === 'string' ? `a ${recorded.kind} run` : run.task_name;
    throw new KaizenError(
      `${redactUrl(store.path)}: ${run.id} is not an evolution run of that store (it is ${what}); kaizen status reads evolution runs: give one of its runs with --run`,
    );
  }
  const f = runFigures(await store.read.figureRows(run.id));
  const best = run.best_program_id ? await store.getProgram(run.best_program_id) : undefined;
  const bandit = await store.getState<BanditState>(run.id, 'bandit');
  const lessons = await store.getState<{ text: string; at: number; source: string }>(run.id, 'lessons');
  const executor = (await store.getState<ExecutorSnapshot>(run.id, EXECUTOR_STATE_KEY)) ?? null;
  const extra = extraCosts(await store.getState<number>(run.id, EXTRA_COST_STATE), await store.getState<Partial<ExtraCosts>>(run.id, EXTRA_COST_BY_KIND_STATE));
  const other = EXTRA_KINDS.reduce((sum, k) => sum + extra[k], 0);
  const novelty = (await store.getState<NoveltyCounts>(run.id, NOVELTY_COUNTS_STATE)) ?? null;
  const events = await store.read.eventCounts(run.id);
  const safeguards = {
    violations: events.violation ?? 0,
    overfits: events.overfit ?? 0,
    holdoutChecks: events['holdout.checked'] ?? 0,
    hiddenChecks: events['hidden.checked'] ?? 0,
    driftWarnings: events['drift.warning'] ?? 0,
  };
  const config = JSON.parse(run.config_json) as { budget: { samples: number }; models?: unknown[]; llm?: Partial<Record<string, unknown>> };
  const callLimits = await store.getState<CallLimitsState>(run.id, CALL_LIMITS_STATE_KEY);
  const total = f.proposalCost + other;
  const cases = await store.read.runCases(run.id);
  const front = await store.read.runFront(run.id);
  const prompts = await store.read.runPrompts(run.id);
  return {
    runId: run.id,
    task: run.task_name,
    status: await currentStatus(store, run),
    createdAt: run.created_at,
    updatedAt: run.updated_at,
    budget: config.budget.samples,
    /** Samples: programs evaluated (see store/figures.ts). */
    evaluated: f.samples,
    pending: f.pending,
    rejected: f.rejected,
    migrants: f.migrants,
    failures: f.failures,
    rejections: f.rejections,
    seedScore: run.seed_score,
    bestScore: best?.score ?? null,
    bestProgramId: run.best_program_id,
    islands: f.islands,
    safeguards,
    cost: {
      total,
      proposals: f.proposalCost,
      judgingEmbeddingsLessons: other,
      /** That extra spend by kind: novelty judge, lessons, embeddings, prompt mutation, and other (a run from before the split). */
      extra,
      perImprovement: f.improvements ? total / f.improvements : null,
      improvements: f.improvements,
    },
    /** Novelty judging (null before any candidate reached the judge): judged, rejected, retried, let through undecided or over the cap. */
    novelty,
    byModel: f.models,
    byOperator: f.operators,
    bandit: bandit ? banditFromJSON(bandit).summary() : null,
    /** Runs with models (null otherwise): how close the run is to its limits on model calls. */
    modelLimits: config.models?.length ? modelLimits(config.llm ?? {}, callLimits, f.samples) : null,
    lessons: lessons ?? null,
    executor,
    /** Multi-case tasks (null otherwise): the champion's public cases, its hidden ones summarised, samples by stage. */
    cases: cases ? statusCases(cases) : null,
    /** Multi-objective tasks (null otherwise): the Pareto front and its hypervolume. */
    front: front
      ? {
          objectives: front.objectives,
          size: front.front.length,
          correct: front.points.length,
          hypervolume: front.hypervolume,
          reference: front.reference,
          seedDominatedBy: front.seedDominatedBy,
          points: front.front,
          growth: front.growth,
        }
      : null,
    /** Prompt evolution (null without it): how many variants, and the best-ranked one of each pool. */
    prompts: prompts
      ? {
          variants: prompts.variants.length,
          retired: prompts.variants.filter((v) => v.retired).length,
          byModel: prompts.variants.filter((v) => v.origin === 'model').length,
          mutationCost: prompts.mutationCost,
          best: prompts.best.map(({ pool, id }) => {
            const v = prompts.variants.find((x) => x.id === id)!;
            return { pool, id: v.id, origin: v.origin, rate: v.rate, improved: v.stats.improved, decided: v.stats.decided, text: v.text };
          }),
        }
      : null,
    db: redactUrl(store.path),
  };
}

/** The extra spend by kind, as `kaizen status` prints it: the judge and lessons always, the other kinds when they cost something. */
function extraText(extra: ExtraCosts): string {
  const names: Record<keyof ExtraCosts, string> = {
    judge: 'novelty judge',
    lessons: 'lessons',
    embeddings: 'embeddings',
    prompts: 'prompt mutation',
    other: 'other',
  };
  const parts = (['judge', 'lessons', 'embeddings', 'prompts', 'other'] as const).filter((k) => extra[k] > 0 || k === 'judge' || k === 'lessons');
  return parts.map((k) => `${names[k]} $${extra[k].toFixed(4)}`).join(', ');
}

/** What novelty judging came to (see engine/judging.ts). */
function noveltyLine(n: NoveltyCounts): string {
  return `novelty judge: ${n.judged} judged, ${n.notNovel} not novel, ${n.retried} retried, ${n.undecided} let through undecided, ${n.overCap} let through over its spend cap`;
}

/** The limits on model calls (llm.maxUnusableInARow, llm.maxCallsPerSample) and the run's standing against them. */
function modelLimits(llm: Partial<Record<string, unknown>>, state: CallLimitsState | undefined, samples: number) {
  const defaults = configSchema.shape.llm.parse({});
  const cap = typeof llm.maxCallsPerSample === 'number' ? llm.maxCallsPerSample : defaults.maxCallsPerSample;
  const calls = state?.modelCalls ?? 0;
  return {
    unusableInARow: state?.unusableInARow ?? 0,
    maxUnusableInARow: typeof llm.maxUnusableInARow === 'number' ? llm.maxUnusableInARow : defaults.maxUnusableInARow,
    modelCalls: calls,
    callsPerSample: samples > 0 ? calls / samples : null,
    maxCallsPerSample: cap,
  };
}

function modelLimitsLine(m: NonNullable<Awaited<ReturnType<typeof runStatus>>['modelLimits']>): string {
  const perSample = m.callsPerSample === null ? '—' : m.callsPerSample.toFixed(1);
  return `model limits: unusable in a row ${m.unusableInARow}/${m.maxUnusableInARow}; model calls ${perSample} per sample (cap ${m.maxCallsPerSample}), ${m.modelCalls} in all\n`;
}

/** The prompt-evolution lines of `kaizen status`: the count, and each pool's best-ranked variant. */
function promptsLine(p: NonNullable<Awaited<ReturnType<typeof runStatus>>['prompts']>): string {
  const best = p.best.map((b) => `pool ${b.pool}: #${b.id} (${b.origin}) ${b.improved}/${b.decided} improving, rate ${(100 * b.rate).toFixed(1)}%`).join('; ');
  return `prompt variants: ${p.variants} (${p.byModel} by a model, ${p.retired} retired); best ${best} (kaizen prompts for all)\n`;
}

/** The Pareto front lines of `kaizen status`: its size, hypervolume, and its programs (at most 12) by objective. */
function frontText(f: NonNullable<Awaited<ReturnType<typeof runStatus>>['front']>): string {
  const names = f.objectives.map((o) => `${o.name} (${o.direction})`).join(', ');
  const hv = f.hypervolume === null ? 'no hypervolume (declare a reference for every objective)' : `hypervolume ${f.hypervolume.toPrecision(6)}`;
  const rows = [...f.points]
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0))
    .slice(0, 12)
    .map(
      (p) =>
        `  #${p.id}: ${f.objectives.map((o) => `${o.name} ${Number.isInteger(p.values[o.name]) ? p.values[o.name] : fmt(p.values[o.name])}`).join(', ')}\n`,
    )
    .join('');
  return `pareto front over ${names}: ${f.size} of ${f.correct} correct programs, ${hv}; ${f.seedDominatedBy.length} dominate the seed\n${rows}`;
}

/** What status shows of a multi-case run: hidden cases only as a summary (no per-case results, no seeds). */
function statusCases(c: RunCases) {
  return {
    championId: c.championId,
    stage: c.champion?.stage ?? null,
    public: c.champion?.results ?? [],
    publicSummary: c.champion?.summary ?? null,
    hidden: c.champion?.hiddenSummary ?? null,
    hiddenScore: c.hiddenScore,
    checks: c.checks,
    stages: c.stages,
  };
}

/** The multi-case lines of `kaizen status`: the champion's per-case table, the hidden summary, stages reached. */
function casesText(c: ReturnType<typeof statusCases>): string {
  const head = `cases: champion ${c.championId === null ? '—' : `#${c.championId}`}${c.stage === null ? '' : ` (stage ${c.stage})`}`;
  const lines = [c.publicSummary ? `${head}, public: ${summaryText(c.publicSummary)}` : `${head}: no public case results`];
  if (c.public.length) lines.push(caseTable(c.public).replace(/^/gm, '  '));
  lines.push(hiddenText(c.hidden, c.hiddenScore, c.checks));
  lines.push(`stages reached: ${stagesText(c.stages)}`);
  return `${lines.join('\n')}\n`;
}

export interface StatusOptions {
  db?: string;
  store?: string;
  run?: string;
  json?: boolean;
}

/** `kaizen status`: the run's summary as text or JSON. */
export async function statusAction(dir: string, opts: StatusOptions): Promise<void> {
  const store = await openExistingStore(dir, storeArg(opts));
  try {
    const s = await runStatus(store, opts.run);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(s)}\n`);
      return;
    }
    const counts = (c: Record<string, number>) =>
      Object.entries(c)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none';
    process.stdout.write(
      `run ${s.runId} (${s.task}): ${s.status}\n` +
        `evaluated ${s.evaluated}/${s.budget}, pending ${s.pending}, rejected ${s.rejected}, migrants ${s.migrants}\n` +
        `seed ${fmt(s.seedScore)} → best ${fmt(s.bestScore)} (program ${s.bestProgramId ?? '—'})\n` +
        `failures: ${counts(s.failures)}; rejections: ${counts(s.rejections)}\n` +
        `safeguards: ${s.safeguards.violations} violations, ${s.safeguards.holdoutChecks} holdout checks, ${s.safeguards.hiddenChecks ? `${s.safeguards.hiddenChecks} hidden-case checks, ` : ''}${s.safeguards.overfits} overfit events, ${s.safeguards.driftWarnings} drift warnings\n` +
        `islands: ${s.islands.map((i) => `#${i.island} ${i.programs} programs, best ${fmt(i.best)}`).join('; ')}\n` +
        (s.cases ? casesText(s.cases) : '') +
        (s.front ? frontText(s.front) : '') +
        (s.prompts ? promptsLine(s.prompts) : '') +
        `cost: $${s.cost.total.toFixed(4)} (proposals $${s.cost.proposals.toFixed(4)}, ${extraText(s.cost.extra)}); ` +
        `${s.cost.improvements} improvements, ${s.cost.perImprovement === null ? '—' : `$${s.cost.perImprovement.toFixed(4)}`} per improvement\n` +
        Object.entries(s.byModel)
          .map(
            ([m, g]) =>
              `  model ${m}: ${g.proposals} proposals, ${g.improvements} improvements, $${g.cost.toFixed(4)}, ${g.inputTokens} in / ${g.outputTokens} out tokens\n`,
          )
          .join('') +
        Object.entries(s.byOperator)
          .map(([o, g]) => `  operator ${o}: ${g.proposals} proposals, ${g.improvements} improvements, $${g.cost.toFixed(4)}\n`)
          .join('') +
        (s.novelty ? `${noveltyLine(s.novelty)}\n` : '') +
        (s.modelLimits ? modelLimitsLine(s.modelLimits) : '') +
        (s.bandit ? s.bandit.map((a) => `  bandit ${a.id}: ${a.pulls} pulls, ${a.failures} failures, mean reward ${a.meanReward.toFixed(4)}\n`).join('') : '') +
        (s.executor
          ? `executor (${s.status === 'running' ? '' : 'last seen '}${s.executor.at}): BullMQ on ${s.executor.backend} ${s.executor.location}, queue ${s.executor.queue}${executorLine(s.executor).replace(/ \|/g, ',').replace(/^,/, ':')}, ${s.executor.inFlight} of this run in flight\n`
          : '') +
        (s.lessons ? `lessons (after ${s.lessons.at} evaluations, ${s.lessons.source}):\n${s.lessons.text}\n` : ''),
    );
  } finally {
    await store.close();
  }
}
