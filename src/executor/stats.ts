// The snapshot's shape belongs to the Sandbox interface (a sandbox may report one); it is re-exported here.
export type { ExecutorSnapshot, ExecutorStats } from '../sandbox/types.ts';

export const EXECUTOR_STATE_KEY = 'executor';
