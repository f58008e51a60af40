import { availableParallelism } from 'node:os';
import { z } from 'zod';

export const SELECTION_STRATEGIES = ['weighted', 'power-law', 'hill-climb', 'uniform'] as const;

const featureAxis = z.strictObject({
  name: z.string().min(1),
  min: z.number(),
  max: z.number(),
  bins: z.number().int().min(1).max(1000),
});

/** A run's settings: budget, concurrency, search policy. Every field has a default. */
export const configSchema = z.strictObject({
  budget: z
    .strictObject({
      /** Evaluated candidates (the seed included). */
      samples: z.number().int().min(1).default(200),
      /** Wall-clock limit in ms for this invocation (a resumed run gets a fresh one). */
      wallClockMs: z.number().int().positive().optional(),
      /** Give up after this many proposals in a row that were rejected before evaluation. */
      maxConsecutiveRejections: z.number().int().positive().default(200),
    })
    .prefault({}),
  /** Evaluations in flight. */
  concurrency: z.number().int().min(1).max(256).default(availableParallelism()),
  seed: z.number().int().default(0),
  islands: z
    .strictObject({
      count: z.number().int().min(1).max(64).default(2),
      /** Migrate every this many evaluations. */
      migrationInterval: z.number().int().min(1).default(25),
      /** Best programs copied from each island to the next one. */
      migrants: z.number().int().min(1).default(1),
    })
    .prefault({}),
  selection: z
    .strictObject({
      strategy: z.enum(SELECTION_STRATEGIES).default('weighted'),
      /** Sharpness of the weighted strategy's sigmoid. */
      lambda: z.number().positive().default(10),
      /** Exponent of the power-law strategy: p ∝ rank^-alpha. */
      alpha: z.number().positive().default(1),
    })
    .prefault({}),
  archive: z.strictObject({ size: z.number().int().min(1).default(40) }).prefault({}),
  inspirations: z
    .strictObject({
      topK: z.number().int().min(0).default(2),
      random: z.number().int().min(0).default(1),
    })
    .prefault({}),
  mapElites: z
    .strictObject({
      features: z.array(featureAxis).min(1),
      /** Probability that a parent is drawn from the grid's elites rather than the island. */
      parentProbability: z.number().min(0).max(1).default(0.3),
    })
    .optional(),
  operators: z
    .strictObject({
      /** Relative weights of the offline operators. */
      offline: z
        .strictObject({
          numeric: z.number().min(0).default(0.7),
          ast: z.number().min(0).default(0.3),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type KaizenConfigInput = z.input<typeof configSchema>;
export type KaizenConfig = z.output<typeof configSchema>;

/** Declares a run's config (kaizen.config.ts). Typed; validated when loaded. */
export function defineConfig(config: KaizenConfigInput): KaizenConfigInput {
  return config;
}

export function resolveConfig(input: unknown): KaizenConfig {
  return configSchema.parse(input ?? {});
}
