// Every event the ledger records, with the shape of its data. Writers name an event and give its payload through these
// types, and readers parse `data_json` with `eventData`, so a misspelt event or a wrong field fails type-checking.
// The stored JSON is exactly the payload: changing a shape here changes what new events carry, not old records.
import type { Machine } from '../util/machine.ts';

/** Why a `kaizen run` session ended (see engine/scheduler.ts). */
export type RunStopReason = 'budget' | 'wall-clock' | 'rejections' | 'aborted' | 'usd' | 'models-failing' | 'drift' | 'unusable' | 'model-calls';

/** What a proposal came from, on its creation or rejection. */
export interface ProposalData {
  sample: number;
  parent: number | null;
  operator: string;
  model?: string;
  change: string;
  cost?: number;
}

/** One drift window's measure (safeguards/drift.ts). */
export interface DriftData {
  evaluated: number;
  featureDistance: number | null;
  embeddingDistance: number | null;
  failureRate: number;
  violationRate: number;
  holdoutGap: number | null;
}

/** The outer loop's statistics of an improver on a task set (improve/types.ts Stats, without its runs). */
export interface ImproverStatsData {
  perSeed: number[];
  mean: number;
  sd: number;
}

/** The outer loop's gate (improve/types.ts Gate). */
export interface ImproveGateData {
  against: string;
  diff: number;
  se: number;
  promote: boolean;
  reason: string;
}

/** One arm of a study: a task folder and the config overrides it runs with (merged over the task's own config). */
export interface StudyArm {
  name: string;
  /** Task folder, relative to the study file. */
  task: string;
  /** Run-config overrides (the same keys as kaizen.config.ts), e.g. `{ operators: { offline: { ast: 0 } } }`. */
  config?: Record<string, unknown>;
}

/**
 * A pre-registered study (`kaizen study FILE`, a JSON or YAML-free .json file): registered in the ledger before any
 * run starts; every arm runs once per seed; the analysis follows the declared test.
 */
export interface StudyPlan {
  name: string;
  question: string;
  hypothesis: string;
  /** The first arm is the control; every other arm is compared with it, seed by seed. */
  arms: StudyArm[];
  /** Run seeds (the `seed` of each run's config); one run per arm per seed. */
  seeds: number[];
  /** Samples per run (the budget). */
  samples: number;
  /** What is compared per run: the champion's search score, or its hidden/holdout score when the task has one. */
  metric: 'best-score' | 'holdout-score';
  /** Paired by seed: arm − control; `better` if mean > threshold·SE, `worse` if < −threshold·SE, else `within noise`. */
  test: { kind: 'paired-by-seed'; threshold: number };
}

/** A pre-registered test's verdict. */
export type Verdict = 'better' | 'worse' | 'within noise';

/** `study.registered` (event #1 of the study's own run, id `study-…`, task `study:NAME`), before any arm runs. */
export interface StudyRegisteredData {
  plan: StudyPlan;
  /** sha256 of the study file as read, and of each arm's task identity. */
  fileSha256: string;
  taskHashes: Record<string, string>;
}

/** `study.arm-run`: one arm × seed finished; the run it made (in the same store) and its metric. */
export interface StudyArmRunData {
  arm: string;
  seed: number;
  runId: string;
  value: number;
  /** The ledger head of that run when it finished: the value is checkable against it. */
  headSeq: number;
  headHash: string;
}

/** Per-arm figures and the paired comparison with the control. */
export interface StudyArmFigures {
  arm: string;
  n: number;
  mean: number;
  sd: number;
  values: number[];
  /** Absent for the control. */
  vsControl?: { n: number; meanDiff: number; se: number; verdict: Verdict };
}

/** `study.result`: the analysis, naming the registration it answers. */
export interface StudyResultData {
  registration: { seq: number; hash: string };
  arms: StudyArmFigures[];
}

/** A program compared by `kaizen compare`: its file as given, the sha256 of its code and its language. */
export interface ComparedProgramData {
  file: string;
  sha256: string;
  language: string;
}

