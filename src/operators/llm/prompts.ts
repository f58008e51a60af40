// Prompt files and the variables they are rendered with. The built-in files live in templates/prompts/; a user's
// prompts directory overrides any of them by file name. `NAME.LANGUAGE.md` (e.g. system.redcode.md) is preferred
// over `NAME.md` for programs in that language, so a language can bring its own prompts.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JudgeResult } from '../../config/task.ts';
import { fileList, isBundle } from '../../program/bundle.ts';
import { renderTemplate, type TemplateVars } from './template.ts';

/** templates/ sits at the package root, three levels above src/operators/llm and dist/operators/llm. */
export const BUILTIN_PROMPTS = fileURLToPath(new URL('../../../templates/prompts/', import.meta.url));

export type PromptName = 'system' | 'diff' | 'full' | 'cross' | 'fix' | 'retry' | 'lessons' | 'novelty' | 'contest' | 'study' | 'fragments' | 'prompt-mutate';

export class PromptSet {
  private readonly dirs: string[];
  private readonly cache = new Map<string, string | null>();

  /** `userDir`: a folder whose files win over the built-in ones of the same name. */
  constructor(userDir?: string) {
    this.dirs = userDir ? [userDir, BUILTIN_PROMPTS] : [BUILTIN_PROMPTS];
  }

  /** The template text for `name` in `language`, and the file it came from. */
  template(name: PromptName, language: string): { text: string; file: string } {
    for (const file of [`${name}.${language}.md`, `${name}.md`]) {
      for (const dir of this.dirs) {
        const path = join(dir, file);
        if (!this.cache.has(path)) this.cache.set(path, existsSync(path) ? readFileSync(path, 'utf8') : null);
        const text = this.cache.get(path);
        if (text != null) return { text, file: path };
      }
    }
    throw new Error(`no prompt template ${name}.md in ${this.dirs.join(' or ')}`);
  }

  render(name: PromptName, language: string, vars: TemplateVars): string {
    const { text, file } = this.template(name, language);
    return renderTemplate(text, vars, file);
  }
}

export type PublicMetrics = Record<string, number | string | boolean>;

/** What a prompt may show of an evaluated program: its score, PUBLIC metrics and feedback, never private ones. */
export interface ShownProgram {
  id?: number;
  code: string;
  score?: number;
  metrics?: PublicMetrics;
  feedback?: string;
}

/** The view of a judge's result a prompt may carry (the private metrics are left behind here, by construction). */
export function publicView(judged: JudgeResult): { score?: number; metrics?: PublicMetrics; feedback?: string } {
  return { score: judged.correct ? judged.score : undefined, metrics: judged.public, feedback: judged.feedback };
}

export function formatScore(score: number | undefined): string {
  if (score === undefined || !Number.isFinite(score)) return '';
  return Number.isInteger(score) ? String(score) : String(Number(score.toPrecision(8)));
}

export function formatMetrics(metrics: PublicMetrics | undefined): string {
  if (!metrics) return '';
  return Object.entries(metrics)
    .map(([k, v]) => `- ${k}: ${typeof v === 'number' ? formatScore(v) : String(v)}`)
    .join('\n');
}

/** Programs as prompt text, worst first so the best (the one to beat) sits nearest the question. */
export function formatPrograms(programs: readonly ShownProgram[], language: string): string {
  const ordered = [...programs].sort((a, b) => (a.score ?? Number.NEGATIVE_INFINITY) - (b.score ?? Number.NEGATIVE_INFINITY));
  return ordered.map((p, i) => formatProgram(p, language, `## Program ${i + 1}${p.id !== undefined ? ` (id ${p.id})` : ''}`)).join('\n\n');
}

export function formatProgram(p: ShownProgram, language: string, heading?: string): string {
  const parts = heading ? [heading] : [];
  parts.push(`Score: ${formatScore(p.score) || 'not scored'}`);
  const m = formatMetrics(p.metrics);
  if (m) parts.push(m);
  if (p.feedback) parts.push(`Evaluation feedback: ${p.feedback}`);
  parts.push(`\`\`\`${language}\n${p.code.trimEnd()}\n\`\`\``);
  return parts.join('\n');
}

