// Zod pieces for the run config (the lead wires them into configSchema): model entries validated by the same
// parser the registry uses, bandit settings and price overrides.
import { z } from 'zod';
import { DEFAULT_BANDIT } from './bandit.ts';
import { parseModelSpec } from './spec.ts';

const entryObject = z.strictObject({
  id: z.string().min(1),
  temperatures: z.array(z.number().min(0).max(2)).min(1).optional(),
  maxTokens: z.number().int().positive().optional(),
  weight: z.number().positive().optional(),
});

/** `"openai:gpt-5-mini"` or `{ id, temperatures?, maxTokens?, weight? }`; the spec string is fully checked. */
export const modelEntrySchema = z.union([z.string().min(1), entryObject]).superRefine((entry, ctx) => {
  try {
    parseModelSpec(entry);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});

export const banditConfigSchema = z.strictObject({
  policy: z.enum(['ucb', 'thompson']).default(DEFAULT_BANDIT.policy),
  decay: z.number().gt(0).max(1).default(DEFAULT_BANDIT.decay),
  epsilon: z.number().min(0).max(1).default(DEFAULT_BANDIT.epsilon),
  exploration: z.number().min(0).default(DEFAULT_BANDIT.exploration),
  costMode: z.enum(['none', 'per-dollar', 'penalty']).default(DEFAULT_BANDIT.costMode),
  lambda: z.number().min(0).default(DEFAULT_BANDIT.lambda),
});

/** USD per million tokens, keyed by spec id. */
export const priceOverridesSchema = z.record(
  z.string().min(1),
  z.strictObject({ input: z.number().min(0), output: z.number().min(0), cachedInput: z.number().min(0).optional() }),
);