/** A comparison's figures over some cases (all of them, or one family's). */
export interface ComparisonFiguresData {
  n: number;
  meanA: number;
  meanB: number;
  meanDiff: number;
  /** null: not measurable (one case). */
  se: number | null;
  verdict: 'better' | 'worse' | 'within noise';
  failures: { a: number; b: number };
}

/** Where the registration of a comparison sits in its run's chain: the result names it. */
export interface RegistrationRef {
  seq: number;
  hash: string;
}

export interface EventPayloads {
  // ── a run's life (kaizen run and kaizen improve) ──
  'run.started':
    | {
        task: string;
        config: unknown;
        machine?: Machine;
        /** Multi-objective tasks: what the run optimises and how it picks its champion (config/task.ts). */
        objectives?: { name: string; direction: 'max' | 'min'; reference?: number }[];
        champion?: { primary: string } | { weights: Record<string, number> };
        /** Redcode tasks: the hill's core size and length limit (config/task.ts `redcode`). */
        redcode?: { coreSize: number; maxLength: number };
      }
    | ({ task: string; suite: string; training: string[]; heldOut: string[] } & Record<string, unknown>);
  'run.resumed': {
    pid: number;
    machine?: Machine;
    recordedEvents?: number;
    session?: number;
    abandoned?: unknown;
    /** `kaizen run`: the config fields the resumed session changed (budget, concurrency, models) and their values before and after. */
    changes?: { field: string; from: unknown; to: unknown }[];
    /** The run had completed: this session extends it. */
    extended?: boolean;
  };
  'run.completed': { stoppedBy: RunStopReason; evaluated: number; cost: number } | ({ durationMs: number; sessions: number } & Record<string, unknown>);
  'run.interrupted': EventPayloads['run.completed'];
  'run.failed': { error: string } | ({ durationMs: number; sessions: number } & Record<string, unknown>);
  'run.notice': { message: string };
  // ── programs (each carries the digest of its row) ──
  'program.recorded': Record<string, never>;
  'program.updated': Record<string, never>;
  'proposal.created': ProposalData;
  'proposal.rejected': ProposalData & { reason: string; detail: string };
  /** Multi-case tasks add how many public cases ran and the cascade stage reached. */
  'evaluation.completed': { correct: boolean; score: number | undefined; cases?: number; stage?: number };
  'evaluation.failed': { failure: string | undefined; error: string | undefined };
  'island.seeded': { from: number; to: number; source: number };
  migration: { from: number; to: number; source: number };
  'champion.changed': { score: number; holdout: number | null; evaluated: number };
  // ── safeguards ──
  'holdout.checked': {
    search: number;
    holdout: number | null;
    champion: number | null;
    championHoldout: number | null;
    instanceSeed: number | null;
    promote: boolean;
    reason: string;
  };
  /** Multi-case tasks: the challenger against the champion on the hidden cases, paired case by case. */
  'hidden.checked': {
    cases: number;
    challengerMean: number;
    championMean: number | null;
    champion: number | null;
    meanDiff: number | null;
    se: number | null;
    promote: boolean;
    reason: string;
  };
  overfit:
    | { search: number; holdout: number | null; champion: number | null; championSearch: number | null; championHoldout: number | null; reason: string }
    | { id: string; training: number; currentTraining: number; heldOut: number; currentHeldOut: number; reason: string };
  violation:
    | { kind: 'static'; sample: number; rule: string; line: number; excerpt: string }
    | { kind: 'sandbox'; denial: string; failure: string | undefined; error: string | undefined };
  'drift.measured': DriftData;
  'drift.warning': { evaluated: number; warnings: string[]; action: string };
  // ── learning ──
  'lessons.updated': { at: number; source: string; cost: number; text: string };
  /** Prompt evolution: a new prompt variant (its whole text), how it was made and what that cost. */
  'prompt.variant': {
    id: number;
    pool: number;
    parent: number | null;
    other: number | null;
    origin: 'seed' | 'recombined' | 'model' | 'imported';
    text: string;
    sample: number;
    model?: string;
    cost?: number;
    /** Why a model mutation fell back to recombination, when it did. */
    note?: string;
  };
  /** A prompt variant left its pool, with the figures that ranked it last. */
  'prompt.retired': { id: number; pool: number; sample: number; decided: number; improved: number };
  'lessons.failed': { at: number; error: string };
  /** The novelty judge said neither NOVEL nor NOT_NOVEL, twice: the candidate went through (its replies, cut at 1000 characters). */
  'novelty.undecided': { similarity: number; nearestId: number | null; reply: string | null };
  /** The experiment journal (src/journal/): how many claims, how many supported, and the claims new or moved, whole. */
  'journal.updated': {
    at: number;
    claims: number;
    supported: number;
    changed: {
      id: string;
      text: string;
      kind: 'operator' | 'edit' | 'constant' | 'cpu' | 'failure';
      effect: number;
      se: number | null;
      n: number;
      evidence: number[];
      status: 'supported' | 'refuted' | 'untested';
    }[];
  };
  // ── the outer loop (kaizen improve) ──
  'inner.completed': {
    improver: string;
    set: 'training' | 'heldOut';
    task: string;
    dir: string;
    seed: number;
    runId: string;
    seedScore: number | null;
    bestScore: number | null;
    normalised: number;
    lessons?: string;
  };
  'improver.proposed': { generation: number; parent: string; origin: string; id: string; reply: string; cost: number };
  'improver.rejected': {
    generation: number;
    parent: string;
    origin: string;
    reasons: string[];
    forbidden: unknown;
    error?: string;
    reply?: string;
    cost?: number;
  };
  'improver.archived': {
    id: string;
    parent: string | null;
    generation: number;
    origin: string;
    note?: string;
    policy: unknown;
    prompts: Record<string, string>;
    diff: unknown;
  };
  'improver.evaluated': { id: string; training?: ImproverStatsData; heldOut?: ImproverStatsData };
  'improver.selected': { generation: number; parent: string; weights: unknown };
  'improver.promoted': { id: string; replaces: string } & ImproveGateData;
  'gate.checked': { id: string; training: number; currentTraining: number; trainingWin: boolean } & ImproveGateData;
  'improve.generation': { generation: number; skipped: string } | { generation: number; bestTraining: number; bestInner: number; defaultId: string };
  'improve.verdict': { verdict: 'promoted' | 'none'; default: string; initial: string; text: string };
  // ── pre-registered paired comparisons (kaizen compare; each in a run of its own) ──
  /** The plan, recorded before either program runs: what is compared, on which cases, by which metric and rule. */
  'comparison.registered': {
    task: string;
    taskHash: string;
    programs: { a: ComparedProgramData; b: ComparedProgramData };
    families: (string | null)[];
    /** Seeds 0 … seeds−1 of each family. */
    seeds: number;
    cases: number;
    /** sha256 over every case's input, in order: the instances themselves, pinned. */
    inputsSha256: string;
    metric: string;
    rule: string;
    order: string;
    /** How a case a program fails counts. */
    failedCases: string;
    machine?: Machine;
  };
  /** The figures and the verdict, by the rule registered before. */
  'comparison.result': ComparisonFiguresData & {
    registration: RegistrationRef;
    perFamily: (ComparisonFiguresData & { family: string | null })[];
    compileErrors: { a: string | null; b: string | null };
    cases: { case: number; family: string | null; seed: number; a: number; b: number; aVerdict: string; bVerdict: string }[];
  };
  /** The comparison stopped on an error (a broken scorer, a sandbox error): no verdict. */
  'comparison.aborted': { registration: RegistrationRef; error: string };
  // ── pre-registered studies (kaizen study; each in a run of its own, id `study-…`; shapes in research/types.ts) ──
  'study.registered': StudyRegisteredData;
  'study.arm-run': StudyArmRunData;
  'study.result': StudyResultData;
  /** A paper was written from the record (kaizen paper): its folder, the facts' digest, the subject. */
  'paper.written': { dir: string; factsSha256: string; facts: number; subject: { kind: 'study' | 'run' | 'improve'; id: string } };
  // ── the self-modifying coding agent (kaizen agent; agent variants are program rows of language 'agent') ──
  'agent.task': AgentTaskData;
  'agent.model-call': AgentModelCallData;
  'agent.diagnosed': { generation: number; parent: number; task: string; diagnosis: string; tags: string[]; cost: number; model: string | null };
  'agent.self-edit': {
    generation: number;
    parent: number;
    /** The event's program is the child (or the refused attempt, a row of status `rejected`). */
    verdict: 'accepted' | 'rejected';
    reasons: string[];
    flags: string[];
    files: string[];
    diffSha256: string;
    cost: number;
  };
  'agent.archived': { agent: number; generation: number; score: number; solved: number; tasks: number; stage: number };
  'agent.selected': { generation: number; parents: number[]; weights: { agent: number; weight: number }[] };
  'agent.gate': {
    candidate: number;
    incumbent: number;
    seeds: number[];
    candidateScores: number[];
    incumbentScores: number[];
    difference: number;
    se: number;
    verdict: 'promoted' | 'refused';
  };
  'agent.promoted': { agent: number; replaces: number };
  'agent.generation': { generation: number; evaluated: number; bestDev: number; defaultAgent: number; archive: number; cost: number };
  'agent.flagged': { agent: number; task: string; kind: string; detail: string };
}

