// The outer loop of recursive self-improvement: evolve the improver, keep a variant only when it wins on held-out
// tasks. Selection follows the Darwin Gödel Machine (select.ts); every improver is archived with its results (stepping
// stones); every inner run is an ordinary, sandboxed, ledgered run in the improve database (inner.ts); the outer loop
// is a run of its own there (task `improve:<suite>`), so `kaizen verify` checks its chained, signed events too. An
// interrupted outer run is resumed by re-running the same command: its record is replayed and nothing already done is
// redone (record.ts). A generation: select a parent, propose a variant (mutate.ts), evaluate it on training, gate it
// on held-out (gate.ts).

import { loadTask } from '../config/load.ts';
import { createChatModel } from '../models/client.ts';
import type { ChatModel } from '../models/types.ts';
import { Store } from '../store/store.ts';
import { sha256 } from '../util/hash.ts';
import { Rng } from '../util/rng.ts';
import { type SearchMode, whyIneffective } from './effect.ts';
import { gateVariant, winsTraining } from './gate.ts';
import { defaultImprover, type Improver, improverDiff, POLICY_FIELDS } from './improver.ts';
import { InnerRuns } from './inner.ts';
import { VariantProposer } from './mutate.ts';
import { measureNoise, type Noise } from './noise.ts';
import { OuterRecord } from './record.ts';
import { dgmWeights, selectParentIndex } from './select.ts';
import { identityOf, resolveSettings, type Settings } from './settings.ts';
import { type ArchiveEntry, type CurvePoint, type ImproveOptions, type ImproveResult, Interrupted, type Stats } from './types.ts';

export type { GenerationLine, ImproveOptions, ImproveResult } from './types.ts';

export async function improve(options: ImproveOptions): Promise<ImproveResult> {
  const s = resolveSettings(options);
  const suite = options.suite;
  const chat = s.models.length ? createChatModel(s.models[0]!) : null;
  const store = await Store.open(s.db);
  try {
    const record = await OuterRecord.open(store, {
      taskName: `improve:${suite.name}`,
      suiteDir: suite.dir,
      settings: await identityOf(options, s),
      seed: s.outerSeed,
      mode: options.resume ?? 'auto',
      started: {
        task: `improve:${suite.name}`,
        suite: suite.file,
        training: suite.training.map((t) => t.dir),
        heldOut: suite.heldOut.map((t) => t.dir),
        ...s.summary,
      },
    });
    if (record.resumed)
      options.onNotice?.(
        `resuming improve run ${record.runId} (session ${record.sessions}): replaying ${record.remaining} recorded events; recorded inner runs and model replies are not redone`,
      );
    const languages = await Promise.all(suite.training.map(async (t) => (await loadTask(t.dir)).language));
    const mode: SearchMode = { models: s.models.length > 0, languages, innerBudget: s.innerBudget, concurrency: s.concurrency };
    if (s.concurrency > 1)
      options.onNotice?.(
        `inner runs at concurrency ${s.concurrency} are not reproducible per seed; the default improver's repeat on the same seeds measures by how much`,
      );
    return await new OuterLoop(options, s, record, chat, mode).execute();
  } finally {
    await store.close();
  }
}

const statsEvent = (s: Stats) => ({ mean: s.mean, sd: s.sd, perSeed: s.perSeed, runs: s.runs.map(({ lessons: _l, ...r }) => r) });

function archiveEvent(e: ArchiveEntry, parent: Improver | null) {
  const d = improverDiff(parent, e.improver);
  return {
    id: e.improver.id,
    parent: e.improver.parent,
    generation: e.generation,
    origin: e.improver.origin,
    note: e.improver.note,
    policy: e.improver.policy,
    prompts: Object.fromEntries(Object.entries(e.improver.prompts).map(([n, t]) => [n, sha256(t)])),
    diff: { policy: d.policy, prompts: d.prompts.map((p) => ({ name: p.name, to: p.to })) },
  };
}

/**
 * One session of an improve run. Every step's outcome is recorded as an event before the loop acts on it, and the
 * only inputs that are not a function of the settings (inner-run results, model replies) are read back from those
 * events on resume (see record.ts), so a resumed session rebuilds the state of the interrupted one exactly.
 */
