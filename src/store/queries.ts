import { type Kysely, sql } from 'kysely';
import { CASE_COLUMNS, FIGURE_COLUMNS, type FigureRow, hiddenHistory, type ProgramCases, programCases, type RunCases } from './figures.ts';
import { dominates, hypervolume, paretoFront } from '../population/pareto.ts';
import { bestVariant, improvementRate, type PromptVariant, statsOf, type VariantStats, variantStats, variantsFromEvents } from '../population/prompt-pool.ts';
import { type ProgramList, type ProgramNeighbours, programList, programNeighbours, searchPrograms } from './program-table.ts';
import { type RunGrid, type RunIslands, type RunJournal, runGrid, runIslands, runJournal } from './run-views.ts';
import type { Database } from './schema.ts';

/** A prompt variant with what the record says of it. */
export interface VariantView extends PromptVariant {
  stats: VariantStats;
  /** Posterior mean of the improvement rate (uniform prior), what the bandit ranks by. */
  rate: number;
  /** How it was made: the model that wrote it (origin 'model'), that call's cost, why a model step fell back. */
  made: { model: string | null; cost: number; note: string | null };
}

export interface RunPrompts {
  variants: VariantView[];
  /** Each pool's best active variant, as reports name it (population/prompt-pool.ts bestVariant). */
  best: { pool: number; id: number }[];
  /** Dollars spent on prompt mutations (model calls). */
  mutationCost: number;
}

/** A program as the lineage and the live stream show it: one compact row. */
export interface TreeRow {
  id: number;
  parent: number | null;
  island: number;
  operator: string;
  status: string;
  correct: number | null;
  score: number | null;
  sample: number | null;
}

export interface EventView {
  id: number;
  seq: number | null;
  at: string;
  type: string;
  programId: number | null;
  data: unknown;
}

/** An objective as a run declared it (run.started). */
export interface ObjectiveDeclaration {
  name: string;
  direction: 'max' | 'min';
  reference?: number;
}

/** A correct program of a multi-objective run, as the front sees it. */
export interface FrontPoint {
  id: number;
  values: Record<string, number>;
  score: number | null;
  sample: number | null;
}

export interface RunFront {
  objectives: ObjectiveDeclaration[];
  /** The declared reference point, when every objective has one (else no hypervolume). */
  reference: Record<string, number> | null;
  points: FrontPoint[];
  front: FrontPoint[];
  hypervolume: number | null;
  /** The initial program, and the front's programs that dominate it. */
  seed: FrontPoint | null;
  seedDominatedBy: number[];
  /** Front size and hypervolume after every 1/20 of the correct programs, in evaluation order. */
  growth: { evaluated: number; front: number; hypervolume: number | null }[];
}

// The queries that would otherwise read a column of every program of a run (or of every run), written out so that a
// test can check that SQLite answers them from an index (migrations.ts 0009, 0010), without a program's texts.

export const figureRowsQuery = (db: Kysely<Database>, runId: string) =>
  db.selectFrom('programs').select(FIGURE_COLUMNS).where('run_id', '=', runId).orderBy('id');

export const runTotalsQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('programs')
    .select([
      'run_id',
      sql<number>`count(case when status in ('evaluated', 'failed') then 1 end)`.as('samples'),
      sql<number>`coalesce(sum(case when status <> 'migrant' then cost end), 0)`.as('cost'),
      sql<string | null>`max(coalesce(evaluated_at, created_at))`.as('last'),
    ])
    .groupBy('run_id');

/** Some program of the run that has cases (a multi-case task's), answered from the partial index programs_cases (0010). */
export const hasCasesQuery = (db: Kysely<Database>, runId: string) =>
  db
    .selectFrom('programs')
    .select('id')
    .where('run_id', '=', runId)
    .where((eb) => eb.or([eb('cases_json', 'is not', null), eb('stage', 'is not', null)]))
    .limit(1);

