// What changed between a recorded run's config and the one a resume brings, field by field: a resume may change the
// budget and the concurrency (how far and how fast), and the models (a corrected URL, another model), and nothing else
// of the search; the rest would make one run out of two different searches.

import { redactUrl } from '../util/redact.ts';

/** One changed config field: its dotted path and its values before and after (undefined: not set). */
export interface ConfigChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Fields a resumed run may change (with everything under them). */
const MAY_CHANGE = ['budget', 'concurrency', 'models'];

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The leaf fields that differ between two configs (arrays compare as a whole: a model list is one field). */
export function configChanges(before: unknown, after: unknown, prefix = ''): ConfigChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => configChanges(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: prefix || '(config)', from: before, to: after }];
}

export function mayChangeOnResume(change: ConfigChange): boolean {
  return MAY_CHANGE.some((f) => change.field === f || change.field.startsWith(`${f}.`));
}

/** `budget.samples: 200 → 400`, values shortened and URLs' passwords hidden, for messages. */
export function describeChange({ field, from, to }: ConfigChange): string {
  const show = (v: unknown) => {
    const text = v === undefined ? 'unset' : redactUrl(JSON.stringify(v));
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  };
  return `${field}: ${show(from)} → ${show(to)}`;
}
