import type { ColumnType, Generated } from 'kysely';

/** Kysely table types. JSON columns hold text; timestamps are ISO strings (portable across SQLite and Postgres). */
export interface Database {
  runs: RunsTable;
  programs: ProgramsTable;
  events: EventsTable;
  run_state: RunStateTable;
  outputs: OutputsTable;
}

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

export interface RunsTable {
  id: string;
  task_name: string;
  task_dir: string;
  /** Hash of the task file, the initial program and the config: a resumed run must match it. */
  task_hash: string;
  config_json: string;
  seed: number;
  status: RunStatus;
  pid: number | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  best_program_id: number | null;
  seed_score: number | null;
  /** Ed25519 public key (SPKI PEM) of the run's ledger; the private key lives outside the database. */
  public_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** The signed head of the event chain: its sequence number, hash and the signature over both (base64). */
  head_seq: ColumnType<number | null, number | null | undefined, number | null>;
  head_hash: ColumnType<string | null, string | null | undefined, string | null>;
  signature: ColumnType<string | null, string | null | undefined, string | null>;
}

/** pending: recorded, not yet evaluated · evaluated: judged (correct or not) · failed: the sandbox stopped it ·
 * rejected: screened out before running · migrant: a copy of a program moved to another island. */
export type ProgramStatus = 'pending' | 'evaluated' | 'failed' | 'rejected' | 'migrant';

export interface ProgramsTable {
  id: Generated<number>;
  run_id: string;
  /** Proposal number within the run (0 = the initial program); null for migrants. */
  sample: number | null;
  parent_id: number | null;
  island: number;
  generation: number;
  operator: string;
  model: string | null;
  status: ProgramStatus;
  correct: number | null;
  score: number | null;
  public_json: string | null;
  private_json: string | null;
  features_json: string | null;
  feedback: string | null;
  failure_class: string | null;
  error: string | null;
  language: string;
  code: string;
  code_hash: string;
  patch: string | null;
  /** What the operator changed, in words (e.g. "constant 0.08 → 0.0731 at line 12"). */
  change: string | null;
  inspirations_json: string | null;
  prompt: string | null;
  reply: string | null;
  stdout: string | null;
  stderr: string | null;
  cost: number | null;
  /** Tokens of the model calls that produced this program (JSON: inputTokens, outputTokens, cachedInputTokens). */
  usage_json: string | null;
  created_at: string;
  evaluated_at: string | null;
  propose_ms: number | null;
  eval_ms: number | null;
  judge_ms: number | null;
  /** Multi-case tasks: the public cases' results (JSON CaseResult[]), the hidden ones' (never shown to the search), and the cascade stage reached (1-based). */
  cases_json: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_json: ColumnType<string | null, string | null | undefined, string | null>;
  stage: ColumnType<number | null, number | null | undefined, number | null>;
  /** Multi-objective tasks: the objective values by name (JSON). */
  objectives_json: ColumnType<string | null, string | null | undefined, string | null>;
  /** Prompt evolution: the prompt variant the proposal was written with (its text is in a `prompt.variant` event). */
  prompt_variant_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Solvers' answers by sha256 digest: deflated, base64. */
export interface OutputsTable {
  digest: string;
  bytes: number;
  data: string;
}

export interface EventsTable {
  id: Generated<number>;
  run_id: string;
  at: string;
  type: string;
  program_id: number | null;
  data_json: ColumnType<string, string | undefined, never>;
  /** Position in the run's chain, from 1 (null: recorded before the ledger existed). */
  seq: ColumnType<number | null, number | undefined, never>;
  prev_hash: ColumnType<string | null, string | null | undefined, never>;
  hash: ColumnType<string | null, string | undefined, never>;
  /** Digest of the program row as it stood right after this event (events about a program only). */
  program_digest: ColumnType<string | null, string | null | undefined, never>;
}

export interface RunStateTable {
  run_id: string;
  key: string;
  value_json: string;
}
