import { EXECUTOR_STATE_KEY, type ExecutorSnapshot } from '../executor/stats.ts';
import { redactUrl } from '../util/redact.ts';
import { executorLine } from './progress.ts';
import { sql } from 'kysely';
import { type BanditState, banditFromJSON } from '../models/bandit.ts';
import type { Store } from '../store/store.ts';
import { fmt, openExistingStore, pickRun, storeArg } from './shared.ts';

export async function runStatus(store: Store, runId?: string) {
  const run = await pickRun(store, runId);
  const db = store.db;
  const byStatus = await db
    .selectFrom('programs')
    .select(['status', sql<number>`count(*)`.as('n')])
    .where('run_id', '=', run.id)
    .groupBy('status')
    .execute();
  const failures = await db
    .selectFrom('programs')
    .select(['failure_class', sql<number>`count(*)`.as('n')])
    .where('run_id', '=', run.id)
    .where('failure_class', 'is not', null)
    .groupBy('failure_class')
    .execute();
  // Judged incorrect (the judge said why in feedback): not a sandbox failure class, but a failure all the same.
  const incorrect = await db
    .selectFrom('programs')
    .select(sql<number>`count(*)`.as('n'))
    .where('run_id', '=', run.id)
    .where('status', '=', 'evaluated')
    .where('correct', '=', 0)
    .executeTakeFirstOrThrow();
  const islands = await db
    .selectFrom('programs')
    .select(['island', sql<number>`count(*)`.as('n'), sql<number | null>`max(case when correct = 1 then score end)`.as('best')])
    .where('run_id', '=', run.id)
    .where('status', 'in', ['evaluated', 'migrant'])
    .groupBy('island')
    .orderBy('island')
    .execute();
  const best = run.best_program_id ? await store.getProgram(run.best_program_id) : undefined;
  const spend = await costBreakdown(store, run.id);
  const bandit = await store.getState<BanditState>(run.id, 'bandit');
  const lessons = await store.getState<{ text: string; at: number; source: string }>(run.id, 'lessons');
  const executor = (await store.getState<ExecutorSnapshot>(run.id, EXECUTOR_STATE_KEY)) ?? null;
  const events = await store.events(run.id);
  const count = (type: string) => events.filter((e) => e.type === type).length;
  const safeguards = { violations: count('violation'), overfits: count('overfit'), holdoutChecks: count('holdout.checked'), driftWarnings: count('drift.warning') };
  const counts = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
  const config = JSON.parse(run.config_json) as { budget: { samples: number } };
  return {
    runId: run.id,
    task: run.task_name,
    status: run.status,
    createdAt: run.created_at,
    updatedAt: run.updated_at,
    budget: config.budget.samples,
    evaluated: (counts.evaluated ?? 0) + (counts.failed ?? 0),
    pending: counts.pending ?? 0,
    rejected: counts.rejected ?? 0,
    migrants: counts.migrant ?? 0,
    failures: {
      ...Object.fromEntries(failures.map((f) => [f.failure_class, Number(f.n)])),
      ...(incorrect.n ? { incorrect: Number(incorrect.n) } : {}),
    },
    seedScore: run.seed_score,
    bestScore: best?.score ?? null,
    bestProgramId: run.best_program_id,
    islands: islands.map((i) => ({ island: i.island, programs: Number(i.n), best: i.best })),
    safeguards,
    ...spend,
    bandit: bandit ? banditFromJSON(bandit).summary() : null,
    lessons: lessons ?? null,
    executor,
    db: redactUrl(store.path),
  };
}

/**
 * What the run spent on models: in all (proposals plus novelty judging, embeddings and lessons), per model, per
 * operator, and per accepted improvement (a correct child that scored above its parent).
 */
async function costBreakdown(store: Store, runId: string) {
  const rows = (await store.programs(runId)).filter((r) => r.status !== 'migrant');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const improved = (r: (typeof rows)[number]) => {
    const parent = r.parent_id !== null ? byId.get(r.parent_id) : undefined;
    return r.correct === 1 && r.score !== null && (parent?.correct !== 1 || parent.score === null || r.score > parent.score);
  };
  const group = (key: (r: (typeof rows)[number]) => string | null) => {
    const out = new Map<string, { proposals: number; cost: number; improvements: number; inputTokens: number; outputTokens: number }>();
    for (const r of rows) {
      const k = key(r);
      if (k === null || r.sample === 0) continue;
      const g = out.get(k) ?? { proposals: 0, cost: 0, improvements: 0, inputTokens: 0, outputTokens: 0 };
      const usage = r.usage_json ? (JSON.parse(r.usage_json) as { inputTokens: number; outputTokens: number }) : null;
      g.proposals++;
      g.cost += r.cost ?? 0;
      g.inputTokens += usage?.inputTokens ?? 0;
      g.outputTokens += usage?.outputTokens ?? 0;
      if (improved(r)) g.improvements++;
      out.set(k, g);
    }
    return Object.fromEntries(out);
  };
  const proposals = rows.reduce((s, r) => s + (r.cost ?? 0), 0);
  const other = (await store.getState<number>(runId, 'extra_cost')) ?? 0;
  const improvements = rows.filter((r) => r.sample !== 0 && improved(r)).length;
  const total = proposals + other;
  return {
    cost: { total, proposals, judgingEmbeddingsLessons: other, perImprovement: improvements ? total / improvements : null, improvements },
    byModel: group((r) => r.model),
    byOperator: group((r) => r.operator),
  };
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
    const failures = Object.entries(s.failures).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    process.stdout.write(
      `run ${s.runId} (${s.task}): ${s.status}\n` +
        `evaluated ${s.evaluated}/${s.budget}, pending ${s.pending}, rejected ${s.rejected}, migrants ${s.migrants}\n` +
        `seed ${fmt(s.seedScore)} → best ${fmt(s.bestScore)} (program ${s.bestProgramId ?? '—'})\n` +
        `failures: ${failures}\n` +
        `safeguards: ${s.safeguards.violations} violations, ${s.safeguards.holdoutChecks} holdout checks, ${s.safeguards.overfits} overfit events, ${s.safeguards.driftWarnings} drift warnings\n` +
        `islands: ${s.islands.map((i) => `#${i.island} ${i.programs} programs, best ${fmt(i.best)}`).join('; ')}\n` +
        `cost: $${s.cost.total.toFixed(4)} (proposals $${s.cost.proposals.toFixed(4)}, judging/embeddings/lessons $${s.cost.judgingEmbeddingsLessons.toFixed(4)}); ` +
        `${s.cost.improvements} improvements, ${s.cost.perImprovement === null ? '—' : `$${s.cost.perImprovement.toFixed(4)}`} per improvement\n` +
        Object.entries(s.byModel)
          .map(([m, g]) => `  model ${m}: ${g.proposals} proposals, ${g.improvements} improvements, $${g.cost.toFixed(4)}, ${g.inputTokens} in / ${g.outputTokens} out tokens\n`)
          .join('') +
        Object.entries(s.byOperator)
          .map(([o, g]) => `  operator ${o}: ${g.proposals} proposals, ${g.improvements} improvements, $${g.cost.toFixed(4)}\n`)
          .join('') +
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
