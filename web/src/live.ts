import { useEffect, useRef } from 'preact/hooks';
import type { ExecutorEvent, LiveProgram } from './api.ts';

export interface LiveUpdate {
  events: { id: number; type: string; programId: number | null; data: unknown }[];
  programs: LiveProgram[];
}

/**
 * Subscribes to a run's server-sent events (`/api/runs/ID/live`) while mounted: new events and programs (`onUpdate`),
 * and changes of the remote executor's snapshot (`onExecutor`).
 */
export function useLive(runId: string | null, onUpdate: (u: LiveUpdate) => void, after?: number, onExecutor?: (e: ExecutorEvent) => void): void {
  const cb = useRef(onUpdate);
  cb.current = onUpdate;
  const exec = useRef(onExecutor);
  exec.current = onExecutor;
  useEffect(() => {
    if (!runId) return;
    const es = new EventSource(`/api/runs/${encodeURIComponent(runId)}/live${after === undefined ? '' : `?after=${after}`}`);
    es.addEventListener('update', (e) => cb.current(JSON.parse((e as MessageEvent<string>).data) as LiveUpdate));
    es.addEventListener('executor', (e) => exec.current?.(JSON.parse((e as MessageEvent<string>).data) as ExecutorEvent));
    return () => es.close();
  }, [runId, after]);
}
