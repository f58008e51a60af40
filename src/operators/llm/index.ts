// The LLM mutation operators: prompts, reply parsing/application, lessons. The model layer (clients, bandit) is
// separate (src/models); these modules only need its `ChatModel` interface.
import type { Operator } from '../operator.ts';
import { type LlmKind, LlmOperator, type LlmOperatorOptions } from './operator.ts';

export { editKind, type LessonRecord, type LessonStats, lessonStats, lessonsPrompt, parseLessons, renderLessons } from './lessons.ts';
export { changeLine, type LlmFailureReason, type LlmKind, LlmOperator, LlmOperatorError, type LlmOperatorOptions, transcript } from './operator.ts';
export {
  BUILTIN_PROMPTS,
  formatMetrics,
  formatPrograms,
  mutationPrompt,
  noveltyPrompt,
  parseNovelty,
  type PromptName,
  PromptSet,
  type PromptTask,
  publicView,
  retryPrompt,
  type ShownProgram,
} from './prompts.ts';
export { applyRewrite, extractCode, spliceRewrite } from './rewrite.ts';
export { applySearchReplace, type BlockFailure, closestLines, parseSearchReplace, type SearchReplaceBlock } from './search-replace.ts';
export { renderTemplate } from './template.ts';

/** One operator per kind with a positive weight, sharing the model picker, task, prompts and lessons. */
export function llmOperators(weights: Partial<Record<LlmKind, number>>, shared: Omit<LlmOperatorOptions, 'kind' | 'name'>): { operator: Operator; weight: number }[] {
  return (Object.entries(weights) as [LlmKind, number][]).filter(([, w]) => w > 0).map(([kind, weight]) => ({ operator: new LlmOperator({ ...shared, kind }), weight }));
}
