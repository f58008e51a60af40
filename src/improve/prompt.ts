// What a model is asked when it edits the improver, and how its answer is read.

import { type SearchMode, whyIneffective } from './effect.ts';
import { fmt } from './format.ts';
import { getPath, POLICY_FIELDS } from './improver.ts';
import type { Suite } from './suite.ts';
import type { ArchiveEntry } from './types.ts';

const IMPROVER_MARKER = 'You improve the improver';

/**
 * The request that asks a model to edit the improver, given the inner runs' summaries and lessons. Fields the inner
 * runs do not read in `mode` are marked so (a variant changing only those is refused as moot).
 */
export function improverPrompt(parent: ArchiveEntry, suite: Suite, mode: SearchMode): string {
  const runs = parent.training.runs
    .map((r) => `- ${r.task} (seed ${r.seed}): seed program ${r.seedScore ?? 'invalid'} → best ${r.bestScore ?? 'none'} (${fmt(r.normalised)}% better)`)
    .join('\n');
  const lessons = [...new Set(parent.training.runs.map((r) => r.lessons).filter((l): l is string => !!l))].slice(0, 3).join('\n---\n');
  const fields = Object.entries(POLICY_FIELDS)
    .map(([p, k]) => {
      const unread = whyIneffective(p, parent.improver.policy, mode);
      const range = k.type === 'enum' ? k.values.join(' | ') : `${k.type} in [${k.min}, ${k.max}]`;
      return `- ${p}: ${range} (now ${JSON.stringify(getPath(parent.improver.policy, p))})${unread ? ` — no effect as things stand: ${unread}` : ''}`;
    })
    .join('\n');
  return [
    `${IMPROVER_MARKER}: the prompts and search policy that an evolutionary coding system uses to improve programs.`,
    `Suite "${suite.name}": its training tasks are scored by how much the evolved program beats its seed program, in percent.`,
    `The current improver (${parent.improver.id}) scored ${fmt(parent.training.mean)} ± ${fmt(parent.training.sd)} on training. Its inner runs:`,
    runs,
    lessons ? `Lessons the inner runs distilled:\n${lessons}` : 'The inner runs distilled no lessons.',
    `Policy fields you may change (nothing else: budgets, sandbox, judges and held-out tasks are fixed):\n${fields}`,
    `Prompt templates you may rewrite: ${Object.keys(parent.improver.prompts).join(', ')}. The current diff.md:\n\`\`\`markdown\n${parent.improver.prompts['diff.md'] ?? ''}\n\`\`\``,
    'Answer with one JSON object in a ```json fence: {"note": "what you changed and why", "policy": { …changed fields only… }, "prompts": { "NAME.md": "the full new text" }}. Keep every {{placeholder}} of a template you rewrite.',
  ].join('\n\n');
}

/** The JSON object of a model's reply (a ```json fence, else the outermost braces). */
export function parseImproverReply(text: string): unknown {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(text)?.[1];
  const body = fenced ?? text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  return JSON.parse(body);
}
