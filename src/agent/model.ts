// The model behind the broker: a configured provider (`--model SPEC`, keys from the environment of the trusted
// process only), or with none the stand-in coder on a loopback server of its own, reached through the same SDK path.
import { createChatModel } from '../models/client.ts';
import type { ChatModel } from '../models/types.ts';
import type { CodingTask } from './benchmark.ts';
import { createCoder } from './standin/coder.ts';
import { startWireServer } from '../models/wire-server.ts';

/** The stand-in's model name (in its spec `openai-compatible:standin@URL` and in a run's recorded config). */
export const STANDIN_NAME = 'standin';

export interface AgentModel {
  model: ChatModel;
  /** `standin` when no model was given. */
  kind: 'model' | 'standin';
  close(): Promise<void>;
}

export async function openAgentModel(spec: string | undefined, tasks: readonly CodingTask[]): Promise<AgentModel> {
  if (spec) return { model: createChatModel(spec, { retry: { maxAttempts: 3 } }), kind: 'model', close: async () => {} };
  const server = await startWireServer(createCoder(tasks));
  // One attempt per call: the stand-in answers at once or is broken, and a retry would hide it.
  const model = createChatModel(`openai-compatible:${STANDIN_NAME}@${server.url}`, { retry: { maxAttempts: 1 }, timeoutMs: 30_000 });
  return { model, kind: 'standin', close: () => server.close() };
}
