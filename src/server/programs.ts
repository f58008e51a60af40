import { programPatch } from '../program/diff.ts';
import { programCases } from '../store/figures.ts';
import type { Run, Store } from '../store/store.ts';
import { maxEventId } from './live.ts';

/** A run's tree in compact columns (fast for thousands of programs): one array per field. */
export async function lineage(store: Store, run: Run) {
  // Read first: a live stream started `after` it misses no program recorded while the rows below are read.
  const lastEvent = await maxEventId(store, run.id);
  const rows = await store.read.tree(run.id);
  // The champion's path: from the best program up through its parents.
  const parent = new Map(rows.map((r) => [r.id, r.parent]));
  const champion: number[] = [];
  for (let id: number | null | undefined = run.best_program_id; id != null && champion.length < rows.length; id = parent.get(id)) champion.push(id);
  return {
    runId: run.id,
    lastEvent,
    bestProgramId: run.best_program_id,
    champion,
    id: rows.map((r) => r.id),
    parent: rows.map((r) => r.parent),
    island: rows.map((r) => r.island),
    operator: rows.map((r) => r.operator),
    status: rows.map((r) => (r.status === 'evaluated' && r.correct === 0 ? 'incorrect' : r.status)),
    score: rows.map((r) => r.score),
    sample: rows.map((r) => r.sample),
  };
}

const EXTENSIONS: Record<string, string> = {
  javascript: 'js',
  typescript: 'ts',
  python: 'py',
  redcode: 'red',
  c: 'c',
  cpp: 'cpp',
  rust: 'rs',
  go: 'go',
  agent: 'json',
};

/** A program's file extension after its language (`txt` for one without). */
export const programExtension = (language: string) => EXTENSIONS[language] ?? 'txt';

/** The name a program's one file goes by in its diff: `program.EXT` after its language. */
export const programFileName = (language: string) => `program.${programExtension(language)}`;

const json = (s: string | null) => (s ? (JSON.parse(s) as unknown) : null);

/**
 * One program in full: code, diff against its parent, metrics (public and private apart), feedback, prompt, reply;
 * for multi-case tasks its case results (public, and hidden ones with their seeds blanked) and the stage it reached.
 */
export async function programDetail(store: Store, id: number) {
  const p = await store.getProgram(id);
  if (!p) return undefined;
  const parent = p.parent_id !== null ? await store.getProgram(p.parent_id) : undefined;
  // An agent's code is its folder as JSON (path → text): its diff is the one recorded, file by file. Otherwise one
  // file changed in place: the same name on both sides (a diff viewer reads two names as a rename).
  const file = programFileName(p.language);
  const diff = p.language === 'agent' ? p.patch : parent ? programPatch(parent.code, p.code, { from: `a/${file}`, to: `b/${file}` }, 3) : p.patch;
  return {
    id: p.id,
    runId: p.run_id,
    sample: p.sample,
    parentId: p.parent_id,
    island: p.island,
    generation: p.generation,
    operator: p.operator,
    model: p.model,
    /** The prompt variant the proposal was written with (prompt evolution), else null. */
    promptVariant: p.prompt_variant_id,
    status: p.status,
    correct: p.correct,
    score: p.score,
    parentScore: parent?.score ?? null,
    language: p.language,
    code: p.code,
    diff,
    change: p.change,
    metrics: { public: json(p.public_json), private: json(p.private_json), features: json(p.features_json) },
    cases: programCases(p),
    feedback: p.feedback,
    failureClass: p.failure_class,
    error: p.error,
    prompt: p.prompt,
    reply: p.reply,
    stdout: p.stdout,
    stderr: p.stderr,
    cost: p.cost,
    usage: json(p.usage_json),
    timings: { proposeMs: p.propose_ms, evalMs: p.eval_ms, judgeMs: p.judge_ms, createdAt: p.created_at, evaluatedAt: p.evaluated_at },
  };
}
