// Helper thread of runBattleSplit (split.ts): claims chunks of the battle's rounds until none is left.
import { workerData } from 'node:worker_threads';
import { type SplitJob, workChunksOrFlag } from './split.ts';

workChunksOrFlag(workerData as SplitJob);
