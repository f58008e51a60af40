import type { LoadedTask } from '../config/load.ts';
import type { Member } from '../population/member.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { gate, type HoldoutResult, holdoutOf, runHoldout } from '../safeguards/holdout.ts';
import type { ProgramRow, Store } from '../store/store.ts';
import { evaluate, sandboxRequest } from './evaluate.ts';
import type { Recorder } from './record.ts';
import type { Tally } from './tally.ts';
import type { CaseEvaluator } from './cases.ts';
import type { CaseResult } from '../cases/run.ts';
import { pairedComparison } from '../cases/summary.ts';

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : '∞');

export interface PromoterParts {
  store: Store;
  runId: string;
  loaded: LoadedTask;
  sandbox: Sandbox;
  recorder: Recorder;
  tally: Tally;
  /** Multi-case tasks: the hidden cases gate promotion. */
  cases?: CaseEvaluator | null;
}

/** Run state the gate keeps between sessions. */
const CHAMPION_HOLDOUT = 'champion_holdout';
const HOLDOUT_CHECKS = 'holdout_checks';

/**
 * The promote stage. A correct program that beats the champion on search is a challenger; with a holdout it is run on
 * held-out instances (the champion re-scored on the same ones) and becomes champion only if the gate agrees. A refusal
 * is recorded as an overfit, and the champion stays.
 */
export class Promoter {
  private readonly p: PromoterParts;
  /** The champion's holdout score (when the task has a holdout). */
  private championHoldout: number | null = null;
  private holdoutChecks = 0;
  /** Search − holdout score of every challenger checked, for the drift monitor. */
  readonly holdoutGaps: number[] = [];

  constructor(parts: PromoterParts) {
    this.p = parts;
  }

  async restore(): Promise<void> {
    this.championHoldout = (await this.p.store.getState<number>(this.p.runId, CHAMPION_HOLDOUT)) ?? null;
    this.holdoutChecks = (await this.p.store.getState<number>(this.p.runId, HOLDOUT_CHECKS)) ?? 0;
  }

  /** Crowns `member` if it is the run's new champion; returns whether it was. */
  async consider(row: ProgramRow, member: Member, searchOutput: unknown): Promise<boolean> {
    const { tally } = this.p;
    if (!member.correct || (tally.best && member.score <= tally.best.score)) return false;
    // A candidate the cascade stopped has an estimated score: a reason to select it as a parent, not to crown it.
    if (this.p.cases && row.stage !== null && row.stage < this.p.cases.stages) return false;
    const passes = this.p.cases ? await this.passesHiddenCases(row, member, this.p.cases) : await this.passesHoldout(row, member, searchOutput);
    if (!passes) return false;
    tally.crown(member);
    await this.p.store.setChampion(this.p.runId, member.id, { score: member.score, holdout: this.championHoldout, evaluated: tally.evaluated });
    return true;
  }

  private async passesHoldout(row: ProgramRow, member: Member, searchOutput: unknown): Promise<boolean> {
    const { loaded, tally, recorder, store, runId } = this.p;
    const spec = holdoutOf(loaded.task);
    if (!spec) return true;
    // Fresh held-out instances for every check; the champion is re-scored on the same ones, so the two compare.
    const instanceSeed = loaded.config.seed * 100_003 + ++this.holdoutChecks;
    await store.setState(runId, HOLDOUT_CHECKS, this.holdoutChecks);
    const holdout: HoldoutResult = await runHoldout(spec, row.id, searchOutput, instanceSeed, this.executor(row));
    const champion = tally.best;
    let championHoldout = this.championHoldout;
    if (champion && typeof spec.args === 'function') {
      const champ = recorder.get(champion.id);
      championHoldout = (await runHoldout(spec, champ.id, undefined, instanceSeed, this.executor(champ))).score;
    }
    const decision = gate(spec, { search: member.score, holdout }, champion && championHoldout !== null ? { holdout: championHoldout } : null);
    const holdoutScore = Number.isFinite(holdout.score) ? holdout.score : null;
    if (holdoutScore !== null) this.holdoutGaps.push(member.score - holdout.score);
    await recorder.event('holdout.checked', row.id, {
      search: member.score,
      holdout: holdoutScore,
      champion: champion?.id ?? null,
      championHoldout,
      instanceSeed: holdout.instanceSeed,
      promote: decision.promote,
      reason: decision.reason,
    });
    if (!decision.promote) {
      tally.overfits++;
      await recorder.event('overfit', row.id, {
        search: member.score,
        holdout: holdoutScore,
        champion: champion?.id ?? null,
        championSearch: champion?.score ?? null,
        championHoldout,
        reason: decision.reason,
      });
      return false;
    }
    this.championHoldout = holdout.score;
    await store.setState(runId, CHAMPION_HOLDOUT, holdout.score);
    return true;
  }

