import type { ChatModel, ChatRequest, ChatResponse, ModelSpec } from '../../src/models/types.ts';

/** A scripted in-process model: answers with the next reply of its script and keeps every request it saw. */
export class ScriptedModel implements ChatModel {
  readonly spec: ModelSpec = { id: 'fake:scripted', provider: 'openai', model: 'scripted', temperatures: [0.7], maxTokens: 4096, weight: 1 };
  readonly requests: ChatRequest[] = [];
  private readonly replies: (string | Error | 'hang')[];

  constructor(replies: (string | Error | 'hang')[]) {
    this.replies = [...replies];
  }

  async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    this.requests.push(structuredClone(request));
    const next = this.replies.shift();
    if (next === undefined) throw new Error('script exhausted');
    if (next instanceof Error) throw next;
    if (next === 'hang') return new Promise(() => {}); // ignores its signal on purpose: the operator's deadline must hold
    void signal;
    const inputTokens = request.messages.reduce((s, m) => s + Math.ceil(m.content.length / 4), 0);
    return {
      text: next,
      usage: { inputTokens, outputTokens: Math.ceil(next.length / 4), cachedInputTokens: 0 },
      cost: 0.001,
      priced: true,
      model: this.spec.id,
      latencyMs: 5,
    };
  }

  /** Every message content of every request, for "never appears in a prompt" checks. */
  allPromptText(): string {
    return this.requests.flatMap((r) => r.messages.map((m) => m.content)).join('\n');
  }
}