/** A program as a lineage tree's node. */
const TREE_COLUMNS = ['id', 'parent_id as parent', 'island', 'operator', 'status', 'correct', 'score', 'sample'] as const;

export const treeQuery = (db: Kysely<Database>, runId: string, afterId: number) =>
  db.selectFrom('programs').select(TREE_COLUMNS).where('run_id', '=', runId).where('id', '>', afterId).orderBy('id');

/**
 * The read side: every query a view of a run needs (kaizen status, kaizen report, the dashboard), typed, in one place.
 * Figures are computed from these rows by figures.ts, so no two views count differently.
 */
export class RunQueries {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** The columns the figures need, for every program of a run, in id order (no code: cheap on big runs). */
  figureRows(runId: string): Promise<FigureRow[]> {
    return figureRowsQuery(this.db, runId).execute();
  }

  /** Per run: samples (evaluated programs, see figures.ts), proposal cost and the time of the last program. */
  async runTotals(): Promise<Map<string, { samples: number; cost: number; last: string | null }>> {
    const rows = await runTotalsQuery(this.db).execute();
    return new Map(rows.map((r) => [r.run_id, { samples: Number(r.samples), cost: Number(r.cost), last: r.last }]));
  }

  /** Each run's champion score. */
  async championScores(): Promise<Map<string, number | null>> {
    const rows = await this.db.selectFrom('runs').leftJoin('programs', 'programs.id', 'runs.best_program_id').select(['runs.id', 'programs.score']).execute();
    return new Map(rows.map((r) => [r.id, r.score]));
  }

  /** Every program of a run as a tree row, in id order. */
  async tree(runId: string, afterId = 0): Promise<TreeRow[]> {
    return treeQuery(this.db, runId, afterId).execute();
  }

