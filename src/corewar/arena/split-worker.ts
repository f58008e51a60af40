// Helper thread of runBattleSplit (split.ts): waits for its battle, then claims chunks of its rounds until none is left.
import { parentPort } from 'node:worker_threads';
import { type SplitJob, workChunksOrFlag } from './split.ts';

parentPort?.once('message', (job: SplitJob) => workChunksOrFlag(job));