/** One agent on one task (kaizen agent): the harness's score and what the broker saw. */
export interface AgentTaskData {
  agent: number;
  task: string;
  split: 'dev' | 'heldout';
  seed: number;
  solved: boolean;
  hiddenPassed: number | null;
  hiddenFailed: number | null;
  note: string | null;
  calls: number;
  tokens: number;
  cost: number;
  tools: string[];
  submitted: boolean;
  stopped: string | null;
  durationMs: number;
  diffSha256: string;
}

/** A model call the broker made for an agent (a task attempt or a self-edit). */
export interface AgentModelCallData {
  agent: number;
  purpose: 'solve' | 'self-edit';
  task: string;
  seed: number;
  turn: number;
  model: string;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencyMs: number;
  toolCalls: { name: string; input: string }[];
  error?: string;
}

export type EventType = keyof EventPayloads;

/** An event as a writer hands it over: its type and its payload, checked against each other. */
export type LedgerEvent = { [T in EventType]: { type: T; data: EventPayloads[T] } }[EventType];

/** Whether a stored type name is one this version of Kaizen writes. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_TYPES, type);
}

/** An event row's data, typed by its type. */
export function eventData<T extends EventType>(row: { type: string; data_json: string }, type: T): EventPayloads[T] {
  if (row.type !== type) throw new Error(`event of type ${row.type} read as ${type}`);
  return JSON.parse(row.data_json) as EventPayloads[T];
}