  async treeRows(ids: readonly number[]): Promise<TreeRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('programs').select(TREE_COLUMNS).where('id', 'in', ids).execute();
  }

  /** A run's agents (kaizen agent: program rows of language `agent`) in id order, without their code and diff. */
  agentRows(runId: string) {
    return this.db
      .selectFrom('programs')
      .select(['id', 'parent_id', 'generation', 'operator', 'status', 'score', 'public_json', 'change', 'error', 'failure_class', 'created_at'])
      .where('run_id', '=', runId)
      .where('language', '=', 'agent')
      .orderBy('id')
      .execute();
  }

  /** A program's case results (multi-case tasks); null when it has none or does not exist. */
  async programCases(programId: number): Promise<ProgramCases | null> {
    const row = await this.db.selectFrom('programs').select(CASE_COLUMNS).where('id', '=', programId).executeTakeFirst();
    return row ? programCases(row) : null;
  }

  /** Samples (evaluated programs, see figures.ts) by the cascade stage they reached, in stage order. */
  async stageCounts(runId: string): Promise<{ stage: number; programs: number }[]> {
    const rows = await this.db
      .selectFrom('programs')
      .select(['stage', sql<number>`count(*)`.as('n')])
      .where('run_id', '=', runId)
      .where('status', 'in', ['evaluated', 'failed'])
      .where('stage', 'is not', null)
      .groupBy('stage')
      .orderBy('stage')
      .execute();
    return rows.map((r) => ({ stage: Number(r.stage), programs: Number(r.n) }));
  }

  /**
   * A multi-case run at a glance (null for other runs): the champion's case results, samples by stage reached, and
   * from the ledger the champion's hidden-case score at each promotion and the hidden-case gate's checks.
   */
  async runCases(runId: string): Promise<RunCases | null> {
    const any = await hasCasesQuery(this.db, runId).executeTakeFirst();
    if (!any) return null;
    const run = await this.db.selectFrom('runs').select('best_program_id').where('id', '=', runId).executeTakeFirst();
    const championId = run?.best_program_id ?? null;
    const { history, checks } = hiddenHistory(await this.eventsAfter(runId, 0, { types: ['hidden.checked', 'champion.changed'] }));
    const latest = history.findLast((p) => p.programId === championId);
    return {
      championId,
      champion: championId !== null ? await this.programCases(championId) : null,
      hiddenScore: latest?.hidden ?? null,
      stages: await this.stageCounts(runId),
      checks,
      history,
    };
  }

  /**
   * A multi-objective run's Pareto front (null for other runs): the objectives it declared (its run.started event),
   * every correct program's objective values, the front, its hypervolume against the declared reference point, and
   * the hypervolume's growth as programs were evaluated (in the order they finished).
   */
  async runFront(runId: string): Promise<RunFront | null> {
    const started = (await this.eventsAfter(runId, 0, { types: ['run.started'], limit: 1 }))[0];
    const spec = (started?.data ?? {}) as { objectives?: ObjectiveDeclaration[] };
    if (!spec.objectives?.length) return null;
    const objectives = spec.objectives;
    const rows = await this.db
      .selectFrom('programs')
      .select(['id', 'score', 'objectives_json', 'evaluated_at', 'sample'])
      .where('run_id', '=', runId)
      .where('correct', '=', 1)
      // A migrant is a copy of a program on another island: counting it would put the same point on the front twice.
      .where('status', '!=', 'migrant')
      .where('objectives_json', 'is not', null)
      .orderBy('evaluated_at')
      .orderBy('id')
      .execute();
    const points = rows.map((r) => ({ id: r.id, values: JSON.parse(r.objectives_json as string) as Record<string, number>, score: r.score, sample: r.sample }));
    const front = paretoFront(points, objectives);
    const reference = objectives.every((o) => o.reference !== undefined) ? Object.fromEntries(objectives.map((o) => [o.name, o.reference as number])) : null;
    const growth: { evaluated: number; front: number; hypervolume: number | null }[] = [];
    const step = Math.max(1, Math.ceil(points.length / 20));
    for (let n = step; n < points.length + step; n += step) {
      const seen = points.slice(0, Math.min(n, points.length));
      const f = paretoFront(seen, objectives);
      growth.push({ evaluated: seen.length, front: f.length, hypervolume: reference ? hypervolume(f, objectives, reference) : null });
    }
    const seed = points.find((p) => p.sample === 0) ?? null;
    return {
      objectives,
      reference,
      points,
      front,
      hypervolume: reference ? hypervolume(front, objectives, reference) : null,
      seed,
      seedDominatedBy: seed ? front.filter((p) => dominates(p, seed, objectives)).map((p) => p.id) : [],
      growth,
    };
  }

  /**
   * A run's prompt variants (prompt evolution), each with its statistics read off the program rows (proposals written
   * with it, decided, correct, improving children, cost), its improvement rate and how it was made; null when the run
   * evolved no prompts.
   */
  async runPrompts(runId: string): Promise<RunPrompts | null> {
    const events = await this.db
      .selectFrom('events')
      .select(['type', 'data_json'])
      .where('run_id', '=', runId)
      .where('type', 'in', ['prompt.variant', 'prompt.retired'])
      .orderBy('id')
      .execute();
    if (events.length === 0) return null;
    const made = new Map(
      events
        .filter((e) => e.type === 'prompt.variant')
        .map((e) => {
          const d = JSON.parse(e.data_json) as { id: number; model?: string; cost?: number; note?: string };
          return [d.id, { model: d.model ?? null, cost: d.cost ?? 0, note: d.note ?? null }] as const;
        }),
    );
    const rows = await this.db
      .selectFrom('programs')
      .select(['id', 'prompt_variant_id', 'status', 'correct', 'score', 'parent_id', 'cost'])
      .where('run_id', '=', runId)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const stats = variantStats(rows, (id) => {
      const p = byId.get(id);
      return p && p.correct === 1 ? p.score : null;
    });
    const variants = variantsFromEvents(events).map((v) => {
      const s = statsOf(stats, v.id);
      return { ...v, stats: s, rate: improvementRate(s), made: made.get(v.id) ?? { model: null, cost: 0, note: null } };
    });
    const pools = [...new Set(variants.map((v) => v.pool))].sort((a, b) => a - b);
    const best = pools.flatMap((pool) => {
      const v = bestVariant(variants.filter((x) => x.pool === pool && !x.retired));
      return v ? [{ pool, id: v.id }] : [];
    });
    return { variants, best, mutationCost: variants.reduce((t, v) => t + v.made.cost, 0) };
  }

  /** Every program of a run as compact columns, no code (the dashboard's programs table: store/program-table.ts). */
  programList(runId: string): Promise<ProgramList> {
    return programList(this.db, runId);
  }

  /** The ids of a run's programs whose code or feedback holds `text` (case-insensitive). */
  searchPrograms(runId: string, text: string): Promise<number[]> {
    return searchPrograms(this.db, runId, text);
  }

  /** A program's previous and next in sample order, parent and children; undefined when there is no such program. */
  programNeighbours(id: number): Promise<ProgramNeighbours | undefined> {
    return programNeighbours(this.db, id);
  }

  /** A run's MAP-Elites grid replayed from its record; null when the run has none (store/run-views.ts). */
  runGrid(runId: string): Promise<RunGrid | null> {
    return runGrid(this.db, runId);
  }

  /** Each island's programs and best score as programs arrived, ending at the figures `kaizen status` shows. */
  runIslands(runId: string): Promise<RunIslands> {
    return runIslands(this.db, runId);
  }

  /** A run's experiment journal and every lessons step. */
  runJournal(runId: string): Promise<RunJournal> {
    return runJournal(this.db, runId);
  }

  /** A run's events after event id `after` (at most `limit`, of `types` if given), oldest first. */
  async eventsAfter(runId: string, after: number, options: { limit?: number; types?: readonly string[] } = {}): Promise<EventView[]> {
    let q = this.db.selectFrom('events').select(['id', 'seq', 'at', 'type', 'program_id', 'data_json']).where('run_id', '=', runId).where('id', '>', after);
    if (options.types) q = q.where('type', 'in', options.types);
    const rows = await q
      .orderBy('id')
      .limit(options.limit ?? 1_000_000)
      .execute();
    return rows.map((e) => ({ id: e.id, seq: e.seq, at: e.at, type: e.type, programId: e.program_id, data: JSON.parse(e.data_json) as unknown }));
  }

  /**
   * Whether the run has an event of any of these types: one indexed lookup per type (events_run_type), where one
   * query for several types walks all of the run's events in id order.
   */
  async hasEvent(runId: string, types: readonly string[]): Promise<boolean> {
    for (const type of types) {
      const hit = await this.db.selectFrom('events').select('id').where('run_id', '=', runId).where('type', '=', type).limit(1).executeTakeFirst();
      if (hit) return true;
    }
    return false;
  }

  /** How many events of each type a run has. */
  async eventCounts(runId: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('events')
      .select(['type', sql<number>`count(*)`.as('n')])
      .where('run_id', '=', runId)
      .groupBy('type')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
  }

  async maxEventId(runId: string): Promise<number> {
    const r = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('m'))
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  async maxProgramId(runId: string): Promise<number> {
    const r = await this.db
      .selectFrom('programs')
      .select((eb) => eb.fn.max('id').as('m'))
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  /** What the live stream watches, in one round trip: the run's largest event id and a state value (raw JSON). */
  async pollState(runId: string, stateKey: string): Promise<{ top: number; state: string | null }> {
    const r = await this.db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('events')
          .select((e) => e.fn.max('id').as('m'))
          .where('run_id', '=', runId)
          .as('top'),
        eb.selectFrom('run_state').select('value_json').where('run_id', '=', runId).where('key', '=', stateKey).as('state'),
      ])
      .executeTakeFirst();
    return { top: Number(r?.top ?? 0), state: r?.state ?? null };
  }
}
