// Which improver settings can change an inner run, in the mode the inner runs are in. A mutation of a setting the
// engine does not read (`selection.alpha` under the `weighted` strategy, `novelty.*` with no model) can only produce
// the default's scores again, or, where inner runs are not reproducible, noise that looks like progress. Each rule
// below names the code that reads the setting.

import { configSchema } from '../config/config.ts';
import { offlineOperators } from '../operators/offline/index.ts';
import { getPath, type ImproverPolicy, POLICY_FIELDS } from './improver.ts';

/** What the inner runs are: what decides which settings they read. */
export interface SearchMode {
  /** Inner runs propose with models (else with the offline operators). */
  models: boolean;
  /** The training tasks' languages (which offline operators exist for them). */
  languages: readonly string[];
  /** Samples per inner run. */
  innerBudget: number;
  /** Evaluations in flight in an inner run. */
  concurrency: number;
}

const operatorNames = new Map<string, string[]>();

/** The offline operators a language gets (operators/offline/index.ts; weights do not matter here, only which apply). */
function offlineOperatorNames(language: string): string[] {
  const known = operatorNames.get(language);
  if (known) return known;
  const names = offlineOperators(configSchema.parse({}), language).map((o) => o.operator.name);
  operatorNames.set(language, names);
  return names;
}

/** Whether some training task's offline operators see inspirations (only the Redcode operator's crossover does). */
const offlineSeesInspirations = (mode: SearchMode) => mode.languages.some((l) => offlineOperatorNames(l).includes('redcode'));

/** Whether the offline operators' relative weights choose between two operators for some training task. */
const offlineWeightsMatter = (mode: SearchMode) =>
  mode.languages.some((l) => {
    const names = offlineOperatorNames(l);
    return names.includes('numeric') && names.includes('ast');
  });

type Rule = (policy: ImproverPolicy, mode: SearchMode) => string | null;

const needsModels =
  (what: string): Rule =>
  (_p, mode) =>
    mode.models ? null : `${what}; no model is configured`;

const inspirations: Rule = (_p, mode) =>
  mode.models || offlineSeesInspirations(mode) ? null : 'inspirations go into model prompts and the Redcode crossover only; no model is configured';

/** Why the engine does not read `path` under `policy` in `mode`, or null when it does. */
const RULES: Record<string, Rule> = {
  'selection.strategy': () => null,
  // population/selection.ts: lambda is read by `weighted`, alpha by `power-law`, nothing else reads either.
  'selection.lambda': (p) => (p.selection.strategy === 'weighted' ? null : `read by the weighted strategy only (this one is ${p.selection.strategy})`),
  'selection.alpha': (p) => (p.selection.strategy === 'power-law' ? null : `read by the power-law strategy only (this one is ${p.selection.strategy})`),
  'islands.count': () => null,
  // engine/loop.ts migrates every migrationInterval evaluations; population.ts plans no migration for one island.
  'islands.migrationInterval': (p) => (p.islands.count > 1 ? null : 'one island: nothing migrates'),
  'islands.migrants': (p, mode) =>
    p.islands.count <= 1
      ? 'one island: nothing migrates'
      : p.islands.migrationInterval >= mode.innerBudget
        ? `no migration happens within ${mode.innerBudget} samples (every ${p.islands.migrationInterval})`
        : null,
  // population.ts: inspirations feed the operator input; the numeric and AST operators ignore them. (topK and
  // archive.size still change how many draws the proposal's RNG spends shuffling the archive, which moves an offline
  // score the way another seed would: noise, not an effect.)
  'inspirations.topK': inspirations,
  'inspirations.random': inspirations,
  'archive.size': inspirations,
  // engine/propose.ts: with models only the LLM operators propose; offline weights choose between numeric and AST.
  'operators.offline.numeric': (_p, mode) => offlineRule(mode),
  'operators.offline.ast': (_p, mode) => offlineRule(mode),
  'llm.mix.diff': needsModels('the LLM operators are used with models only'),
  'llm.mix.full': needsModels('the LLM operators are used with models only'),
  'llm.mix.cross': needsModels('the LLM operators are used with models only'),
  // engine/screen.ts: the offline operators' edits are only embedded, never held to the threshold.
  'novelty.threshold': needsModels('the novelty threshold screens model edits only'),
  // engine/loop.ts: a rejected proposal re-drawn within its job is, one at a time, the very sample the loop draws next.
  'novelty.maxResamples': (_p, mode) => (mode.concurrency > 1 ? null : 'at concurrency 1 a re-sampled proposal is the sample the loop would draw next anyway'),
  // engine/lessons.ts: lessons go into model prompts; the offline operators never read them.
  'lessons.every': needsModels('lessons go into model prompts only'),
};

function offlineRule(mode: SearchMode): string | null {
  if (mode.models) return 'with models the offline operators are not used';
  return offlineWeightsMatter(mode) ? null : `no training task's language (${mode.languages.join(', ')}) has both the numeric and the AST operator`;
}

/**
 * Values the engine cannot tell apart in `mode` map to the same key: a migration interval or a lessons period no
 * shorter than the inner budget never fires (a period of 0 neither), and an archive no smaller than the budget holds
 * every program a run can make.
 */
function effectiveValue(path: string, value: unknown, mode: SearchMode): unknown {
  const n = Number(value);
  if (path === 'islands.migrationInterval') return n >= mode.innerBudget ? 'never' : n;
  if (path === 'lessons.every') return n === 0 || n >= mode.innerBudget ? 'never' : n;
  if (path === 'archive.size') return n >= mode.innerBudget ? 'all' : n;
  return value;
}

/** Why the engine ignores `path` under `policy` in `mode`, or null when it reads it. */
export function whyIneffective(path: string, policy: ImproverPolicy, mode: SearchMode): string | null {
  const rule = RULES[path];
  if (!rule) throw new Error(`no effect rule for the improver setting ${path}`);
  return rule(policy, mode);
}

/** The whitelisted settings the inner runs read under `policy` in `mode`: the only ones worth mutating. */
export function effectivePaths(policy: ImproverPolicy, mode: SearchMode): string[] {
  return Object.keys(POLICY_FIELDS).filter((p) => whyIneffective(p, policy, mode) === null);
}

export interface PolicyChange {
  path: string;
  from: unknown;
  to: unknown;
  /** Why the change cannot matter in this mode; absent when it can. */
  ineffective?: string;
}

/** The policy fields `child` changes against `parent`, each marked with why it cannot matter when it cannot. */
export function policyChanges(parent: ImproverPolicy, child: ImproverPolicy, mode: SearchMode): PolicyChange[] {
  const out: PolicyChange[] = [];
  for (const path of Object.keys(POLICY_FIELDS)) {
    const from = getPath(parent, path);
    const to = getPath(child, path);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    const unread = whyIneffective(path, child, mode);
    const same = unread === null && effectiveValue(path, from, mode) === effectiveValue(path, to, mode);
    const ineffective = unread ?? (same ? `${JSON.stringify(from)} and ${JSON.stringify(to)} act the same within ${mode.innerBudget} samples` : undefined);
    out.push({ path, from, to, ...(ineffective ? { ineffective } : {}) });
  }
  return out;
}
