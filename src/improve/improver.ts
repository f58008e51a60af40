// The improver: what proposes improvements to programs, as a versioned, inspectable artefact. Its policy is a
// whitelisted subset of a run's config (parent selection, islands, inspirations, operator mixes, novelty, lessons)
// and its prompts are the LLM operators' templates. A variant may change nothing else: never the judges, the
// holdout, the budget accounting (samples, usd, wall clock) or the sandbox settings.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema, type KaizenConfig, type KaizenConfigInput, SCALAR_SELECTION_STRATEGIES, type SELECTION_STRATEGIES } from '../config/config.ts';
import { BUILTIN_PROMPTS } from '../operators/llm/prompts.ts';
import { sha256 } from '../util/hash.ts';

export type SelectionStrategy = (typeof SELECTION_STRATEGIES)[number];

/** The run-config fields an improver may set. Anything else in a variant is a forbidden change. */
export interface ImproverPolicy {
  selection: { strategy: SelectionStrategy; lambda: number; alpha: number };
  islands: { count: number; migrationInterval: number; migrants: number };
  inspirations: { topK: number; random: number };
  archive: { size: number };
  operators: { offline: { numeric: number; ast: number } };
  llm: { mix: { diff: number; full: number; cross: number } };
  novelty: { threshold: number; maxResamples: number };
  lessons: { every: number };
}

export interface Improver {
  /** Content hash of policy and prompts (the first 12 hex digits). */
  id: string;
  parent: string | null;
  policy: ImproverPolicy;
  /** Prompt templates by file name (e.g. `diff.md`); a missing name falls back to the built-in template. */
  prompts: Record<string, string>;
  /** How it was made: `default`, `offline-mutation`, `llm:<model>`. */
  origin: string;
  /** What the proposer said it changed. */
  note?: string;
}

type Kind = { type: 'int'; min: number; max: number } | { type: 'num'; min: number; max: number } | { type: 'enum'; values: readonly string[] };

/** The whitelist: every path an improver may set, with its type and range. */
export const POLICY_FIELDS: Record<string, Kind> = {
  'selection.strategy': { type: 'enum', values: SCALAR_SELECTION_STRATEGIES },
  'selection.lambda': { type: 'num', min: 0.5, max: 50 },
  'selection.alpha': { type: 'num', min: 0.1, max: 5 },
  'islands.count': { type: 'int', min: 1, max: 6 },
  'islands.migrationInterval': { type: 'int', min: 2, max: 100 },
  'islands.migrants': { type: 'int', min: 1, max: 4 },
  'inspirations.topK': { type: 'int', min: 0, max: 6 },
  'inspirations.random': { type: 'int', min: 0, max: 4 },
  'archive.size': { type: 'int', min: 4, max: 200 },
  'operators.offline.numeric': { type: 'num', min: 0, max: 1 },
  'operators.offline.ast': { type: 'num', min: 0, max: 1 },
  'llm.mix.diff': { type: 'num', min: 0, max: 1 },
  'llm.mix.full': { type: 'num', min: 0, max: 1 },
  'llm.mix.cross': { type: 'num', min: 0, max: 1 },
  'novelty.threshold': { type: 'num', min: 0.5, max: 1 },
  'novelty.maxResamples': { type: 'int', min: 0, max: 8 },
  'lessons.every': { type: 'int', min: 0, max: 100 },
};

/** Paths named here are the invariants; they are reported as such when a variant touches them. */
export const PROTECTED_PREFIXES = [
  'budget',
  'sandbox',
  'judge',
  'holdout',
  'task',
  'execute',
  'models',
  'embedding',
  'seed',
  'concurrency',
  'llm.prompts',
  'llm.prices',
  'drift',
];

/** Prompts of the research loop, not of the search: an improver has nothing to gain from rewriting them. */
const NOT_SEARCH_PROMPTS = new Set(['study.md']);

/** The built-in prompt templates: the only prompt names an improver may carry. */
export function builtinPrompts(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(BUILTIN_PROMPTS).sort()) {
    if (f.endsWith('.md') && !NOT_SEARCH_PROMPTS.has(f)) out[f] = readFileSync(join(BUILTIN_PROMPTS, f), 'utf8');
  }
  return out;
}

/**
 * The engine's defaults for the whitelisted fields, read from the config schema (so that they cannot drift apart), in
 * {@link POLICY_FIELDS}' order: recorded improvers hold this object as JSON, and a resumed run's replay compares it.
 */
export const DEFAULT_POLICY: ImproverPolicy = policyOf(configSchema.parse({}));

/** The whitelisted fields of a run config, as a policy (a task's own settings, for a variant to be checked against). */
export function policyOf(config: KaizenConfig): ImproverPolicy {
  const policy: Record<string, unknown> = {};
  for (const path of Object.keys(POLICY_FIELDS)) setPath(policy, path, getPath(config, path));
  return policy as unknown as ImproverPolicy;
}

export function improverId(policy: ImproverPolicy, prompts: Record<string, string>): string {
  const sortedPrompts = Object.fromEntries(Object.entries(prompts).sort(([a], [b]) => a.localeCompare(b)));
  return sha256(JSON.stringify([canonicalPolicy(policy), sortedPrompts])).slice(0, 12);
}

/**
 * The default improver: the engine's current defaults and the built-in prompts, with `seed` (prompt templates by file
 * name, e.g. a run's evolved system prompt from `kaizen prompts --export`) in place of the built-in ones it names.
 */
