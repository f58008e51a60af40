import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { EXECUTOR_STATE_KEY } from '../executor/stats.ts';
import type { Store } from '../store/store.ts';

/** Events of a run after event id `after` (at most `limit`), oldest first. */
export function eventsAfter(store: Store, runId: string, after: number, limit = 1000) {
  return store.read.eventsAfter(runId, after, { limit });
}

/**
 * Server-sent events while a run goes on: polls, in one query, the database's largest event id of the run (an index
 * lookup) and its executor snapshot (a primary-key lookup of a small row) every `intervalMs`. When the event id moved,
 * sends the new events and the programs they touched (`event: update`); when the snapshot changed (the coordinator
 * refreshes it every few seconds), sends it with the server's clock (`event: executor`, data `{ executor, now }`). The
 * first poll sends the current snapshot, if any: the page may have read an older one before the stream opened.
 */
export function liveStream(c: Context, store: Store, runId: string, intervalMs = 500) {
  return streamSSE(c, async (stream) => {
    let lastEvent = Number(c.req.query('after') ?? (await maxEventId(store, runId)));
    let lastProgram = await maxProgramId(store, runId);
    let lastExecutor: string | null = null;
    let open = true;
    stream.onAbort(() => {
      open = false;
    });
    await stream.writeSSE({ event: 'hello', data: JSON.stringify({ lastEvent, lastProgram }) });
    while (open) {
      await stream.sleep(intervalMs);
      if (open) open = await poll().catch(() => false); // the store closed under us: end the stream
    }
    async function poll(): Promise<boolean> {
      const { top, executor } = await pollState(store, runId);
      if (executor !== lastExecutor) {
        lastExecutor = executor;
        await stream.writeSSE({
          event: 'executor',
          data: JSON.stringify({ executor: executor === null ? null : JSON.parse(executor), now: new Date().toISOString() }),
        });
      }
      if (top <= lastEvent) {
        await stream.writeSSE({ event: 'ping', data: String(top) });
        return true;
      }
      const events = await eventsAfter(store, runId, lastEvent);
      lastEvent = events.at(-1)?.id ?? top;
      const touched = [...new Set(events.map((e) => e.programId).filter((id): id is number => id !== null))];
      const fresh = await store.read.tree(runId, lastProgram);
      lastProgram = fresh.at(-1)?.id ?? lastProgram;
      const updated = await store.read.treeRows(touched);
      const byId = new Map([...updated, ...fresh].map((p) => [p.id, p]));
      await stream.writeSSE({ event: 'update', id: String(lastEvent), data: JSON.stringify({ events, programs: [...byId.values()] }) });
      return true;
    }
  });
}

/** What the live stream watches, in one round trip: the run's largest event id and its executor snapshot (raw JSON). */
async function pollState(store: Store, runId: string): Promise<{ top: number; executor: string | null }> {
  const { top, state } = await store.read.pollState(runId, EXECUTOR_STATE_KEY);
  return { top, executor: state };
}

export function maxEventId(store: Store, runId: string): Promise<number> {
  return store.read.maxEventId(runId);
}

function maxProgramId(store: Store, runId: string): Promise<number> {
  return store.read.maxProgramId(runId);
}
