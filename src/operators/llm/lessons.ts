// Lessons: what the record says about which operators and which kinds of edit improved programs. The experiment
// journal (src/journal/) holds the claims and their evidence; this file keeps the per-operator statistics, the kind of
// an edit, and the prompt of the LLM step that turns the journal plus recent attempts into cited recommendations.

import { formatScore, type PromptSet, type PromptTask } from './prompts.ts';

/** One recorded child, as the lessons see it (public facts only: no code, no private metrics). */
export interface LessonRecord {
  operator: string;
  change: string;
  /** The parent's score, null when the parent had none (seed, or an incorrect parent). */
  parentScore: number | null;
  /** The child's score, null when it failed. */
  childScore: number | null;
  correct: boolean;
  /** Why the child failed or was rejected (e.g. timeout, runtime-error, duplicate). */
  failureClass?: string | null;
}

export interface GroupStats {
  key: string;
  tries: number;
  correct: number;
  improved: number;
  /** Mean of child − parent over correct children whose parent had a score. */
  meanGain: number | null;
  bestGain: number | null;
  /** The change with the best gain. */
  bestChange: string | null;
}

export interface LessonStats {
  total: number;
  byOperator: GroupStats[];
  byEditKind: GroupStats[];
  failures: { failureClass: string; count: number }[];
}

/** Coarse kinds of edit, recognised by words in the change description (first match wins). */
const EDIT_KINDS: [string, RegExp][] = [
  ['crossover', /\b(cross(over)?|combin\w*|merg\w*|splice\w*)\b/i],
  ['bug fix', /\b(fix\w*|repair\w*|correct\w*)\b/i],
  ['rewrite', /\b(rewr\w*|redesign\w*|replac\w* the (algorithm|approach)|new (algorithm|approach)|restructur\w*)\b/i],
  ['constants', /\b(constants?|parameters?|tun\w*|step|threshold|rate|iterations?|offsets?|numbers?)\b/i],
  ['removal', /\b(remov\w*|delet\w*|drop\w*|simplif\w*)\b/i],
  ['addition', /\b(add\w*|insert\w*|introduc\w*|duplicat\w*)\b/i],
  ['operator/condition', /\b(operators?|condition\w*|swap\w*|opcode|modifier|mode)\b/i],
];

export function editKind(change: string): string {
  for (const [kind, re] of EDIT_KINDS) if (re.test(change)) return kind;
  return 'other';
}

