import { createHash } from 'node:crypto';
import type { CaseScore, CasesSpec } from '../config/task.ts';
import type { CommandRequest, FailureClass, Sandbox } from '../sandbox/types.ts';
import { type CaseInputs, type CaseRef, type CaseSetName, caseLabel } from './case-set.ts';

/** How one case ended: scored (`ok`, `wrong-answer`), stopped by the sandbox (`time-limit`, `crash`, …) or a broken scorer. */
export type CaseVerdict = CaseScore['verdict'] | FailureClass | 'judge-error';

/** One case's result, as stored with the program (`programs.cases_json`, `programs.hidden_json`). */
export interface CaseResult {
  set: CaseSetName;
  case: number;
  seed: number | null;
  file: string | null;
  /** The case's instance family, for tasks that declare families (absent otherwise). */
  family?: string;
  /** 0 unless the verdict is `ok`. */
  score: number;
  verdict: CaseVerdict;
  /** CPU time of the solver's whole process tree, when measured. */
  cpuMs: number | null;
  wallMs: number;
  /** sha256 of the answer the solver printed; the answer itself is kept in the store's outputs, by digest. */
  digest: string | null;
  feedback: string | null;
}

/** A cascade stage with its cumulative case count resolved. */
export interface ResolvedStage {
  cases: number;
  advance?: { threshold?: number; topFraction?: number };
}

export interface CasesOutcome {
  results: CaseResult[];
  /** Answers by digest, to store. */
  outputs: Map<string, string>;
  /** The stage reached (1-based) and how many there are. */
  stage: number;
  stages: number;
  /** Sandbox failures (error and stderr) of the cases that failed, for the violation check. */
  failures: { failure: FailureClass; error: string; stderr: string }[];
  /** A compile error stops the run at the first case. */
  compileError: string | null;
  judgeError: string | null;
}

export function resolveStages(spec: CasesSpec, total: number): ResolvedStage[] {
  const stages = spec.stages ?? [{}];
  const resolved: ResolvedStage[] = [];
  for (const [i, s] of stages.entries()) {
    const last = i === stages.length - 1;
    const cases = Math.min(total, last ? (s.cases ?? total) : (s.cases ?? total));
    if (resolved.length && cases <= resolved[resolved.length - 1].cases) continue;
    resolved.push({ cases, ...(s.advance && !last ? { advance: s.advance } : {}) });
    if (cases === total) break;
  }
  if (resolved.length === 0) resolved.push({ cases: total });
  return resolved;
}

/** Whether a candidate goes on after `stage` (0-based) given its mean case score so far. */
export type Qualifies = (stage: number, mean: number) => boolean;

export interface CaseRunnerParts {
  sandbox: Sandbox;
  spec: CasesSpec;
  inputs: CaseInputs;
  /** The request of one case, stdin aside. */
  request: CommandRequest;
}

/** Runs one case in the sandbox and scores its answer with the task's trusted scorer. */
export async function runCase(
  parts: CaseRunnerParts,
  ref: CaseRef,
): Promise<{ result: CaseResult; output: string | null; failure?: CasesOutcome['failures'][number] }> {
  // Only the input goes to the sandbox; the key stays here, with the scorer.
  const { input, key } = parts.inputs.case(ref);
  const sandboxed = await parts.sandbox.run({ ...parts.request, stdin: input });
  const base = {
    set: ref.set,
    case: ref.index,
    seed: ref.seed,
    file: ref.file,
    ...(ref.family !== null ? { family: ref.family } : {}),
    cpuMs: sandboxed.cpuMs ?? null,
    wallMs: Math.round(sandboxed.durationMs),
  };
  if (!sandboxed.ok || typeof sandboxed.output !== 'string') {
    const failure = sandboxed.failure ?? 'invalid-output';
    const error = sandboxed.error ?? 'no answer';
    return {
      result: { ...base, score: 0, verdict: failure, digest: null, feedback: clip(error, 2000) },
      output: null,
      failure: { failure, error, stderr: sandboxed.stderr },
    };
  }
  const output = sandboxed.output;
  const digest = sha256(output);
  const scored = scoreCase(parts.spec, input, output, key);
  return { result: { ...base, ...scored, digest }, output };
}

