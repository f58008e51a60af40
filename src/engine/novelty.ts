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

export interface NoveltyVerdict {
  novel: boolean;
  similarity: number;
  nearestId: number | null;
  /** How the verdict was reached: under the threshold, or the judge's word, or over it with no judge. */
  by: 'threshold' | 'judge' | 'no-judge';
  vector: number[];
  cost: number;
  judgeReply?: string;
}

/**
 * Novelty rejection sampling (ShinkaEvolve): a candidate whose edited regions are nearly the same (cosine of
 * embeddings above the threshold) as a program on its island goes to an LLM judge when one is available, else is
 * rejected. Embeddings are kept per program, so each program is embedded once.
 */
/** Who decides on near-duplicates: models in order of preference (the first that answers), and the code of any program. */
export interface NoveltyJudge {
  models: ChatModel[];
  prompts: PromptSet;
  task: PromptTask;
  language: string;
  codeOf: (id: number) => Promise<string>;
}

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
    return { novel: true, similarity: -1, nearestId: null, by: 'threshold', vector, cost };
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

  async check(island: number, code: string, judge: NoveltyJudge | null): Promise<NoveltyVerdict> {
    const { vector, cost: embedCost } = await this.embed(code);
    let similarity = -1;
    let nearestId: number | null = null;
    for (const [id, v] of this.vectors) {
      if (v.island !== island) continue;
      const c = cosine(vector, v.vector);
      if (c > similarity) [similarity, nearestId] = [c, id];
    }
    if (similarity <= this.threshold || nearestId === null) return { novel: true, similarity, nearestId, by: 'threshold', vector, cost: embedCost };
    if (!judge) return { novel: false, similarity, nearestId, by: 'no-judge', vector, cost: embedCost };
    const prompt = noveltyPrompt(judge.prompts, judge.task, judge.language, await judge.codeOf(nearestId), code);
    // The first model that answers judges; when none does, the threshold alone decides (not novel).
    for (const model of judge.models) {
      try {
        const r = await model.chat({ messages: [{ role: 'user', content: prompt }], temperature: 0, maxTokens: 256 });
        // An answer that is neither NOVEL nor NOT_NOVEL counts as not novel: near-duplicates are the cheap failure.
        return { novel: parseNovelty(r.text) === true, similarity, nearestId, by: 'judge', vector, cost: embedCost + r.cost, judgeReply: r.text };
      } catch {
        // try the next model
      }
    }
    return { novel: false, similarity, nearestId, by: 'no-judge', vector, cost: embedCost };
  }
}
