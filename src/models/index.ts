// The model layer: specs, providers, pricing, resilient chat calls, embeddings, model-selection bandits, checks.
export * from './bandit.ts';
export * from './breaker.ts';
export * from './classify.ts';
export * from './client.ts';
export * from './doctor.ts';
export * from './embeddings.ts';
export * from './errors.ts';
export * from './pricing.ts';
export * from './registry.ts';
export * from './schema.ts';
export * from './spec.ts';
export type * from './types.ts';
