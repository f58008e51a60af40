import { caseTaskOf } from '../cases/case-task.ts';
import type { LoadedTask } from '../config/load.ts';
import { KaizenError } from '../errors.ts';
import type { BanditState } from '../models/bandit.ts';
import type { ChatModel } from '../models/types.ts';
import { offlineOperators } from '../operators/offline/index.ts';
import { Population } from '../population/population.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { policyRules } from '../safeguards/policy.ts';
import { EXTRA_COST_BY_KIND_STATE, EXTRA_COST_STATE, type ExtraCosts, extraCosts, NOVELTY_COUNTS_STATE, type NoveltyCounts } from '../store/figures.ts';
import type { Run, Store } from '../store/store.ts';
import { CaseEvaluator } from './cases.ts';
import { DriftMonitor } from './drift-monitor.ts';
import { CALL_LIMITS_STATE_KEY, CallMeter, type CallLimitsState } from './call-meter.ts';
import { BASE_ENV } from './evaluate.ts';
import { JOURNAL_STATE_KEY, type Journal } from '../journal/journal.ts';
import { LESSONS_STATE_KEY, LessonsStep, recordLessons } from './lessons.ts';
import type { Stages } from './loop.ts';
import { Migration } from './migration.ts';
import { RankReward } from './model-pulls.ts';
import { createModelContext, embedderFor } from './models.ts';
import { JudgingRecord } from './judging.ts';
import { NoveltyFilter, type NoveltyJudge } from './novelty.ts';
import { Promoter } from './promote.ts';
import { PromptEvolution } from './prompt-evolution.ts';
import { variantsFromEvents } from '../population/prompt-pool.ts';
import { Proposer } from './propose.ts';
import { Recorder } from './record.ts';
import { proposalCalls, proposalCost, restoreFromRecord } from './restore.ts';
import { BackgroundWrites, Slots } from './scheduler.ts';
import { duplicateCheck, markersCheck, noveltyCheck, policyCheck } from './screen.ts';
import { Spend, Tally } from './tally.ts';
import type { EvolveOptions, Progress } from './types.ts';

const BANDIT = 'bandit';

/**
 * The restore stage and the wiring: every stage of a run, built from its config and restored from its record (the
 * programs, the counters they imply, the bandit, lessons, spend and holdout state), so a killed run goes on where it was.
 */
