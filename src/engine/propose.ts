import type { KaizenConfig } from '../config/config.ts';
import { LlmOperatorError } from '../operators/llm/operator.ts';
import type { Operator, OperatorInput, OperatorOutput } from '../operators/operator.ts';
import type { Member } from '../population/member.ts';
import type { Population } from '../population/population.ts';
import type { ProgramRow } from '../store/store.ts';
import { Rng } from '../util/rng.ts';
import type { ModelContext } from './models.ts';
import type { PromptEvolution } from './prompt-evolution.ts';
import type { ProposalRecord } from './record.ts';
import type { Spend } from './tally.ts';

/** Operators tried per proposal before it counts as "nothing to change" (each may decline a program). */
const MAX_OPERATOR_ATTEMPTS = 6;

/**
 * One proposal: where it came from and what came of it — a child, nothing (no operator found anything to change),
 * or a model that failed or answered nothing usable (its transcript and cost are in the record).
 */
export type Proposal =
  | { kind: 'child'; record: ProposalRecord; parent: Member; parentRow: ProgramRow }
  | { kind: 'no-change'; record: ProposalRecord; parent: Member; parentRow: ProgramRow }
  | { kind: 'model-failed'; record: ProposalRecord; parent: Member; parentRow: ProgramRow; failure: LlmOperatorError };

export interface ProposerParts {
  config: KaizenConfig;
  language: string;
  population: Population;
  rowOf: (id: number) => ProgramRow;
  /** Offline operators with weights (used when no model is configured). */
  offline: readonly { operator: Operator; weight: number }[];
  models: ModelContext | null;
  spend: Spend;
  lessons: () => string | undefined;
  /** Prompt evolution, when enabled: every model proposal is written with a variant's guidance. */
  prompts?: PromptEvolution | null;
  /** Model calls the current sample may still make (llm.maxCallsPerSample); unbounded when unset. */
  callsLeft?: () => number;
}

const parseJson = <T>(text: string | null): T | undefined => (text ? (JSON.parse(text) as T) : undefined);

/**
 * The propose stage: a parent from its island, inspirations, an operator (and through it a model), and the child it
 * makes. It keeps the latest model errors in a row: enough of them means every endpoint is down.
 */
export class Proposer {
  private readonly p: ProposerParts;
  /** Latest model errors in a row (cleared by any usable reply). */
  modelFailures: string[] = [];

  constructor(parts: ProposerParts) {
    this.p = parts;
  }

  async propose(sample: number): Promise<Proposal> {
    const { population } = this.p;
    const rng = new Rng(this.p.config.seed, sample);
    const island = sample % population.islandCount;
    const parent = population.selectParent(island, rng);
    const parentRow = this.p.rowOf(parent.id);
    const inspirations = population.inspirations(parent, rng);
    const input = this.operatorInput(parentRow, inspirations, rng);
    const variant = this.p.models && this.p.prompts ? await this.p.prompts.variantFor(island, sample) : undefined;
    if (variant) input.guidance = variant.text;
    const record = (operator: string, output: OperatorOutput, proposeMs: number): ProposalRecord => ({
      sample,
      parent: parent.id,
      island,
      generation: parent.generation + 1,
      inspirations: inspirations.map((m) => m.id),
      operator,
      output,
      proposeMs,
      ...(variant && operator.startsWith('llm-') ? { promptVariant: variant.id } : {}),
    });
    const t0 = performance.now();
    let operatorName = 'none';
    for (let attempt = 0; attempt < MAX_OPERATOR_ATTEMPTS; attempt++) {
      const operator = this.chooseOperator(island, rng);
      if (!operator) break;
      operatorName = operator.name;
      try {
        const output = await this.call(operator, input);
        if (output) return { kind: 'child', record: record(operator.name, output, performance.now() - t0), parent, parentRow };
      } catch (e) {
        if (!(e instanceof LlmOperatorError)) throw e;
        // The model failed or answered nothing usable: what it cost and what it said go on the record.
        const output = {
          code: parentRow.code,
          change: `no usable reply (${e.reason})`,
          model: e.model,
          prompt: e.prompt,
          reply: e.reply,
          usage: e.usage,
          cost: e.cost,
        };
        return { kind: 'model-failed', record: record(operator.name, output, performance.now() - t0), parent, parentRow, failure: e };
      }
    }
    return {
      kind: 'no-change',
      record: record(operatorName, { code: parentRow.code, change: 'no applicable change' }, performance.now() - t0),
      parent,
      parentRow,
    };
  }

  private chooseOperator(island: number, rng: Rng): Operator | null {
    const { models, offline, population } = this.p;
    if (!models) return offline[rng.weighted(offline.map((o) => o.weight))]?.operator ?? null;
    // An island with no correct program yet gets repaired rather than mutated.
    if (!population.island(island).some((m) => m.correct)) return models.fix;
    return models.operators[rng.weighted(models.operators.map((o) => o.weight))]?.operator ?? null;
  }

  /** What an operator may see of a program: its code, score, public metrics and feedback; never private metrics. */
  private operatorInput(parentRow: ProgramRow, inspirations: Member[], rng: Rng): OperatorInput {
    const rows = inspirations.map((m) => this.p.rowOf(m.id));
    const scoreOf = (r: ProgramRow) => (r.correct === 1 ? (r.score ?? undefined) : undefined);
    return {
      code: parentRow.code,
      language: this.p.language,
      inspirations: rows.map((r) => ({ id: r.id, code: r.code, score: scoreOf(r), metrics: parseJson(r.public_json), feedback: r.feedback ?? undefined })),
      rng,
      parentScore: scoreOf(parentRow),
      parentMetrics: parseJson(parentRow.public_json),
      parentFeedback: parentRow.feedback ?? undefined,
      parentError: parentRow.correct === 1 ? undefined : [parentRow.error, parentRow.stderr].filter(Boolean).join('\n').slice(0, 4000) || undefined,
      lessons: this.p.lessons(),
    };
  }

  /** Calls an operator; a model call's cost is counted, and a failed pull ends here. */
  private async call(operator: Operator, input: OperatorInput): Promise<OperatorOutput | null> {
    if (!operator.name.startsWith('llm-')) return operator.propose(input);
    const { spend } = this.p;
    const maxModelCalls = this.p.callsLeft?.() ?? Number.POSITIVE_INFINITY;
    if (maxModelCalls < 1) return null;
    spend.begin();
    let output: OperatorOutput | null;
    try {
      output = await operator.propose({ ...input, maxModelCalls });
    } catch (e) {
      if (!(e instanceof LlmOperatorError)) {
        spend.abandon();
        throw e;
      }
      spend.end(e.cost);
      // A prompt refused as too long called no model: no pull began.
      if (e.reason !== 'prompt-too-long') await this.p.models?.pulls.fail(e.model, e.cost);
      if (e.reason === 'model-error' || e.reason === 'timeout') this.modelFailures.push(`${e.model}: ${e.message}`);
      throw e;
    }
    if (!output) {
      spend.abandon();
      return null;
    }
    spend.end(output.cost ?? 0);
    this.modelFailures = [];
    return output;
  }
}