  /**
   * The hidden cases' gate: the challenger and the champion on the same hidden cases, paired case by case; the
   * challenger is promoted only if its mean is higher by more than two standard errors. The first champion only
   * has to answer one hidden case correctly. Results are kept with each program (never shown to the search).
   */
  private async passesHiddenCases(row: ProgramRow, member: Member, cases: CaseEvaluator): Promise<boolean> {
    const { tally, recorder, store, runId } = this.p;
    const mine = await cases.hidden(row);
    if (!mine) return true; // no run secret in this store (no key file): nothing hidden to check against
    const champion = tally.best;
    let theirs: CaseResult[] | null = null;
    if (champion) {
      const champRow = recorder.get(champion.id);
      const found = await cases.hidden(champRow);
      if (found?.ran) await recorder.evaluation(champRow, { hidden_json: JSON.stringify(found.results) }, { type: 'program.updated', data: {} });
      theirs = found?.results ?? null;
    }
    const hiddenScore = cases.hiddenScore(mine.results);
    const meanOf = (rs: readonly CaseResult[]) => rs.reduce((s, r) => s + r.score, 0) / Math.max(1, rs.length);
    const cmp = theirs ? pairedComparison(mine.results, theirs) : null;
    const anyOk = mine.results.some((r) => r.verdict === 'ok');
    const promote = cmp ? cmp.better : anyOk;
    const reason = cmp
      ? `hidden cases: mean difference ${fmt(cmp.meanDiff)} ± ${fmt(cmp.se)} (SE) over ${cmp.n} cases: ${cmp.better ? 'above' : 'not above'} two standard errors`
      : anyOk
        ? 'first champion: answers the hidden cases'
        : 'no hidden case answered correctly';
    const data = {
      cases: mine.results.length,
      challengerMean: meanOf(mine.results),
      championMean: theirs ? meanOf(theirs) : null,
      champion: champion?.id ?? null,
      meanDiff: cmp?.meanDiff ?? null,
      se: cmp && Number.isFinite(cmp.se) ? cmp.se : null,
      promote,
      reason,
    };
    await recorder.evaluation(row, { hidden_json: JSON.stringify(mine.results) }, { type: 'hidden.checked', data });
    this.holdoutGaps.push(member.score - cases.hiddenScore(mine.results, 'public'));
    if (!promote) {
      tally.overfits++;
      await recorder.event('overfit', row.id, {
        search: member.score,
        holdout: hiddenScore,
        champion: champion?.id ?? null,
        championSearch: champion?.score ?? null,
        championHoldout: theirs ? cases.hiddenScore(theirs) : null,
        reason,
      });
      return false;
    }
    this.championHoldout = hiddenScore;
    await store.setState(runId, CHAMPION_HOLDOUT, hiddenScore);
    return true;
  }

  /** Runs a program again in the sandbox on held-out arguments, judged by the holdout's judge. */
  private executor(row: ProgramRow) {
    const { loaded, sandbox } = this.p;
    return (args: unknown[], judge: Parameters<typeof evaluate>[5]) => {
      const request = sandboxRequest(loaded.task, row.code, loaded.language, loaded.programPath);
      if (request?.kind === 'js') request.args = args;
      else if (request?.kind === 'command') request.env = { ...request.env, KAIZEN_ARGS: JSON.stringify(args) };
      return evaluate(loaded.task, sandbox, request, row.code, row.id, judge);
    };
  }
}
