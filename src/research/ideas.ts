// Ideas for studies from a model (`kaizen study --propose N --model SPEC TASK_DIR --out FOLDER`): the models are asked
// for N hypotheses about Kaizen's own search on one task (operators, selection, islands, inspirations, …), each as a
// study. The prompt (templates/prompts/study.md) shows the task, its current config and the whitelist of settings an
// arm may change; the reply, a JSON array, is parsed with zod, and a malformed reply is sent back once with what was
// wrong (a second malformed reply, or a failed call, counts as that model's failure).
//
// Each proposal is approved only if it passes the same whitelist `kaizen improve` holds improver variants to
// (improve/improver.ts: validateVariant over POLICY_FIELDS, its ranges, and the protected settings), and: at least two
// arms, the first the task's own config (the control, setting nothing else), every other arm changing something, no
// `models` in an arm unless the user allows them, and no seeds or samples (the command line's). The study is then built
// as the templates build theirs (seeds 0…N−1, the samples, best-score, paired by seed at 2 SE, every arm at
// `concurrency: 1`), written as FOLDER/NN-name.json (never over a file) and checked as `kaizen study` will check it; a
// person approves it by running it. Rejected proposals are listed with their reasons and added to FOLDER/rejected.json.

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { type LoadedTask, loadTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import { getPath, type Improver, leafPaths, POLICY_FIELDS, policyOf, validateVariant } from '../improve/improver.ts';
import type { ChatMessage, ChatModel, Usage } from '../models/types.ts';
import { baseVars, PromptSet } from '../operators/llm/prompts.ts';
import { loadStudy, studyPlanSchema } from './study.ts';
import type { StudyArm, StudyPlan } from './types.ts';

/** At most this many proposals per command: each is a study a person reads. */
export const MAX_PROPOSALS = 20;
const NAME_MAX = 60;
const THRESHOLD = 2;
const REJECTED_FILE = 'rejected.json';

// ── the reply ──────────────────────────────────────────────────────────────────────────────────────────

const armSchema = z.looseObject({ name: z.string(), config: z.record(z.string(), z.unknown()).nullish() });
const proposalSchema = z.looseObject({ question: z.string(), hypothesis: z.string(), name: z.string(), arms: z.array(armSchema) });
/** A reply: a JSON array of proposals. Unknown keys pass here and reject their proposal (with the key) later. */
export const proposalsSchema = z.array(proposalSchema).min(1, 'the array holds no proposal');
export type Proposal = z.infer<typeof proposalSchema>;

export const PROPOSAL_SHAPE =
  '[{"question": "…", "hypothesis": "…", "name": "short-name", "arms": [{"name": "control", "config": {}}, {"name": "…", "config": {"islands": {"count": 4}}}]}]';

/**
 * The JSON of a reply: a fenced ```json block, else the text from the first `[` to the last `]` (or from the first `{`
 * to the last `}` when an object comes first, so that a lone object is reported as such, not as its inner array).
 */
function jsonText(reply: string): string {
  const fenced = /```(?:json)?[ \t]*\n([\s\S]*?)\n?```/.exec(reply);
  if (fenced) return fenced[1]!;
  const array = reply.indexOf('[');
  const object = reply.indexOf('{');
  const [open, close] = object >= 0 && (array < 0 || object < array) ? [object, reply.lastIndexOf('}')] : [array, reply.lastIndexOf(']')];
  return open >= 0 && close > open ? reply.slice(open, close + 1) : reply;
}

/** Parses a model's reply into proposals, or says what is wrong with it. */
export function parseProposals(reply: string): { ok: true; proposals: Proposal[] } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(jsonText(reply));
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  const r = proposalsSchema.safeParse(data);
  if (r.success) return { ok: true, proposals: r.data };
  return { ok: false, error: r.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ') };
}

// ── the prompt ─────────────────────────────────────────────────────────────────────────────────────────

export interface IdeasSettings {
  /** Seeds 0 … seeds−1 of every study. */
  seeds: number;
  /** Samples per run. */
  samples: number;
  /** Whether an arm may name models (`--allow-models`). */
  allowModels: boolean;
}

/** The whitelist as prompt lines: each setting, its range and the task's current value. */
export function whitelistLines(loaded: LoadedTask): string {
  return Object.entries(POLICY_FIELDS)
    .map(([path, kind]) => {
      const range =
        kind.type === 'enum' ? `one of ${kind.values.join(', ')}` : `${kind.type === 'int' ? 'an integer' : 'a number'} in [${kind.min}, ${kind.max}]`;
      return `- ${path}: ${range} [${JSON.stringify(getPath(loaded.config, path))}]`;
    })
    .join('\n');
}

/** The message asking for `count` proposals on the task (rendered from the `study` prompt; a task's prompts folder may override it). */
export function ideasPrompt(loaded: LoadedTask, count: number, settings: IdeasSettings, prompts = new PromptSet(loaded.config.llm.prompts)): string {
  // The config as the task has it, but for the model entries (they may carry endpoints) and the price table.
  const { models, llm, ...rest } = loaded.config;
  const { prices: _prices, ...llmShown } = llm;
  const config = { ...rest, llm: llmShown, ...(models.length ? { models: `${models.length} configured (arms name their own)` } : {}) };
  return prompts.render('study', loaded.language, {
    ...baseVars({ name: taskName(loaded), description: loaded.task.description }, loaded.language, undefined),
    config: JSON.stringify(config, null, 2),
    whitelist: whitelistLines(loaded),
    allow_models: settings.allowModels,
    seeds: settings.seeds,
    samples: settings.samples,
    studies: count === 1 ? 'one study' : `${count} different studies`,
    shape: PROPOSAL_SHAPE,
  });
}

const taskName = (loaded: LoadedTask) => loaded.task.name || basename(loaded.dir);

// ── the checks ─────────────────────────────────────────────────────────────────────────────────────────

const PROPOSAL_KEYS = ['question', 'hypothesis', 'name', 'arms'];
const ARM_KEYS = ['name', 'config'];

/** What a proposal is checked against: the task, the settings, the arms' task path, the names already taken. */
export interface ProposalContext extends IdeasSettings {
  loaded: LoadedTask;
  /** The task folder as the arms name it, relative to the output folder. */
  task: string;
  /** Study names already used (by files in the folder, or earlier proposals), with their file. */
  taken: Map<string, string>;
}

/**
 * The study a proposal stands for, or every reason it is rejected: its keys, the improver whitelist over each arm's
 * config, the control, the models rule and the study schema. Does not load the task or write anything.
 */
export function checkProposal(p: Proposal, ctx: ProposalContext): { ok: true; plan: StudyPlan } | { ok: false; reasons: string[] } {
  const reasons: string[] = [];
  for (const key of Object.keys(p)) {
    if (PROPOSAL_KEYS.includes(key)) continue;
    if (key === 'seeds' || key === 'samples')
      reasons.push(`${key}: set on the command line (--${key} ${key === 'seeds' ? ctx.seeds : ctx.samples}); a proposal may not choose it`);
    else reasons.push(`${key}: not a proposal field (${PROPOSAL_KEYS.join(', ')}); kaizen sets the seeds, samples, metric and test`);
  }
  if (p.name.length > NAME_MAX) reasons.push(`name: at most ${NAME_MAX} characters (it names the file)`);
  const taken = ctx.taken.get(p.name);
  if (taken) reasons.push(`name: a study named ${p.name} is already in the folder (${taken})`);
  if (p.arms.length < 2) reasons.push("arms: at least two, the first the control (the task's own config)");
  const parent: Improver = { id: 'task', parent: null, policy: policyOf(ctx.loaded.config), prompts: {}, origin: 'task' };
  const arms: StudyArm[] = [];
  p.arms.forEach((arm, i) => {
    const where = `arm ${arm.name || `#${i + 1}`}${i === 0 ? ' (the control)' : ''}`;
    for (const key of Object.keys(arm)) {
      if (ARM_KEYS.includes(key)) continue;
      reasons.push(
        key === 'task' ? `${where}: task: every arm runs the task given on the command line` : `${where}: ${key}: not an arm field (${ARM_KEYS.join(', ')})`,
      );
    }
    const { models, ...config } = arm.config ?? {};
    if (models !== undefined && !ctx.allowModels) reasons.push(`${where}: models: an arm may not name models (pass --allow-models to allow it)`);
    const checked = validateVariant(parent, { policy: config }, 'study');
    if (!checked.ok) for (const r of checked.reasons) reasons.push(`${where}: ${r}`);
    const paths = leafPaths(arm.config ?? {});
    if (i === 0) {
      for (const path of paths) {
        const own = getPath(ctx.loaded.config, path);
        const value = getPath(arm.config, path);
        if (JSON.stringify(own) !== JSON.stringify(value))
          reasons.push(`${where}: ${path}: the control runs the task's own config (${JSON.stringify(own)}), not ${JSON.stringify(value)}`);
      }
    } else if (paths.every((path) => JSON.stringify(getPath(ctx.loaded.config, path)) === JSON.stringify(getPath(arm.config, path)))) {
      reasons.push(`${where}: changes nothing from the control`);
    }
    arms.push({ name: arm.name, task: ctx.task, config: { concurrency: 1, ...(arm.config ?? {}) } });
  });
  if (reasons.length) return { ok: false, reasons };
  const plan: StudyPlan = {
    name: p.name,
    question: p.question,
    hypothesis: p.hypothesis,
    arms,
    seeds: Array.from({ length: ctx.seeds }, (_, i) => i),
    samples: ctx.samples,
    metric: 'best-score',
    test: { kind: 'paired-by-seed', threshold: THRESHOLD },
  };
  const parsed = studyPlanSchema.safeParse(plan);
  if (!parsed.success) {
    return {
      ok: false,
      reasons: parsed.error.issues.map(
        (i) =>
          `${
            i.path
              .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
              .join('')
              .replace(/^\./, '') || '(top level)'
          }: ${i.message}`,
      ),
    };
  }
  return { ok: true, plan };
}

// ── asking ─────────────────────────────────────────────────────────────────────────────────────────────

/** One model's part: how many proposals it was asked for and what its calls cost. */
export interface ModelAsk {
  model: string;
  ok: boolean;
  asked: number;
  /** Proposals in its reply (those beyond `asked` are not considered). */
  received: number;
  /** Calls made: 1, or 2 when the first reply was malformed. */
  attempts: number;
  /** Why the model gave no proposals: the parse error of the last reply, or the call's error. */
  error?: string;
  cost: number;
  /** False when a call's model has no price (its cost counts as 0). */
  priced: boolean;
  usage: Usage;
}

export interface ProposalVerdict {
  model: string;
  name: string;
  question: string;
  hypothesis: string;
  approved: boolean;
  /** The study file written (approved), absolute. */
  file?: string;
  plan?: StudyPlan;
  reasons?: string[];
  /** The proposal as the model wrote it (rejected ones). */
  proposal?: Proposal;
}

export interface Proposals {
  task: string;
  out: string;
  seeds: number[];
  samples: number;
  asked: number;
  models: ModelAsk[];
  proposals: ProposalVerdict[];
  approved: number;
  rejected: number;
  /** FOLDER/rejected.json when this command added to it. */
  rejectedFile: string | null;
  /** False when no model gave a usable reply (then nothing was written). */
  ok: boolean;
  cost: number;
  priced: boolean;
  calls: number;
}

export interface ProposeOptions extends IdeasSettings {
  taskDir: string;
  /** The folder the study files go to (created when the first is written). */
  out: string;
  count: number;
  models: readonly ChatModel[];
  /** Overrides the task's prompt folder (tests). */
  prompts?: PromptSet;
}

const temperature = 0.7;

async function askModel(model: ChatModel, messages: ChatMessage[], asked: number): Promise<{ ask: ModelAsk; proposals: Proposal[] }> {
  const ask: ModelAsk = {
    model: model.spec.id,
    ok: false,
    asked,
    received: 0,
    attempts: 0,
    cost: 0,
    priced: true,
    usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
  };
  let conversation = messages;
  for (let attempt = 1; attempt <= 2; attempt++) {
    ask.attempts = attempt;
    let text: string;
    try {
      const r = await model.chat({ messages: conversation, temperature });
      ask.cost += r.cost;
      ask.priced &&= r.priced;
      ask.usage.inputTokens += r.usage.inputTokens;
      ask.usage.outputTokens += r.usage.outputTokens;
      ask.usage.cachedInputTokens += r.usage.cachedInputTokens;
      text = r.text;
      if (r.finishReason === 'length') text = `${text}\n(cut at the model's token limit)`;
    } catch (e) {
      ask.error = `the call failed: ${(e as Error).message}`;
      return { ask, proposals: [] };
    }
    const parsed = parseProposals(text);
    if (parsed.ok) {
      ask.ok = true;
      ask.received = parsed.proposals.length;
      delete ask.error;
      return { ask, proposals: parsed.proposals.slice(0, asked) };
    }
    ask.error = `malformed reply: ${parsed.error}`;
    conversation = [
      ...messages,
      { role: 'assistant', content: text },
      { role: 'user', content: `Your reply could not be used (${parsed.error}). Reply with the JSON array only, in this shape: ${PROPOSAL_SHAPE}` },
    ];
  }
  return { ask, proposals: [] };
}

/** Study files already in the folder (`NN-name.json`): their highest number and their names. */
function existingStudies(dir: string): { last: number; taken: Map<string, string> } {
  const taken = new Map<string, string>();
  let last = 0;
  if (!existsSync(dir)) return { last, taken };
  for (const f of readdirSync(dir).sort()) {
    const m = /^(\d+)-(.+)\.json$/.exec(f);
    if (!m) continue;
    last = Math.max(last, Number(m[1]));
    taken.set(m[2]!, f);
  }
  return { last, taken };
}

function readRejected(file: string): unknown[] {
  if (!existsSync(file)) return [];
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KaizenError(`${file} is not valid JSON (${(e as Error).message}); move it away or fix it`);
  }
  if (!Array.isArray(data)) throw new KaizenError(`${file} is not a JSON array; move it away or fix it`);
  return data;
}