export async function buildStages(
  store: Store,
  loaded: LoadedTask,
  run: Run,
  options: EvolveOptions,
  sandbox: Sandbox,
  progressExtras: () => Pick<Progress, 'executor'>,
): Promise<Stages> {
  const config = loaded.config;
  const offline = options.operators ?? offlineOperators(config, loaded.language, loaded.task);
  if (offline.length === 0 && config.models.length === 0) throw new KaizenError(`no operator can change a ${loaded.language} program; configure a model`);

  const rows = await store.programs(run.id);
  const population = new Population(config, loaded.task.objectives);
  const tally = new Tally();
  const pending = restoreFromRecord(rows, population, tally, run.best_program_id);
  const events = await store.events(run.id);
  tally.overfits = events.filter((e) => e.type === 'overfit').length;
  const recorder = new Recorder(store, run.id, loaded.language, rows);
  // Extra spend by kind, and its total as runs before the split kept it (their total restores as `other`).
  const extra = extraCosts(await store.getState<number>(run.id, EXTRA_COST_STATE), await store.getState<Partial<ExtraCosts>>(run.id, EXTRA_COST_BY_KIND_STATE));
  const spend = new Spend({ proposals: proposalCost(rows), extra, calls: proposalCalls(rows) }, async (total, byKind) => {
    await store.setState(run.id, EXTRA_COST_BY_KIND_STATE, byKind);
    await store.setState(run.id, EXTRA_COST_STATE, total);
  });
  const background = new BackgroundWrites();
  const limits = await store.getState<CallLimitsState>(run.id, CALL_LIMITS_STATE_KEY);
  const meter = new CallMeter(config.llm.maxCallsPerSample, limits?.modelCalls ?? 0, (made) =>
    store.setState(run.id, CALL_LIMITS_STATE_KEY, { modelCalls: made, unusableInARow: tally.unusableInARow } satisfies CallLimitsState),
  );
  const scored = rows.filter((r) => (r.status === 'evaluated' || r.status === 'failed') && r.correct === 1 && r.score !== null);
  const ranks = new RankReward(scored.map((r) => r.score as number));

  const models = options.operators
    ? null
    : createModelContext(config, loaded.task, {
        savedBandit: await store.getState<BanditState>(run.id, BANDIT),
        saveBandit: (state) => store.setState(run.id, BANDIT, state),
        signal: options.signal,
        standinUrl: options.standinUrl,
        wrapModel: (model) => meter.wrap(model),
      });
  const notice = (message: string) => {
    options.onNotice?.(message);
    background.add(store.appendEvent(run.id, 'run.notice', null, { message }));
  };
  // Say what the run is against (e.g. which benchmark set a Core War task fights), in the output and the record.
  if (loaded.task.description) notice(`task ${loaded.task.name}: ${loaded.task.description}`);
  if (!models && !options.operators) notice(`no model configured: proposing with the offline operators (${offline.map((o) => o.operator.name).join(', ')})`);
  const byPreference = (): ChatModel[] => (models ? models.pulls.byPreference().flatMap((id) => models.models.get(id) ?? []) : []);

  const novelty = new NoveltyFilter(models?.embedder ?? embedderFor(config), config.novelty.threshold);
  const judge = (): NoveltyJudge | null =>
    models && config.novelty.judge
      ? {
          models: byPreference(),
          prompts: models.prompts,
          task: models.task,
          language: loaded.language,
          affordable: () => !spend.overShare('judge', config.novelty.maxSpendShare),
        }
      : null;
  const judging = new JudgingRecord(store, run.id, await store.getState<NoveltyCounts>(run.id, NOVELTY_COUNTS_STATE), background, (share) =>
    notice(
      `novelty judging is ${(100 * share).toFixed(0)}% of spend, over novelty.maxSpendShare ${config.novelty.maxSpendShare}: near-duplicates go through unjudged until it is back under`,
    ),
  );
  const checks = [
    markersCheck,
    duplicateCheck((code) => recorder.triedWith(code)),
    policyCheck(policyRules(loaded.task.policy, loaded.language)),
    noveltyCheck(novelty, {
      threshold: config.novelty.threshold,
      codeOf: async (id) => recorder.get(id).code,
      judge,
      onCost: async (usd) => {
        await spend.addExtra(usd.embeddings, 'embeddings');
        await spend.addExtra(usd.judge, 'judge');
      },
      onVerdict: (verdict) => judging.note(verdict, spend.shareOf('judge')),
    }),
  ];

  const caseTask = caseTaskOf(loaded.task, loaded.dir, BASE_ENV);
  const cases = caseTask ? new CaseEvaluator({ caseTask, loaded, sandbox, store, runId: run.id, rows: () => recorder.all() }) : null;
  const promoter = new Promoter({ store, runId: run.id, loaded, sandbox, recorder, tally, cases });
  await promoter.restore();
  const savedLessons = await store.getState<{ text: string; at: number }>(run.id, LESSONS_STATE_KEY);
  const lessons = new LessonsStep(
    {
      every: config.lessons.every,
      rows: () => recorder.all(),
      llm: () => (models?.models.size ? { models: byPreference(), prompts: models.prompts, task: models.task, language: loaded.language } : null),
      onUpdate: async (update, at) => {
        await spend.addExtra(update.cost, 'lessons');
        await recordLessons(store, run.id, update, at);
      },
      onFailure: (error, at) => store.appendEvent(run.id, 'lessons.failed', null, { at, error: error.message }),
      overCap: () => spend.overShare('lessons', config.lessons.maxSpendShare),
      onPostpone: (at) =>
        notice(
          `lessons postponed after ${at} evaluations: they are ${(100 * spend.shareOf('lessons')).toFixed(0)}% of spend, over lessons.maxSpendShare ${config.lessons.maxSpendShare}; the step runs once the share is back under`,
        ),
    },
    savedLessons,
    await store.getState<Journal>(run.id, JOURNAL_STATE_KEY),
  );
  const prompts =
    models && config.llm.promptEvolution.enabled
      ? new PromptEvolution({
          settings: config.llm.promptEvolution,
          seed: config.seed,
          islands: config.islands.count,
          language: loaded.language,
          recorder,
          models,
          spend,
          usd: config.budget.usd,
          timeoutMs: config.llm.timeoutMs,
          restored: variantsFromEvents(events),
        })
      : null;
  await prompts?.seedPools();
  const proposer = new Proposer({
    config,
    language: loaded.language,
    population,
    rowOf: (id) => recorder.get(id),
    offline,
    models,
    spend,
    lessons: () => lessons.text,
    prompts,
    callsLeft: () => meter.left(),
  });
  return {
    store,
    run,
    loaded,
    config,
    options,
    sandbox,
    population,
    tally,
    spend,
    slots: new Slots(config.concurrency),
    background,
    recorder,
    models,
    meter,
    ranks,
    novelty,
    proposer,
    checks,
    promoter,
    cases,
    drift: new DriftMonitor(config.drift, promoter.holdoutGaps),
    lessons,
    migration: new Migration(population, recorder, novelty),
    pending,
    started: performance.now(),
    progressExtras,
    notice,
  };
}
