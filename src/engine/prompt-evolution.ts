import type { KaizenConfig } from '../config/config.ts';
import { fragmentLibrary, type ModelMutation, modelMutation, recombine } from '../operators/prompt-mutation.ts';
import { chooseVariant, type PromptVariant, parentsOf, retiree, statsOf, type VariantStats, variantStats } from '../population/prompt-pool.ts';
import { Rng } from '../util/rng.ts';
import type { ModelContext } from './models.ts';
import type { Recorder } from './record.ts';
import type { Spend } from './tally.ts';

type Settings = KaizenConfig['llm']['promptEvolution'];

/** Rng streams of prompt evolution, apart from the proposals' own (a proposal's sample is its stream). */
const CHOOSE_STREAM = 0x5052_0000;
const MUTATE_STREAM = 0x5053_0000;

export interface PromptEvolutionParts {
  settings: Settings;
  seed: number;
  islands: number;
  language: string;
  recorder: Recorder;
  models: ModelContext;
  spend: Spend;
  /** The run's dollar budget, if any: a mutation step calls a model only while it allows another call. */
  usd: number | undefined;
  /** Deadline of the mutation's model call. */
  timeoutMs: number;
  /** Variants recorded before (a resumed run). */
  restored: PromptVariant[];
}

/**
 * The prompt-evolution stage: which variant a proposal is written with (Thompson sampling within the island's pool),
 * and, every `every` decided proposals of a pool, one mutation step that adds a variant (and retires the worst proven
 * one when the pool is full). Every variant and retirement is a ledger event; statistics come from the program rows.
 */
export class PromptEvolution {
  private readonly p: PromptEvolutionParts;
  private readonly variants: PromptVariant[];
  private readonly library: string[];
  /** One step at a time per pool: concurrent proposals wait for a step in progress instead of starting another. */
  private readonly steps = new Map<number, Promise<void>>();

  constructor(parts: PromptEvolutionParts) {
    this.p = parts;
    this.variants = [...parts.restored];
    this.library = fragmentLibrary(parts.models.prompts, parts.language);
  }

  /** Every variant so far (retired ones included). */
  all(): readonly PromptVariant[] {
    return this.variants;
  }

  private poolOf(island: number): number {
    return this.p.settings.perIsland ? island : 0;
  }

  private active(pool: number): PromptVariant[] {
    return this.variants.filter((v) => v.pool === pool && !v.retired);
  }

  private stats(): Map<number, VariantStats> {
    const rows = this.p.recorder.all();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return variantStats(rows, (id) => {
      const parent = byId.get(id);
      return parent && parent.correct === 1 ? parent.score : null;
    });
  }

  /** The initial variants of every pool (a new run): the built-in prompt alone, then recombinations of fragments. */
  async seedPools(): Promise<void> {
    if (this.variants.length > 0) return;
    const pools = this.p.settings.perIsland ? this.p.islands : 1;
    for (let pool = 0; pool < pools; pool++) {
      const base = await this.add({ pool, parent: null, other: null, origin: 'seed', text: '', sample: 0 });
      const rng = new Rng(this.p.seed, MUTATE_STREAM + pool);
      for (let i = 1; i < this.p.settings.initial; i++) {
        const text = recombine('', '', this.library, rng, new Set(this.active(pool).map((v) => v.text)));
        await this.add({ pool, parent: base.id, other: null, origin: 'recombined', text, sample: 0 });
      }
    }
  }

  /** The variant a proposal on `island` is written with; a due mutation step of its pool runs first. */
  async variantFor(island: number, sample: number): Promise<PromptVariant> {
    const pool = this.poolOf(island);
    await this.maybeStep(pool, sample);
    const active = this.active(pool);
    return chooseVariant(active, this.stats(), new Rng(this.p.seed, CHOOSE_STREAM + sample));
  }

  private async maybeStep(pool: number, sample: number): Promise<void> {
    const running = this.steps.get(pool);
    if (running) return running;
    if (!this.due(pool)) return;
    const step = this.step(pool, sample).finally(() => this.steps.delete(pool));
    this.steps.set(pool, step);
    return step;
  }