/** The scorer's verdict on one answer; a scorer that throws or answers nonsense is a judge error (trusted code broke). */
export function scoreCase(spec: CasesSpec, input: string, output: string, key?: unknown): Pick<CaseResult, 'score' | 'verdict' | 'feedback'> {
  let scored: CaseScore;
  try {
    scored = key === undefined ? spec.score(input, output) : spec.score(input, output, key);
  } catch (e) {
    return { score: 0, verdict: 'judge-error', feedback: `the scorer threw: ${(e as Error)?.message ?? String(e)}` };
  }
  if (!scored || (scored.verdict !== 'ok' && scored.verdict !== 'wrong-answer') || !Number.isFinite(scored.score)) {
    return { score: 0, verdict: 'judge-error', feedback: `the scorer returned an invalid result: ${clip(JSON.stringify(scored) ?? String(scored), 200)}` };
  }
  const feedback = scored.feedback ? clip(scored.feedback, 500) : null;
  return scored.verdict === 'ok' ? { score: scored.score, verdict: 'ok', feedback } : { score: 0, verdict: 'wrong-answer', feedback };
}

/**
 * Runs the cases stage by stage (cases one after another, so a solver has the CPU it is timed on): after each stage
 * but the last, the candidate goes on only if `qualifies`. A compile error or a broken scorer stops at once.
 */
export async function runStaged(parts: CaseRunnerParts, refs: CaseRef[], stages: ResolvedStage[], qualifies: Qualifies): Promise<CasesOutcome> {
  const outcome: CasesOutcome = { results: [], outputs: new Map(), stage: 0, stages: stages.length, failures: [], compileError: null, judgeError: null };
  let next = 0;
  for (const [s, stage] of stages.entries()) {
    outcome.stage = s + 1;
    for (; next < stage.cases && next < refs.length; next++) {
      const { result, output, failure } = await runCase(parts, refs[next]);
      outcome.results.push(result);
      if (output !== null && result.digest) outcome.outputs.set(result.digest, output);
      if (failure && outcome.failures.length < 5) outcome.failures.push(failure);
      if (result.verdict === 'compile-error') {
        outcome.compileError = result.feedback;
        return outcome;
      }
      if (result.verdict === 'judge-error') {
        outcome.judgeError = `${caseLabel(refs[next])}: ${result.feedback}`;
        return outcome;
      }
    }
    if (s < stages.length - 1 && !qualifies(s, meanScore(outcome.results))) break;
  }
  return outcome;
}

export function meanScore(results: readonly Pick<CaseResult, 'score'>[]): number {
  return results.length === 0 ? 0 : results.reduce((sum, r) => sum + r.score, 0) / results.length;
}

/**
 * The program's score from its cases: their sum or mean. A candidate stopped early is estimated on the cases it did
 * not run from a `reference` that ran them all (its parent, or a full program of its island), scaled by how the two
 * compare on the cases both ran: early cases may be easier or harder than the rest, so a plain extrapolation of the
 * mean would not compare with programs that ran everything. Without a reference, the mean is extrapolated.
 */
export function aggregateScore(
  results: readonly Pick<CaseResult, 'case' | 'score'>[],
  aggregate: 'sum' | 'mean',
  totalCases: number,
  reference: readonly Pick<CaseResult, 'case' | 'score'>[] | null = null,
): number {
  const ran = results.reduce((s, r) => s + r.score, 0);
  let total = ran;
  if (results.length < totalCases) {
    const theirs = new Map((reference ?? []).map((r) => [r.case, r.score]));
    const done = new Set(results.map((r) => r.case));
    const rest = [...theirs].filter(([c]) => !done.has(c));
    const theirsOnRan = results.reduce((s, r) => s + (theirs.get(r.case) ?? Number.NaN), 0);
    if (reference && theirs.size >= totalCases && theirsOnRan > 0) {
      total = ran + (ran / theirsOnRan) * rest.reduce((s, [, score]) => s + score, 0);
    } else total = (meanScore(results) || 0) * totalCases;
  }
  return aggregate === 'sum' ? total : total / totalCases;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
