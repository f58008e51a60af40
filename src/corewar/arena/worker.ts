// Worker thread: runs the Arena's jobs (round spans of battles, or timed battles).
import { parentPort } from 'node:worker_threads';
import { runArenaTask } from './jobs.ts';
import type { ArenaReply, ArenaTask } from './protocol.ts';

parentPort?.on('message', (task: ArenaTask) => {
  let reply: ArenaReply;
  try {
    reply = { id: task.id, ok: true, ...runArenaTask(task) };
  } catch (e) {
    reply = { id: task.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
