import type { KaizenConfig } from '../config/config.ts';
import type { TaskDefinition } from '../config/task.ts';
import { type BanditState, banditFromJSON, ModelBandit } from '../models/bandit.ts';
import { ModelPulls } from './model-pulls.ts';
import { createChatModels } from '../models/client.ts';
import { createEmbedder } from '../models/embeddings.ts';
import { createPricing } from '../models/pricing.ts';
import { parseModelSpec, STANDIN_MODEL } from '../models/spec.ts';
import type { ChatModel, Embedder } from '../models/types.ts';
import { type LlmKind, LlmOperator } from '../operators/llm/operator.ts';
import { PromptSet, type PromptTask } from '../operators/llm/prompts.ts';
import type { Operator, OperatorInput } from '../operators/operator.ts';

/** Everything model-driven in a run: the clients, the bandit that picks among them, prompts and the embedder. */
export interface ModelContext {
  models: Map<string, ChatModel>;
  /** The bandit that picks among them, pull by pull. */
  pulls: ModelPulls;
  prompts: PromptSet;
  embedder: Embedder;
  task: PromptTask;
  /** diff/full/cross with their mix weights, and `fix` for islands without a correct program. */
  operators: { operator: Operator; weight: number }[];
  fix: Operator;
}

/** The embedder alone (novelty filtering runs with or without models: the local embedding when none is set). */
export function embedderFor(config: KaizenConfig): Embedder {
  return createEmbedder(config.embedding, { pricing: createPricing({ overrides: config.llm.prices }) });
}

/**
 * Builds the model context, or null when no model is configured (the run then uses the offline operators).
 * `savedBandit` continues a resumed run's bandit; `saveBandit` stores it after every pull.
 */
export function createModelContext(
  config: KaizenConfig,
  task: TaskDefinition,
  options: {
    savedBandit?: BanditState;
    saveBandit: (state: BanditState) => Promise<void>;
    signal?: AbortSignal;
    standinUrl?: string;
    /** Wraps every model client (the run's call meter counts each call against its sample). */
    wrapModel?: (model: ChatModel) => ChatModel;
  },
): ModelContext | null {
  if (config.models.length === 0) return null;
  const pricing = createPricing({ overrides: config.llm.prices });
  // The stand-in's address is known only once its server has started (a port of its own each run).
  const specs = config.models.map((m) => {
    const spec = parseModelSpec(m);
    return spec.id === STANDIN_MODEL && options.standinUrl ? { ...spec, baseURL: options.standinUrl } : spec;
  });
  const models = createChatModels(specs, {
    pricing,
    timeoutMs: config.llm.timeoutMs,
    retry: { maxAttempts: config.llm.attempts, baseDelayMs: config.llm.backoffMs },
  });
  if (options.wrapModel) for (const [id, model] of models) models.set(id, options.wrapModel(model));
  const arms = specs.map((spec) => ({ id: spec.id, weight: spec.weight }));
  const bandit = options.savedBandit ? banditFromJSON(options.savedBandit, arms) : new ModelBandit(arms, config.llm.bandit);
  const prompts = new PromptSet(config.llm.prompts);
  const promptTask: PromptTask = { name: task.name, description: task.description, redcode: task.redcode, multiCase: task.cases !== undefined };
  const pulls = new ModelPulls(bandit, options.saveBandit);
  const pickModel = (input: OperatorInput) => {
    const model = models.get(pulls.pick(() => input.rng.next()))!;
    return { model, temperature: input.rng.pick(model.spec.temperatures) };
  };
  const make = (kind: LlmKind) =>
    new LlmOperator({
      kind,
      pickModel,
      task: promptTask,
      prompts,
      maxRetries: config.llm.maxRetries,
      timeoutMs: config.llm.timeoutMs,
      maxReplyBytes: config.llm.maxReplyBytes,
      maxPromptBytes: config.llm.maxPromptBytes,
      signal: options.signal,
    });
  const mix = config.llm.mix;
  const operators = (['diff', 'full', 'cross'] as const).filter((k) => mix[k] > 0).map((k) => ({ operator: make(k) as Operator, weight: mix[k] }));
  return { models, pulls, prompts, embedder: embedderFor(config), task: promptTask, operators, fix: make('fix') };
}
