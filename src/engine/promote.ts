import type { LoadedTask } from '../config/load.ts';
import type { Member } from '../population/member.ts';
import type { Sandbox } from '../sandbox/types.ts';
import { gate, type HoldoutResult, holdoutOf, runHoldout } from '../safeguards/holdout.ts';
import type { ProgramRow, Store } from '../store/store.ts';
import { evaluate, sandboxRequest } from './evaluate.ts';
import type { Recorder } from './record.ts';
import type { Tally } from './tally.ts';

export interface PromoterParts {
  store: Store;
  runId: string;
  loaded: LoadedTask;
  sandbox: Sandbox;
  recorder: Recorder;
  tally: Tally;
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
    if (!(await this.passesHoldout(row, member, searchOutput))) return false;
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
