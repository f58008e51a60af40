import { useEffect, useState } from 'preact/hooks';
import { get, type RunBattle } from '../api.ts';

// Its own module so the tab bar can ask whether a run is Redcode without loading the battle viewer.
/**
 * GET /api/runs/ID/battle: `undefined` while loading (or when it failed), null for a run whose programs are not
 * Redcode warriors, else the run's hill.
 */
export function useRunBattle(runId: string): RunBattle | null | undefined {
  const [state, setState] = useState<{ runId: string; battle: RunBattle | null | undefined }>({ runId, battle: undefined });
  useEffect(() => {
    let live = true;
    get<RunBattle | null>(`/api/runs/${encodeURIComponent(runId)}/battle`).then(
      (battle) => live && setState({ runId, battle }),
      () => live && setState({ runId, battle: undefined }),
    );
    return () => {
      live = false;
    };
  }, [runId]);
  return state.runId === runId ? state.battle : undefined;
}
