// Shapes shared by the model layer (registry, client, bandit, embeddings) and the LLM operators.

/** One configured model, as the user wrote it: `provider:model[@baseURL]`, e.g. `openai:gpt-5-mini`,
 * `anthropic:claude-sonnet-4-5`, `google:gemini-2.5-flash`, `ollama:qwen2.5-coder:7b`,
 * `openai-compatible:NAME@http://host:port/v1`. */
export interface ModelSpec {
  /** The spec string, also the model's id in the bandit, the store and reports. */
  id: string;
  provider: 'openai' | 'anthropic' | 'google' | 'ollama' | 'openai-compatible';
  /** The provider's model name. */
  model: string;
  baseURL?: string;
  /** Sampling temperatures to draw from (one per call). */
  temperatures: number[];
  maxTokens: number;
  /** Prior weight in the bandit (relative). */
  weight: number;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Cached input tokens, when the provider reports them (priced differently). */
  cachedInputTokens: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A tool the model may call: its name, what it does, and its input as a JSON Schema object. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A tool call the model asked for (nothing runs it here: the caller executes it and answers with a tool message). */
export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** The model's turn that asked for tools, and the caller's answers to those calls, in a conversation with tools. */
export type ToolMessage =
  | { role: 'assistant'; content: string; toolCalls: ToolCall[] }
  | { role: 'tool'; results: { id: string; name: string; output: string }[] };

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Overall deadline for the call including retries. */
  timeoutMs?: number;
}

/** A conversation with tools: the model's reply may carry `toolCalls` (and no text). */
export interface ToolChatRequest extends Omit<ChatRequest, 'messages'> {
  messages: (ChatMessage | ToolMessage)[];
  tools: ToolSpec[];
  /** Sampling seed, for providers that honour one. */
  seed?: number;
}

export interface ChatResponse {
  text: string;
  usage: Usage;
  /** US dollars, from the price table (0 when the model is unpriced; `priced` says which). */
  cost: number;
  priced: boolean;
  model: string;
  latencyMs: number;
  /** Why generation stopped ('stop', 'length', …); 'length' means the reply was cut at maxTokens. */
  finishReason?: string;
  /** Provider warnings, e.g. a setting the model ignores (temperature on reasoning models); absent when none. */
  warnings?: string[];
  /** The tools the model asked to call (requests with `tools` only); absent when none. */
  toolCalls?: ToolCall[];
}

/** A model the loop can call. Implementations retry, time out and trip a circuit breaker on their own. */
export interface ChatModel {
  readonly spec: ModelSpec;
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
  /** The same call with tools offered (models of the AI SDK layer; scripted stand-ins in tests may lack it). */
  chatWithTools?(request: ToolChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
}

export interface Embedder {
  /** Identifies the embedding space (vectors from different embedders are never compared). */
  readonly id: string;
  embed(texts: string[], signal?: AbortSignal): Promise<{ vectors: number[][]; usage: Usage; cost: number }>;
}
