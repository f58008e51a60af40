import { join, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { KaizenConfig, KaizenConfigInput } from '../config/config.ts';
import { type LoadedTask, loadTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import { type ExecutorMonitor, monitorExecutor } from '../executor/monitor.ts';
import { EXECUTOR_STATE_KEY, type ExecutorSnapshot } from '../executor/stats.ts';
import { evolveRegions, frozenText } from '../operators/evolve-blocks.ts';
import { offlineOperators } from '../operators/offline/index.ts';
import { LlmOperatorError } from '../operators/llm/operator.ts';
import type { Operator, OperatorInput, OperatorOutput } from '../operators/operator.ts';
import type { Member } from '../population/member.ts';
import type { BanditState } from '../models/bandit.ts';
import type { ChatModel } from '../models/types.ts';
import { Population } from '../population/population.ts';
import { createSandbox } from '../sandbox/create.ts';
import type { Sandbox } from '../sandbox/types.ts';
import type { ProgramRow, Run } from '../store/store.ts';
import { startHeartbeat } from '../store/run-owner.ts';
import { postgresUrl, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { Rng } from '../util/rng.ts';
import { type Evaluation, evaluate, sandboxRequest } from './evaluate.ts';
import { distilLessons } from './lessons.ts';
import { createModelContext, embedderFor, type ModelContext } from './models.ts';
import { NoveltyFilter } from './novelty.ts';
import { openTaskRun } from './open-run.ts';
import { driftWarnings, measureDrift } from '../safeguards/drift.ts';
import { gate, type HoldoutResult, holdoutOf, runHoldout } from '../safeguards/holdout.ts';
import { checkPolicy, deniedInSandbox, policyRules } from '../safeguards/policy.ts';

export interface EvolveOptions {
  /** The task folder (task.ts, initial program, optional kaizen.config.ts), or a task already loaded. */
  task: string | LoadedTask;
  /** The run database (default: TASK/.kaizen/kaizen.db). */
  out?: string;
  /** Settings that override the task's config file (deep-merged). */
  config?: KaizenConfigInput;
  /** `auto` (default): continue this task's unfinished run if there is one; `never`: always start a new run. */
  resume?: 'auto' | 'never' | 'required';
  sandbox?: Sandbox;
  /** Proposal operators with weights (default: the built-in offline operators as configured). */
  operators?: { operator: Operator; weight: number }[];
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** One-off messages for the user (e.g. that no model is configured). */
  onNotice?: (message: string) => void;
}

export interface Progress {
  runId: string;
  evaluated: number;
  budget: number;
  failed: number;
  rejected: number;
  inFlight: number;
  bestScore: number | null;
  seedScore: number | null;
  evalsPerSecond: number;
  /** US dollars spent on model calls so far. */
  cost: number;
  /** Set on the update that follows a new best. */
  newBest?: { programId: number; score: number; evaluated: number };
  /** With a remote executor (`--queue`): its workers, queue depth and jobs in flight. */
  executor?: ExecutorSnapshot;
}

export interface EvolveResult {
  runId: string;
  resumed: boolean;
  evaluated: number;
  failed: number;
  rejected: number;
  seedScore: number | null;
  bestScore: number | null;
  bestProgramId: number | null;
  /** Challengers that won on search and lost on holdout. */
  overfits: number;
  /** Candidates quarantined for a policy violation (static or a sandbox denial). */
  violations: number;
  db: string;
  stoppedBy: 'budget' | 'wall-clock' | 'rejections' | 'aborted' | 'usd' | 'models-failing' | 'drift';
  /** Why the models were judged to be failing, when stoppedBy says so. */
  modelErrors?: string[];
  /** US dollars spent on model calls (this run, all sessions). */
  cost: number;
  durationMs: number;
  /** Best score after each evaluation at which it improved: [evaluated, score]. */
  curve: [number, number][];
}

const MAX_PROPOSAL_ATTEMPTS = 6;

/** Evolves a task's program: the whole loop, resumable at any point. */
export async function evolve(options: EvolveOptions): Promise<EvolveResult> {
  const loaded = typeof options.task === 'string' ? await loadTask(options.task, options.config) : options.task;
  const dbPath = options.out && postgresUrl(options.out) ? options.out : resolve(options.out ?? join(loaded.dir, '.kaizen', 'kaizen.db'));
  const store = await Store.open(dbPath);
  try {
    const run = await openTaskRun(store, loaded, options.resume ?? 'auto');
    const loop = new EvolutionLoop(store, loaded, run.run, options);
    return await loop.execute(run.resumed);
  } finally {
    await store.close();
  }
}

function memberOf(row: ProgramRow): Member {
  return {
    id: row.id,
    island: row.island,
    score: row.correct && row.score !== null ? row.score : Number.NEGATIVE_INFINITY,
    correct: row.correct === 1,
    generation: row.generation,
    codeHash: row.code_hash,
    children: 0,
    features: row.features_json ? JSON.parse(row.features_json) : undefined,
  };
}

const parseJson = <T>(text: string | null): T | undefined => (text ? (JSON.parse(text) as T) : undefined);

/** A proposal that made it through screening, ready to be recorded and evaluated. */
interface Accepted {
  sample: number;
  parent: Member;
  island: number;
  operator: string;
  output: OperatorOutput;
  inspirations: number[];
  proposeMs: number;
  vector: number[];
}

class EvolutionLoop {
  private readonly store: Store;
  private readonly loaded: LoadedTask;
  private readonly run: Run;
  private readonly options: EvolveOptions;
  private readonly config: KaizenConfig;
  private readonly sandbox: Sandbox & { close?: () => Promise<void> };
  private readonly ownSandbox: boolean;
  private readonly population: Population;
  private readonly offline: { operator: Operator; weight: number }[];
  private models: ModelContext | null = null;
  private novelty!: NoveltyFilter;
  private readonly inFlight = new Set<Promise<void>>();
  private nextSample = 0;
  private evaluated = 0;
  private failed = 0;
  private rejected = 0;
  private consecutiveRejections = 0;
  private evaluatedThisSession = 0;
  private seedScore: number | null = null;
  private best: Member | undefined;
  private curve: [number, number][] = [];
  private lessons: string | undefined;
  private lessonsAt = 0;
  private lessonsRunning: Promise<void> | null = null;
  /** Dollars spent; model calls in flight and their mean cost bound what may still start under budget.usd. */
  private spent = 0;
  private llmCalls = 0;
  private llmInFlight = 0;
  private readonly rules: RegExp[];
  private violations = 0;
  private overfits = 0;
  /** The promoted champion's holdout score (when the task has a holdout). */
  private championHoldout: number | null = null;
  private holdoutChecks = 0;
  private readonly holdoutGaps: number[] = [];
  /** Outcomes of the latest evaluations, for the drift monitor. */
  private readonly recent: { correct: boolean; failed: boolean; violation: boolean; features?: Record<string, number>; vector?: number[] }[] = [];
  private seedBehaviour: { features?: Record<string, number>; vector?: number[] } = {};
  private driftPaused = false;
  /** Latest model errors in a row: enough of them means every endpoint is down, and the run stops resumably. */
  private modelFailures: string[] = [];
  private readonly started = performance.now();
  private executor: ExecutorMonitor | null = null;
  private readonly backgroundWrites = new Set<Promise<void>>();
  private backgroundError: Error | null = null;

  constructor(store: Store, loaded: LoadedTask, run: Run, options: EvolveOptions) {
    this.store = store;
    this.loaded = loaded;
    this.run = run;
    this.options = options;
    this.config = loaded.config;
    this.sandbox = options.sandbox ?? createSandbox({ backend: this.config.sandbox.backend, process: { allowUnsandboxed: this.config.sandbox.allowUnsandboxed } });
    this.ownSandbox = !options.sandbox;
    this.population = new Population(this.config);
    this.offline = options.operators ?? offlineOperators(this.config, loaded.language, loaded.task);
    this.rules = policyRules(loaded.task.policy, loaded.language);
    if (this.offline.length === 0 && this.config.models.length === 0) {
      throw new KaizenError(`no operator can change a ${loaded.language} program; configure a model`);
    }
  }

  async execute(resumed: boolean): Promise<EvolveResult> {
    try {
      return await this.executeLoop(resumed);
    } finally {
      if (this.ownSandbox) await this.sandbox.close?.();
    }
  }

  private async executeLoop(resumed: boolean): Promise<EvolveResult> {
    const monitor = this.watchExecutor();
    // Says that this process works the run, so a coordinator on another host sharing the store does not resume it.
    const stopHeartbeat = startHeartbeat(this.store, this.run.id);
    try {
      return await this.loop(resumed);
    } finally {
      stopHeartbeat();
      await monitor?.stop();
    }
  }

  /** A remote executor's state, stored every 2 s for the dashboard and shown in the progress line. */
  private watchExecutor(): ExecutorMonitor | null {
    const snapshot = this.sandbox.snapshot?.bind(this.sandbox);
    if (!snapshot) return null;
    this.executor = monitorExecutor(snapshot, async (s) => {
      await this.store.setState(this.run.id, EXECUTOR_STATE_KEY, s);
      this.options.onProgress?.(this.progress());
    });
    return this.executor;
  }

  private async loop(resumed: boolean): Promise<EvolveResult> {
    const pending = await this.restore();
    this.models = this.options.operators ? null : createModelContext(this.config, this.loaded.task, {
      savedBandit: await this.store.getState<BanditState>(this.run.id, 'bandit'),
      signal: this.options.signal,
    });
    this.novelty = new NoveltyFilter(this.models?.embedder ?? embedderFor(this.config), this.config.novelty.threshold);
    if (!this.models && !this.options.operators) {
      this.notice(`no model configured: proposing with the offline operators (${this.offline.map((o) => o.operator.name).join(', ')})`);
    }
    if (!resumed) {
      const seedId = await this.record({ sample: 0, parent: null, island: 0, generation: 0, operator: 'seed', output: { code: this.loaded.programCode, change: 'initial program' } });
      pending.push((await this.store.getProgram(seedId))!);
      this.nextSample = 1;
    }
    await this.rememberForNovelty();
    let stoppedBy: EvolveResult['stoppedBy'] = 'budget';
    try {
      // Programs recorded but never evaluated (the process died with them in flight) go first: none is lost.
      for (const row of pending) {
        await this.waitForSlot();
        this.launch(this.evaluateAndRecord(row));
      }
      if (pending.some((r) => r.sample === 0)) await this.drain(); // the seed seeds every island before anything else
      stoppedBy = await this.proposeUntilDone();
      await this.drain();
      await this.lessonsRunning;
      await this.settleBackgroundWrites();
    } catch (e) {
      await this.drain().catch(() => {});
      await Promise.all([...this.backgroundWrites]);
      await this.store.setRunStatus(this.run.id, 'failed');
      await this.store.appendEvent(this.run.id, 'run.failed', null, { error: (e as Error).message });
      throw e;
    }
    const complete = stoppedBy === 'budget' || stoppedBy === 'rejections' || stoppedBy === 'usd';
    await this.store.setRunStatus(this.run.id, complete ? 'completed' : 'interrupted');
    await this.store.updateRun(this.run.id, { pid: null });
    await this.store.appendEvent(this.run.id, complete ? 'run.completed' : 'run.interrupted', null, { stoppedBy, evaluated: this.evaluated, cost: this.spent });
    return this.result(resumed, stoppedBy);
  }

  private notice(message: string): void {
    this.options.onNotice?.(message);
    this.inBackground(this.store.appendEvent(this.run.id, 'run.notice', null, { message }));
  }

  /** A record write nobody waits for; the run waits for all of them before it ends, and fails if one failed. */
  private inBackground(write: Promise<void>): void {
    const tracked: Promise<void> = write
      .catch((e: Error) => {
        this.backgroundError ??= e;
      })
      .finally(() => this.backgroundWrites.delete(tracked));
    this.backgroundWrites.add(tracked);
  }

  private async settleBackgroundWrites(): Promise<void> {
    await Promise.all([...this.backgroundWrites]);
    if (this.backgroundError) throw this.backgroundError;
  }

  /** Rebuilds the population, counters, lessons and spend from the record; returns the programs left pending. */
  private async restore(): Promise<ProgramRow[]> {
    const rows = await this.store.programs(this.run.id);
    const pending: ProgramRow[] = [];
    for (const row of rows) {
      if (row.sample !== null) this.nextSample = Math.max(this.nextSample, row.sample + 1);
      if (row.status !== 'migrant') this.spent += row.cost ?? 0;
      if (row.status === 'pending') pending.push(row);
      if (row.status === 'rejected') this.rejected++;
      if (row.status === 'evaluated' || row.status === 'failed') {
        this.evaluated++;
        if (row.status === 'failed' || row.correct !== 1) this.failed++;
        if (row.sample === 0 && row.correct === 1) this.seedScore = row.score;
      }
      if (row.failure_class === 'violation') this.violations++;
      else if (row.status === 'evaluated' || row.status === 'failed' || row.status === 'migrant') this.population.add(memberOf(row));
    }
    for (const row of rows) {
      if (row.parent_id !== null && row.status !== 'migrant' && row.status !== 'rejected') this.population.noteChild(row.parent_id);
    }
    // The champion is the promoted program (the holdout gate may have refused better search scores).
    const championId = (await this.store.getRun(this.run.id))?.best_program_id ?? null;
    this.best = championId !== null ? this.population.get(championId) : undefined;
    this.championHoldout = (await this.store.getState<number>(this.run.id, 'champion_holdout')) ?? null;
    this.holdoutChecks = (await this.store.getState<number>(this.run.id, 'holdout_checks')) ?? 0;
    this.overfits = (await this.store.events(this.run.id)).filter((e) => e.type === 'overfit').length;
    // The best-so-far curve, replayed in the order evaluations finished.
    const done = rows.filter((r) => r.status === 'evaluated' || r.status === 'failed');
    done.sort((a, b) => (a.evaluated_at ?? '').localeCompare(b.evaluated_at ?? '') || a.id - b.id);
    done.forEach((r, i) => {
      const last = this.curve[this.curve.length - 1];
      if (r.correct === 1 && r.score !== null && (!last || r.score > last[1])) this.curve.push([i + 1, r.score]);
    });
    const lessons = await this.store.getState<{ text: string; at: number }>(this.run.id, 'lessons');
    this.lessons = lessons?.text;
    this.lessonsAt = lessons?.at ?? 0;
    this.spent += (await this.store.getState<number>(this.run.id, 'extra_cost')) ?? 0;
    return pending;
  }

  /** The novelty filter knows every program already on an island (a resumed run re-embeds them). */
  private async rememberForNovelty(): Promise<void> {
    const rows = (await this.store.programs(this.run.id)).filter((r) => r.status === 'evaluated' || r.status === 'failed' || r.status === 'migrant' || r.status === 'pending');
    const cost = await this.novelty.rememberAll(rows.map((r) => ({ id: r.id, island: r.island, code: r.code })));
    await this.addExtraCost(cost);
  }

  private async addExtraCost(cost: number): Promise<void> {
    if (!(cost > 0)) return;
    this.spent += cost;
    const previous = (await this.store.getState<number>(this.run.id, 'extra_cost')) ?? 0;
    await this.store.setState(this.run.id, 'extra_cost', previous + cost);
  }

  private stopReason(): EvolveResult['stoppedBy'] | null {
    if (this.options.signal?.aborted) return 'aborted';
    const wall = this.config.budget.wallClockMs;
    if (wall !== undefined && performance.now() - this.started >= wall) return 'wall-clock';
    if (this.consecutiveRejections >= this.config.budget.maxConsecutiveRejections) return 'rejections';
    if (this.modelFailures.length >= this.config.llm.maxConsecutiveFailures) return 'models-failing';
    if (this.driftPaused) return 'drift';
    if (this.evaluated + this.inFlight.size >= this.config.budget.samples) return 'budget';
    if (this.models && !this.mayCallModel()) return 'usd';
    return null;
  }

  /** Under budget.usd, a model call may start only if what is spent plus what calls in flight will likely cost leaves room. */
  private mayCallModel(): boolean {
    const usd = this.config.budget.usd;
    if (usd === undefined) return true;
    const perCall = this.llmCalls > 0 ? this.spent / this.llmCalls : 0;
    return this.spent + (this.llmInFlight + 1) * perCall < usd;
  }

  private async proposeUntilDone(): Promise<EvolveResult['stoppedBy']> {
    for (;;) {
      const reason = this.stopReason();
      if ((reason === 'budget' || reason === 'usd') && this.inFlight.size > 0) {
        await Promise.race(this.inFlight);
        continue; // jobs in flight may end rejected, which frees budget for another proposal
      }
      if (reason) return reason;
      await this.waitForSlot();
      if (this.stopReason()) continue;
      this.launch(this.proposeAndEvaluate(this.nextSample++, 0));
    }
  }

  private async waitForSlot(): Promise<void> {
    while (this.inFlight.size >= this.config.concurrency) await Promise.race(this.inFlight);
  }

  private async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  private launch(work: Promise<void>): void {
    const job = work.finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** One job: propose (possibly calling a model), screen, then evaluate; a rejected proposal re-samples its parent. */
  private async proposeAndEvaluate(sample: number, resample: number): Promise<void> {
    const accepted = await this.propose(sample);
    if (accepted) {
      const id = await this.recordAccepted(accepted);
      await this.evaluateAndRecord((await this.store.getProgram(id))!);
    } else if (resample < this.config.novelty.maxResamples && !this.stopReason()) {
      await this.proposeAndEvaluate(this.nextSample++, resample + 1);
    }
  }

  private chooseOperator(island: number, rng: Rng): Operator | null {
    if (this.models) {
      // An island with no correct program yet gets repaired rather than mutated.
      if (!this.population.island(island).some((m) => m.correct)) return this.models.fix;
      const ops = this.models.operators;
      return ops[rng.weighted(ops.map((o) => o.weight))]?.operator ?? null;
    }
    return this.offline[rng.weighted(this.offline.map((o) => o.weight))]?.operator ?? null;
  }

  /** What an operator may see of a program: its code, score, public metrics and feedback; never private metrics. */
  private async operatorInput(parentRow: ProgramRow, inspirations: Member[], rng: Rng): Promise<OperatorInput> {
    const rows = (await Promise.all(inspirations.map((m) => this.store.getProgram(m.id)))).filter((r) => r !== undefined);
    return {
      code: parentRow.code,
      language: this.loaded.language,
      inspirations: rows.map((r) => ({ id: r.id, code: r.code, score: r.correct === 1 ? (r.score ?? undefined) : undefined, metrics: parseJson(r.public_json), feedback: r.feedback ?? undefined })),
      rng,
      parentScore: parentRow.correct === 1 ? (parentRow.score ?? undefined) : undefined,
      parentMetrics: parseJson(parentRow.public_json),
      parentFeedback: parentRow.feedback ?? undefined,
      parentError: parentRow.correct === 1 ? undefined : [parentRow.error, parentRow.stderr].filter(Boolean).join('\n').slice(0, 4000) || undefined,
      lessons: this.lessons,
    };
  }

  /** One proposal: parent, inspirations, operator, screening, novelty. Returns the accepted proposal or null. */
  private async propose(sample: number): Promise<Accepted | null> {
    const rng = new Rng(this.config.seed, sample);
    const island = sample % this.population.islandCount;
    const parent = this.population.selectParent(island, rng);
    const parentRow = (await this.store.getProgram(parent.id))!;
    const inspirations = this.population.inspirations(parent, rng);
    const input = await this.operatorInput(parentRow, inspirations, rng);
    const base = { sample, parent: parent.id, island, generation: parent.generation + 1, inspirations: inspirations.map((m) => m.id) };
    const t0 = performance.now();
    let output: OperatorOutput | null = null;
    let operatorName = 'none';
    for (let attempt = 0; attempt < MAX_PROPOSAL_ATTEMPTS && !output; attempt++) {
      const operator = this.chooseOperator(island, rng);
      if (!operator) break;
      operatorName = operator.name;
      try {
        output = await this.callOperator(operator, input);
      } catch (e) {
        if (!(e instanceof LlmOperatorError)) throw e;
        // The model failed or answered nothing usable: record what it cost and what it said, and go on.
        await this.reject(
          { ...base, operator: operator.name, proposeMs: performance.now() - t0, output: { code: parentRow.code, change: `no usable reply (${e.reason})`, model: e.model, prompt: e.prompt, reply: e.reply, usage: e.usage, cost: e.cost } },
          `llm-${e.reason}`,
          e.message,
        );
        return null;
      }
    }
    const proposeMs = performance.now() - t0;
    if (!output) {
      await this.reject({ ...base, operator: operatorName, proposeMs, output: { code: parentRow.code, change: 'no applicable change' } }, 'no-change', 'the operators found nothing to change');
      return null;
    }
    const screen = this.screen(parentRow.code, output.code);
    const duplicate = screen ? undefined : await this.store.findByHash(this.run.id, sha256(output.code));
    if (screen || duplicate) {
      this.rewardModel(output, 0);
      await this.reject({ ...base, operator: operatorName, proposeMs, output }, screen?.reason ?? 'duplicate', screen?.detail ?? `same code as program ${duplicate!.id}`);
      return null;
    }
    const violation = checkPolicy(output.code, this.rules);
    if (violation) {
      this.rewardModel(output, 0);
      this.violations++;
      await this.reject({ ...base, operator: operatorName, proposeMs, output }, 'violation', `policy ${violation.rule} at line ${violation.line}: ${violation.excerpt}`);
      await this.store.appendEvent(this.run.id, 'violation', null, { kind: 'static', sample, rule: violation.rule, line: violation.line, excerpt: violation.excerpt });
      this.noteOutcome({ correct: false, failed: true, violation: true });
      return null;
    }
    // Novelty screens what models propose. The offline operators' edits are deliberately small (one constant, one
    // operator): every one of them would look like its parent, and exact duplicates are already refused above.
    const verdict = output.model ? await this.novelty.check(island, output.code, this.noveltyJudge()) : await this.novelty.embedOnly(output.code);
    await this.addExtraCost(verdict.cost);
    if (!verdict.novel) {
      this.rewardModel(output, 0);
      await this.reject(
        { ...base, operator: operatorName, proposeMs, output },
        'not-novel',
        `cosine similarity ${verdict.similarity.toFixed(4)} to program ${verdict.nearestId} on island ${island} (threshold ${this.config.novelty.threshold}; ${verdict.by === 'judge' ? `judge said: ${verdict.judgeReply?.trim().slice(0, 200)}` : 'no judge'})`,
      );
      return null;
    }
    return { ...base, parent, operator: operatorName, output, proposeMs, vector: verdict.vector };
  }

  private async callOperator(operator: Operator, input: OperatorInput): Promise<OperatorOutput | null> {
    const llm = operator.name.startsWith('llm-');
    if (llm) this.llmInFlight++;
    try {
      const out = await operator.propose(input);
      if (llm && out) {
        this.llmCalls++;
        this.spent += out.cost ?? 0;
        this.modelFailures = [];
      }
      return out;
    } catch (e) {
      if (e instanceof LlmOperatorError) {
        this.llmCalls++;
        this.spent += e.cost;
        this.models?.bandit.fail(e.model, e.cost);
        await this.saveBandit();
        if (e.reason === 'model-error' || e.reason === 'timeout') this.modelFailures.push(`${e.model}: ${e.message}`);
      }
      throw e;
    } finally {
      if (llm) this.llmInFlight--;
    }
  }

  /** Configured models, the bandit's current favourite first: who judges novelty and distils lessons. */
  private modelsByPreference(): ChatModel[] {
    if (!this.models) return [];
    const order = this.models.bandit
      .summary()
      .sort((a, b) => b.decayedMean - a.decayedMean || a.failures - b.failures)
      .map((a) => a.id);
    return order.map((id) => this.models!.models.get(id)).filter((m): m is ChatModel => m !== undefined);
  }

  private noveltyJudge() {
    if (!this.models || !this.config.novelty.judge) return null;
    return {
      models: this.modelsByPreference(),
      prompts: this.models.prompts,
      task: this.models.task,
      language: this.loaded.language,
      codeOf: async (id: number) => (await this.store.getProgram(id))?.code ?? '',
    };
  }

  /** Ends a model's pull: the improvement it brought (0 for anything rejected or failed), and what it cost. */
  private rewardModel(output: OperatorOutput, reward: number): void {
    if (!this.models || !output.model) return;
    this.models.bandit.update(output.model, reward, output.cost ?? 0);
    void this.saveBandit();
  }

  private async saveBandit(): Promise<void> {
    if (this.models) await this.store.setState(this.run.id, 'bandit', this.models.bandit.toJSON());
  }

  /** Cheap checks before anything runs: an operator's edit must stay inside the EVOLVE blocks. */
  private screen(parentCode: string, childCode: string): { reason: string; detail: string } | null {
    try {
      if (frozenText(parentCode, evolveRegions(parentCode)) !== frozenText(childCode, evolveRegions(childCode))) {
        return { reason: 'outside-evolve-block', detail: 'the change touches code outside the EVOLVE-BLOCK markers' };
      }
    } catch (e) {
      return { reason: 'markers', detail: (e as Error).message };
    }
    return null;
  }

  private async recordAccepted(a: Accepted): Promise<number> {
    this.consecutiveRejections = 0;
    this.population.noteChild(a.parent.id);
    const parentCode = (await this.store.getProgram(a.parent.id))!.code;
    const patch = createTwoFilesPatch(`program ${a.parent.id}`, 'child', parentCode, a.output.code, '', '', { context: 2 });
    const id = await this.record({ ...a, parent: a.parent.id, generation: a.parent.generation + 1, patch });
    this.novelty.remember(id, a.island, a.vector);
    return id;
  }

  private async record(p: {
    sample: number;
    parent: number | null;
    island: number;
    generation: number;
    operator: string;
    output: OperatorOutput;
    patch?: string;
    proposeMs?: number;
    inspirations?: number[];
  }): Promise<number> {
    const o = p.output;
    return this.store.insertProgram(
      {
        run_id: this.run.id,
        sample: p.sample,
        parent_id: p.parent,
        island: p.island,
        generation: p.generation,
        operator: p.operator,
        model: o.model ?? null,
        status: 'pending',
        language: this.loaded.language,
        code: o.code,
        code_hash: sha256(o.code),
        patch: p.patch ?? null,
        change: o.change,
        inspirations_json: p.inspirations ? JSON.stringify(p.inspirations) : null,
        propose_ms: p.proposeMs ?? null,
        prompt: o.prompt ?? null,
        reply: o.reply ?? null,
        cost: o.cost ?? null,
        usage_json: o.usage ? JSON.stringify(o.usage) : null,
        correct: null, score: null, public_json: null, private_json: null, features_json: null, feedback: null,
        failure_class: null, error: null, stdout: null, stderr: null,
        evaluated_at: null, eval_ms: null, judge_ms: null,
      },
      { type: 'proposal.created', data: { sample: p.sample, parent: p.parent, operator: p.operator, model: o.model, change: o.change, cost: o.cost } },
    );
  }

  private async reject(p: Parameters<EvolutionLoop['record']>[0], reason: string, detail: string): Promise<void> {
    this.rejected++;
    this.consecutiveRejections++;
    const id = await this.record(p);
    await this.store.updateProgram(this.run.id, id, { status: 'rejected', failure_class: reason, error: detail }, { type: 'proposal.rejected', data: { reason, detail } });
  }

  private async evaluateAndRecord(row: ProgramRow): Promise<void> {
    const request = sandboxRequest(this.loaded.task, row.code, this.loaded.language, this.loaded.programPath);
    const ev: Evaluation = await evaluate(this.loaded.task, this.sandbox, request, row.code, row.id);
    const judged = ev.judged;
    const correct = judged?.correct === true;
    const failedInSandbox = !judged;
    // Every sandbox denial is a violation: the candidate tried to reach past its boundary. It is quarantined.
    const denial = failedInSandbox && row.sample !== 0 ? deniedInSandbox(`${ev.error ?? ''}\n${ev.sandbox.stderr}`) : null;
    await this.store.updateProgram(
      this.run.id,
      row.id,
      {
        status: failedInSandbox ? 'failed' : 'evaluated',
        correct: judged ? (correct ? 1 : 0) : 0,
        score: judged && Number.isFinite(judged.score) ? judged.score : null,
        public_json: judged?.public ? JSON.stringify(judged.public) : null,
        private_json: judged?.private ? JSON.stringify(judged.private) : null,
        features_json: judged?.features ? JSON.stringify(judged.features) : null,
        feedback: judged?.feedback ?? ev.error ?? null,
        failure_class: denial ? 'violation' : (ev.failure ?? null),
        error: denial ? `${ev.failure}: ${ev.error ?? ''} (sandbox denial: ${denial})` : (ev.error ?? null),
        stdout: ev.sandbox.stdout.slice(0, 4000),
        stderr: ev.sandbox.stderr.slice(0, 4000),
        evaluated_at: new Date().toISOString(),
        eval_ms: ev.sandbox.durationMs,
        judge_ms: ev.judgeMs,
      },
      {
        type: failedInSandbox ? 'evaluation.failed' : 'evaluation.completed',
        data: failedInSandbox ? { failure: ev.failure, error: ev.error } : { correct, score: judged?.score },
      },
    );
    if (ev.failure === 'judge-error') {
      // A judge is trusted code: when it breaks, the task is broken, and the user must hear of it. On the initial
      // program it stops the run (nothing could be scored); later, the candidate is recorded and the run goes on.
      if (row.sample === 0) throw new KaizenError(`${this.loaded.taskFile}: the judge failed on the initial program: ${ev.error}`);
      process.emitWarning(`${this.loaded.taskFile}: ${ev.error} (program ${row.id})`);
    }
    this.evaluated++;
    this.evaluatedThisSession++;
    if (!correct) this.failed++;
    const member = memberOf({ ...row, correct: correct ? 1 : 0, score: judged?.score ?? null, features_json: judged?.features ? JSON.stringify(judged.features) : null });
    if (denial) {
      this.violations++;
      await this.store.appendEvent(this.run.id, 'violation', row.id, { kind: 'sandbox', denial, failure: ev.failure, error: ev.error?.slice(0, 500) });
    } else this.population.add(member);
    const vector = this.novelty.vectorOf(row.id);
    if (row.sample === 0) this.seedBehaviour = { features: judged?.features, vector };
    this.noteOutcome({ correct, failed: !correct, violation: denial !== null, features: judged?.features, vector });
    if (row.model && this.models) {
      // Bandit reward (ShinkaEvolve): how far the child got above both its parent and the initial program.
      const parent = row.parent_id !== null ? this.population.get(row.parent_id) : undefined;
      const floor = Math.max(parent?.correct ? parent.score : Number.NEGATIVE_INFINITY, this.seedScore ?? Number.NEGATIVE_INFINITY);
      const reward = correct && Number.isFinite(floor) ? Math.max(member.score - floor, 0) : 0;
      this.models.bandit.update(row.model, reward, row.cost ?? 0);
      await this.saveBandit();
    }
    if (row.sample === 0) {
      this.seedScore = correct ? (judged?.score ?? null) : null;
      await this.store.updateRun(this.run.id, { seed_score: this.seedScore });
      await this.seedOtherIslands(row);
    }
    let newBest: Progress['newBest'];
    if (correct && !denial && (!this.best || member.score > this.best.score) && (await this.passesHoldout(row, member, ev.sandbox.output))) {
      this.best = member;
      this.curve.push([this.evaluated, member.score]);
      newBest = { programId: member.id, score: member.score, evaluated: this.evaluated };
      await this.store.setChampion(this.run.id, member.id, { score: member.score, holdout: this.championHoldout, evaluated: this.evaluated });
    }
    if (this.evaluated % this.config.islands.migrationInterval === 0) await this.migrate();
    this.maybeDistilLessons();
    this.options.onProgress?.(this.progress(newBest));
  }

  /**
   * The holdout gate: a challenger (better on search than the champion) is run on the held-out check; it becomes
   * champion only if the gate agrees. Otherwise the run records an overfit event and the champion stays.
   */
  private async passesHoldout(row: ProgramRow, member: Member, searchOutput: unknown): Promise<boolean> {
    const spec = holdoutOf(this.loaded.task);
    if (!spec) return true;
    // Fresh held-out instances for every check; the champion is re-scored on the same ones, so the two compare.
    const instanceSeed = this.config.seed * 100_003 + ++this.holdoutChecks;
    await this.store.setState(this.run.id, 'holdout_checks', this.holdoutChecks);
    const execute = (code: string, id: number) => (args: unknown[], judge: Parameters<typeof evaluate>[5]) => {
      const request = sandboxRequest(this.loaded.task, code, this.loaded.language, this.loaded.programPath);
      if (request?.kind === 'js') request.args = args;
      else if (request?.kind === 'command') request.env = { ...request.env, KAIZEN_ARGS: JSON.stringify(args) };
      return evaluate(this.loaded.task, this.sandbox, request, code, id, judge);
    };
    const holdout: HoldoutResult = await runHoldout(spec, row.id, searchOutput, instanceSeed, execute(row.code, row.id));
    let championHoldout = this.championHoldout;
    if (this.best && typeof spec.args === 'function') {
      const champ = (await this.store.getProgram(this.best.id))!;
      championHoldout = (await runHoldout(spec, champ.id, undefined, instanceSeed, execute(champ.code, champ.id))).score;
    }
    const decision = gate(spec, { search: member.score, holdout }, this.best && championHoldout !== null ? { holdout: championHoldout } : null);
    if (Number.isFinite(holdout.score)) this.holdoutGaps.push(member.score - holdout.score);
    await this.store.appendEvent(this.run.id, 'holdout.checked', row.id, {
      search: member.score,
      holdout: Number.isFinite(holdout.score) ? holdout.score : null,
      champion: this.best?.id ?? null,
      championHoldout,
      instanceSeed: holdout.instanceSeed,
      promote: decision.promote,
      reason: decision.reason,
    });
    if (!decision.promote) {
      this.overfits++;
      await this.store.appendEvent(this.run.id, 'overfit', row.id, {
        search: member.score,
        holdout: Number.isFinite(holdout.score) ? holdout.score : null,
        champion: this.best?.id ?? null,
        championSearch: this.best?.score ?? null,
        championHoldout,
        reason: decision.reason,
      });
      return false;
    }
    this.championHoldout = holdout.score;
    await this.store.setState(this.run.id, 'champion_holdout', holdout.score);
    return true;
  }

  /** The drift monitor: every `drift.every` evaluations, how far the population moved and how it is failing. */
  private noteOutcome(outcome: (typeof this.recent)[number]): void {
    this.recent.push(outcome);
    const every = this.config.drift.every;
    if (this.recent.length < every) return;
    const window = this.recent.splice(0, this.recent.length);
    const m = measureDrift({ window, seed: this.seedBehaviour, holdoutGaps: this.holdoutGaps });
    const warnings = driftWarnings(m, this.config.drift);
    this.inBackground(this.store.appendEvent(this.run.id, 'drift.measured', null, { evaluated: this.evaluated, ...m }));
    if (warnings.length === 0) return;
    this.inBackground(this.store.appendEvent(this.run.id, 'drift.warning', null, { evaluated: this.evaluated, warnings, action: this.config.drift.action }));
    this.notice(`drift: ${warnings.join('; ')}${this.config.drift.action === 'pause' ? ' (pausing the run: re-run to resume)' : ''}`);
    if (this.config.drift.action === 'pause') this.driftPaused = true;
  }

  /** Every `lessons.every` evaluations, in the background (a slow model must not hold evaluations up). */
  private maybeDistilLessons(): void {
    const every = this.config.lessons.every;
    if (every === 0 || this.lessonsRunning || this.evaluated - this.lessonsAt < every) return;
    const at = this.evaluated;
    const models = this.modelsByPreference();
    this.lessonsRunning = (async () => {
      try {
        const rows = await this.store.programs(this.run.id);
        const llm = this.models && models.length ? { models, prompts: this.models.prompts, task: this.models.task, language: this.loaded.language } : null;
        const update = await distilLessons(rows, this.lessons, llm);
        this.lessons = update.text;
        this.lessonsAt = at;
        await this.addExtraCost(update.cost);
        await this.store.setState(this.run.id, 'lessons', { text: update.text, at, source: update.source });
        await this.store.appendEvent(this.run.id, 'lessons.updated', null, { at, source: update.source, cost: update.cost, text: update.text });
      } catch (e) {
        // Lessons are advice: a failed step is recorded and the run goes on with the previous ones.
        this.lessonsAt = at;
        await this.store.appendEvent(this.run.id, 'lessons.failed', null, { at, error: (e as Error).message });
      } finally {
        this.lessonsRunning = null;
      }
    })();
  }

  /** Every island starts from the initial program (a copy, not a re-evaluation). */
  private async seedOtherIslands(seed: ProgramRow): Promise<void> {
    const seedRow = (await this.store.getProgram(seed.id))!;
    for (let island = 1; island < this.population.islandCount; island++) await this.copyToIsland(seedRow, island, 'island.seeded');
  }

  private async migrate(): Promise<void> {
    for (const m of this.population.planMigration()) {
      const row = await this.store.getProgram(m.member.id);
      if (row) await this.copyToIsland(row, m.to, 'migration');
    }
  }

  private async copyToIsland(row: ProgramRow, island: number, eventType: string): Promise<void> {
    const { id: _id, created_at: _c, ...rest } = row;
    const id = await this.store.insertProgram(
      { ...rest, sample: null, parent_id: row.id, island, operator: 'migrate', status: 'migrant', cost: null, change: `copied from island ${row.island}` },
      { type: eventType, data: { from: row.island, to: island, source: row.id } },
    );
    this.population.add({ ...memberOf(row), id, island });
    const { vector } = await this.novelty.embed(row.code);
    this.novelty.remember(id, island, vector);
  }

  private progress(newBest?: Progress['newBest']): Progress {
    const seconds = (performance.now() - this.started) / 1000;
    return {
      runId: this.run.id,
      evaluated: this.evaluated,
      budget: this.config.budget.samples,
      failed: this.failed,
      rejected: this.rejected,
      inFlight: this.inFlight.size,
      bestScore: this.best?.score ?? null,
      seedScore: this.seedScore,
      evalsPerSecond: seconds > 0 ? this.evaluatedThisSession / seconds : 0,
      cost: this.spent,
      newBest,
      executor: this.executor?.latest() ?? undefined,
    };
  }

  private result(resumed: boolean, stoppedBy: EvolveResult['stoppedBy']): EvolveResult {
    return {
      runId: this.run.id,
      resumed,
      evaluated: this.evaluated,
      failed: this.failed,
      rejected: this.rejected,
      seedScore: this.seedScore,
      bestScore: this.best?.score ?? null,
      bestProgramId: this.best?.id ?? null,
      overfits: this.overfits,
      violations: this.violations,
      db: this.store.path,
      stoppedBy,
      cost: this.spent,
      durationMs: performance.now() - this.started,
      curve: this.curve,
      ...(stoppedBy === 'models-failing' ? { modelErrors: [...new Set(this.modelFailures)] } : {}),
    };
  }
}