function group(records: readonly LessonRecord[], keyOf: (r: LessonRecord) => string): GroupStats[] {
  const groups = new Map<string, LessonRecord[]>();
  for (const r of records) {
    const k = keyOf(r);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out: GroupStats[] = [];
  for (const [key, rs] of groups) {
    const scored = rs.filter((r) => r.correct && r.childScore !== null && r.parentScore !== null);
    const gains = scored.map((r) => ({ gain: r.childScore! - r.parentScore!, change: r.change }));
    const best = gains.reduce<{ gain: number; change: string } | null>((a, g) => (!a || g.gain > a.gain ? g : a), null);
    out.push({
      key,
      tries: rs.length,
      correct: rs.filter((r) => r.correct).length,
      improved: gains.filter((g) => g.gain > 0).length,
      meanGain: gains.length ? gains.reduce((s, g) => s + g.gain, 0) / gains.length : null,
      bestGain: best?.gain ?? null,
      bestChange: best && best.gain > 0 ? best.change : null,
    });
  }
  // Most useful first: improvement rate, then mean gain, then the number of tries (more evidence).
  return out.sort(
    (a, b) =>
      b.improved / b.tries - a.improved / a.tries ||
      (b.meanGain ?? Number.NEGATIVE_INFINITY) - (a.meanGain ?? Number.NEGATIVE_INFINITY) ||
      b.tries - a.tries ||
      a.key.localeCompare(b.key),
  );
}

export function lessonStats(records: readonly LessonRecord[]): LessonStats {
  const failures = new Map<string, number>();
  for (const r of records) if (!r.correct) failures.set(r.failureClass ?? 'incorrect', (failures.get(r.failureClass ?? 'incorrect') ?? 0) + 1);
  return {
    total: records.length,
    byOperator: group(records, (r) => r.operator),
    byEditKind: group(records, (r) => editKind(r.change)),
    failures: [...failures]
      .map(([failureClass, count]) => ({ failureClass, count }))
      .sort((a, b) => b.count - a.count || a.failureClass.localeCompare(b.failureClass)),
  };
}

const pct = (n: number, d: number) => `${d ? Math.round((100 * n) / d) : 0}%`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${formatScore(x)}`;

function describe(label: string, g: GroupStats): string {
  let s = `${label} ${g.key}: ${g.improved} of ${g.tries} improved on their parent (${pct(g.improved, g.tries)}), ${g.tries - g.correct} failed`;
  if (g.meanGain !== null) s += `; mean gain ${signed(g.meanGain)}`;
  if (g.bestChange && g.bestGain !== null) s += `; best ${signed(g.bestGain)} from "${g.bestChange}"`;
  return `${s}.`;
}

/** The statistics as a short numbered scratchpad (the offline lessons). */
export function renderLessons(stats: LessonStats, maxItems = 8): string {
  if (stats.total === 0) return '';
  const items = [
    ...stats.byOperator.map((g) => describe('Operator', g)),
    ...stats.byEditKind.filter((g) => g.tries >= 2).map((g) => describe('Edits of kind', g)),
  ];
  if (stats.failures.length) {
    items.push(`Failures: ${stats.failures.map((f) => `${f.failureClass} ${f.count} (${pct(f.count, stats.total)})`).join(', ')}; avoid their causes.`);
  }
  return items
    .slice(0, maxItems)
    .map((s, i) => `${i + 1}. ${s}`)
    .join('\n');
}

export interface LessonsPromptOptions {
  /** The current lessons, to be kept, revised or dropped. */
  lessons?: string;
  /** The experiment journal, every claim with its id, status and figures (src/journal/render.ts journalListing). */
  journal?: string;
  /** How many of the latest attempts to show (default 30). */
  recent?: number;
  maxItems?: number;
}

/**
 * The prompt of the LLM lessons step, from the journal and the record. `citedLessons` (src/journal/cite.ts) reads the
 * answer; `statistics` stays a template variable so that a user's older lessons.md still renders.
 */
export function lessonsPrompt(
  prompts: PromptSet,
  task: PromptTask,
  language: string,
  records: readonly LessonRecord[],
  options: LessonsPromptOptions = {},
): string {
  const recent = records.slice(-(options.recent ?? 30));
  const attempts = recent
    .map((r) => {
      const outcome = r.correct
        ? r.parentScore !== null && r.childScore !== null && r.childScore > r.parentScore
          ? 'improved'
          : 'no gain'
        : `failed (${r.failureClass ?? 'incorrect'})`;
      return `- [${r.operator}] ${r.change}: ${formatScore(r.parentScore ?? undefined) || '–'} → ${formatScore(r.childScore ?? undefined) || '–'}, ${outcome}`;
    })
    .join('\n');
  const maxItems = options.maxItems ?? 5;
  return prompts.render('lessons', language, {
    task_name: task.name,
    task_description: task.description?.trim() ?? '',
    language,
    journal: options.journal?.trim() || 'No claims yet.',
    statistics: renderLessons(lessonStats(records), 12) || 'No attempts yet.',
    attempts: attempts || 'None yet.',
    lessons: options.lessons?.trim() ?? '',
    max_items: maxItems,
  });
}

/** The numbered items of a lessons reply, renumbered and capped; empty when the reply has none. */
export function parseLessons(reply: string, maxItems = 5): string {
  const items = reply
    .split('\n')
    .map((l) => /^\s*(?:\d+[.)]|[-*])\s+(.+)$/.exec(l)?.[1]?.trim())
    .filter((x): x is string => !!x);
  return items
    .slice(0, maxItems)
    .map((s, i) => `${i + 1}. ${s}`)
    .join('\n');
}
