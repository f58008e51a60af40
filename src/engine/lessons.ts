import { type LessonRecord, lessonStats, lessonsPrompt, parseLessons, renderLessons } from '../operators/llm/lessons.ts';
import type { PromptSet, PromptTask } from '../operators/llm/prompts.ts';
import type { ChatModel } from '../models/types.ts';
import type { ProgramRow } from '../store/store.ts';

/** What the lessons step needs of each evaluated program: operator, change, and the score it moved from/to. */
export function lessonRecords(rows: readonly ProgramRow[]): LessonRecord[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows
    .filter((r) => (r.status === 'evaluated' || r.status === 'failed') && r.sample !== 0)
    .sort((a, b) => (a.evaluated_at ?? '').localeCompare(b.evaluated_at ?? '') || a.id - b.id)
    .map((r) => {
      const parent = r.parent_id !== null ? byId.get(r.parent_id) : undefined;
      return {
        operator: r.operator,
        change: r.change ?? '',
        parentScore: parent?.correct === 1 ? parent.score : null,
        childScore: r.correct === 1 ? r.score : null,
        correct: r.correct === 1,
        failureClass: r.failure_class,
      };
    });
}

export interface LessonsUpdate {
  text: string;
  /** `statistics` (offline) or the model's id. */
  source: string;
  cost: number;
}

/**
 * The lessons step: offline, statistics of which operators and kinds of edits improved what; with a model, those
 * statistics and the latest attempts distilled into numbered recommendations. The previous lessons are revised,
 * not appended to, so the scratchpad stays short.
 */
export async function distilLessons(
  rows: readonly ProgramRow[],
  previous: string | undefined,
  llm: { models: ChatModel[]; prompts: PromptSet; task: PromptTask; language: string } | null,
): Promise<LessonsUpdate> {
  const records = lessonRecords(rows);
  const statistics = renderLessons(lessonStats(records));
  if (!llm) return { text: statistics, source: 'statistics', cost: 0 };
  const prompt = lessonsPrompt(llm.prompts, llm.task, llm.language, records, { lessons: previous });
  // The first model that answers distils; when none does, the statistics stand in.
  for (const model of llm.models) {
    try {
      const r = await model.chat({ messages: [{ role: 'user', content: prompt }], temperature: 0.3 });
      return { text: parseLessons(r.text) || statistics, source: model.spec.id, cost: r.cost };
    } catch {
      // try the next model
    }
  }
  return { text: statistics, source: 'statistics (no model answered)', cost: 0 };
}
