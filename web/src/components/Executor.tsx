import { useEffect, useState } from 'preact/hooks';
import { duration, type ExecutorSnapshot } from '../api.ts';

/** A snapshot as the page holds it: the server's clock when it was read, and the page's clock when it arrived. */
export interface ExecutorView {
  runId: string;
  snapshot: ExecutorSnapshot;
  serverNow: string;
  receivedAt: number;
}

/** The coordinator refreshes its snapshot every few seconds: older than this, it has most likely stopped. */
export const STALE_MS = 15_000;

/**
 * The view the server read last (by its clock): the page reads snapshots both with the overview and from the live
 * stream, and either answer may arrive first.
 */
export function newer(a: ExecutorView | null, b: ExecutorView | null): ExecutorView | null {
  if (!a || !b || a.runId !== b.runId) return b ?? a;
  return Date.parse(b.serverNow) >= Date.parse(a.serverNow) ? b : a;
}

/** How old the snapshot is by the server's clock (not the browser's, which may be off), advanced by the page's clock. */
export const ageMs = (v: ExecutorView, now = Date.now()) => Math.max(0, Date.parse(v.serverNow) - Date.parse(v.snapshot.at) + (now - v.receivedAt));

const ago = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : duration(ms));

function Stat({ id, label, value, note, warn }: { id: string; label: string; value: number; note?: string; warn?: boolean }) {
  return (
    <div class={`stat${warn ? ' warn' : ''}`}>
      <b data-testid={`executor-${id}`}>{value}</b>
      <span>{label}</span>
      {note && <small data-testid={`executor-${id}-note`}>{note}</small>}
    </div>
  );
}

/**
 * The remote executor of a run that farms evaluations out to workers (BullMQ): where the queue lives, workers, queue
 * depth, jobs in flight, failures and completions, and how fresh the numbers are. Stale (muted, with the reason) when
 * the run is not running or the coordinator has not refreshed the snapshot for {@link STALE_MS}.
 */
export function ExecutorPanel({ view, runStatus }: { view: ExecutorView; runStatus: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const s = view.snapshot;
  const age = ageMs(view, Math.max(now, view.receivedAt));
  const depth = s.waiting + s.delayed;
  const stale =
    runStatus !== 'running'
      ? `the run is ${runStatus}: these are the last numbers its coordinator recorded`
      : age > STALE_MS
        ? `no update for ${ago(age)} (the coordinator refreshes it every few seconds): has it stopped?`
        : null;
  return (
    <section class={`panel executor${stale ? ' stale' : ''}`} data-testid="executor" data-stale={stale ? 'yes' : 'no'}>
      <h3>
        Executor{' '}
        <span class="muted" data-testid="executor-where">
          {s.backend} · <code>{s.location}</code> · queue <code>{s.queue}</code>
        </span>
      </h3>
      <div class="stats">
        <Stat id="workers" label="workers connected" value={s.workers} warn={s.workers === 0} />
        <Stat id="depth" label="queue depth" value={depth} note={`${s.waiting} waiting · ${s.delayed} delayed`} />
        <Stat id="active" label="jobs in flight" value={s.active} note="on all workers" />
        <Stat id="inflight" label="this coordinator's in flight" value={s.inFlight} note="sent, not yet back" />
        <Stat id="failed" label="failed" value={s.failed} warn={s.failed > 0} note="every delivery failed" />
        <Stat id="completed" label="completed" value={s.completed} note="jobs kept a day" />
      </div>
      <p class="muted" data-testid="executor-age" title={s.at}>
        updated {ago(age)} ago
      </p>
      {stale && (
        <p class="note" data-testid="executor-stale">
          Stale: {stale}
        </p>
      )}
      {!stale && s.workers === 0 && depth > 0 && <p class="error">No worker is connected: the jobs wait in the queue (start one with `kaizen worker`).</p>}
    </section>
  );
}
