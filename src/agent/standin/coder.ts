// The stand-in coder: a scripted model for offline runs, answering an agent's conversation with tool calls. It is a
// competent but limited coder, so that what the agent lets it see and do decides what it solves:
//  - it knows each benchmark task's fix (the reference patch), as exact search/replace edits, but it edits only
//    text it has seen in a tool result (numbered lines from a view tool): a view that cuts a long file short hides
//    the fix, unless the view tool takes a line range (it uses one when offered);
//  - its first draft of a fix in several regions leaves out the last one (and, at a seeded rate, a one-region draft
//    is left out entirely); only test output showing a failure makes it finish the fix. It runs the public tests
//    when the agent has a test tool or its prompt tells it to run them before submitting;
//  - asked to improve an agent's own code, it reads the agent's settings, prompt and tools, and makes one of the
//    offline self-edits (operators.ts) those files allow, preferring one that addresses the diagnosis.
// Every choice is a function of the conversation and the request's seed, so runs are reproducible.
import { structuredPatch } from 'diff';
import { fnv1a } from '../../util/hash.ts';
import { Rng } from '../../util/rng.ts';
import { type CodingTask, publicTestLine, taskFiles } from '../benchmark.ts';
import { scrubWorkspace } from '../diagnose.ts';
import { TEST_RUN_OUTPUT } from '../harness.ts';
import { diagnosisTags, type FileEdit, type SeenFiles, selfEdits } from '../operators.ts';
import type { Policy, WireMessage, WireReply, WireRequest } from '../../models/wire-server.ts';

/** The phrase of the self-edit assignment (templates/agent/self-edit.md) that tells the coder what it is asked. */
export const SELF_EDIT_MARKER = 'You are improving a coding agent';

/** Share of one-region tasks whose first draft the coder leaves out (per task and seed). */
export const DRAFT_SLIP = 0.15;

interface TaskPlan {
  task: CodingTask;
  /** The fix as exact edits, in file and line order, with the original lines each one needs seen. */
  edits: (FileEdit & { lines: number[] })[];
  tests: string;
}

/** The reference patch as search/replace edits that each match once in the original file. */
export function planEdits(task: CodingTask): TaskPlan['edits'] {
  const repo = taskFiles(task, 'repo');
  const reference = taskFiles(task, 'reference');
  const edits: TaskPlan['edits'] = [];
  for (const path of Object.keys(reference).sort()) {
    const before = repo[path];
    const after = reference[path];
    if (before === after) continue;
    if (before === undefined) {
      edits.push({ path, old: '', new: after, lines: [] });
      continue;
    }
    const lines = before.split('\n');
    const patch = structuredPatch(path, path, before, after, '', '', { context: 0 });
    for (const h of patch.hunks) {
      const added = h.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1));
      const s = h.oldStart - 1; // first removed line, or where lines are inserted (before this index)
      const e = s + h.oldLines;
      let lo = s;
      let hi = e;
      // Whole lines with their line ends, so that a deletion takes its lines' breaks with it.
      const block = (ls: string[]) => (ls.length === 0 ? '' : ls.join('\n') + (hi < lines.length ? '\n' : ''));
      const oldText = () => block(lines.slice(lo, hi));
      const unique = () => {
        const t = oldText();
        return t.trim() !== '' && before.indexOf(t) === before.lastIndexOf(t);
      };
      for (let step = 0; !unique() && (lo > 0 || hi < lines.length); step++) {
        if (step % 2 === 0 && hi < lines.length) hi++;
        else if (lo > 0) lo--;
        else hi++;
      }
      const replacement = block([...lines.slice(lo, s), ...added, ...lines.slice(e, hi)]);
      edits.push({ path, old: oldText(), new: replacement, lines: Array.from({ length: hi - lo }, (_, i) => lo + i + 1) });
    }
  }
  return edits;
}

interface ToolNames {
  view?: string;
  range?: [string, string];
  edit?: string;
  run?: string;
  test?: string;
  submit?: string;
}

function toolNames(tools: WireRequest['tools']): ToolNames {
  const names: ToolNames = {};
  const props = (t: WireRequest['tools'][number]) => Object.keys(((t.parameters as { properties?: object }).properties ?? {}) as object);
  for (const t of tools) {
    const p = props(t);
    if (/test/i.test(t.name)) names.test ??= t.name;
    else if (/view|read|open|show/i.test(t.name) && p.includes('path')) {
      names.view ??= t.name;
      const params = (t.parameters as { properties?: Record<string, { type?: string }> }).properties ?? {};
      const ints = Object.entries(params)
        .filter(([, v]) => v?.type === 'integer' || v?.type === 'number')
        .map(([k]) => k);
      const from = ints.find((k) => /start|from|first|begin/i.test(k));
      const to = ints.find((k) => /end|to|last|stop/i.test(k));
      if (from && to) names.range = [from, to];
    } else if (/edit|replace|write/i.test(t.name)) names.edit ??= t.name;
    else if (/run|bash|shell|exec/i.test(t.name) && p.includes('command')) names.run ??= t.name;
    else if (/submit|finish|done/i.test(t.name)) names.submit ??= t.name;
  }
  return names;
}

