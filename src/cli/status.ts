import type { Command } from 'commander';
import { sql } from 'kysely';
import type { Store } from '../store/store.ts';
import { fmt, openExistingStore, pickRun } from './shared.ts';

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
  const islands = await db
    .selectFrom('programs')
    .select(['island', sql<number>`count(*)`.as('n'), sql<number | null>`max(case when correct = 1 then score end)`.as('best')])
    .where('run_id', '=', run.id)
    .where('status', 'in', ['evaluated', 'migrant'])
    .groupBy('island')
    .orderBy('island')
    .execute();
  const best = run.best_program_id ? await store.getProgram(run.best_program_id) : undefined;
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
    failures: Object.fromEntries(failures.map((f) => [f.failure_class, Number(f.n)])),
    seedScore: run.seed_score,
    bestScore: best?.score ?? null,
    bestProgramId: run.best_program_id,
    islands: islands.map((i) => ({ island: i.island, programs: Number(i.n), best: i.best })),
    db: store.path,
  };
}

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description("show a run's progress, failures and islands (default: the newest run)")
    .argument('[dir]', 'task folder', '.')
    .option('--db <path>', 'run database (default: DIR/.kaizen/kaizen.db)')
    .option('--run <id>', 'which run')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: { db?: string; run?: string; json?: boolean }) => {
      const store = await openExistingStore(dir, opts.db);
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
            `islands: ${s.islands.map((i) => `#${i.island} ${i.programs} programs, best ${fmt(i.best)}`).join('; ')}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
