// The outer loop's record: the improve run in its database, opened afresh or resumed, and the events it appends.
//
// Resuming replays the record. The loop runs again from generation 0 with the two things that are not a function of
// its settings, inner-run results and model replies, served from the recorded events; every event it would append
// must equal the recorded one, so the restored archive, champion, children counts, rejected list, curve, generation
// counter and outer RNG position are exactly what the ledger says (the RNG draws are re-derived, not saved). Past the
// end of the record the loop appends live. A record it cannot reproduce (another kaizen version, other built-in
// prompts) is refused rather than patched over.

import { openOrResumeRun, type ResumeMode } from '../engine/open-run.ts';
import { KaizenError } from '../errors.ts';
import type { EventPayloads, EventType } from '../ledger/events.ts';
import { startHeartbeat, writeHeartbeat } from '../store/run-owner.ts';
import type { Run, Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';

/** Once-per-session events: not part of the sequence a replay reproduces. */
const LIFECYCLE = new Set(['run.started', 'run.resumed', 'run.interrupted', 'run.failed', 'run.completed', 'run.notice']);

interface Recorded {
  id: number;
  type: string;
  data_json: string;
}

export interface OpenRequest {
  taskName: string;
  suiteDir: string;
  /** What must not change under a resumed run: suite and task contents, generations, seeds, budget, k, models, seed… */
  settings: Record<string, unknown>;
  seed: number;
  started: EventPayloads['run.started'];
  mode: ResumeMode;
}

export class OuterRecord {
  private cursor = 0;
  private readonly sessionStart = performance.now();
  private stopTimer: (() => void) | null = null;
  readonly store: Store;
  readonly runId: string;
  readonly resumed: boolean;
  private readonly recorded: Recorded[];
  /** Working time of the earlier sessions. */
  private readonly earlierMs: number;
  /** Sessions of this run, this one included. */
  readonly sessions: number;

  private constructor(store: Store, runId: string, resumed: boolean, recorded: Recorded[], earlierMs: number, sessions: number) {
    this.store = store;
    this.runId = runId;
    this.resumed = resumed;
    this.recorded = recorded;
    this.earlierMs = earlierMs;
    this.sessions = sessions;
  }

  /** Resumes the newest unfinished improve run with the same settings (per `mode`), else starts a new one. */
  static async open(store: Store, req: OpenRequest): Promise<OuterRecord> {
    let recorded: Recorded[] = [];
    let sessions = 1;
    const opened = await openOrResumeRun(
      store,
      {
        idPrefix: 'improve',
        taskName: req.taskName,
        taskDir: req.suiteDir,
        hash: settingsHash(req.settings),
        config: req.settings,
        seed: req.seed,
        started: req.started,
        wording: {
          run: (id) => `improve run ${id}`,
          changed: (run) => changedSettings(run.config_json, req.settings),
          startAfresh: 're-run with its settings to resume it, or start afresh with `kaizen improve --new`',
          unfinished: `improve run of suite ${req.taskName.replace(/^improve:/, '')}`,
        },
        beforeResume: async (run) => {
          const all = await store.events(run.id);
          recorded = all.filter((e) => !LIFECYCLE.has(e.type));
          sessions = 1 + all.filter((e) => e.type === 'run.started' || e.type === 'run.resumed').length;
          const abandoned = await closeAbandonedInnerRuns(store, run);
          return { recordedEvents: recorded.length, session: sessions, abandoned };
        },
      },
      req.mode,
    );
    return new OuterRecord(store, opened.run.id, opened.resumed, recorded, opened.lastHeartbeat?.activeMs ?? 0, sessions).beat();
  }

  /** Whether the loop is still re-deriving recorded history (nothing it does now may cost an inner run or a model call). */
  get replaying(): boolean {
    return this.cursor < this.recorded.length;
  }

  /** Events of the record not replayed yet. */
  get remaining(): number {
    return this.recorded.length - this.cursor;
  }

  /**
   * The data of the next recorded event when the replay is at one of `types` (what the loop is about to redo, served
   * from the record); undefined past the end of the record. Any other recorded event there means divergence.
   */
  next<T extends EventType>(types: readonly T[]): EventPayloads[T] | undefined {
    const e = this.recorded[this.cursor];
    if (!e) return undefined;
    if (!(types as readonly string[]).includes(e.type)) throw this.divergence(e, `${types.join(' or ')}`);
    return JSON.parse(e.data_json) as EventPayloads[T];
  }

  /** Appends an event, or during the replay checks that it is the one recorded at this point. */
  async emit<T extends EventType>(type: T, data: EventPayloads[T]): Promise<void> {
    const e = this.recorded[this.cursor];
    if (!e) return this.store.appendEvent(this.runId, type, null, data);
    if (e.type !== type || e.data_json !== JSON.stringify(data ?? {})) throw this.divergence(e, type);
    this.cursor++;
  }

  /** At the end of the loop: a record that holds more than the loop reproduced is not this loop's record. */
  assertReplayed(): void {
    const e = this.recorded[this.cursor];
    if (e) throw this.divergence(e, 'the end of the run');
  }

  /** Refreshes the heartbeat now (after an inner run), so a session killed with -9 loses little working time. */
  touch(): void {
    void this.writeBeat();
  }

  /** Working time over all sessions. */
  activeMs(): number {
    return this.earlierMs + (performance.now() - this.sessionStart);
  }

  /** Ends this session: the run's status, its last lifecycle event, the working time so far. */
  async finish(status: 'completed' | 'interrupted' | 'failed', data: Record<string, unknown>): Promise<void> {
    this.stopBeat();
    await this.writeBeat();
    await this.store.setRunStatus(this.runId, status);
    await this.store.updateRun(this.runId, { pid: null });
    await this.store.appendEvent(this.runId, `run.${status}`, null, { ...data, durationMs: Math.round(this.activeMs()), sessions: this.sessions });
  }

  private divergence(e: Recorded, expected: string): KaizenError {
    return new KaizenError(
      `improve run ${this.runId} cannot be resumed: its record does not replay (event ${e.id} is ${e.type}, this version of kaizen produces ${expected} there; ` +
        'kaizen or its built-in prompts changed since); start afresh with `kaizen improve --new`',
    );
  }

  /** Says every few seconds that this process works the run, as `kaizen run`'s coordinator does. */
  private beat(): this {
    this.stopTimer = startHeartbeat(this.store, this.runId, () => ({ activeMs: Math.round(this.activeMs()) }));
    return this;
  }

  private writeBeat(): Promise<void> {
    return writeHeartbeat(this.store, this.runId, { activeMs: Math.round(this.activeMs()) });
  }

  stopBeat(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }
}

/**
 * Inner runs the killed process left `running` (same pid as the outer run, now dead): marked interrupted so that no
 * one takes them for live. They are not counted (no `inner.completed` names them) and not continued.
 */
async function closeAbandonedInnerRuns(store: Store, outer: Run): Promise<string[]> {
  if (outer.status !== 'running' || outer.pid === null) return [];
  const stale = (await store.listRuns()).filter((r) => r.id !== outer.id && r.status === 'running' && r.pid === outer.pid);
  for (const r of stale) await store.updateRun(r.id, { status: 'interrupted', pid: null });
  return stale.map((r) => r.id);
}

export function settingsHash(settings: Record<string, unknown>): string {
  return sha256(JSON.stringify(settings));
}

/** "generations (3 → 4), seeds (2 → 3)": what differs between the recorded settings and these. */
function changedSettings(recordedJson: string, now: Record<string, unknown>): string {
  let before: Record<string, unknown> = {};
  try {
    before = JSON.parse(recordedJson) as Record<string, unknown>;
  } catch {
    // an unreadable record: every setting counts as changed
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(now)])];
  const show = (v: unknown) => (v === undefined ? 'unset' : JSON.stringify(v));
  const changed = keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(now[k]))
    .map((k) => (k === 'suite' || k === 'tasks' ? `the ${k === 'suite' ? 'suite file' : "tasks' files"}` : `${k} (${show(before[k])} → ${show(now[k])})`));
  return changed.length ? `its settings (${changed.join(', ')})` : 'its settings';
}
