import { programPatch } from '../program/diff.ts';
import type { EventPayloads, EventType, LedgerEvent } from '../ledger/events.ts';
import type { OperatorOutput } from '../operators/operator.ts';
import type { NewProgram, ProgramRow, ProgramUpdate, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';

/** A proposal as the record keeps it: where it came from, what the operator made of it and what that cost. */
export interface ProposalRecord {
  sample: number;
  parent: number | null;
  island: number;
  generation: number;
  operator: string;
  output: OperatorOutput;
  proposeMs?: number;
  inspirations?: number[];
  /** Prompt evolution: the variant whose guidance the model was given. */
  promptVariant?: number;
}

/** Statuses whose code counts as already tried: a proposal with the same code is a duplicate. */
const TRIED = new Set(['pending', 'evaluated', 'failed']);

/**
 * The run's writer. Every program row goes through it, each with its ledger event in the same transaction, and it
 * keeps what it wrote (and what the run held when it resumed), so the loop never reads a row back.
 */
export class Recorder {
  private readonly store: Store;
  private readonly runId: string;
  private readonly language: string;
  private readonly rows = new Map<number, ProgramRow>();
  private readonly tried = new Map<string, number>();

  constructor(store: Store, runId: string, language: string, restored: readonly ProgramRow[] = []) {
    this.store = store;
    this.runId = runId;
    this.language = language;
    for (const row of restored) this.keep(row);
  }

  get(id: number): ProgramRow {
    const row = this.rows.get(id);
    if (!row) throw new Error(`program ${id} is not part of run ${this.runId}`);
    return row;
  }

  /** Every program of the run, in id order. */
  all(): ProgramRow[] {
    return [...this.rows.values()].sort((a, b) => a.id - b.id);
  }

  /** The program already tried with exactly this code, if any. */
  triedWith(code: string): number | undefined {
    return this.tried.get(sha256(code));
  }

  /** A proposal that passed screening: pending until its evaluation is recorded. */
  async proposal(p: ProposalRecord): Promise<ProgramRow> {
    const patch = p.parent === null ? null : programPatch(this.get(p.parent).code, p.output.code, { from: `program ${p.parent}`, to: 'child' }, 2);
    return this.insert(this.newRow(p, { status: 'pending', patch }), {
      type: 'proposal.created',
      data: { sample: p.sample, parent: p.parent, operator: p.operator, model: p.output.model, change: p.output.change, cost: p.output.cost },
    });
  }

  /** A proposal that screening (or its operator) refused, written once with its reason. */
  async rejection(p: ProposalRecord, reason: string, detail: string): Promise<ProgramRow> {
    return this.insert(this.newRow(p, { status: 'rejected', failure_class: reason, error: detail }), {
      type: 'proposal.rejected',
      data: { sample: p.sample, parent: p.parent, operator: p.operator, model: p.output.model, change: p.output.change, cost: p.output.cost, reason, detail },
    });
  }

  /** What the sandbox and the judge made of a pending program. */
  async evaluation(row: ProgramRow, update: ProgramUpdate, event: LedgerEvent): Promise<ProgramRow> {
    await this.store.updateProgram(this.runId, row.id, update, event);
    const updated = { ...this.get(row.id), ...update } as ProgramRow;
    return this.keep(updated);
  }

  /** A copy of an evaluated program on another island (the seed on every island, a migrant): not re-evaluated. */
  async copy(source: ProgramRow, island: number, eventType: 'island.seeded' | 'migration'): Promise<ProgramRow> {
    const { id: _id, created_at: _c, ...rest } = source;
    return this.insert(
      {
        ...rest,
        sample: null,
        parent_id: source.id,
        island,
        operator: 'migrate',
        status: 'migrant',
        cost: null,
        change: `copied from island ${source.island}`,
      },
      { type: eventType, data: { from: source.island, to: island, source: source.id } },
    );
  }

  event<T extends EventType>(type: T, programId: number | null, data: EventPayloads[T]): Promise<void> {
    return this.store.appendEvent(this.runId, type, programId, data);
  }

  private newRow(p: ProposalRecord, fields: Partial<NewProgram>): Omit<NewProgram, 'created_at'> {
    const o = p.output;
    return {
      run_id: this.runId,
      sample: p.sample,
      parent_id: p.parent,
      island: p.island,
      generation: p.generation,
      operator: p.operator,
      model: o.model ?? null,
      status: 'pending',
      language: this.language,
      code: o.code,
      code_hash: sha256(o.code),
      patch: null,
      change: o.change,
      inspirations_json: p.inspirations ? JSON.stringify(p.inspirations) : null,
      propose_ms: p.proposeMs ?? null,
      prompt: o.prompt ?? null,
      reply: o.reply ?? null,
      cost: o.cost ?? null,
      usage_json: o.usage ? JSON.stringify(o.usage) : null,
      correct: null,
      score: null,
      public_json: null,
      private_json: null,
      features_json: null,
      feedback: null,
      failure_class: null,
      error: null,
      stdout: null,
      stderr: null,
      evaluated_at: null,
      eval_ms: null,
      judge_ms: null,
      ...(p.promptVariant !== undefined ? { prompt_variant_id: p.promptVariant } : {}),
      ...fields,
    };
  }

  private async insert(program: Omit<NewProgram, 'created_at'>, event: LedgerEvent): Promise<ProgramRow> {
    return this.keep(await this.store.insertProgramRow(program, event));
  }

  private keep(row: ProgramRow): ProgramRow {
    this.rows.set(row.id, row);
    if (TRIED.has(row.status) && !this.tried.has(row.code_hash)) this.tried.set(row.code_hash, row.id);
    return row;
  }
}