interface Seen {
  /** Line number → text, per path, from numbered view output. */
  lines: Map<string, Map<number, string>>;
  /** Total lines per path, when a view said so (or showed the end). */
  totals: Map<string, number>;
  /** View calls made (path and range), to avoid asking twice. */
  views: Set<string>;
  /** Edits that went through (path + old). */
  applied: Set<string>;
  /** Edits tried, by key, with their failures. */
  failed: Map<string, number>;
  /** Index of the last successful edit and of the last test output, and whether that output failed. */
  lastEdit: number;
  lastTest: number;
  lastTestFailed: boolean;
  anyTestFailed: boolean;
}

/** A prompt line telling the model to run the tests before it submits (either order). */
const TEST_FIRST = /^.*(\bbefore\b.*\bsubmit.*\brun\b.*\btests?\b|\brun\b.*\btests?\b.*\bbefore\b.*\bsubmit).*$/im;
const TEST_FAILED = /^(?:ℹ|#) fail [1-9]|^FAILED \(|^not ok|\[exit code [1-9]/m;

function parseArgs(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const editKey = (path: string, old: string) => `${path}\u0000${old}`;

function analyse(messages: WireMessage[], names: ToolNames): Seen {
  const seen: Seen = {
    lines: new Map(),
    totals: new Map(),
    views: new Set(),
    applied: new Set(),
    failed: new Map(),
    lastEdit: -1,
    lastTest: -1,
    lastTestFailed: false,
    anyTestFailed: false,
  };
  const calls = new Map<string, { name: string; args: Record<string, unknown> }>();
  messages.forEach((m, index) => {
    for (const c of m.toolCalls ?? []) calls.set(c.id, { name: c.name, args: parseArgs(c.arguments) });
    if (m.role !== 'tool' || !m.toolCallId) return;
    const call = calls.get(m.toolCallId);
    if (!call) return;
    const path = typeof call.args.path === 'string' ? call.args.path.replace(/^\.\//, '') : '';
    if (call.name === names.view && path) {
      seen.views.add(`${path}:${String(call.args[names.range?.[0] ?? ''] ?? '')}`);
      const map = seen.lines.get(path) ?? new Map<number, string>();
      let last = 0;
      for (const line of m.content.split('\n')) {
        const match = /^\s*(\d+) {2}(.*)$/.exec(line) ?? /^\s*(\d+)$/.exec(line);
        if (!match) continue;
        last = Number(match[1]);
        map.set(last, match[2] ?? '');
      }
      seen.lines.set(path, map);
      const more = /\[\.\.\. (\d+) more lines/.exec(m.content);
      if (last > 0) seen.totals.set(path, last + (more ? Number(more[1]) : 0));
    } else if (call.name === names.edit && path) {
      const key = editKey(path, String(call.args.old ?? ''));
      if (/^error/i.test(m.content.trim())) seen.failed.set(key, (seen.failed.get(key) ?? 0) + 1);
      else {
        seen.applied.add(key);
        seen.lastEdit = index;
      }
    }
    if (TEST_RUN_OUTPUT.test(m.content)) {
      seen.lastTest = index;
      seen.lastTestFailed = TEST_FAILED.test(m.content);
      if (seen.lastTestFailed) seen.anyTestFailed = true;
    }
  });
  return seen;
}

/** Whether every line of an edit's original text was seen in a view of its file. */
function sawEdit(seen: Seen, edit: TaskPlan['edits'][number]): boolean {
  const map = seen.lines.get(edit.path);
  return edit.lines.every((n) => map?.has(n));
}

function call(name: string | undefined, args: Record<string, unknown>): WireReply {
  if (!name) return { text: 'I would need a tool for that, and none is offered.' };
  return { toolCalls: [{ name, arguments: args }] };
}

function solveStep(plan: TaskPlan, request: WireRequest): WireReply {
  const names = toolNames(request.tools);
  const seen = analyse(request.messages, names);
  const prompt = request.messages
    .filter((m) => m.role === 'system' || m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  const testing = names.test !== undefined || TEST_FIRST.test(prompt);
  const rng = new Rng(request.seed, fnv1a(plan.task.id));
  const slip = rng.next() < DRAFT_SLIP;
  const edits = plan.edits;
  const draft = edits.length >= 2 ? edits.slice(0, -1) : slip ? [] : edits;
  const target = seen.anyTestFailed ? edits : draft;
  // 1. Read each file it will change, once (a range around the first edit when the view tool takes one).
  for (const edit of edits) {
    if (edit.old === '' || seen.lines.has(edit.path)) continue;
    if (names.range) {
      const from = Math.max(1, edit.lines[0] - 5);
      return call(names.view, { path: edit.path, [names.range[0]]: from, [names.range[1]]: edit.lines.at(-1)! + 5 });
    }
    return call(names.view, { path: edit.path });
  }
  // 2. Make the edits it means to make now, reading the lines it has not seen when the view tool allows.
  for (const edit of target) {
    const key = editKey(edit.path, edit.old);
    if (seen.applied.has(key) || (seen.failed.get(key) ?? 0) >= 2) continue;
    if (edit.old === '' || sawEdit(seen, edit)) return call(names.edit, { path: edit.path, old: edit.old, new: edit.new });
    if (names.range) {
      const from = Math.max(1, edit.lines[0] - 5);
      if (!seen.views.has(`${edit.path}:${from}`))
        return call(names.view, { path: edit.path, [names.range[0]]: from, [names.range[1]]: edit.lines.at(-1)! + 5 });
    }
  }
  // 3. Test (once, and again after each edit), when it tests at all; a failure sends it back to step 2 with the
  //    whole fix.
  if (testing && (seen.lastTest < 0 || seen.lastTest < seen.lastEdit)) {
    if (names.test) return call(names.test, {});
    if (names.run) return call(names.run, { command: plan.tests });
  }
  return call(names.submit, {});
}

/** The files an agent's folder holds, as listed in the self-edit assignment (lines "- path"). */
function listedFiles(prompt: string): string[] {
  return [...prompt.matchAll(/^- `?([\w./-]+)`?$/gm)].map((m) => m[1]);
}

function selfEditStep(request: WireRequest): WireReply {
  const names = toolNames(request.tools);
  const seen = analyse(request.messages, names);
  const prompt = request.messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  const files = listedFiles(prompt);
  // Read the settings, the system prompt and the tools (in that order), the whole of each as far as the tools allow.
  for (const path of ['settings.json', 'prompts/system.md', 'tools.ts'].filter((p) => files.includes(p))) {
    const lines = seen.lines.get(path);
    if (!lines) return call(names.view, { path });
    const total = seen.totals.get(path);
    const next = total === undefined ? undefined : Array.from({ length: total }, (_, i) => i + 1).find((n) => !lines.has(n));
    if (next !== undefined && names.range && !seen.views.has(`${path}:${next}`)) {
      return call(names.view, { path, [names.range[0]]: next, [names.range[1]]: next + 199 });
    }
  }
  const known: SeenFiles = new Map();
  for (const [path, lines] of seen.lines) {
    const total = seen.totals.get(path);
    const complete = total !== undefined && Array.from({ length: total }, (_, i) => i + 1).every((n) => lines.has(n));
    known.set(path, complete ? Array.from({ length: total }, (_, i) => lines.get(i + 1)).join('\n') : null);
  }
  const candidates = selfEdits(known);
  if (candidates.length === 0) return call(names.submit, {});
  const diagnosis = prompt;
  // Seeded by the diagnosis without its numbers (test durations vary from run to run; the choice should not) and
  // without the harness's random workspace paths (a model's diagnosis may quote them).
  const rng = new Rng(request.seed, fnv1a(scrubWorkspace(diagnosis).replace(/\d+(\.\d+)?/g, '#')));
  const tags = diagnosisTags(diagnosis);
  const fitting = candidates.filter((c) => c.tags.some((t) => tags.includes(t)));
  // A kind of change first (an operator), then its details: a setting with four variants is not four times as likely.
  const pickEdit = (pool: typeof candidates) => {
    const kind = rng.pick([...new Set(pool.map((c) => c.operator))]);
    return rng.pick(pool.filter((c) => c.operator === kind));
  };
  const choice = fitting.length > 0 && rng.next() < 0.6 ? pickEdit(fitting) : pickEdit(candidates);
  for (const edit of choice.edits) {
    const key = editKey(edit.path, edit.old);
    if (seen.applied.has(key) || (seen.failed.get(key) ?? 0) >= 1) continue;
    return { text: choice.note, toolCalls: [{ name: names.edit ?? 'edit', arguments: { path: edit.path, old: edit.old, new: edit.new } }] };
  }
  return call(names.submit, {});
}

/** The stand-in coder over a benchmark's tasks (it knows their fixes; the agent does not). */
export function createCoder(tasks: readonly CodingTask[]): Policy {
  const plans = new Map<string, TaskPlan>();
  const planFor = (task: CodingTask) => {
    let plan = plans.get(task.id);
    if (!plan) {
      plan = { task, edits: planEdits(task), tests: publicTestLine(task) };
      plans.set(task.id, plan);
    }
    return plan;
  };
  return (request) => {
    const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
    if (user.includes(SELF_EDIT_MARKER)) return selfEditStep(request);
    const task = tasks.find((t) => user.includes(t.issue));
    if (!task) return { text: 'I do not recognise this task; I can only help with the benchmark tasks.' };
    return solveStep(planFor(task), request);
  };
}