class OuterLoop {
  private readonly archive: ArchiveEntry[] = [];
  private readonly curve: CurvePoint[] = [];
  private readonly root: Improver;
  private current: ArchiveEntry | null = null;
  /** The default improver's second training evaluation on the same seeds, and the noise it measures. */
  private repeat: Stats | null = null;
  private noise: Noise | null = null;
  private readonly rng: Rng;
  private readonly inner: InnerRuns;
  private readonly proposer: VariantProposer;
  private readonly options: ImproveOptions;
  private readonly s: Settings;
  private readonly record: OuterRecord;
  private readonly mode: SearchMode;

  constructor(options: ImproveOptions, s: Settings, record: OuterRecord, chat: ChatModel | null, mode: SearchMode) {
    this.options = options;
    this.mode = mode;
    this.root = defaultImprover(options.seedPrompts);
    this.s = s;
    this.record = record;
    this.rng = new Rng(s.outerSeed, 7);
    this.inner = new InnerRuns(options, s, record);
    this.proposer = new VariantProposer({
      record,
      rng: this.rng,
      chat,
      mode,
      suite: options.suite,
      timeoutMs: options.innerConfig?.llm?.timeoutMs ?? 180_000,
      signal: options.signal,
    });
  }

  async execute(): Promise<ImproveResult> {
    let stopped: string | null;
    try {
      stopped = await this.loop();
      if (!stopped) await this.recordVerdict();
    } catch (e) {
      // A record that does not replay stays as it was (resumable once the cause is gone, or replaced with --new).
      await this.record.finish(this.record.replaying ? 'interrupted' : 'failed', { error: (e as Error).message }).catch(() => {});
      throw e;
    }
    const result = this.result(stopped);
    await this.record.finish(stopped ? 'interrupted' : 'completed', {
      verdict: result.verdict,
      default: result.finalDefault,
      improvers: this.archive.length,
      ...(this.noise ? { repeatSpread: this.noise.repeatSpread } : {}),
      ...(stopped ? { stopped } : {}),
    });
    return result;
  }

  /** Generation 0, then the variants; returns why it stopped early, or null once every generation is done. */
  private async loop(): Promise<string | null> {
    try {
      await this.generationZero();
      for (let g = 1; g <= this.s.generations; g++) {
        if (this.options.signal?.aborted) return 'aborted';
        await this.generation(g);
      }
      return null;
    } catch (e) {
      if (e instanceof Interrupted) return e.message;
      throw e;
    }
  }

  /**
   * The default improver, on training and held-out tasks, then on training again with the same seeds: the repeat
   * measures how far apart two evaluations of one improver are (0 where inner runs are reproducible), which the report
   * adds to the seed-to-seed spread before it calls a difference real.
   */
  private async generationZero(): Promise<void> {
    const root = this.root;
    const entry: ArchiveEntry = { improver: root, generation: 0, children: 0, training: await this.inner.evaluate(root, 'training'), status: 'default' };
    entry.heldOut = await this.inner.evaluate(root, 'heldOut');
    this.archive.push(entry);
    this.current = entry;
    await this.record.emit('improver.archived', archiveEvent(entry, null));
    await this.record.emit('improver.evaluated', { id: root.id, training: statsEvent(entry.training), heldOut: statsEvent(entry.heldOut) });
    this.repeat = await this.inner.evaluate(root, 'training');
    this.noise = measureNoise(entry.training, this.repeat, this.s.concurrency);
    await this.endGeneration(entry, null);
  }

  private async generation(g: number): Promise<void> {
    const scores = this.archive.map((e) => ({ score: e.training.mean, children: e.children }));
    const parent = this.archive[selectParentIndex(scores, this.s.k, this.rng)]!;
    await this.record.emit('improver.selected', { generation: g, parent: parent.improver.id, weights: dgmWeights(scores, this.s.k) });
    const variant = await this.proposer.propose(g, parent, (id) => this.archive.some((e) => e.improver.id === id));
    if (!variant) {
      await this.record.emit('improve.generation', { generation: g, skipped: 'no new variant' });
      return;
    }
    const entry: ArchiveEntry = { improver: variant, generation: g, children: 0, training: await this.inner.evaluate(variant, 'training'), status: 'archived' };
    parent.children++;
    this.archive.push(entry);
    await this.record.emit('improver.archived', archiveEvent(entry, parent.improver));
    await this.record.emit('improver.evaluated', { id: variant.id, training: statsEvent(entry.training) });
    await this.gate(entry);
    await this.endGeneration(entry, parent);
  }