/** The task as prompts describe it. */
export interface PromptTask {
  name: string;
  description?: string;
  redcode?: { coreSize: number; maxLength: number };
  /** A multi-case task (it declares `cases`): a solver scored on many inputs under a time limit, like a heuristic contest. */
  multiCase?: boolean;
}

/** Variables every template may use (`contest` is filled in for the system prompt of multi-case tasks only). */
export function baseVars(task: PromptTask, language: string, lessons: string | undefined): TemplateVars {
  return {
    task_name: task.name,
    task_description: task.description?.trim() ?? '',
    language,
    core_size: task.redcode?.coreSize ?? '',
    max_length: task.redcode?.maxLength ?? '',
    lessons: lessons?.trim() ?? '',
    contest: '',
    files: '',
    strategy: '',
  };
}

/** How to read and edit a program of several files ('' for a program of one file). */
export function filesAdvice(code: string): string {
  if (!isBundle(code)) return '';
  return [
    `The program has several files: ${fileList(code).join(', ')}. Each starts with a header line "==> PATH <==" ("(frozen)": the file never changes).`,
    '- In a SEARCH/REPLACE edit, put the path of the file it edits alone on the line before `<<<<<<< SEARCH`. One answer may edit several files.',
    '- In a rewrite, give each file you change under its own header line "==> PATH <==" inside the fenced block; files you leave out stay as they are.',
    '- Keep the header lines as they are: files cannot be added, removed or renamed.',
  ].join('\n');
}

/** The domain advice of contest.md (heuristic optimisation, time management) for a multi-case task; '' for any other. */
export function contestAdvice(prompts: PromptSet, task: PromptTask, language: string): string {
  return task.multiCase ? prompts.render('contest', language, baseVars(task, language, undefined)).trim() : '';
}

export interface MutationContext {
  parent: ShownProgram;
  /** For `fix`: what the failing program printed or the error it raised. */
  error?: string;
  /** For `cross`: the one program to combine with. */
  partner?: ShownProgram;
  inspirations?: readonly ShownProgram[];
  /** The prompt variant's guidance (prompt evolution), for the system prompt. */
  guidance?: string;
}

/** The system and user messages of a `diff`, `full`, `cross` or `fix` proposal. */
export function mutationPrompt(
  prompts: PromptSet,
  kind: 'diff' | 'full' | 'cross' | 'fix',
  task: PromptTask,
  language: string,
  lessons: string | undefined,
  ctx: MutationContext,
): { system: string; user: string } {
  const base = {
    ...baseVars(task, language, lessons),
    contest: contestAdvice(prompts, task, language),
    files: filesAdvice(ctx.parent.code),
    strategy: ctx.guidance?.trim() ?? '',
  };
  const vars: TemplateVars = {
    ...base,
    code: ctx.parent.code.trimEnd(),
    score: formatScore(ctx.parent.score),
    metrics: formatMetrics(ctx.parent.metrics),
    feedback: ctx.parent.feedback?.trim() ?? '',
    error: ctx.error?.trim() ?? '',
    inspirations: kind === 'cross' ? '' : formatPrograms(ctx.inspirations ?? [], language),
    inspiration: ctx.partner ? formatProgram(ctx.partner, language) : '',
  };
  return { system: prompts.render('system', language, base), user: prompts.render(kind, language, vars) };
}

/** The follow-up message after a reply that could not be applied. `code` is the partly edited program, if any. */
export function retryPrompt(prompts: PromptSet, language: string, report: string, code?: string): string {
  return prompts.render('retry', language, { language, report: report.trim(), code: code?.trimEnd() ?? '' });
}

/** The novelty judge's question; `parseNovelty` reads its answer. */
export function noveltyPrompt(prompts: PromptSet, task: PromptTask, language: string, existing: string, candidate: string): string {
  return prompts.render('novelty', language, { ...baseVars(task, language, undefined), existing: existing.trimEnd(), candidate: candidate.trimEnd() });
}

/** True for NOVEL, false for NOT_NOVEL, null when the reply says neither (the caller decides; do not guess). */
export function parseNovelty(reply: string): boolean | null {
  const m = /\b(NOT[_ ]NOVEL|NOVEL)\b/i.exec(reply.replace(/[*`]/g, ''));
  if (!m) return null;
  return !/^NOT/i.test(m[1]);
}
