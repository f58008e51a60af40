import { rawDb } from '../support/raw-db.ts';
import type { ExecutorSnapshot } from '../../src/executor/stats.ts';
import type { Operator } from '../../src/operators/operator.ts';
import type { RunStatus } from '../../src/store/schema.ts';
import { type NewProgram, Store } from '../../src/store/store.ts';

/** An operator that takes its time (so a run is still going while the page watches) and always changes something. */
export function slowOperator(delayMs: number): Operator {
  let n = 0;
  return {
    name: 'slow',
    supports: () => true,
    async propose(input) {
      await new Promise((r) => setTimeout(r, delayMs));
      n++;
      const code = input.code.replace(/\/\/ EVOLVE-BLOCK-START\n(\/\/ variant \d+\n)?/, `// EVOLVE-BLOCK-START\n// variant ${n}\n`);
      return { code, change: `variant ${n}` };
    },
  };
}

/** What a coordinator farming evaluations out to a Redis queue might record (fields in `over` replace the defaults). */
export function executorSnapshot(over: Partial<ExecutorSnapshot> = {}): ExecutorSnapshot {
  return {
    backend: 'redis',
    location: 'redis://10.0.0.5:6379/0',
    queue: 'kaizen-evaluations',
    workers: 3,
    waiting: 5,
    delayed: 2,
    active: 3,
    failed: 1,
    completed: 42,
    inFlight: 4,
    at: new Date().toISOString(),
    ...over,
  };
}

/** A run of `count` programs written straight into the store (a random tree, scores rising with depth). */
export async function bigRun(db: string, count: number, options: { id?: string; status?: RunStatus } = {}): Promise<string> {
  const store = await Store.open(db);
  const id = options.id ?? `run-big-${count}`;
  await store.createRun({
    id,
    task_name: 'synthetic',
    task_dir: '/nowhere',
    task_hash: 'x',
    config_json: JSON.stringify({ budget: { samples: count } }),
    seed: 1,
    status: options.status ?? 'completed',
    pid: null,
  });
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const ids: number[] = [];
  const depth: number[] = [];
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  const raw = rawDb(db);
  const first = ((
    await raw
      .selectFrom('programs')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirst()
  )?.m ?? 0) as number;
  const rows: (NewProgram & { id: number })[] = [];
  for (let i = 0; i < count; i++) {
    const parentIx = i === 0 ? -1 : Math.floor(rand() ** 0.5 * i);
    const d = parentIx < 0 ? 0 : depth[parentIx] + 1;
    const pid = first + 1 + i;
    ids.push(pid);
    depth.push(d);
    const failed = i > 0 && rand() < 0.15;
    rows.push({
      id: pid,
      run_id: id,
      sample: i,
      parent_id: parentIx < 0 ? null : ids[parentIx],
      island: i % 4,
      generation: d,
      operator: ['numeric', 'ast', 'llm-diff'][i % 3],
      model: null,
      status: failed ? ('failed' as const) : ('evaluated' as const),
      correct: failed ? null : 1,
      score: failed ? null : d * 0.01 + rand() * 0.1,
      language: 'javascript',
      code: `export function run() { return ${i}; }\n`,
      code_hash: `h${i}`,
      failure_class: failed ? 'timeout' : null,
      created_at: new Date(t0 + i * 1000).toISOString(),
      evaluated_at: new Date(t0 + i * 1000 + 500).toISOString(),
      cost: 0.0001,
    });
  }
  try {
    await raw.transaction().execute(async (trx) => {
      for (let k = 0; k < rows.length; k += 500)
        await trx
          .insertInto('programs')
          .values(rows.slice(k, k + 500))
          .execute();
    });
  } finally {
    await raw.destroy();
  }
  const best = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score!)[0];
  await store.updateRun(id, { best_program_id: best.id, seed_score: rows[0].score });
  await store.close();
  return id;
}