  /** Promotion needs a win on training first, then a win on the held-out tasks beyond the seed-to-seed spread. */
  private async gate(entry: ArchiveEntry): Promise<void> {
    const current = this.current!;
    const currentHeldOut = current.heldOut!;
    const id = entry.improver.id;
    if (!winsTraining(entry, current) && this.options.heldOutFor !== 'all') return;
    const heldOut = await this.inner.evaluate(entry.improver, 'heldOut');
    entry.heldOut = heldOut;
    await this.record.emit('improver.evaluated', { id, heldOut: statsEvent(heldOut) });
    const { trainingWin, gate, status } = gateVariant(
      { training: entry.training, heldOut },
      { training: current.training, heldOut: currentHeldOut },
      current.improver.id,
    );
    entry.gate = gate;
    await this.record.emit('gate.checked', { id, training: entry.training.mean, currentTraining: current.training.mean, trainingWin, ...gate });
    entry.status = status;
    if (status === 'promoted') {
      await this.record.emit('improver.promoted', { id, replaces: current.improver.id, ...gate });
      this.current = entry;
    } else if (status === 'overfit') {
      await this.record.emit('overfit', {
        id,
        training: entry.training.mean,
        currentTraining: current.training.mean,
        heldOut: heldOut.mean,
        currentHeldOut: currentHeldOut.mean,
        reason: gate.reason,
      });
    }
  }

  private async endGeneration(entry: ArchiveEntry, parent: ArchiveEntry | null): Promise<void> {
    const point: CurvePoint = {
      generation: entry.generation,
      bestTraining: this.bestTraining(),
      bestInner: this.bestInner(),
      defaultId: this.current!.improver.id,
    };
    this.curve.push(point);
    const restored = this.record.replaying;
    await this.record.emit('improve.generation', point);
    this.options.onGeneration?.({
      generation: entry.generation,
      parent: parent?.improver.id ?? null,
      improver: entry.improver.id,
      origin: entry.improver.origin,
      training: entry.training,
      heldOut: entry.heldOut ?? null,
      status: entry.status,
      bestTraining: point.bestTraining,
      bestInner: point.bestInner,
      defaultId: point.defaultId,
      restored,
    });
  }

  /** The best single training inner run so far (the default's repeat included: it is as much an inner run). */
  private bestInner(): number {
    const runs = [...this.archive.flatMap((e) => e.training.runs), ...(this.repeat?.runs ?? [])];
    return Math.max(...runs.map((r) => r.normalised));
  }

  private bestTraining(): number {
    return Math.max(...this.archive.map((e) => e.training.mean));
  }

  private verdictText(): string {
    const current = this.current;
    return current && current.improver.id !== this.root.id
      ? `improver ${current.improver.id} beat the default ${this.root.id} on the held-out tasks beyond the seed-to-seed spread (${current.gate?.reason})`
      : `no variant beat the default improver ${this.root.id} on the held-out tasks beyond the seed-to-seed spread`;
  }

  /** Only a finished run has a verdict in the ledger (an interrupted one is resumed, not judged). */
  private async recordVerdict(): Promise<void> {
    const finalId = this.current!.improver.id;
    await this.record.emit('improve.verdict', {
      verdict: finalId !== this.root.id ? 'promoted' : 'none',
      default: finalId,
      initial: this.root.id,
      text: this.verdictText(),
    });
    this.record.assertReplayed();
  }

  private result(stopped: string | null): ImproveResult {
    const finalDefault = this.current?.improver.id ?? this.root.id;
    const generation = this.curve.at(-1)?.generation;
    return {
      runId: this.record.runId,
      db: this.s.db,
      suite: this.options.suite.name,
      status: stopped ? 'interrupted' : 'completed',
      ...(stopped ? { stopped } : {}),
      resumed: this.record.resumed,
      sessions: this.record.sessions,
      innerRuns: { run: this.inner.done, restored: this.inner.restored },
      archive: this.archive,
      rejected: this.proposer.rejected,
      curve: this.curve,
      noise: this.noise,
      unread: Object.keys(POLICY_FIELDS).flatMap((path) => {
        const why = whyIneffective(path, this.root.policy, this.mode);
        return why ? [{ path, why }] : [];
      }),
      initialDefault: this.root.id,
      finalDefault,
      verdict: finalDefault !== this.root.id ? 'promoted' : 'none',
      verdictText: stopped
        ? `interrupted (${stopped}) ${generation === undefined ? 'before generation 0 was done' : `after generation ${generation}`}; so far ${this.verdictText()}; re-run the same command to resume`
        : this.verdictText(),
      durationMs: this.record.activeMs(),
      options: this.s.summary,
    };
  }
}
