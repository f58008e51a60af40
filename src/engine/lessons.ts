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

/** Run state the lessons step keeps between sessions. */
export const LESSONS_STATE_KEY = 'lessons';

export interface LessonsParts {
  every: number;
  /** The rows to learn from, when a step starts. */
  rows: () => readonly ProgramRow[];
  /** The models that may distil (in order of preference), or null to use statistics alone. */
  llm: () => { models: ChatModel[]; prompts: PromptSet; task: PromptTask; language: string } | null;
  /** Records a step's outcome (state, event, cost); a failed step is recorded too. */
  onUpdate: (update: LessonsUpdate, at: number) => Promise<void>;
  onFailure: (error: Error, at: number) => Promise<void>;
}

/**
 * The lessons scratchpad that later prompts carry, revised every `lessons.every` evaluations in the background (a
 * slow model must not hold evaluations up). Lessons are advice: a failed step keeps the previous ones.
 */
export class LessonsStep {
  private readonly p: LessonsParts;
  text: string | undefined;
  private at: number;
  private running: Promise<void> | null = null;

  constructor(parts: LessonsParts, saved?: { text: string; at: number }) {
    this.p = parts;
    this.text = saved?.text;
    this.at = saved?.at ?? 0;
  }

  maybeRun(evaluated: number): void {
    if (this.p.every === 0 || this.running || evaluated - this.at < this.p.every) return;
    const llm = this.p.llm();
    this.running = (async () => {
      try {
        const update = await distilLessons(this.p.rows(), this.text, llm);
        this.text = update.text;
        this.at = evaluated;
        await this.p.onUpdate(update, evaluated);
      } catch (e) {
        this.at = evaluated;
        await this.p.onFailure(e as Error, evaluated);
      } finally {
        this.running = null;
      }
    })();
  }

  /** Waits for a step in progress. */
  async settle(): Promise<void> {
    await this.running;
  }
}