/** `NN`: two digits at least. */
const numbered = (n: number, name: string) => `${String(n).padStart(2, '0')}-${name}.json`;

/** The text a study file holds: two-space JSON, the seeds on one line (as the templates write it). */
const studyText = (plan: StudyPlan) => `${JSON.stringify(plan, null, 2).replace(/"seeds": \[[^\]]*\]/, `"seeds": [${plan.seeds.join(', ')}]`)}\n`;

/** N split over the models as evenly as possible, the earlier ones taking the remainder. */
export function shares(count: number, models: number): number[] {
  return Array.from({ length: models }, (_, i) => Math.floor(count / models) + (i < count % models ? 1 : 0));
}

/**
 * Asks the models for `count` proposals in all (split between them, asked concurrently), checks each, writes the approved
 * ones as FOLDER/NN-name.json (numbered after the folder's existing files, never over one, each checked by
 * `loadStudy` as written) and adds the rejected ones to FOLDER/rejected.json. When no model gives a usable reply,
 * nothing is written.
 */
export async function proposeStudies(opts: ProposeOptions): Promise<Proposals> {
  if (!Number.isInteger(opts.count) || opts.count < 1 || opts.count > MAX_PROPOSALS)
    throw new KaizenError(`--propose must be an integer in [1, ${MAX_PROPOSALS}], got ${opts.count}`);
  if (!Number.isInteger(opts.seeds) || opts.seeds < 2)
    throw new KaizenError(`--seeds must be an integer ≥ 2 (the paired test needs a spread), got ${opts.seeds}`);
  if (!Number.isInteger(opts.samples) || opts.samples < 1) throw new KaizenError(`--samples must be a positive integer, got ${opts.samples}`);
  if (opts.models.length === 0) throw new KaizenError('--propose needs a model to ask: --model SPEC (repeatable)');
  const out = resolve(opts.out);
  if (out.toLowerCase().endsWith('.json')) throw new KaizenError(`--out names the folder the study files go to, not a file: "${opts.out}"`);
  if (existsSync(out) && !statSync(out).isDirectory()) throw new KaizenError(`${opts.out} exists and is not a folder`);
  const rejectedFile = join(out, REJECTED_FILE);
  const previousRejected = readRejected(rejectedFile);
  const loaded = await loadTask(opts.taskDir);
  let task = relative(out, loaded.dir).split(sep).join('/');
  if (!task.startsWith('.')) task = `./${task}`;

  const settings: IdeasSettings = { seeds: opts.seeds, samples: opts.samples, allowModels: opts.allowModels };
  const prompts = opts.prompts ?? new PromptSet(loaded.config.llm.prompts);
  const askedFor = shares(opts.count, opts.models.length);
  const answers = await Promise.all(
    opts.models.flatMap((model, i) =>
      askedFor[i]! > 0 ? [askModel(model, [{ role: 'user', content: ideasPrompt(loaded, askedFor[i]!, settings, prompts) }], askedFor[i]!)] : [],
    ),
  );

  const { last, taken } = existingStudies(out);
  let next = last + 1;
  const verdicts: ProposalVerdict[] = [];
  for (const { ask, proposals } of answers) {
    for (const p of proposals) {
      const base = { model: ask.model, name: p.name, question: p.question, hypothesis: p.hypothesis };
      const checked = checkProposal(p, { ...settings, loaded, task, taken });
      if (!checked.ok) {
        verdicts.push({ ...base, approved: false, reasons: checked.reasons, proposal: p });
        continue;
      }
      const name = numbered(next, checked.plan.name);
      const file = join(out, name);
      mkdirSync(out, { recursive: true });
      try {
        writeFileSync(file, studyText(checked.plan), { flag: 'wx' }); // never over a file
      } catch (e) {
        verdicts.push({ ...base, approved: false, reasons: [`${name}: cannot be written: ${(e as Error).message}`], proposal: p });
        continue;
      }
      try {
        await loadStudy(file); // what `kaizen study` will check, on the file as written
      } catch (e) {
        rmSync(file, { force: true });
        const message = (e as Error).message.split(`${file}: `).join('').split(file).join(name);
        verdicts.push({ ...base, approved: false, reasons: [message], proposal: p });
        continue;
      }
      taken.set(checked.plan.name, name);
      next++;
      verdicts.push({ ...base, approved: true, file, plan: checked.plan });
    }
  }

  const rejected = verdicts.filter((v) => !v.approved);
  let writtenRejected: string | null = null;
  if (rejected.length) {
    mkdirSync(out, { recursive: true });
    const at = new Date().toISOString();
    const entries = rejected.map((v) => ({ at, model: v.model, name: v.name, reasons: v.reasons, proposal: v.proposal }));
    writeFileSync(rejectedFile, `${JSON.stringify([...previousRejected, ...entries], null, 2)}\n`);
    writtenRejected = rejectedFile;
  }
  const models = answers.map((a) => a.ask);
  return {
    task: loaded.dir,
    out,
    seeds: Array.from({ length: opts.seeds }, (_, i) => i),
    samples: opts.samples,
    asked: opts.count,
    models,
    proposals: verdicts,
    approved: verdicts.length - rejected.length,
    rejected: rejected.length,
    rejectedFile: writtenRejected,
    ok: models.some((m) => m.ok),
    cost: models.reduce((s, m) => s + m.cost, 0),
    priced: models.every((m) => m.priced),
    calls: models.reduce((s, m) => s + m.attempts, 0),
  };
}

