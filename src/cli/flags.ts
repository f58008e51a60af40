import { type KaizenConfigInput, configSchema } from '../config/config.ts';
import { KaizenError } from '../errors.ts';

// `kaizen run`'s flags are config fields; a bad value is reported against the flag that gave it, before the task
// folder is read (the config file did not say it, so its name must not be blamed).

/** The flag that sets each config field `kaizen run` takes from its command line. */
const FLAG_OF_FIELD: Record<string, string> = {
  'budget.samples': '--budget',
  'budget.usd': '--budget-usd',
  models: '--model',
  embedding: '--embedding',
  seed: '--seed',
  concurrency: '--concurrency',
};

const valueAt = (value: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined), value);

/** Throws a one-line error naming the flag and its value when a flag's value is not a valid config field. */
export function checkRunFlags(fromFlags: KaizenConfigInput): void {
  const parsed = configSchema.safeParse(fromFlags);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const field = issue.path.map(String).join('.');
  const flag = Object.entries(FLAG_OF_FIELD).find(([f]) => field === f || field.startsWith(`${f}.`))?.[1] ?? `the option for ${field}`;
  const value = valueAt(fromFlags, issue.path);
  throw new KaizenError(`${flag} ${typeof value === 'string' ? value : JSON.stringify(value)}: ${issue.message.replace(/^\w/, (c) => c.toLowerCase())}`);
}

/**
 * Throws a one-line error naming the flag and its allowed range when a numeric flag's value is below `min`. The
 * parsers in options.ts only check that a value is a number; what range makes sense is up to each command.
 */
export function checkFlagMin(flag: string, value: number | undefined, min: number, why?: string): void {
  if (value === undefined || value >= min) return;
  throw new KaizenError(`${flag} must be at least ${min}, got ${value}${why ? `: ${why}` : ''}`);
}

/** Throws a one-line error when two flags that contradict each other are both given. */
export function checkExclusive(flags: Record<string, unknown>): void {
  const given = Object.entries(flags).filter(([, v]) => v !== undefined && v !== false);
  if (given.length > 1) throw new KaizenError(`${given.map(([f]) => f).join(' and ')} conflict: give one of them`);
}
