import { useEffect, useRef } from 'preact/hooks';
import type { LiveProgram } from './api.ts';

export interface LiveUpdate {
  events: { id: number; type: string; programId: number | null; data: unknown }[];
  programs: LiveProgram[];
}

/** Subscribes to a run's server-sent events (`/api/runs/ID/live`) while mounted. */
export function useLive(runId: string | null, onUpdate: (u: LiveUpdate) => void, after?: number): void {
  const cb = useRef(onUpdate);
  cb.current = onUpdate;
  useEffect(() => {
    if (!runId) return;
    const es = new EventSource(`/api/runs/${encodeURIComponent(runId)}/live${after === undefined ? '' : `?after=${after}`}`);
    es.addEventListener('update', (e) => cb.current(JSON.parse((e as MessageEvent<string>).data) as LiveUpdate));
    return () => es.close();
  }, [runId, after]);
}
