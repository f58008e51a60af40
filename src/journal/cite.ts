// The LLM lessons step's reply, checked against the journal: each numbered recommendation must cite, in brackets, the
// id of a claim the journal supports (e.g. `1. [operator:llm-diff] Keep edits small…`). Items citing nothing, only
// unknown or unsupported claims, or any refuted claim are dropped.

import type { Claim } from './claim.ts';
import { usable } from './render.ts';

const ITEM = /^\s*(?:\d+[.)]|[-*])\s+(.+)$/;
const CITATION = /\[([^\]\n]+)\]/g;

/** The ids an item cites. */
export function citations(item: string): string[] {
  return [...item.matchAll(CITATION)].map((m) => m[1].trim());
}

/** The reply's items that cite a supported claim, renumbered and capped; '' when none does. */
export function citedLessons(reply: string, claims: readonly Claim[], maxItems = 5): string {
  const byId = new Map(claims.map((c) => [c.id, c]));
  const kept = reply
    .split('\n')
    .map((l) => ITEM.exec(l.replace(/\*\*/g, ''))?.[1]?.trim())
    .filter((item): item is string => {
      if (!item) return false;
      const cited = citations(item).map((id) => byId.get(id));
      return cited.some((c) => c && usable(c)) && !cited.some((c) => c?.status === 'refuted');
    });
  return kept
    .slice(0, maxItems)
    .map((s, i) => `${i + 1}. ${s}`)
    .join('\n');
}
