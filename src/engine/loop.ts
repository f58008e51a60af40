import type { KaizenConfig } from '../config/config.ts';
import type { LoadedTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import type { Population } from '../population/population.ts';
import type { Sandbox } from '../sandbox/types.ts';
import type { ProgramRow, Run, Store } from '../store/store.ts';
import type { CaseEvaluator } from './cases.ts';
import type { DriftMonitor } from './drift-monitor.ts';
import { execute } from './execute.ts';
import type { LessonsStep } from './lessons.ts';
import type { Migration } from './migration.ts';
import type { CallMeter } from './call-meter.ts';
import type { RankReward } from './model-pulls.ts';
import type { ModelContext } from './models.ts';
import type { NoveltyFilter } from './novelty.ts';
import type { Promoter } from './promote.ts';
import type { Proposer } from './propose.ts';
import type { ProposalRecord, Recorder } from './record.ts';
import { memberOf } from './restore.ts';
import { type BackgroundWrites, completes, type Slots, stopReason } from './scheduler.ts';
import { type Candidate, type ScreenCheck, screen } from './screen.ts';
import { oneLine, type Spend, type Tally } from './tally.ts';
import type { EvolveOptions, EvolveResult, Progress, StopReason } from './types.ts';

/** Every stage of one run, built and restored by `evolve()` (see stages.ts). */
export interface Stages {
  store: Store;
  run: Run;
  loaded: LoadedTask;
  config: KaizenConfig;
  options: EvolveOptions;
  sandbox: Sandbox;
  population: Population;
  tally: Tally;
  spend: Spend;
  slots: Slots;
  background: BackgroundWrites;
  recorder: Recorder;
  models: ModelContext | null;
  /** Model calls per sample and in all (llm.maxCallsPerSample). */
  meter: CallMeter;
  /** Ranks evaluated children for the model bandit. */
  ranks: RankReward;
  novelty: NoveltyFilter;
  proposer: Proposer;
  checks: readonly ScreenCheck[];
  promoter: Promoter;
  /** Multi-case tasks: runs the cases (replaces the single execute). */
  cases: CaseEvaluator | null;
  drift: DriftMonitor;
  lessons: LessonsStep;
  migration: Migration;
  /** Programs recorded but never evaluated when the run was last left. */
  pending: ProgramRow[];
  started: number;
  progressExtras: () => Pick<Progress, 'executor'>;
  notice: (message: string) => void;
}

/**
 * The loop of DESIGN.md §2, read from top to bottom: propose → screen → record → execute and judge → record → learn →
 * promote, as many jobs in flight as the concurrency allows, until a stop rule says otherwise.
 */
export class EvolutionLoop {
  private readonly s: Stages;

  constructor(stages: Stages) {
    this.s = stages;
  }

  async run(resumed: boolean): Promise<EvolveResult> {
    const { slots, tally, store, run, pending, recorder } = this.s;
    if (!resumed) {
      pending.push(
        await recorder.proposal({
          sample: 0,
          parent: null,
          island: 0,
          generation: 0,
          operator: 'seed',
          output: { code: this.s.loaded.programCode, change: 'initial program' },
        }),
      );
      tally.nextSample = 1;
    }
    let stoppedBy: StopReason;
    try {
      await this.rememberForNovelty();
      // Programs recorded but never evaluated (the process died with them in flight) go first: none is lost.
      for (const row of pending) {
        await slots.free();
        slots.launch(this.evaluateAndLearn(row));
      }
      if (pending.some((r) => r.sample === 0)) await slots.drain(); // the seed seeds every island before anything else
      stoppedBy = await this.proposeUntilDone();
      await slots.drain();
      await this.s.lessons.settle();
      await this.s.background.settle();
    } catch (e) {
      await slots.drain().catch(() => {});
      await this.s.background.settle().catch(() => {});
      await store.setRunStatus(run.id, 'failed');
      await store.appendEvent(run.id, 'run.failed', null, { error: (e as Error).message });
      throw e;
    }
    const complete = completes(stoppedBy);
    await store.setRunStatus(run.id, complete ? 'completed' : 'interrupted');
    await store.updateRun(run.id, { pid: null });
    await store.appendEvent(run.id, complete ? 'run.completed' : 'run.interrupted', null, { stoppedBy, evaluated: tally.evaluated, cost: this.s.spend.spent });
    return this.result(resumed, stoppedBy);
  }

  private async proposeUntilDone(): Promise<StopReason> {
    const { slots, tally } = this.s;
    for (;;) {
      const reason = this.stopReason();
      if ((reason === 'budget' || reason === 'usd' || reason === 'model-calls') && slots.inFlight > 0) {
        await slots.any();
        continue; // jobs in flight may end rejected or use fewer calls than reserved, which frees budget for another
      }
      if (reason) return reason;
      await slots.free();
      if (this.stopReason()) continue;
      const sample = tally.takeSample();
      slots.launch(this.s.meter.forSample(() => this.proposeAndEvaluate(sample, 0)));
    }
  }

  /**
   * One job, one sample of the budget: propose and screen; an accepted child is evaluated, a rejected one re-samples
   * its parent while the sample has model calls left.
   */
  private async proposeAndEvaluate(sample: number, resample: number): Promise<void> {
    const child = await this.proposeAndScreen(sample);
    if (child) await this.evaluateAndLearn(child);
    else if (resample < this.s.config.novelty.maxResamples && this.s.meter.left() > 0 && !this.stopReason())
      await this.proposeAndEvaluate(this.s.tally.takeSample(), resample + 1);
  }

  /** Propose, screen, record: the pending child, or null when the proposal was rejected (and recorded as such). */
  private async proposeAndScreen(sample: number): Promise<ProgramRow | null> {
    const { proposer, models, tally, recorder, population, novelty } = this.s;
    const proposal = await proposer.propose(sample);
    const { record } = proposal;
    if (proposal.kind === 'model-failed') {
      const reason = `llm-${proposal.failure.reason}`;
      tally.noteUnusable(this.unusableLine(reason, proposal.failure.message, proposal.failure.reply));
      return this.reject(record, reason, proposal.failure.message);
    }
    if (proposal.kind === 'no-change') return this.reject(record, 'no-change', 'the operators found nothing to change');
    const { output, island } = record;
    const candidate: Candidate = { island, parentCode: proposal.parentRow.code, code: output.code, model: output.model };
    const rejection = await screen(this.s.checks, candidate);
    if (rejection) {
      // The model's pull ends with no reward: its child will never run.
      if (models && output.model) await models.pulls.reward(output.model, 0, output.cost ?? 0);
      if (output.model) tally.noteUnusable(this.unusableLine(rejection.reason, rejection.detail, output.reply ?? ''));
      await this.reject(record, rejection.reason, rejection.detail);
      if (rejection.violation) {
        const { rule, line, excerpt } = rejection.violation;
        tally.violations++;
        await recorder.event('violation', null, { kind: 'static', sample, rule, line, excerpt });
        this.noteDrift({ correct: false, failed: true, violation: true });
      }
      return null;
    }
    tally.noteAccepted();
    if (output.model) tally.noteUsable();
    population.noteChild(proposal.parent.id);
    const row = await recorder.proposal(record);
    if (candidate.vector) novelty.remember(row.id, island, candidate.vector);
    return row;
  }

  /** One short line for the stop message: why a proposal gave nothing evaluable, and what the model answered. */
  private unusableLine(reason: string, detail: string, reply: string): string {
    return `${reason}: ${oneLine(detail, 90)}${reply ? ` | reply: ${oneLine(reply, 60)}` : ''}`;
  }

  private async reject(record: ProposalRecord, reason: string, detail: string): Promise<null> {
    this.s.tally.noteRejected();
    await this.s.recorder.rejection(record, reason, detail);
    return null;
  }

  /** Execute and judge a pending program, record the outcome, then learn from it and maybe promote it. */
  private async evaluateAndLearn(row: ProgramRow): Promise<void> {
    const { loaded, sandbox, recorder, tally, population, novelty, models, promoter, migration, config, store, run } = this.s;
    const x = this.s.cases ? await this.s.cases.execute(row) : await execute(loaded, sandbox, row);
    const evaluated = await recorder.evaluation(row, x.update, x.event);
    if (x.evaluation.failure === 'judge-error') {
      // A judge is trusted code: when it breaks, the task is broken, and the user must hear of it. On the initial
      // program it stops the run (nothing could be scored); later, the candidate is recorded and the run goes on.
      if (row.sample === 0) throw new KaizenError(`${loaded.taskFile}: the judge failed on the initial program: ${x.evaluation.error}`);
      process.emitWarning(`${loaded.taskFile}: ${x.evaluation.error} (program ${row.id})`);
    }
    tally.noteEvaluated(x.correct);
    const member = memberOf(evaluated);
    if (x.denial) {
      tally.violations++;
      await recorder.event('violation', row.id, { kind: 'sandbox', denial: x.denial, failure: x.evaluation.failure, error: x.evaluation.error?.slice(0, 500) });
    } else population.add(member);
    const vector = novelty.vectorOf(row.id);
    const features = x.judged?.features;
    if (row.sample === 0) this.s.drift.setSeed({ features, vector });
    this.noteDrift({ correct: x.correct, failed: !x.correct, violation: x.denial !== null, features, vector });
    const reward = x.denial ? 0 : this.s.ranks.rankAndAdd(member);
    if (row.model && models) await models.pulls.reward(row.model, reward, row.cost ?? 0);
    if (row.sample === 0) {
      tally.seedScore = x.correct ? (x.judged?.score ?? null) : null;
      await store.updateRun(run.id, { seed_score: tally.seedScore });
      await migration.seedIslands(evaluated);
    }
    const crowned = !x.denial && (await promoter.consider(evaluated, member, x.evaluation.sandbox.output));
    if (tally.evaluated % config.islands.migrationInterval === 0) await migration.migrate();
    // Lessons are the run's, not this sample's: their model calls do not count against its cap.
    this.s.meter.outside(() => this.s.lessons.maybeRun(tally.evaluated));
    this.s.options.onProgress?.(this.progress(crowned ? { programId: member.id, score: member.score, evaluated: tally.evaluated } : undefined));
  }

  /** The drift monitor's window; a full one is recorded in the background, and its warnings are told to the user. */
  private noteDrift(outcome: Parameters<DriftMonitor['note']>[0]): void {
    const { drift, recorder, background, config } = this.s;
    const report = drift.note(outcome, this.s.tally.evaluated);
    if (!report) return;
    background.add(recorder.event('drift.measured', null, { evaluated: report.evaluated, ...report.measure }));
    if (report.warnings.length === 0) return;
    background.add(recorder.event('drift.warning', null, { evaluated: report.evaluated, warnings: report.warnings, action: config.drift.action }));
    this.s.notice(`drift: ${report.warnings.join('; ')}${config.drift.action === 'pause' ? ' (pausing the run: re-run to resume)' : ''}`);
  }

  /** The novelty filter knows every program already on an island (a resumed run re-embeds them). */
  private async rememberForNovelty(): Promise<void> {
    const onIsland = new Set(['evaluated', 'failed', 'migrant', 'pending']);
    const rows = this.s.recorder.all().filter((r) => onIsland.has(r.status));
    const cost = await this.s.novelty.rememberAll(rows.map((r) => ({ id: r.id, island: r.island, code: r.code })));
    await this.s.spend.addExtra(cost, 'embeddings');
  }

  private stopReason(): StopReason | null {
    const { config, tally, slots, proposer, drift, models, spend, options } = this.s;
    const rule = stopReason(config.budget, config.llm, {
      aborted: options.signal?.aborted === true,
      elapsedMs: performance.now() - this.s.started,
      evaluated: tally.evaluated,
      inFlight: slots.inFlight,
      consecutiveRejections: tally.consecutiveRejections,
      modelFailures: proposer.modelFailures.length,
      driftPaused: drift.paused,
      mayCallModel: !models || spend.mayCall(config.budget.usd),
    });
    return rule ?? this.callLimit();
  }

  /**
   * The limits on model calls: `llm.maxUnusableInARow` proposals in a row with nothing evaluable, or a run whose calls
   * (those made, and the cap of every sample in flight and of one more) would pass `llm.maxCallsPerSample` ×
   * `budget.samples`: so the run never makes more than that many.
   */
  private callLimit(): StopReason | null {
    const { config, tally, meter, slots } = this.s;
    if (tally.unusableInARow >= config.llm.maxUnusableInARow) return 'unusable';
    const reserved = meter.made + (slots.inFlight + 1) * meter.capPerSample;
    if (this.s.models && reserved > meter.capPerSample * config.budget.samples) return 'model-calls';
    return null;
  }

  progress(newBest?: Progress['newBest']): Progress {
    const { tally, config } = this.s;
    const seconds = (performance.now() - this.s.started) / 1000;
    return {
      runId: this.s.run.id,
      evaluated: tally.evaluated,
      budget: config.budget.samples,
      failed: tally.failed,
      rejected: tally.rejected,
      inFlight: this.s.slots.inFlight,
      bestScore: tally.best?.score ?? null,
      seedScore: tally.seedScore,
      evalsPerSecond: seconds > 0 ? tally.evaluatedThisSession / seconds : 0,
      cost: this.s.spend.spent,
      newBest,
      ...this.s.progressExtras(),
    };
  }

  private result(resumed: boolean, stoppedBy: StopReason): EvolveResult {
    const { tally, store, run, spend, proposer } = this.s;
    return {
      runId: run.id,
      resumed,
      evaluated: tally.evaluated,
      failed: tally.failed,
      rejected: tally.rejected,
      seedScore: tally.seedScore,
      bestScore: tally.best?.score ?? null,
      bestProgramId: tally.best?.id ?? null,
      overfits: tally.overfits,
      violations: tally.violations,
      db: store.path,
      stoppedBy,
      cost: spend.spent,
      durationMs: performance.now() - this.s.started,
      curve: tally.curve,
      ...(stoppedBy === 'models-failing' ? { modelErrors: [...new Set(proposer.modelFailures)] } : {}),
      ...(stoppedBy === 'unusable' || stoppedBy === 'model-calls' ? { unusable: [...tally.unusableLines] } : {}),
      ...(this.s.models ? { modelCalls: { made: this.s.meter.made, capPerSample: this.s.meter.capPerSample } } : {}),
    };
  }
}