/** Every type, once: the compiler checks this list against the union both ways. */
const EVENT_TYPES: Record<EventType, true> = {
  'run.started': true,
  'run.resumed': true,
  'run.completed': true,
  'run.interrupted': true,
  'run.failed': true,
  'run.notice': true,
  'program.recorded': true,
  'program.updated': true,
  'proposal.created': true,
  'proposal.rejected': true,
  'evaluation.completed': true,
  'evaluation.failed': true,
  'island.seeded': true,
  migration: true,
  'champion.changed': true,
  'holdout.checked': true,
  'hidden.checked': true,
  overfit: true,
  violation: true,
  'drift.measured': true,
  'drift.warning': true,
  'lessons.updated': true,
  'prompt.variant': true,
  'prompt.retired': true,
  'lessons.failed': true,
  'novelty.undecided': true,
  'journal.updated': true,
  'inner.completed': true,
  'improver.proposed': true,
  'improver.rejected': true,
  'improver.archived': true,
  'improver.evaluated': true,
  'improver.selected': true,
  'improver.promoted': true,
  'gate.checked': true,
  'improve.generation': true,
  'improve.verdict': true,
  'comparison.registered': true,
  'comparison.result': true,
  'comparison.aborted': true,
  'study.registered': true,
  'study.arm-run': true,
  'study.result': true,
  'paper.written': true,
  'agent.task': true,
  'agent.model-call': true,
  'agent.diagnosed': true,
  'agent.self-edit': true,
  'agent.archived': true,
  'agent.selected': true,
  'agent.gate': true,
  'agent.promoted': true,
  'agent.generation': true,
  'agent.flagged': true,
};
