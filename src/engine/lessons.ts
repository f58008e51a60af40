import type { Claim } from '../journal/claim.ts';
import { citedLessons } from '../journal/cite.ts';
import { JOURNAL_STATE_KEY, type Journal, updateJournal } from '../journal/journal.ts';
import { journalLessons, journalListing } from '../journal/render.ts';
import type { ChatModel } from '../models/types.ts';
import { type LessonRecord, lessonsPrompt } from '../operators/llm/lessons.ts';
import type { PromptSet, PromptTask } from '../operators/llm/prompts.ts';
import type { ProgramRow, Store } from '../store/store.ts';

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
  /** `journal` (the supported claims, no model) or the model's id. */
  source: string;
  cost: number;
  /** Every claim of the journal after this step, and those that are new or moved since the previous step. */
  journal: Claim[];
  changed: Claim[];
}

type LessonsLlm = { models: ChatModel[]; prompts: PromptSet; task: PromptTask; language: string };

/**
 * The lessons step: the experiment journal is rebuilt from the record; offline, its supported claims are the lessons;
 * with a model, the model reads every claim and recent attempts and writes recommendations, each citing the supported
 * claim it rests on (the others are dropped; when none is left, the offline text stands). The previous lessons are
 * revised, not appended to, so the scratchpad stays short.
 */
export async function distilLessons(
  rows: readonly ProgramRow[],
  previous: string | undefined,
  llm: LessonsLlm | null,
  previousClaims: readonly Claim[] = [],
  at = 0,
): Promise<LessonsUpdate> {
  const { journal, changed } = updateJournal(previousClaims, rows, at);
  const offline = journalLessons(journal.claims);
  const base = { text: offline, source: 'journal', cost: 0, journal: journal.claims, changed };
  if (!llm) return base;
  const prompt = lessonsPrompt(llm.prompts, llm.task, llm.language, lessonRecords(rows), { lessons: previous, journal: journalListing(journal.claims) });
  // The first model that answers distils; when none does, the journal's text stands in.
  for (const model of llm.models) {
    try {
      const r = await model.chat({ messages: [{ role: 'user', content: prompt }], temperature: 0.3 });
      const cited = citedLessons(r.text, journal.claims);
      return cited ? { ...base, text: cited, source: model.spec.id, cost: r.cost } : { ...base, cost: r.cost };
    } catch {
      // try the next model
    }
  }
  return { ...base, source: 'journal (no model answered)' };
}

/** Records a step in the ledger: the journal (state and, when claims moved, `journal.updated`), then the lessons text. */
export async function recordLessons(store: Store, runId: string, update: LessonsUpdate, at: number): Promise<void> {
  await store.setState(runId, JOURNAL_STATE_KEY, { at, claims: update.journal } satisfies Journal);
  if (update.changed.length) {
    const supported = update.journal.filter((c) => c.status === 'supported').length;
    await store.appendEvent(runId, 'journal.updated', null, { at, claims: update.journal.length, supported, changed: update.changed });
  }
  await store.setState(runId, LESSONS_STATE_KEY, { text: update.text, at, source: update.source });
  await store.appendEvent(runId, 'lessons.updated', null, { at, source: update.source, cost: update.cost, text: update.text });
}

/** Run state the lessons step keeps between sessions. */
export const LESSONS_STATE_KEY = 'lessons';

export interface LessonsParts {
  every: number;
  /** The rows to learn from, when a step starts. */
  rows: () => readonly ProgramRow[];
  /** The models that may distil (in order of preference), or null to use the journal alone. */
  llm: () => LessonsLlm | null;
  /** Records a step's outcome (state, event, cost); a failed step is recorded too. */
  onUpdate: (update: LessonsUpdate, at: number) => Promise<void>;
  onFailure: (error: Error, at: number) => Promise<void>;
  /** True while a model's lessons would cost more than their share of spend (`lessons.maxSpendShare`). */
  overCap?: () => boolean;
  /** Told once when a step with a model is postponed for the cap (it runs at the first evaluation back under it). */
  onPostpone?: (at: number) => void;
}

/**
 * The experiment journal and the lessons scratchpad that later prompts carry, revised every `lessons.every` evaluations in the background (a
 * slow model must not hold evaluations up). Lessons are advice: a failed step keeps the previous ones.
 */
export class LessonsStep {
  private readonly p: LessonsParts;
  text: string | undefined;
  /** The journal's claims at the last step (restored on resume, so the next step records only what moved). */
  claims: Claim[];
  private at: number;
  private running: Promise<void> | null = null;
  /** A step is waiting for the lessons' share of spend to fall back under the cap (told once). */
  postponed = false;

  constructor(parts: LessonsParts, saved?: { text: string; at: number }, journal?: Journal) {
    this.p = parts;
    this.text = saved?.text;
    this.at = saved?.at ?? 0;
    this.claims = journal?.claims ?? [];
  }

  maybeRun(evaluated: number): void {
    if (this.p.every === 0 || this.running || evaluated - this.at < this.p.every) return;
    const llm = this.p.llm();
    if (llm && this.p.overCap?.()) {
      if (!this.postponed) this.p.onPostpone?.(evaluated);
      this.postponed = true;
      return;
    }
    this.postponed = false;
    this.running = (async () => {
      try {
        const update = await distilLessons(this.p.rows(), this.text, llm, this.claims, evaluated);
        this.text = update.text;
        this.claims = update.journal;
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
