import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Store } from '../store/store.ts';

/** Events of a run after event id `after` (at most `limit`), oldest first. */
export async function eventsAfter(store: Store, runId: string, after: number, limit = 1000) {
  const rows = await store.db
    .selectFrom('events')
    .select(['id', 'seq', 'at', 'type', 'program_id', 'data_json'])
    .where('run_id', '=', runId)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((e) => ({ id: e.id, seq: e.seq, at: e.at, type: e.type, programId: e.program_id, data: JSON.parse(e.data_json) as unknown }));
}

/** New programs of a run with id above `after`, in the compact lineage shape. */
async function programsAfter(store: Store, runId: string, after: number) {
  return store.db
    .selectFrom('programs')
    .select(['id', 'parent_id as parent', 'island', 'operator', 'status', 'correct', 'score', 'sample'])
    .where('run_id', '=', runId)
    .where('id', '>', after)
    .orderBy('id')
    .execute();
}

/**
 * Server-sent events while a run goes on: polls the database's largest event id (cheap: an index lookup) every
 * `intervalMs`; when it moved, sends the new events and the programs they touched (`event: update`).
 */
export function liveStream(c: Context, store: Store, runId: string, intervalMs = 500) {
  return streamSSE(c, async (stream) => {
    let lastEvent = Number(c.req.query('after') ?? (await maxEventId(store, runId)));
    let lastProgram = await maxProgramId(store, runId);
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
      const top = await maxEventId(store, runId);
      if (top <= lastEvent) {
        await stream.writeSSE({ event: 'ping', data: String(top) });
        return true;
      }
      const events = await eventsAfter(store, runId, lastEvent);
      lastEvent = events.at(-1)?.id ?? top;
      const touched = [...new Set(events.map((e) => e.programId).filter((id): id is number => id !== null))];
      const fresh = await programsAfter(store, runId, lastProgram);
      lastProgram = fresh.at(-1)?.id ?? lastProgram;
      const updated = touched.length
        ? await store.db
            .selectFrom('programs')
            .select(['id', 'parent_id as parent', 'island', 'operator', 'status', 'correct', 'score', 'sample'])
            .where('id', 'in', touched)
            .execute()
        : [];
      const byId = new Map([...updated, ...fresh].map((p) => [p.id, p]));
      await stream.writeSSE({ event: 'update', id: String(lastEvent), data: JSON.stringify({ events, programs: [...byId.values()] }) });
      return true;
    }
  });
}

export async function maxEventId(store: Store, runId: string): Promise<number> {
  const r = await store.db.selectFrom('events').select((eb) => eb.fn.max('id').as('m')).where('run_id', '=', runId).executeTakeFirst();
  return Number(r?.m ?? 0);
}

async function maxProgramId(store: Store, runId: string): Promise<number> {
  const r = await store.db.selectFrom('programs').select((eb) => eb.fn.max('id').as('m')).where('run_id', '=', runId).executeTakeFirst();
  return Number(r?.m ?? 0);
}
