import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { banditConfigSchema, modelEntrySchema, priceOverridesSchema } from '../models/schema.ts';

export const SELECTION_STRATEGIES = ['weighted', 'power-law', 'hill-climb', 'uniform', 'pareto'] as const;
/** The strategies any task can use (`pareto` needs a task that declares objectives). */
export const SCALAR_SELECTION_STRATEGIES = SELECTION_STRATEGIES.filter((s) => s !== 'pareto');

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
      /** Spend limit on model calls, in US dollars; calls in flight count against it. */
      usd: z.number().positive().optional(),
    })
    .prefault({}),
  sandbox: z
    .strictObject({
      /** `auto`: JS/TS candidates in isolated-vm isolates, commands in bubblewrapped processes; `process`: everything in processes. */
      backend: z.enum(['auto', 'isolate', 'process']).default('auto'),
      /** Run command candidates without bubblewrap where it is missing (loudly warned): no network or file isolation then. */
      allowUnsandboxed: z.boolean().optional(),
    })
    .prefault({}),
  /** Models that propose edits (`provider:model`, or `{ id, temperatures, maxTokens, weight }`). None: offline operators. */
  models: z.array(modelEntrySchema).default([]),
  /** Embedding model for novelty (default: a deterministic local embedding). */
  embedding: modelEntrySchema.optional(),
  llm: z
    .strictObject({
      /** Mix of the LLM operators; `fix` is used on islands that have no correct program yet. */
      mix: z.strictObject({ diff: z.number().min(0).default(0.6), full: z.number().min(0).default(0.3), cross: z.number().min(0).default(0.1) }).prefault({}),
      /** Further calls after an unusable reply (unmatched SEARCH blocks, no code, a syntax error). */
      maxRetries: z.number().int().min(0).max(10).default(2),
      /** Deadline of one model call, retries included. */
      timeoutMs: z.number().int().positive().default(180_000),
      /** Attempts per call on 429/5xx/network errors (the first included), and the first backoff step. */
      attempts: z.number().int().min(1).max(10).default(4),
      backoffMs: z.number().int().min(0).default(1000),
      /** Stop the run (resumably) after this many proposals in a row whose model call failed. */
      maxConsecutiveFailures: z.number().int().min(1).default(8),
      /**
       * Stop the run (resumably, status `interrupted`) after this many proposals in a row that called a model and gave
       * nothing evaluable (unusable replies, edits outside the EVOLVE blocks, code the policy refuses…).
       */
      maxUnusableInARow: z.number().int('must be a whole number').min(1, 'must be at least 1').default(20),
      /**
       * Model calls one sample may trigger: its proposal, the retries, re-samples after a rejection and novelty judging.
       * A run also stops (resumably) before its calls could pass this many per sample of `budget.samples`.
       */
      maxCallsPerSample: z.number().int('must be a whole number').min(1, 'must be at least 1').default(8),
      /** A longer reply is refused (rejection `llm-reply-too-long`), stored cut with a marker and never sent back. */
      maxReplyBytes: z
        .number()
        .int('must be a whole number')
        .min(1024, 'must be at least 1024 bytes')
        .default(256 * 1024),
      /** A longer prompt loses its inspirations first; if still too long it is not sent (rejection `llm-prompt-too-long`). */
      maxPromptBytes: z
        .number()
        .int('must be a whole number')
        .min(4096, 'must be at least 4096 bytes')
        .default(512 * 1024),
      /** A folder whose prompt templates override the built-in ones. */
      prompts: z.string().optional(),
      bandit: banditConfigSchema.prefault({}),
      /**
       * Prompt evolution within the run: the guidance in the LLM operators' system prompt becomes a population of
       * variants, chosen by Thompson sampling on how often their children improve and mutated every `every` decided
       * proposals of a pool (by a model call, or offline by recombining instruction fragments).
       */
      promptEvolution: z
        .strictObject({
          enabled: z.boolean().default(false),
          /** One pool per island (each island evolves its own prompts), or one shared by all. */
          perIsland: z.boolean().default(true),
          /** Variants a pool starts with: the built-in prompt alone, and recombinations of fragments. */
          initial: z.number().int().min(1).max(16).default(3),
          /** Active variants per pool; beyond it the worst proven one retires. */
          size: z.number().int().min(2).max(32).default(6),
          /** Decided proposals of a pool between two mutation steps. */
          every: z.number().int().min(1).default(12),
          /** Decided proposals before a variant may be a proven parent or retire. */
          minUses: z.number().int().min(1).default(4),
          /** 'model': the mutation is a model call (offline recombination when no model is configured, or when it fails). */
          mutator: z.enum(['model', 'offline']).default('model'),
        })
        .prefault({}),
      /** USD per million tokens, by model id: overrides the bundled price table. */
      prices: priceOverridesSchema.optional(),
    })
    .prefault({}),
  novelty: z
    .strictObject({
      /**
       * Similarity of what an edit changed (the changed lines' embeddings, against the nearest program on the island)
       * above which a candidate is not novel enough. 0.99 is calibrated (bench/novelty-calibration.ts): layout and
       * comment-only edits measure 1.0, one-line edits a median of 0.92 (3% over 0.99), larger rewrites under 0.92.
       */
      threshold: z.number().min(0).max(1).default(0.99),
      /** Ask a model (NOVEL / NOT_NOVEL) before rejecting, when one is configured. */
      judge: z.boolean().default(true),
      /** Judging may cost at most this share of the run's spend: over it, candidates go through unjudged (counted). */
      maxSpendShare: z.number().min(0).max(1).default(0.25),
      /** Parents re-sampled after a rejection before the proposal is given up. */
      maxResamples: z.number().int().min(0).default(3),
    })
    .prefault({}),
  drift: z
    .strictObject({
      /** Measure every this many evaluations (a generation). */
      every: z.number().int().min(1).default(25),
      maxFailureRate: z.number().min(0).max(1).default(0.95),
      maxViolationRate: z.number().min(0).max(1).default(0.2),
      maxFeatureDistance: z.number().min(0).optional(),
      maxEmbeddingDistance: z.number().min(0).max(2).optional(),
      maxHoldoutGap: z.number().optional(),
      /** What a crossed threshold does: record a warning, or also pause the run (resumably). */
      action: z.enum(['warn', 'pause']).default('warn'),
    })
    .prefault({}),
  lessons: z
    .strictObject({
      /** Distil lessons every this many evaluated programs (0: never). */
      every: z.number().int().min(0).default(10),
      /** A model's lessons may cost at most this share of the run's spend: over it, the step is postponed (with a notice). */
      maxSpendShare: z.number().min(0).max(1).default(0.25),
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
