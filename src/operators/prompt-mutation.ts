// New prompt guidance from old: offline, a recombination of two variants' lines with lines from a library of
// instruction fragments (templates/prompts/fragments.md); with a model, a rewrite the model writes from both variants,
// their statistics and the library. Guidance is plain text, hostile like any model output: it is capped in lines and
// characters and only ever placed inside the system prompt of later model calls (it never reaches a judge or a sandbox).

import type { ChatModel, Usage } from '../models/types.ts';
import type { Rng } from '../util/rng.ts';
import type { PromptSet, PromptTask } from './llm/prompts.ts';
import { baseVars } from './llm/prompts.ts';
import { transcript } from './llm/operator.ts';

/** Longest guidance kept: lines and characters. */
export const MAX_GUIDANCE_LINES = 8;
export const MAX_GUIDANCE_CHARS = 1500;

/** The "- " lines of a text (a guidance, or the fragment library). */
export function fragmentsOf(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('- ') && l.length > 2)
    .map((l) => l.replace(/\s+/g, ' '));
}

/** The library of instruction fragments (fragments.md, or the user's prompts folder's). */
export function fragmentLibrary(prompts: PromptSet, language: string): string[] {
  return [...new Set(fragmentsOf(prompts.template('fragments', language).text))];
}

/** Guidance as it is stored and shown: distinct "- " lines, capped. */
export function guidanceText(lines: readonly string[]): string {
  const out: string[] = [];
  let chars = 0;
  for (const l of [...new Set(lines)]) {
    const line = l.slice(0, 300);
    if (out.length >= MAX_GUIDANCE_LINES || chars + line.length > MAX_GUIDANCE_CHARS) break;
    out.push(line);
    chars += line.length + 1;
  }
  return out.join('\n');
}

/**
 * Offline recombination: a random share of A's lines and of B's, then one mutation (add a library line, drop a line,
 * or swap one for a library line). Tries a few times for guidance that differs from every text in `avoid`.
 */
export function recombine(a: string, b: string, library: readonly string[], rng: Rng, avoid: ReadonlySet<string> = new Set()): string {
  let text = a;
  for (let attempt = 0; attempt < 8; attempt++) {
    const lines = [...fragmentsOf(a).filter(() => rng.next() < 0.75), ...fragmentsOf(b).filter(() => rng.next() < 0.5)];
    const fresh = library.filter((f) => !lines.includes(f));
    const roll = rng.next();
    if ((roll < 0.5 || lines.length === 0) && fresh.length > 0) lines.push(rng.pick(fresh));
    else if (roll < 0.75 && lines.length > 1) lines.splice(rng.int(0, lines.length - 1), 1);
    else if (lines.length > 0 && fresh.length > 0) lines[rng.int(0, lines.length - 1)] = rng.pick(fresh);
    text = guidanceText(rng.sample(lines, lines.length));
    if (!avoid.has(text)) return text;
  }
  return text;
}

export interface ModelMutation {
  text: string;
  model: string;
  prompt: string;
  reply: string;
  usage: Usage;
  cost: number;
}

/** Statistics as the mutation prompt shows them. */
export interface ShownStats {
  decided: number;
  improved: number;
}

const showStats = (s: ShownStats) => `${s.improved} improving children of ${s.decided} proposals`;

/** The model's rewrite of two variants into one: the guidance, or an error naming why the reply was unusable. */
export async function modelMutation(
  model: ChatModel,
  prompts: PromptSet,
  task: PromptTask,
  language: string,
  a: { text: string; stats: ShownStats },
  b: { text: string; stats: ShownStats },
  library: readonly string[],
  timeoutMs: number,
): Promise<ModelMutation> {
  const user = prompts.render('prompt-mutate', language, {
    ...baseVars(task, language, undefined),
    a: a.text || '(none: the built-in prompt alone)',
    a_stats: showStats(a.stats),
    b: b.text || '(none: the built-in prompt alone)',
    b_stats: showStats(b.stats),
    library: library.join('\n'),
    max_lines: MAX_GUIDANCE_LINES,
  });
  const messages = [{ role: 'user' as const, content: user }];
  const r = await model.chat({ messages, temperature: 0.7, maxTokens: 1024, timeoutMs });
  const fenced = /```[\w-]*\n([\s\S]*?)```/.exec(r.text)?.[1] ?? r.text;
  const text = guidanceText(fragmentsOf(fenced));
  const result = { text, model: r.model || model.spec.id, prompt: transcript(messages), reply: r.text, usage: r.usage, cost: r.cost };
  if (!text) throw Object.assign(new Error('the reply holds no "- " guidance lines'), { result });
  return result;
}