  /** A step is due when the pool's variants have `every` decided proposals since its newest variant was made. */
  private due(pool: number): boolean {
    const inPool = this.variants.filter((v) => v.pool === pool);
    const newest = inPool.reduce((a, b) => (b.id > a.id ? b : a));
    const ids = new Set(inPool.map((v) => v.id));
    const since = this.p.recorder
      .all()
      .filter((r) => r.prompt_variant_id !== null && ids.has(r.prompt_variant_id) && r.status !== 'pending' && (r.sample ?? 0) > newest.sample);
    return since.length >= this.p.settings.every;
  }

  private async step(pool: number, sample: number): Promise<void> {
    const { settings } = this.p;
    const stats = this.stats();
    const active = this.active(pool);
    const [a, b] = parentsOf(active, stats, settings.minUses);
    const rng = new Rng(this.p.seed, MUTATE_STREAM + sample);
    const avoid = new Set(this.variants.filter((v) => v.pool === pool).map((v) => v.text));
    let made: { text: string; origin: PromptVariant['origin']; model?: string; cost?: number; note?: string };
    const viaModel = settings.mutator === 'model' ? await this.modelStep(a, b, stats) : null;
    if (viaModel && 'text' in viaModel && !avoid.has(viaModel.text))
      made = { text: viaModel.text, origin: 'model', model: viaModel.model, cost: viaModel.cost };
    else {
      const note = viaModel && 'error' in viaModel ? viaModel.error : viaModel ? 'the model repeated an existing variant' : undefined;
      made = { text: recombine(a.text, b?.text ?? '', this.library, rng, avoid), origin: 'recombined', note, ...(viaModel ? { cost: viaModel.cost } : {}) };
    }
    await this.add({ pool, parent: a.id, other: b?.id ?? null, sample, ...made });
    if (this.active(pool).length > settings.size) {
      const out = retiree(this.active(pool), stats, settings.minUses, settings.size);
      if (out) {
        out.retired = true;
        const s = statsOf(stats, out.id);
        await this.p.recorder.event('prompt.retired', null, { id: out.id, pool, sample, decided: s.decided, improved: s.improved });
      }
    }
  }

  /** A model's rewrite of the two parents (its cost counted in the run's spend), or why there is none. */
  private async modelStep(
    a: PromptVariant,
    b: PromptVariant | null,
    stats: Map<number, VariantStats>,
  ): Promise<(ModelMutation | { error: string; cost: number }) | null> {
    const { models, spend } = this.p;
    if (!spend.mayCall(this.p.usd)) return null;
    const model = models.models.get(models.pulls.byPreference()[0]);
    if (!model) return null;
    const shown = (v: PromptVariant | null) => ({ text: v?.text ?? '', stats: v ? statsOf(stats, v.id) : { decided: 0, improved: 0 } });
    // No program row holds this call's cost: it is the run's extra spend (saved with the run, restored on resume).
    spend.begin();
    try {
      const r = await modelMutation(model, models.prompts, models.task, this.p.language, shown(a), shown(b), this.library, this.p.timeoutMs);
      spend.abandon();
      await spend.addExtra(r.cost, 'prompts');
      return r;
    } catch (e) {
      const cost = (e as { result?: ModelMutation }).result?.cost ?? 0;
      spend.abandon();
      await spend.addExtra(cost, 'prompts');
      return { error: `model mutation failed: ${(e as Error).message}`.slice(0, 300), cost };
    }
  }

  private async add(v: Omit<PromptVariant, 'id' | 'retired'> & { model?: string; cost?: number; note?: string }): Promise<PromptVariant> {
    const variant: PromptVariant = {
      id: this.variants.length + 1,
      pool: v.pool,
      parent: v.parent,
      other: v.other,
      origin: v.origin,
      text: v.text,
      sample: v.sample,
      retired: false,
    };
    this.variants.push(variant);
    const { model, cost, note } = v;
    await this.p.recorder.event('prompt.variant', null, {
      id: variant.id,
      pool: variant.pool,
      parent: variant.parent,
      other: variant.other,
      origin: variant.origin,
      text: variant.text,
      sample: variant.sample,
      ...(model ? { model } : {}),
      ...(cost ? { cost } : {}),
      ...(note ? { note } : {}),
    });
    return variant;
  }
}