export function defaultImprover(seed?: Record<string, string>): Improver {
  const prompts = { ...builtinPrompts(), ...(seed ?? {}) };
  return { id: improverId(DEFAULT_POLICY, prompts), parent: null, policy: structuredClone(DEFAULT_POLICY), prompts, origin: 'default' };
}

function canonicalPolicy(policy: ImproverPolicy): Record<string, unknown> {
  return Object.fromEntries(Object.keys(POLICY_FIELDS).map((p) => [p, getPath(policy, p)]));
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const k of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}

/** Leaf paths of a plain object (`a.b.c`). */
export function leafPaths(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return prefix ? [prefix] : [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(obj)) out.push(...leafPaths(v, prefix ? `${prefix}.${k}` : k));
  return out.length || !prefix ? out : [prefix];
}

export type Validation = { ok: true; improver: Improver } | { ok: false; reasons: string[]; forbidden: string[] };

/**
 * Checks a proposed variant (from a model, a file or a mutation) of `parent`: `changes.policy` may only set
 * whitelisted fields within range, `changes.prompts` only replace built-in template names; any other key
 * (a budget, the sandbox, a judge, the holdout, …) rejects the whole variant.
 */
export function validateVariant(parent: Improver, changes: unknown, origin: string): Validation {
  const reasons: string[] = [];
  const forbidden: string[] = [];
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return { ok: false, reasons: ['the variant is not an object'], forbidden };
  const c = changes as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!['policy', 'prompts', 'note'].includes(key)) {
      forbidden.push(key);
      reasons.push(`${key}: an improver may only change its policy and prompts`);
    }
  }
  const policy = structuredClone(parent.policy) as unknown as Record<string, unknown>;
  if (c.policy !== undefined) {
    for (const path of leafPaths(c.policy)) {
      const kind = POLICY_FIELDS[path];
      const value = getPath(c.policy, path);
      if (!kind) {
        forbidden.push(path);
        const protectedField = PROTECTED_PREFIXES.some((p) => path === p || path.startsWith(`${p}.`));
        reasons.push(`${path}: ${protectedField ? 'a protected setting (judges, holdout, budget and sandbox are invariants)' : 'not an improver setting'}`);
        continue;
      }
      if (kind.type === 'enum') {
        if (typeof value !== 'string' || !kind.values.includes(value)) reasons.push(`${path}: must be one of ${kind.values.join(', ')}`);
      } else if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        value < kind.min ||
        value > kind.max ||
        (kind.type === 'int' && !Number.isInteger(value))
      ) {
        reasons.push(`${path}: must be ${kind.type === 'int' ? 'an integer' : 'a number'} in [${kind.min}, ${kind.max}], got ${JSON.stringify(value)}`);
      }
      setPath(policy, path, value);
    }
  }
  const prompts = { ...parent.prompts };
  if (c.prompts !== undefined) {
    if (typeof c.prompts !== 'object' || c.prompts === null || Array.isArray(c.prompts)) reasons.push('prompts: must map template names to text');
    else {
      const known = new Set(Object.keys(builtinPrompts()));
      for (const [name, text] of Object.entries(c.prompts)) {
        if (!known.has(name)) {
          forbidden.push(`prompts.${name}`);
          reasons.push(`prompts.${name}: not a prompt template (${[...known].join(', ')})`);
        } else if (typeof text !== 'string' || text.trim() === '') reasons.push(`prompts.${name}: must be non-empty text`);
        else prompts[name] = text;
      }
    }
  }
  const p = policy as unknown as ImproverPolicy;
  if (p.operators.offline.numeric + p.operators.offline.ast <= 0) reasons.push('operators.offline: the weights must not all be zero');
  if (p.llm.mix.diff + p.llm.mix.full + p.llm.mix.cross <= 0) reasons.push('llm.mix: the weights must not all be zero');
  if (reasons.length) return { ok: false, reasons, forbidden };
  const note = typeof c.note === 'string' ? c.note.slice(0, 500) : undefined;
  return { ok: true, improver: { id: improverId(p, prompts), parent: parent.id, policy: p, prompts, origin, ...(note ? { note } : {}) } };
}

/** The run-config overrides an improver stands for (merged over a task's own config; `llm.prompts` set by the caller). */
export function policyConfig(improver: Improver): KaizenConfigInput {
  return structuredClone(improver.policy) as KaizenConfigInput;
}

/** Changed policy fields and prompt templates of `child` against `parent`. */
export function improverDiff(
  parent: Improver | null,
  child: Improver,
): { policy: { path: string; from: unknown; to: unknown }[]; prompts: { name: string; from: string; to: string }[] } {
  const policy: { path: string; from: unknown; to: unknown }[] = [];
  const prompts: { name: string; from: string; to: string }[] = [];
  if (!parent) return { policy, prompts };
  for (const path of Object.keys(POLICY_FIELDS)) {
    const from = getPath(parent.policy, path);
    const to = getPath(child.policy, path);
    if (JSON.stringify(from) !== JSON.stringify(to)) policy.push({ path, from, to });
  }
  for (const name of Object.keys(child.prompts).sort()) {
    if (parent.prompts[name] !== child.prompts[name]) prompts.push({ name, from: parent.prompts[name] ?? '', to: child.prompts[name]! });
  }
  return { policy, prompts };
}
