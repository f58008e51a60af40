// Worker thread: runs the Arena's jobs (round spans of battles, or timed battles).
import { parentPort, workerData } from 'node:worker_threads';
import { shareHotLoop } from '../mars/state.ts';
import { runArenaTask } from './jobs.ts';
import type { ArenaReply, ArenaTask } from './protocol.ts';

shareHotLoop((workerData as { hotLoop: WebAssembly.Module }).hotLoop);

parentPort?.on('message', (task: ArenaTask) => {
  let reply: ArenaReply;
  try {
    reply = { id: task.id, ok: true, ...runArenaTask(task) };
  } catch (e) {
    reply = { id: task.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
