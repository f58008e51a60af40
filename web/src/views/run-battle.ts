import { useEffect, useState } from 'preact/hooks';
import { get, type RunBattle } from '../api.ts';

// Its own module so the tab bar can ask whether a run is Redcode without loading the battle viewer.
/** What GET /api/runs/ID/battle answered for `runId`. */
export interface RunBattleAnswer {
  /** `undefined` while loading or after an error, null for a run whose programs are not Redcode warriors, else the run's hill. */
  settings: RunBattle | null | undefined;
  /** The server's refusal (e.g. `no run ID`), for the view to show as the other views do. */
  error: string | null;
}

/** GET /api/runs/ID/battle. */
export function useRunBattle(runId: string): RunBattleAnswer {
  const [state, setState] = useState<RunBattleAnswer & { runId: string }>({ runId, settings: undefined, error: null });
  useEffect(() => {
    let live = true;
    get<RunBattle | null>(`/api/runs/${encodeURIComponent(runId)}/battle`).then(
      (settings) => live && setState({ runId, settings, error: null }),
      (e: Error) => live && setState({ runId, settings: undefined, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [runId]);
  return state.runId === runId ? state : { settings: undefined, error: null };
}
