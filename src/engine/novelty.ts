import { cosine } from '../models/embeddings.ts';
import type { ChatModel, Embedder } from '../models/types.ts';
import { evolveRegions } from '../operators/evolve-blocks.ts';
import { noveltyPrompt, parseNovelty, type PromptSet, type PromptTask } from '../operators/llm/prompts.ts';

/** The evolvable text of a program: what novelty is about (the frozen rest is the same in every program). */
export function editedText(code: string): string {
  try {
    return evolveRegions(code)
      .map((r) => code.slice(r.start, r.end))
      .join('\n');
  } catch {
    return code;
  }
}

/**
 * A line as novelty compares it: trimmed, without a line comment (`//`, `# ` or `;` at the start or after a space,
 * so JS, Python and Redcode comments all go and Redcode's `#1` stays) and without comment-block lines (`/*`, `*`).
 * Heuristic on purpose: it only decides what counts as a change, never what runs.
 */
function comparable(line: string): string {
  const t = line.trim();
  if (/^(\/\*|\*)/.test(t)) return '';
  return t.replace(/(^|\s)(\/\/|#(?=\s|$)|;).*$/, '').trim();
}

/**
 * Where two programs differ: the changed lines of each once the lines they share at the start and the end are set
 * aside (comments, blank lines and indentation do not count as changes). Several edits far apart make one region
 * that spans them, which only errs towards "similar".
 */
export function changedRegion(before: string, after: string): { before: string; after: string } {
  const a = editedText(before).split('\n').map(comparable).filter(Boolean);
  const b = editedText(after).split('\n').map(comparable).filter(Boolean);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { before: a.slice(head, a.length - tail).join('\n'), after: b.slice(head, b.length - tail).join('\n') };
}

/**
 * The similarity of what an edit changed: the cosine of the embeddings of the two changed regions. No change but
 * comments or layout is 1 (a near-duplicate); lines only added or only removed is 0 (something new or gone).
 */
export async function regionSimilarity(embedder: Embedder, before: string, after: string): Promise<{ similarity: number; cost: number }> {
  const region = changedRegion(before, after);
  if (region.before === region.after) return { similarity: 1, cost: 0 };
  if (!region.before || !region.after) return { similarity: 0, cost: 0 };
  const { vectors, cost } = await embedder.embed([region.before, region.after]);
  return { similarity: cosine(vectors[0], vectors[1]), cost };
}

export interface NoveltyVerdict {
  novel: boolean;
  /** The similarity of the changed region to the nearest program on the island (-1 when there is none). */
  similarity: number;
  nearestId: number | null;
  /**
   * How the verdict was reached: at or under the threshold; the judge's word; over it with no judge (or none that
   * answered); the judge's reply said neither NOVEL nor NOT_NOVEL twice (let through); the judge's share of spend is
   * over its cap (let through unjudged).
   */
  by: 'threshold' | 'judge' | 'no-judge' | 'undecided' | 'over-cap';
  vector: number[];
  /** What embedding cost. */
  cost: number;
  /** What the judge's calls cost. */
  judgeCost: number;
  /** The judge's first reply was undecidable and it was asked again. */
  retried?: boolean;
  judgeReply?: string;
}

/** Who decides on near-duplicates: models in order of preference (the first that answers), within a share of spend. */
export interface NoveltyJudge {
  models: ChatModel[];
  prompts: PromptSet;
  task: PromptTask;
  language: string;
  /** False while the judge's share of spend is over its cap (`novelty.maxSpendShare`): the candidate goes through unjudged. */
  affordable: () => boolean;
}

/** Asked again after a reply that said neither: one word is all the judge needs to say. */
export const NOVELTY_RETRY = 'Your answer did not say NOVEL or NOT_NOVEL. Answer with exactly one of these two words.';

/**
 * Novelty rejection sampling (ShinkaEvolve), fitted to LLM edits: the nearest program on the candidate's island is
 * found by the embedding of the whole edited text, but the threshold applies to what the edit changed (the changed
 * region of each, `regionSimilarity`), since a whole-text cosine grows with the program's length: the local embedder
 * puts a one-line change at 0.9992 in a 75-line block. bench/novelty-calibration.ts measured the region similarity
 * over 11 example programs (JS, Python, Redcode): layout and comment-only edits 1.0 (all); one-line edits median
 * 0.917, p90 0.978, max 0.995 (3% over 0.99); one-function rewrites max 0.898; whole-block rewrites max 0.914. So at
 * the default threshold of 0.99 near-duplicates go to the judge (or are rejected without one) and a typical one-line
 * change does not. Embeddings are kept per program, so each program is embedded once.
 */
export class NoveltyFilter {
  private readonly embedder: Embedder;
  private readonly threshold: number;
  private readonly vectors = new Map<number, { island: number; vector: number[] }>();

  constructor(embedder: Embedder, threshold: number) {
    this.embedder = embedder;
    this.threshold = threshold;
  }

  async embed(code: string): Promise<{ vector: number[]; cost: number }> {
    const { vectors, cost } = await this.embedder.embed([editedText(code)]);
    return { vector: vectors[0], cost };
  }

  /** The embedding of a candidate that is not screened (kept, so later candidates are compared with it). */
  async embedOnly(code: string): Promise<NoveltyVerdict> {
    const { vector, cost } = await this.embed(code);
    return { novel: true, similarity: -1, nearestId: null, by: 'threshold', vector, cost, judgeCost: 0 };
  }

  /** Programs known to an island (a resumed run re-embeds its programs in batches). */
  async rememberAll(programs: { id: number; island: number; code: string }[]): Promise<number> {
    let cost = 0;
    for (let i = 0; i < programs.length; i += 64) {
      const batch = programs.slice(i, i + 64);
      const r = await this.embedder.embed(batch.map((p) => editedText(p.code)));
      for (const [k, p] of batch.entries()) this.vectors.set(p.id, { island: p.island, vector: r.vectors[k] });
      cost += r.cost;
    }
    return cost;
  }

  vectorOf(id: number): number[] | undefined {
    return this.vectors.get(id)?.vector;
  }

  remember(id: number, island: number, vector: number[]): void {
    this.vectors.set(id, { island, vector });
  }

  async check(island: number, code: string, codeOf: (id: number) => Promise<string>, judge: NoveltyJudge | null): Promise<NoveltyVerdict> {
    const { vector, cost: wholeCost } = await this.embed(code);
    let nearest = -1;
    let nearestId: number | null = null;
    for (const [id, v] of this.vectors) {
      if (v.island !== island) continue;
      const c = cosine(vector, v.vector);
      if (c > nearest) [nearest, nearestId] = [c, id];
    }
    const base = { similarity: -1, nearestId, vector, cost: wholeCost, judgeCost: 0 };
    if (nearestId === null) return { ...base, novel: true, by: 'threshold' };
    const existing = await codeOf(nearestId);
    const region = await regionSimilarity(this.embedder, existing, code);
    const near = { ...base, similarity: region.similarity, cost: wholeCost + region.cost };
    if (region.similarity <= this.threshold) return { ...near, novel: true, by: 'threshold' };
    if (!judge) return { ...near, novel: false, by: 'no-judge' };
    if (!judge.affordable()) return { ...near, novel: true, by: 'over-cap' };
    const prompt = noveltyPrompt(judge.prompts, judge.task, judge.language, existing, code);
    // The first model that answers judges; when none does, the threshold alone decides (not novel).
    for (const model of judge.models) {
      let judgeCost = 0;
      let firstReply: string | undefined;
      try {
        const first = await model.chat({ messages: [{ role: 'user', content: prompt }], temperature: 0, maxTokens: 256 });
        judgeCost += first.cost;
        firstReply = first.text;
        const said = parseNovelty(first.text);
        if (said !== null) return { ...near, novel: said, by: 'judge', judgeCost, judgeReply: first.text };
        // Neither word: asked once more; a second such reply lets the candidate through (evaluating a near-duplicate
        // costs one sample, rejecting a new idea on a garbled reply loses it).
        const again = await model.chat({
          messages: [
            { role: 'user', content: prompt },
            { role: 'assistant', content: first.text },
            { role: 'user', content: NOVELTY_RETRY },
          ],
          temperature: 0,
          maxTokens: 16,
        });
        judgeCost += again.cost;
        const second = parseNovelty(again.text);
        const reply = `${first.text.trim()}\n---\n${again.text.trim()}`;
        if (second === null) return { ...near, novel: true, by: 'undecided', judgeCost, retried: true, judgeReply: reply };
        return { ...near, novel: second, by: 'judge', judgeCost, retried: true, judgeReply: reply };
      } catch {
        // An undecidable reply whose retry failed is undecided; a model that did not answer at all: the next one.
        if (firstReply !== undefined) return { ...near, novel: true, by: 'undecided', judgeCost, retried: true, judgeReply: firstReply };
      }
    }
    return { ...near, novel: false, by: 'no-judge' };
  }
}