/** `$0.001234`, or `$0 (unpriced)` when a model has no price. */
export function formatCost(cost: number, priced: boolean): string {
  const usd = cost === 0 ? '$0' : `$${cost < 0.01 ? cost.toPrecision(3) : cost.toFixed(4)}`;
  return priced ? usd : `${usd} (some calls unpriced, counted as 0)`;
}

/** The command's text output: each model's part, each proposal's verdict, where the files went, the cost. */
export function formatProposals(r: Proposals, outArg: string): string {
  const rel = (file: string) => join(outArg, basename(file));
  const lines: string[] = [];
  for (const m of r.models) {
    const calls = `${m.attempts} call${m.attempts === 1 ? '' : 's'}, ${formatCost(m.cost, m.priced)}`;
    if (!m.ok) lines.push(`${m.model}: asked for ${m.asked}, no usable reply (${calls}): ${m.error}`);
    else {
      const extra = m.received > m.asked ? `; ${m.received - m.asked} beyond those asked for not considered` : '';
      lines.push(`${m.model}: asked for ${m.asked}, proposed ${Math.min(m.received, m.asked)} (${calls}${extra})`);
    }
  }
  for (const v of r.proposals) {
    if (v.approved) lines.push(`  approved  ${rel(v.file!)}: ${v.question}`);
    else {
      lines.push(`  rejected  ${v.name}: ${v.question}`);
      for (const reason of v.reasons ?? []) lines.push(`            - ${reason}`);
    }
  }
  lines.push('');
  if (!r.ok) lines.push('No model gave a usable reply; nothing was written.');
  else {
    lines.push(
      `${r.approved} approved, ${r.rejected} rejected${r.rejectedFile ? ` (listed in ${rel(r.rejectedFile)})` : ''}; ` +
        `seeds ${r.seeds.join(', ')}, ${r.samples} samples per run.`,
    );
    const first = r.proposals.find((v) => v.approved);
    if (first) lines.push(`Read each study file; run the ones you approve: kaizen study ${rel(first.file!)}`);
  }
  lines.push(`Cost: ${formatCost(r.cost, r.priced)} (${r.calls} call${r.calls === 1 ? '' : 's'}).`);
  return `${lines.join('\n')}\n`;
}
